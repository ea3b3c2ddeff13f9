//! Cases for the hand-written policy in `browser/handmade.rs`, which proves the harness judges
//! what Chromium does before the `#[cors]` attribute exists: it allows
//! `http://app.example.test:<main page port>` on `/handmade` (GET and PUT, request header
//! `X-Custom`, exposes `X-Total-Count`, preflight cached 600 s, no credentials), and sends
//! `Access-Control-Allow-Origin: *` on `/handmade/public`.

use cors_test_support::engine::PerEngine;

use super::{Blocked, Case, Credentials, Expect, FIREFOX_REPEATS_A_CACHED_PREFLIGHT, Page};
use crate::console::Refusal;

pub const CASES: &[Case] = &[
    Case {
        name: "simple_get_reads_exposed_header_only",
        path: "/handmade",
        expect: PerEngine::all(Expect::Allowed {
            status: 200,
            readable: &["x-total-count", "content-type"],
            hidden: &["x-internal"],
        }),
        ..Case::SIMPLE_GET
    },
    Case {
        name: "simple_get_from_unlisted_origin_is_blocked",
        page: Page::main("evil.test"),
        path: "/handmade",
        expect: PerEngine::all(Expect::Blocked(Blocked::actual(Refusal::MissingAllowOrigin))),
        ..Case::SIMPLE_GET
    },
    Case {
        name: "same_host_on_other_port_is_another_origin",
        page: Page::other_port("app.example.test"),
        path: "/handmade",
        expect: PerEngine::all(Expect::Blocked(Blocked::actual(Refusal::MissingAllowOrigin))),
        ..Case::SIMPLE_GET
    },
    Case {
        name: "preflighted_put_with_allowed_header_and_json_body",
        method: "PUT",
        path: "/handmade",
        headers: &[("X-Custom", "1"), ("Content-Type", "application/json")],
        body: Some(r#"{"name":"value"}"#),
        preflights: PerEngine::all(1),
        ..Case::SIMPLE_GET
    },
    Case {
        name: "preflight_refuses_unlisted_header",
        method: "PUT",
        path: "/handmade",
        headers: &[("X-Other", "1")],
        preflights: PerEngine::all(1),
        expect: PerEngine::all(Expect::Blocked(Blocked::header_not_allowed("x-other"))),
        ..Case::SIMPLE_GET
    },
    Case {
        name: "preflight_refuses_unlisted_method",
        method: "DELETE",
        path: "/handmade",
        preflights: PerEngine::all(1),
        expect: PerEngine::all(Expect::Blocked(Blocked::method_not_allowed("DELETE"))),
        ..Case::SIMPLE_GET
    },
    Case {
        name: "preflight_refuses_unlisted_origin",
        page: Page::main("evil.test"),
        method: "PUT",
        path: "/handmade",
        headers: &[("X-Custom", "1")],
        preflights: PerEngine::all(1),
        expect: PerEngine::all(Expect::Blocked(Blocked::preflight(Refusal::MissingAllowOrigin))),
        ..Case::SIMPLE_GET
    },
    Case {
        name: "credentialed_get_without_allow_credentials_is_blocked",
        path: "/handmade",
        credentials: Credentials::Include,
        expect: PerEngine::all(Expect::Blocked(Blocked::actual(Refusal::AllowCredentialsNotTrue))),
        ..Case::SIMPLE_GET
    },
    Case {
        name: "same_origin_credentials_mode_needs_no_allow_credentials",
        path: "/handmade",
        credentials: Credentials::SameOrigin,
        ..Case::SIMPLE_GET
    },
    Case {
        name: "public_route_allows_any_origin",
        page: Page::main("evil.test"),
        path: "/handmade/public",
        ..Case::SIMPLE_GET
    },
    Case {
        name: "wildcard_origin_refused_with_credentials",
        path: "/handmade/public",
        credentials: Credentials::Include,
        expect: PerEngine::all(Expect::Blocked(Blocked::actual(
            Refusal::WildcardOriginWithCredentials,
        ))),
        ..Case::SIMPLE_GET
    },
    Case {
        name: "second_identical_call_uses_cached_preflight",
        method: "PUT",
        path: "/handmade",
        headers: &[("X-Custom", "1")],
        calls: 2,
        preflights: PerEngine::all(1),
        may_repeat_preflight: FIREFOX_REPEATS_A_CACHED_PREFLIGHT,
        ..Case::SIMPLE_GET
    },
];

/// A case whose expectation is deliberately wrong: the harness must report it as failed,
/// naming the case and quoting Chromium's console text.
pub const DELIBERATELY_WRONG: Case = Case {
    name: "deliberately_wrong_expectation",
    page: Page::main("evil.test"),
    path: "/handmade",
    ..Case::SIMPLE_GET
};
