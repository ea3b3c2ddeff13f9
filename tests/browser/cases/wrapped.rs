//! Cases for `browser/wrapped_app.rs`: a named policy applied with `.wrap(..)` to a scope of
//! plain actix routes, and `fetch` writes under `reject_unlisted_writes` (the form posts, which
//! are not `fetch` calls, are in `browser/writes.rs`).

use cors_test_support::engine::PerEngine;

use super::{Blocked, Case, Expect, Page};
use crate::console::Refusal;

/// An origin the policies do not list: the main page's host on the other port.
const UNLISTED: Page = Page::other_port("app.example.test");

pub const CASES: &[Case] = &[
    Case {
        name: "wrapped_scope_grants_a_plain_route",
        path: "/wrapped/items",
        expect: PerEngine::all(Expect::Allowed {
            status: 200,
            readable: &["x-total-count"],
            hidden: &["x-internal"],
        }),
        ..Case::SIMPLE_GET
    },
    Case {
        name: "wrapped_scope_answers_the_preflight_before_routing",
        method: "DELETE",
        path: "/wrapped/items/7",
        headers: &[("X-Request-Id", "1")],
        preflights: PerEngine::all(1),
        expect: PerEngine::all(Expect::Allowed { status: 204, readable: &[], hidden: &[] }),
        ..Case::SIMPLE_GET
    },
    Case {
        name: "wrapped_scope_error_page_is_readable",
        path: "/wrapped/broken",
        expect: PerEngine::all(Expect::Allowed { status: 500, readable: &[], hidden: &[] }),
        ..Case::SIMPLE_GET
    },
    Case {
        name: "wrapped_scope_not_found_is_readable",
        path: "/wrapped/missing",
        expect: PerEngine::all(Expect::Allowed { status: 404, readable: &[], hidden: &[] }),
        ..Case::SIMPLE_GET
    },
    Case {
        name: "wrapped_scope_names_the_refused_method",
        method: "PATCH",
        path: "/wrapped/items/7",
        preflights: PerEngine::all(1),
        expect: PerEngine::all(Expect::Blocked(Blocked::method_not_allowed("PATCH"))),
        ..Case::SIMPLE_GET
    },
    Case {
        name: "wrapped_scope_names_the_refused_header",
        method: "DELETE",
        path: "/wrapped/items/7",
        headers: &[("X-Debug", "1")],
        preflights: PerEngine::all(1),
        expect: PerEngine::all(Expect::Blocked(Blocked::header_not_allowed("x-debug"))),
        ..Case::SIMPLE_GET
    },
    Case {
        name: "wrapped_scope_refuses_an_unlisted_origin",
        page: UNLISTED,
        method: "DELETE",
        path: "/wrapped/items/7",
        preflights: PerEngine::all(1),
        expect: PerEngine::all(Expect::Blocked(Blocked::preflight(Refusal::MissingAllowOrigin))),
        ..Case::SIMPLE_GET
    },
    // A `#[cors]` route inside the scope keeps its own policy: the scope's page is refused,
    // the route's own page (which the scope does not list) allowed.
    Case {
        name: "cors_route_inside_refuses_the_origin_it_excludes",
        method: "DELETE",
        path: "/wrapped/inner/7",
        preflights: PerEngine::all(1),
        expect: PerEngine::all(Expect::Blocked(Blocked::preflight(Refusal::MissingAllowOrigin))),
        ..Case::SIMPLE_GET
    },
    Case {
        name: "cors_route_inside_allows_the_origin_it_lists",
        page: UNLISTED,
        method: "DELETE",
        path: "/wrapped/inner/7",
        preflights: PerEngine::all(1),
        expect: PerEngine::all(Expect::Allowed { status: 200, readable: &[], hidden: &[] }),
        ..Case::SIMPLE_GET
    },
    // A "simple" POST is sent without a preflight: without `reject_unlisted_writes` its
    // handler would run for any page.
    Case {
        name: "guarded_write_from_listed_origin_runs",
        method: "POST",
        path: "/guarded/transfer",
        headers: &[("Content-Type", "text/plain")],
        body: Some("amount=1"),
        expect: PerEngine::all(Expect::Allowed { status: 201, readable: &[], hidden: &[] }),
        ..Case::SIMPLE_GET
    },
    Case {
        name: "guarded_write_from_unlisted_origin_is_rejected",
        page: UNLISTED,
        method: "POST",
        path: "/guarded/transfer",
        headers: &[("Content-Type", "text/plain")],
        body: Some("amount=1000"),
        expect: PerEngine::all(Expect::Blocked(Blocked::actual(Refusal::MissingAllowOrigin))),
        ..Case::SIMPLE_GET
    },
];

/// The cases whose write must not reach the handler: the API answered them `403`.
pub const REJECTED_WRITES: &[&str] = &["guarded_write_from_unlisted_origin_is_rejected"];
/// The cases whose write reached the handler.
pub const PASSED_WRITES: &[&str] = &["guarded_write_from_listed_origin_runs"];
