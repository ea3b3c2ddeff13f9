//! Cases for the `#[cors]` handlers in `browser/attribute_app.rs`.

use cors_test_support::engine::PerEngine;

use super::{Blocked, Case, Credentials, Expect, Page};
use crate::console::Refusal;

/// The origin the credentialed routes allow (plain http with credentials only on loopback).
const LOCAL: Page = Page::main("localhost");
/// An origin no policy names.
const EVIL: Page = Page::main("evil.test");

const JSON: (&str, &str) = ("Content-Type", "application/json");
const X_CUSTOM: (&str, &str) = ("X-Custom", "1");

const fn allowed(status: u16) -> Expect {
    Expect::Allowed { status, readable: &[], hidden: &[] }
}

/// A refusal the runtime answers with a 403 preflight without CORS headers (an origin not
/// allowed, a path and method several policies share, or a method no handler serves): Chromium
/// checks `Access-Control-Allow-Origin` before the status, so it reports the header as missing.
/// An allowed origin's refused method or header is answered with the policy's own lists
/// instead, and Chromium names it ([`Blocked::method_not_allowed`],
/// [`Blocked::header_not_allowed`]).
const PREFLIGHT_REFUSED: Expect = Expect::Blocked(Blocked::preflight(Refusal::MissingAllowOrigin));
/// The actual response carries no grant for the page's origin.
const NOT_GRANTED: Expect = Expect::Blocked(Blocked::actual(Refusal::MissingAllowOrigin));

/// Every case, grouped by the feature it exercises.
pub const CASES: &[Case] = &[
    // Simple requests and exposed headers.
    Case {
        name: "simple_get_reads_exposed_header_not_others",
        path: "/api/items",
        expect: PerEngine::all(Expect::Allowed {
            status: 200,
            readable: &["x-total-count", "content-type"],
            hidden: &["x-internal"],
        }),
        ..Case::SIMPLE_GET
    },
    Case {
        name: "simple_get_from_unlisted_origin_is_not_granted",
        page: EVIL,
        path: "/api/items",
        expect: PerEngine::all(NOT_GRANTED),
        ..Case::SIMPLE_GET
    },
    Case {
        name: "same_host_on_other_port_is_not_granted",
        page: Page::other_port("app.example.test"),
        path: "/api/items",
        expect: PerEngine::all(NOT_GRANTED),
        ..Case::SIMPLE_GET
    },
    Case {
        name: "lookalike_with_appended_domain_is_not_granted",
        page: Page::main("app.example.test.evil.test"),
        path: "/api/items",
        expect: PerEngine::all(NOT_GRANTED),
        ..Case::SIMPLE_GET
    },
    Case {
        name: "lookalike_with_prefixed_label_is_not_granted",
        page: Page::main("xapp.example.test"),
        path: "/api/items",
        expect: PerEngine::all(NOT_GRANTED),
        ..Case::SIMPLE_GET
    },
    Case {
        name: "simple_text_post_gets_readable_400_without_preflight",
        page: LOCAL,
        method: "POST",
        path: "/api/data",
        headers: &[("Content-Type", "text/plain")],
        body: Some("not json"),
        expect: PerEngine::all(allowed(400)),
        ..Case::SIMPLE_GET
    },
    // JSON bodies and credentials.
    Case {
        name: "credentialed_json_post_is_preflighted_and_allowed",
        page: LOCAL,
        method: "POST",
        path: "/api/data",
        headers: &[JSON],
        body: Some(r#"{"name":"value"}"#),
        credentials: Credentials::Include,
        preflights: PerEngine::all(1),
        expect: PerEngine::all(Expect::Allowed {
            status: 200,
            readable: &["x-total-count"],
            hidden: &["x-internal"],
        }),
        ..Case::SIMPLE_GET
    },
    Case {
        name: "malformed_json_gets_readable_400_from_extractor",
        page: LOCAL,
        method: "POST",
        path: "/api/data",
        headers: &[JSON],
        body: Some(r#"{"name":"#),
        credentials: Credentials::Include,
        preflights: PerEngine::all(1),
        expect: PerEngine::all(allowed(400)),
        ..Case::SIMPLE_GET
    },
    Case {
        name: "json_post_without_credentials_is_allowed_too",
        page: LOCAL,
        method: "POST",
        path: "/api/data",
        headers: &[JSON],
        body: Some("[1, 2, 3]"),
        preflights: PerEngine::all(1),
        ..Case::SIMPLE_GET
    },
    Case {
        name: "credentialed_get_reads_exposed_header",
        page: LOCAL,
        path: "/api/data",
        credentials: Credentials::Include,
        expect: PerEngine::all(Expect::Allowed {
            status: 200,
            readable: &["x-total-count"],
            hidden: &["x-internal"],
        }),
        ..Case::SIMPLE_GET
    },
    Case {
        name: "credentialed_get_from_unlisted_origin_is_blocked",
        path: "/api/data",
        credentials: Credentials::Include,
        expect: PerEngine::all(NOT_GRANTED),
        ..Case::SIMPLE_GET
    },
    Case {
        name: "credentialed_get_on_route_without_credentials_is_blocked",
        path: "/api/items",
        credentials: Credentials::Include,
        expect: PerEngine::all(Expect::Blocked(Blocked::actual(Refusal::AllowCredentialsNotTrue))),
        ..Case::SIMPLE_GET
    },
    Case {
        name: "credentialed_preflight_on_route_without_credentials_is_blocked",
        method: "DELETE",
        path: "/api/items",
        headers: &[X_CUSTOM],
        credentials: Credentials::Include,
        preflights: PerEngine::all(1),
        expect: PerEngine::all(Expect::Blocked(Blocked::preflight(
            Refusal::AllowCredentialsNotTrue,
        ))),
        ..Case::SIMPLE_GET
    },
    // Request headers.
    Case {
        name: "listed_request_header_is_allowed_with_credentials",
        page: LOCAL,
        path: "/api/data",
        headers: &[("X-Request-Id", "abc")],
        credentials: Credentials::Include,
        preflights: PerEngine::all(1),
        ..Case::SIMPLE_GET
    },
    Case {
        name: "request_header_matches_case_insensitively",
        page: LOCAL,
        path: "/api/data",
        headers: &[("X-REQUEST-ID", "abc")],
        credentials: Credentials::Include,
        preflights: PerEngine::all(1),
        ..Case::SIMPLE_GET
    },
    Case {
        name: "listed_authorization_header_is_allowed",
        page: LOCAL,
        path: "/api/data",
        headers: &[("Authorization", "Bearer token")],
        credentials: Credentials::Include,
        preflights: PerEngine::all(1),
        ..Case::SIMPLE_GET
    },
    Case {
        name: "unlisted_request_header_is_refused_in_preflight",
        page: LOCAL,
        path: "/api/data",
        headers: &[("X-Other", "1")],
        credentials: Credentials::Include,
        preflights: PerEngine::all(1),
        expect: PerEngine::all(Expect::Blocked(Blocked::header_not_allowed("x-other"))),
        ..Case::SIMPLE_GET
    },
    // Several handlers on one path, each with its own policy.
    Case {
        name: "delete_is_allowed_by_its_own_policy",
        method: "DELETE",
        path: "/api/items",
        headers: &[X_CUSTOM],
        preflights: PerEngine::all(1),
        expect: PerEngine::all(allowed(204)),
        ..Case::SIMPLE_GET
    },
    Case {
        name: "delete_with_unlisted_header_is_refused",
        method: "DELETE",
        path: "/api/items",
        headers: &[("X-Other", "1")],
        preflights: PerEngine::all(1),
        expect: PerEngine::all(Expect::Blocked(Blocked::header_not_allowed("x-other"))),
        ..Case::SIMPLE_GET
    },
    Case {
        name: "put_on_shared_path_refuses_origin_of_other_handlers",
        method: "PUT",
        path: "/api/items",
        headers: &[JSON],
        body: Some("[]"),
        preflights: PerEngine::all(1),
        expect: PerEngine::all(PREFLIGHT_REFUSED),
        ..Case::SIMPLE_GET
    },
    Case {
        name: "put_on_shared_path_allows_its_own_origin",
        page: Page::main("partner.example.test"),
        method: "PUT",
        path: "/api/items",
        headers: &[JSON],
        body: Some("[]"),
        preflights: PerEngine::all(1),
        ..Case::SIMPLE_GET
    },
    Case {
        name: "get_on_shared_path_does_not_grant_put_origin",
        page: Page::main("partner.example.test"),
        path: "/api/items",
        expect: PerEngine::all(NOT_GRANTED),
        ..Case::SIMPLE_GET
    },
    Case {
        name: "method_without_handler_is_refused_in_preflight",
        method: "PATCH",
        path: "/api/items",
        preflights: PerEngine::all(1),
        expect: PerEngine::all(PREFLIGHT_REFUSED),
        ..Case::SIMPLE_GET
    },
    // Public routes.
    Case {
        name: "public_route_is_readable_from_any_origin_with_all_headers_exposed",
        page: EVIL,
        path: "/api/public",
        expect: PerEngine::all(Expect::Allowed {
            status: 200,
            readable: &["x-total-count", "x-internal"],
            hidden: &[],
        }),
        ..Case::SIMPLE_GET
    },
    Case {
        name: "public_route_is_readable_from_lookalike_origin",
        page: Page::main("app.example.test.evil.test"),
        path: "/api/public",
        ..Case::SIMPLE_GET
    },
    Case {
        name: "public_route_with_credentials_is_blocked",
        path: "/api/public",
        credentials: Credentials::Include,
        expect: PerEngine::all(Expect::Blocked(Blocked::actual(
            Refusal::WildcardOriginWithCredentials,
        ))),
        ..Case::SIMPLE_GET
    },
    Case {
        name: "public_wildcard_headers_allow_any_custom_header",
        page: EVIL,
        method: "PUT",
        path: "/api/public",
        headers: &[("X-Anything", "1")],
        preflights: PerEngine::all(1),
        ..Case::SIMPLE_GET
    },
    Case {
        name: "public_wildcard_headers_do_not_cover_authorization",
        page: EVIL,
        method: "PUT",
        path: "/api/public",
        headers: &[("Authorization", "Bearer token")],
        preflights: PerEngine::all(1),
        expect: PerEngine::all(Expect::Blocked(Blocked::header_not_allowed("authorization"))),
        ..Case::SIMPLE_GET
    },
    Case {
        name: "public_preflight_with_credentials_is_blocked",
        method: "PUT",
        path: "/api/public",
        headers: &[("X-Anything", "1")],
        credentials: Credentials::Include,
        preflights: PerEngine::all(1),
        expect: PerEngine::all(Expect::Blocked(Blocked::preflight(
            Refusal::WildcardOriginWithCredentials,
        ))),
        ..Case::SIMPLE_GET
    },
    // Error responses.
    Case {
        name: "handler_error_500_is_readable_by_allowed_origin",
        path: "/api/fail",
        expect: PerEngine::all(allowed(500)),
        ..Case::SIMPLE_GET
    },
    Case {
        name: "handler_error_500_is_not_granted_to_unlisted_origin",
        page: EVIL,
        path: "/api/fail",
        expect: PerEngine::all(NOT_GRANTED),
        ..Case::SIMPLE_GET
    },
    // Scoped routes.
    Case { name: "scoped_route_is_granted", path: "/scoped/hello", ..Case::SIMPLE_GET },
    Case {
        name: "scoped_route_answers_its_preflight",
        path: "/scoped/hello",
        headers: &[X_CUSTOM],
        preflights: PerEngine::all(1),
        ..Case::SIMPLE_GET
    },
    Case {
        name: "scoped_route_does_not_grant_unlisted_origin",
        page: EVIL,
        path: "/scoped/hello",
        expect: PerEngine::all(NOT_GRANTED),
        ..Case::SIMPLE_GET
    },
    // Subdomain patterns and look-alike hosts.
    Case {
        name: "subdomain_pattern_allows_one_label",
        page: Page::main("a.example.test"),
        path: "/api/tenant",
        ..Case::SIMPLE_GET
    },
    Case {
        name: "subdomain_pattern_allows_several_labels",
        page: Page::main("deep.a.example.test"),
        path: "/api/tenant",
        ..Case::SIMPLE_GET
    },
    Case {
        name: "subdomain_pattern_does_not_grant_the_apex",
        page: Page::main("example.test"),
        path: "/api/tenant",
        expect: PerEngine::all(NOT_GRANTED),
        ..Case::SIMPLE_GET
    },
    Case {
        name: "subdomain_pattern_does_not_grant_appended_domain",
        page: Page::main("a.example.test.evil.test"),
        path: "/api/tenant",
        expect: PerEngine::all(NOT_GRANTED),
        ..Case::SIMPLE_GET
    },
    Case {
        name: "subdomain_pattern_does_not_grant_prefixed_lookalike",
        page: Page::main("evilexample.test"),
        path: "/api/tenant",
        expect: PerEngine::all(NOT_GRANTED),
        ..Case::SIMPLE_GET
    },
    Case {
        name: "subdomain_pattern_does_not_grant_other_port",
        page: Page::other_port("a.example.test"),
        path: "/api/tenant",
        expect: PerEngine::all(NOT_GRANTED),
        ..Case::SIMPLE_GET
    },
    // A handler serving several methods through #[route].
    Case { name: "route_attribute_serves_get", path: "/api/multi", ..Case::SIMPLE_GET },
    Case {
        name: "route_attribute_preflights_patch",
        method: "PATCH",
        path: "/api/multi",
        preflights: PerEngine::all(1),
        ..Case::SIMPLE_GET
    },
    Case {
        name: "method_the_policy_leaves_out_is_named_in_preflight",
        method: "DELETE",
        path: "/api/narrow",
        preflights: PerEngine::all(1),
        expect: PerEngine::all(Expect::Blocked(Blocked::method_not_allowed("DELETE"))),
        ..Case::SIMPLE_GET
    },
    Case {
        name: "method_is_matched_case_sensitively",
        // fetch() upper-cases only DELETE, GET, HEAD, OPTIONS, POST and PUT.
        method: "patch",
        path: "/api/multi",
        preflights: PerEngine::all(1),
        expect: PerEngine::all(PREFLIGHT_REFUSED),
        ..Case::SIMPLE_GET
    },
];
