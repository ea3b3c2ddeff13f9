//! The case table: each case is one `fetch()` from a page origin and what Chromium must make
//! of it.

use crate::console::{Refusal, Stage};

/// The page server's main port. The `#[cors]` policies name it literally, e.g.
/// `"http://app.example.test:47811"`, since origins are compile-time literals.
pub const MAIN_PAGE_PORT: u16 = 47811;
/// A second page port: the same host on another port is another origin.
pub const OTHER_PAGE_PORT: u16 = 47812;

/// Which of the page server's two ports the page is loaded from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PagePort {
    Main,
    Other,
}

/// Where the page that makes the call is loaded from: `http://{host}:{port}`.
#[derive(Debug, Clone, Copy)]
pub struct Page {
    /// Any `*.test` name (Chromium maps them to loopback), `localhost` or `127.0.0.1`.
    pub host: &'static str,
    pub port: PagePort,
}

impl Page {
    pub const fn main(host: &'static str) -> Self {
        Self { host, port: PagePort::Main }
    }

    pub const fn other_port(host: &'static str) -> Self {
        Self { host, port: PagePort::Other }
    }
}

/// `fetch()`'s `credentials` option.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Credentials {
    Omit,
    SameOrigin,
    Include,
}

impl Credentials {
    pub fn as_fetch_option(self) -> &'static str {
        match self {
            Self::Omit => "omit",
            Self::SameOrigin => "same-origin",
            Self::Include => "include",
        }
    }
}

/// What Chromium must make of a case's calls.
#[derive(Debug, Clone, Copy)]
pub enum Expect {
    /// The page receives the response.
    Allowed {
        status: u16,
        /// Response headers the page must be able to read (lower-case).
        readable: &'static [&'static str],
        /// Response headers the server sends but the page must not see (lower-case).
        hidden: &'static [&'static str],
    },
    /// `fetch()` rejects with a TypeError and Chromium logs this CORS message.
    Blocked(Blocked),
}

/// The CORS console message a blocked case must produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Blocked {
    pub stage: Stage,
    pub refusal: Refusal,
    /// The method or header name the message must quote, where it quotes one.
    pub naming: Option<&'static str>,
}

impl Blocked {
    /// Blocked on the actual response.
    pub const fn actual(refusal: Refusal) -> Self {
        Self { stage: Stage::Actual, refusal, naming: None }
    }

    /// Blocked on the preflight response.
    pub const fn preflight(refusal: Refusal) -> Self {
        Self { stage: Stage::Preflight, refusal, naming: None }
    }

    /// The preflight response does not allow request header `name` (lower-case).
    pub const fn header_not_allowed(name: &'static str) -> Self {
        Self { stage: Stage::Preflight, refusal: Refusal::HeaderNotAllowed, naming: Some(name) }
    }

    /// The preflight response does not allow `method`.
    pub const fn method_not_allowed(method: &'static str) -> Self {
        Self { stage: Stage::Preflight, refusal: Refusal::MethodNotAllowed, naming: Some(method) }
    }
}

/// One conformance case: a `fetch()` made `calls` times from `page`.
#[derive(Debug, Clone, Copy)]
pub struct Case {
    /// Says the behaviour; also tags the call's URL (`?case=<name>`), so it must be unique
    /// and URL-safe (`[a-z0-9_]`).
    pub name: &'static str,
    pub page: Page,
    pub method: &'static str,
    /// Path on the API server, without query.
    pub path: &'static str,
    pub headers: &'static [(&'static str, &'static str)],
    pub body: Option<&'static str>,
    pub credentials: Credentials,
    /// How many identical calls the page makes, one after the other; more than one
    /// observes the preflight cache.
    pub calls: u8,
    /// How many preflight `OPTIONS` requests the API must receive for all calls together.
    pub preflights: usize,
    pub expect: Expect,
}

impl Case {
    /// A simple GET from the main page origin that must succeed with 200 and no preflight;
    /// cases override what they are about with struct update syntax.
    pub const SIMPLE_GET: Self = Self {
        name: "",
        page: Page::main("app.example.test"),
        method: "GET",
        path: "/",
        headers: &[],
        body: None,
        credentials: Credentials::Omit,
        calls: 1,
        preflights: 0,
        expect: Expect::Allowed { status: 200, readable: &[], hidden: &[] },
    };
}

/// Cases for the hand-written policy in `handmade.rs`, which proves the harness judges
/// what Chromium does before the `#[cors]` attribute exists: it allows
/// `http://app.example.test:<main page port>` on `/handmade` (GET and PUT, request header
/// `X-Custom`, exposes `X-Total-Count`, preflight cached 600 s, no credentials), and sends
/// `Access-Control-Allow-Origin: *` on `/handmade/public`.
pub const HANDMADE: &[Case] = &[
    Case {
        name: "simple_get_reads_exposed_header_only",
        path: "/handmade",
        expect: Expect::Allowed {
            status: 200,
            readable: &["x-total-count", "content-type"],
            hidden: &["x-internal"],
        },
        ..Case::SIMPLE_GET
    },
    Case {
        name: "simple_get_from_unlisted_origin_is_blocked",
        page: Page::main("evil.test"),
        path: "/handmade",
        expect: Expect::Blocked(Blocked::actual(Refusal::MissingAllowOrigin)),
        ..Case::SIMPLE_GET
    },
    Case {
        name: "same_host_on_other_port_is_another_origin",
        page: Page::other_port("app.example.test"),
        path: "/handmade",
        expect: Expect::Blocked(Blocked::actual(Refusal::MissingAllowOrigin)),
        ..Case::SIMPLE_GET
    },
    Case {
        name: "preflighted_put_with_allowed_header_and_json_body",
        method: "PUT",
        path: "/handmade",
        headers: &[("X-Custom", "1"), ("Content-Type", "application/json")],
        body: Some(r#"{"name":"value"}"#),
        preflights: 1,
        ..Case::SIMPLE_GET
    },
    Case {
        name: "preflight_refuses_unlisted_header",
        method: "PUT",
        path: "/handmade",
        headers: &[("X-Other", "1")],
        preflights: 1,
        expect: Expect::Blocked(Blocked::header_not_allowed("x-other")),
        ..Case::SIMPLE_GET
    },
    Case {
        name: "preflight_refuses_unlisted_method",
        method: "DELETE",
        path: "/handmade",
        preflights: 1,
        expect: Expect::Blocked(Blocked::method_not_allowed("DELETE")),
        ..Case::SIMPLE_GET
    },
    Case {
        name: "preflight_refuses_unlisted_origin",
        page: Page::main("evil.test"),
        method: "PUT",
        path: "/handmade",
        headers: &[("X-Custom", "1")],
        preflights: 1,
        expect: Expect::Blocked(Blocked::preflight(Refusal::MissingAllowOrigin)),
        ..Case::SIMPLE_GET
    },
    Case {
        name: "credentialed_get_without_allow_credentials_is_blocked",
        path: "/handmade",
        credentials: Credentials::Include,
        expect: Expect::Blocked(Blocked::actual(Refusal::AllowCredentialsNotTrue)),
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
        expect: Expect::Blocked(Blocked::actual(Refusal::WildcardOriginWithCredentials)),
        ..Case::SIMPLE_GET
    },
    Case {
        name: "second_identical_call_uses_cached_preflight",
        method: "PUT",
        path: "/handmade",
        headers: &[("X-Custom", "1")],
        calls: 2,
        preflights: 1,
        ..Case::SIMPLE_GET
    },
    // Server mistakes #[cors] cannot make (handmade.rs `MISTAKES`); they also settle how
    // Chromium orders its checks where the sources leave doubt.
    Case {
        name: "redirected_preflight_without_cors_headers",
        path: "/handmade/mistake/redirected_preflight",
        expect: Expect::Blocked(Blocked::preflight(Refusal::PreflightRedirected)),
        ..PUT_WITH_CUSTOM_HEADER
    },
    Case {
        name: "redirected_preflight_granting_the_origin",
        path: "/handmade/mistake/redirected_granted_preflight",
        expect: Expect::Blocked(Blocked::preflight(Refusal::PreflightRedirected)),
        ..PUT_WITH_CUSTOM_HEADER
    },
    Case {
        name: "granted_preflight_with_error_status",
        path: "/handmade/mistake/granted_preflight_with_error_status",
        expect: Expect::Blocked(Blocked::preflight(Refusal::PreflightStatusNotOk)),
        ..PUT_WITH_CUSTOM_HEADER
    },
    Case {
        name: "wildcard_request_headers_cover_a_custom_header",
        path: "/handmade/mistake/wildcard_request_headers",
        ..PUT_WITH_CUSTOM_HEADER
    },
    Case {
        name: "wildcard_request_headers_cover_authorization_in_chromium",
        path: "/handmade/mistake/wildcard_request_headers",
        headers: &[("Authorization", "Bearer token")],
        ..PUT_WITH_CUSTOM_HEADER
    },
    Case {
        name: "unparsable_allow_methods",
        path: "/handmade/mistake/unparsable_allow_methods",
        expect: Expect::Blocked(Blocked::preflight(Refusal::UnparsableAllowMethods)),
        ..PUT_WITH_CUSTOM_HEADER
    },
    Case {
        name: "unparsable_allow_headers",
        path: "/handmade/mistake/unparsable_allow_headers",
        expect: Expect::Blocked(Blocked::preflight(Refusal::UnparsableAllowHeaders)),
        ..PUT_WITH_CUSTOM_HEADER
    },
    Case {
        name: "two_allow_origin_lines_on_the_preflight",
        path: "/handmade/mistake/two_allow_origin_lines",
        expect: Expect::Blocked(Blocked::preflight(Refusal::MultipleAllowOriginValues)),
        ..PUT_WITH_CUSTOM_HEADER
    },
    Case {
        name: "two_allow_origin_lines_on_the_response",
        path: "/handmade/mistake/two_allow_origin_lines",
        expect: Expect::Blocked(Blocked::actual(Refusal::MultipleAllowOriginValues)),
        ..Case::SIMPLE_GET
    },
    Case {
        name: "allow_origin_names_another_origin",
        path: "/handmade/mistake/allow_origin_mismatch",
        expect: Expect::Blocked(Blocked::actual(Refusal::AllowOriginMismatch)),
        ..Case::SIMPLE_GET
    },
    Case {
        name: "allow_origin_is_not_an_origin",
        path: "/handmade/mistake/invalid_allow_origin",
        expect: Expect::Blocked(Blocked::actual(Refusal::InvalidAllowOriginValue)),
        ..Case::SIMPLE_GET
    },
    Case {
        name: "allow_credentials_is_case_sensitive",
        path: "/handmade/mistake/capitalized_allow_credentials",
        credentials: Credentials::Include,
        expect: Expect::Blocked(Blocked {
            stage: Stage::Actual,
            refusal: Refusal::AllowCredentialsNotTrue,
            naming: Some("True"),
        }),
        ..Case::SIMPLE_GET
    },
];

/// A preflighted PUT with a custom header from the main page, which the mistakes' preflight
/// answers judge; allowed unless a case says otherwise.
const PUT_WITH_CUSTOM_HEADER: Case = Case {
    name: "",
    method: "PUT",
    headers: &[("X-Custom", "1")],
    preflights: 1,
    ..Case::SIMPLE_GET
};

/// A case whose expectation is deliberately wrong: the harness must report it as failed,
/// naming the case and quoting Chromium's console text.
pub const DELIBERATELY_WRONG: Case = Case {
    name: "deliberately_wrong_expectation",
    page: Page::main("evil.test"),
    path: "/handmade",
    ..Case::SIMPLE_GET
};

/// The origin the credentialed routes allow (plain http with credentials only on loopback).
const LOCAL: Page = Page::main("localhost");
/// An origin no policy names.
const EVIL: Page = Page::main("evil.test");

const JSON: (&str, &str) = ("Content-Type", "application/json");
const X_CUSTOM: (&str, &str) = ("X-Custom", "1");

const fn allowed(status: u16) -> Expect {
    Expect::Allowed { status, readable: &[], hidden: &[] }
}

/// A refusal the runtime answers with a 403 preflight without CORS headers: Chromium checks
/// `Access-Control-Allow-Origin` before the status, so it reports the header as missing.
const PREFLIGHT_REFUSED: Expect = Expect::Blocked(Blocked::preflight(Refusal::MissingAllowOrigin));
/// The actual response carries no grant for the page's origin.
const NOT_GRANTED: Expect = Expect::Blocked(Blocked::actual(Refusal::MissingAllowOrigin));

/// Cases for the `#[cors]` handlers in `attribute_app.rs`.
pub const ATTRIBUTE: &[Case] = &[
    // Simple requests and exposed headers.
    Case {
        name: "simple_get_reads_exposed_header_not_others",
        path: "/api/items",
        expect: Expect::Allowed {
            status: 200,
            readable: &["x-total-count", "content-type"],
            hidden: &["x-internal"],
        },
        ..Case::SIMPLE_GET
    },
    Case {
        name: "simple_get_from_unlisted_origin_is_blocked",
        page: EVIL,
        path: "/api/items",
        expect: NOT_GRANTED,
        ..Case::SIMPLE_GET
    },
    Case {
        name: "same_host_on_other_port_is_not_granted",
        page: Page::other_port("app.example.test"),
        path: "/api/items",
        expect: NOT_GRANTED,
        ..Case::SIMPLE_GET
    },
    Case {
        name: "lookalike_with_appended_domain_is_not_granted",
        page: Page::main("app.example.test.evil.test"),
        path: "/api/items",
        expect: NOT_GRANTED,
        ..Case::SIMPLE_GET
    },
    Case {
        name: "lookalike_with_prefixed_label_is_not_granted",
        page: Page::main("xapp.example.test"),
        path: "/api/items",
        expect: NOT_GRANTED,
        ..Case::SIMPLE_GET
    },
    Case {
        name: "simple_text_post_gets_readable_400_without_preflight",
        page: LOCAL,
        method: "POST",
        path: "/api/data",
        headers: &[("Content-Type", "text/plain")],
        body: Some("not json"),
        expect: allowed(400),
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
        preflights: 1,
        expect: Expect::Allowed {
            status: 200,
            readable: &["x-total-count"],
            hidden: &["x-internal"],
        },
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
        preflights: 1,
        expect: allowed(400),
        ..Case::SIMPLE_GET
    },
    Case {
        name: "json_post_without_credentials_is_allowed_too",
        page: LOCAL,
        method: "POST",
        path: "/api/data",
        headers: &[JSON],
        body: Some("[1, 2, 3]"),
        preflights: 1,
        ..Case::SIMPLE_GET
    },
    Case {
        name: "credentialed_get_reads_exposed_header",
        page: LOCAL,
        path: "/api/data",
        credentials: Credentials::Include,
        expect: Expect::Allowed {
            status: 200,
            readable: &["x-total-count"],
            hidden: &["x-internal"],
        },
        ..Case::SIMPLE_GET
    },
    Case {
        name: "credentialed_get_from_unlisted_origin_is_blocked",
        path: "/api/data",
        credentials: Credentials::Include,
        expect: NOT_GRANTED,
        ..Case::SIMPLE_GET
    },
    Case {
        name: "credentialed_get_on_route_without_credentials_is_blocked",
        path: "/api/items",
        credentials: Credentials::Include,
        expect: Expect::Blocked(Blocked::actual(Refusal::AllowCredentialsNotTrue)),
        ..Case::SIMPLE_GET
    },
    Case {
        name: "credentialed_preflight_on_route_without_credentials_is_blocked",
        method: "DELETE",
        path: "/api/items",
        headers: &[X_CUSTOM],
        credentials: Credentials::Include,
        preflights: 1,
        expect: Expect::Blocked(Blocked::preflight(Refusal::AllowCredentialsNotTrue)),
        ..Case::SIMPLE_GET
    },
    // Request headers.
    Case {
        name: "listed_request_header_is_allowed_with_credentials",
        page: LOCAL,
        path: "/api/data",
        headers: &[("X-Request-Id", "abc")],
        credentials: Credentials::Include,
        preflights: 1,
        ..Case::SIMPLE_GET
    },
    Case {
        name: "request_header_matches_case_insensitively",
        page: LOCAL,
        path: "/api/data",
        headers: &[("X-REQUEST-ID", "abc")],
        credentials: Credentials::Include,
        preflights: 1,
        ..Case::SIMPLE_GET
    },
    Case {
        name: "listed_authorization_header_is_allowed",
        page: LOCAL,
        path: "/api/data",
        headers: &[("Authorization", "Bearer token")],
        credentials: Credentials::Include,
        preflights: 1,
        ..Case::SIMPLE_GET
    },
    Case {
        name: "unlisted_request_header_is_refused_in_preflight",
        page: LOCAL,
        path: "/api/data",
        headers: &[("X-Other", "1")],
        credentials: Credentials::Include,
        preflights: 1,
        expect: PREFLIGHT_REFUSED,
        ..Case::SIMPLE_GET
    },
    // Several handlers on one path, each with its own policy.
    Case {
        name: "delete_is_allowed_by_its_own_policy",
        method: "DELETE",
        path: "/api/items",
        headers: &[X_CUSTOM],
        preflights: 1,
        expect: allowed(204),
        ..Case::SIMPLE_GET
    },
    Case {
        name: "delete_with_unlisted_header_is_refused",
        method: "DELETE",
        path: "/api/items",
        headers: &[("X-Other", "1")],
        preflights: 1,
        expect: PREFLIGHT_REFUSED,
        ..Case::SIMPLE_GET
    },
    Case {
        name: "put_on_shared_path_refuses_origin_of_other_handlers",
        method: "PUT",
        path: "/api/items",
        headers: &[JSON],
        body: Some("[]"),
        preflights: 1,
        expect: PREFLIGHT_REFUSED,
        ..Case::SIMPLE_GET
    },
    Case {
        name: "put_on_shared_path_allows_its_own_origin",
        page: Page::main("partner.example.test"),
        method: "PUT",
        path: "/api/items",
        headers: &[JSON],
        body: Some("[]"),
        preflights: 1,
        ..Case::SIMPLE_GET
    },
    Case {
        name: "get_on_shared_path_does_not_grant_put_origin",
        page: Page::main("partner.example.test"),
        path: "/api/items",
        expect: NOT_GRANTED,
        ..Case::SIMPLE_GET
    },
    Case {
        name: "method_without_handler_is_refused_in_preflight",
        method: "PATCH",
        path: "/api/items",
        preflights: 1,
        expect: PREFLIGHT_REFUSED,
        ..Case::SIMPLE_GET
    },
    // Public routes.
    Case {
        name: "public_route_is_readable_from_any_origin_with_all_headers_exposed",
        page: EVIL,
        path: "/api/public",
        expect: Expect::Allowed {
            status: 200,
            readable: &["x-total-count", "x-internal"],
            hidden: &[],
        },
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
        expect: Expect::Blocked(Blocked::actual(Refusal::WildcardOriginWithCredentials)),
        ..Case::SIMPLE_GET
    },
    Case {
        name: "public_wildcard_headers_allow_any_custom_header",
        page: EVIL,
        method: "PUT",
        path: "/api/public",
        headers: &[("X-Anything", "1")],
        preflights: 1,
        ..Case::SIMPLE_GET
    },
    Case {
        name: "public_wildcard_headers_do_not_cover_authorization",
        page: EVIL,
        method: "PUT",
        path: "/api/public",
        headers: &[("Authorization", "Bearer token")],
        preflights: 1,
        expect: PREFLIGHT_REFUSED,
        ..Case::SIMPLE_GET
    },
    Case {
        name: "public_preflight_with_credentials_is_blocked",
        method: "PUT",
        path: "/api/public",
        headers: &[("X-Anything", "1")],
        credentials: Credentials::Include,
        preflights: 1,
        expect: Expect::Blocked(Blocked::preflight(Refusal::WildcardOriginWithCredentials)),
        ..Case::SIMPLE_GET
    },
    // Error responses.
    Case {
        name: "handler_error_500_is_readable_by_allowed_origin",
        path: "/api/fail",
        expect: allowed(500),
        ..Case::SIMPLE_GET
    },
    Case {
        name: "handler_error_500_is_not_granted_to_unlisted_origin",
        page: EVIL,
        path: "/api/fail",
        expect: NOT_GRANTED,
        ..Case::SIMPLE_GET
    },
    // Scoped routes.
    Case { name: "scoped_route_is_granted", path: "/scoped/hello", ..Case::SIMPLE_GET },
    Case {
        name: "scoped_route_answers_its_preflight",
        path: "/scoped/hello",
        headers: &[X_CUSTOM],
        preflights: 1,
        ..Case::SIMPLE_GET
    },
    Case {
        name: "scoped_route_does_not_grant_unlisted_origin",
        page: EVIL,
        path: "/scoped/hello",
        expect: NOT_GRANTED,
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
        expect: NOT_GRANTED,
        ..Case::SIMPLE_GET
    },
    Case {
        name: "subdomain_pattern_does_not_grant_appended_domain",
        page: Page::main("a.example.test.evil.test"),
        path: "/api/tenant",
        expect: NOT_GRANTED,
        ..Case::SIMPLE_GET
    },
    Case {
        name: "subdomain_pattern_does_not_grant_prefixed_lookalike",
        page: Page::main("evilexample.test"),
        path: "/api/tenant",
        expect: NOT_GRANTED,
        ..Case::SIMPLE_GET
    },
    Case {
        name: "subdomain_pattern_does_not_grant_other_port",
        page: Page::other_port("a.example.test"),
        path: "/api/tenant",
        expect: NOT_GRANTED,
        ..Case::SIMPLE_GET
    },
    // A handler serving several methods through #[route].
    Case { name: "route_attribute_serves_get", path: "/api/multi", ..Case::SIMPLE_GET },
    Case {
        name: "route_attribute_preflights_patch",
        method: "PATCH",
        path: "/api/multi",
        preflights: 1,
        ..Case::SIMPLE_GET
    },
    Case {
        name: "method_is_matched_case_sensitively",
        // fetch() upper-cases only DELETE, GET, HEAD, OPTIONS, POST and PUT.
        method: "patch",
        path: "/api/multi",
        preflights: 1,
        expect: PREFLIGHT_REFUSED,
        ..Case::SIMPLE_GET
    },
    // The preflight cache.
    Case {
        name: "max_age_lets_second_call_skip_preflight",
        method: "PUT",
        path: "/api/cached",
        headers: &[X_CUSTOM],
        calls: 2,
        preflights: 1,
        ..Case::SIMPLE_GET
    },
    Case {
        name: "max_age_zero_preflights_every_call",
        method: "PUT",
        path: "/api/uncached",
        headers: &[X_CUSTOM],
        calls: 2,
        preflights: 2,
        ..Case::SIMPLE_GET
    },
];
