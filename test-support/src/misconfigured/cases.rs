//! The calls the catalogue's routes answer, each with the browser's verdict.

use cors_check_core::{CorsErrorKind as Kind, WarningKind};

use super::{Caller, Case};

/// A simple GET from the granted origin, allowed; cases override what they are about.
const GET: Case = Case {
    name: "",
    path: "",
    caller: Caller::App,
    method: "GET",
    headers: &[],
    credentials: false,
    expected: None,
    quoted: None,
    warning: None,
    preflights_after_redirects: 0,
    leaves_the_api: false,
};

/// A PUT with a custom header: always preflighted.
const PUT: Case = Case { method: "PUT", headers: &[("X-Custom", "1")], ..GET };

/// Every call the catalogue answers, with the browser's verdict.
pub const CASES: &[Case] = &[
    Case { name: "simple_get", path: "/ok", ..GET },
    Case { name: "public_get", path: "/public", ..GET },
    Case { name: "preflighted_put", path: "/ok", ..PUT },
    Case {
        name: "credentialed_json_post",
        path: "/ok",
        method: "POST",
        headers: &[("Content-Type", "application/json")],
        credentials: true,
        ..GET
    },
    Case {
        name: "no_allow_origin",
        path: "/missing-allow-origin",
        expected: Some(Kind::MissingAllowOriginHeader),
        ..GET
    },
    Case {
        name: "wrong_allow_origin",
        path: "/wrong-allow-origin",
        expected: Some(Kind::AllowOriginMismatch),
        ..GET
    },
    Case {
        name: "two_allow_origin_lines",
        path: "/multiple-allow-origin",
        expected: Some(Kind::MultipleAllowOriginValues),
        ..GET
    },
    Case {
        name: "the_same_allow_origin_twice",
        path: "/allow-origin-twice",
        expected: Some(Kind::MultipleAllowOriginValues),
        ..GET
    },
    Case {
        name: "allow_origin_as_a_pattern",
        path: "/pattern-allow-origin",
        expected: Some(Kind::AllowOriginMismatch),
        quoted: Some("https://*.example.com"),
        ..GET
    },
    Case {
        name: "allow_origin_not_an_origin",
        path: "/invalid-allow-origin",
        expected: Some(Kind::InvalidAllowOriginValue),
        ..GET
    },
    Case {
        name: "wildcard_origin_with_credentials",
        path: "/public",
        credentials: true,
        expected: Some(Kind::WildcardOriginNotAllowed),
        ..GET
    },
    Case {
        name: "no_allow_credentials",
        path: "/missing-allow-credentials",
        credentials: true,
        expected: Some(Kind::InvalidAllowCredentials),
        ..GET
    },
    Case {
        name: "allow_credentials_is_case_sensitive",
        path: "/wrong-allow-credentials",
        credentials: true,
        expected: Some(Kind::InvalidAllowCredentials),
        quoted: Some("True"),
        ..GET
    },
    Case {
        name: "preflight_refused_by_a_get_only_route",
        path: "/missing-allow-origin",
        expected: Some(Kind::PreflightMissingAllowOriginHeader),
        ..PUT
    },
    Case {
        name: "preflight_wrong_allow_origin",
        path: "/wrong-allow-origin",
        expected: Some(Kind::PreflightAllowOriginMismatch),
        ..PUT
    },
    Case {
        name: "preflight_two_allow_origin_lines",
        path: "/multiple-allow-origin",
        expected: Some(Kind::PreflightMultipleAllowOriginValues),
        ..PUT
    },
    Case {
        name: "preflight_the_same_allow_origin_twice",
        path: "/allow-origin-twice",
        expected: Some(Kind::PreflightMultipleAllowOriginValues),
        ..PUT
    },
    Case {
        name: "preflight_allow_origin_not_an_origin",
        path: "/invalid-allow-origin",
        expected: Some(Kind::PreflightInvalidAllowOriginValue),
        ..PUT
    },
    Case {
        name: "preflight_wildcard_origin_with_credentials",
        path: "/public",
        credentials: true,
        expected: Some(Kind::PreflightWildcardOriginNotAllowed),
        ..PUT
    },
    Case {
        name: "preflight_no_allow_credentials",
        path: "/missing-allow-credentials",
        credentials: true,
        expected: Some(Kind::PreflightInvalidAllowCredentials),
        ..PUT
    },
    Case {
        name: "granted_preflight_with_error_status",
        path: "/preflight-error-status",
        expected: Some(Kind::PreflightInvalidStatus),
        ..PUT
    },
    Case {
        name: "redirected_preflight_without_cors_headers",
        path: "/preflight-redirect",
        expected: Some(Kind::PreflightDisallowedRedirect),
        ..PUT
    },
    Case {
        name: "redirected_preflight_granting_the_origin",
        path: "/granted-preflight-redirect",
        expected: Some(Kind::PreflightDisallowedRedirect),
        ..PUT
    },
    Case {
        name: "method_not_allowed",
        path: "/method-not-allowed",
        method: "PATCH",
        headers: &[],
        expected: Some(Kind::MethodDisallowedByPreflightResponse),
        quoted: Some("PATCH"),
        ..PUT
    },
    Case {
        name: "header_not_allowed",
        path: "/header-not-allowed",
        expected: Some(Kind::HeaderDisallowedByPreflightResponse),
        quoted: Some("x-custom"),
        ..PUT
    },
    Case {
        name: "unparsable_allow_methods",
        path: "/unparsable-allow-methods",
        expected: Some(Kind::InvalidAllowMethodsPreflightResponse),
        ..PUT
    },
    Case {
        name: "unparsable_allow_headers",
        path: "/unparsable-allow-headers",
        expected: Some(Kind::InvalidAllowHeadersPreflightResponse),
        ..PUT
    },
    Case {
        name: "preflight_refused_with_a_bare_204",
        path: "/bare-204-refusal",
        expected: Some(Kind::PreflightMissingAllowOriginHeader),
        ..PUT
    },
    Case {
        name: "other_origin_refused",
        path: "/ok",
        caller: Caller::Other,
        headers: &[],
        expected: Some(Kind::PreflightMissingAllowOriginHeader),
        ..PUT
    },
    Case {
        name: "wildcard_request_headers_cover_a_custom_header",
        path: "/wildcard-allow-headers",
        ..PUT
    },
    // Chromium lets `*` cover Authorization too, which the Fetch standard excludes.
    Case {
        name: "wildcard_request_headers_cover_authorization_in_chromium",
        path: "/wildcard-allow-headers",
        headers: &[("Authorization", "Bearer token")],
        ..PUT
    },
    Case {
        name: "origin_reflected_for_anyone",
        path: "/reflects-any-origin",
        warning: Some(WarningKind::ReflectsAnyOrigin),
        ..GET
    },
    // Same origin: no CORS at all, whatever the route answers.
    Case {
        name: "same_origin_put_is_not_cors",
        path: "/wrong-allow-origin",
        caller: Caller::Api,
        ..PUT
    },
    Case {
        name: "same_origin_get_is_not_cors",
        path: "/missing-allow-origin",
        caller: Caller::Api,
        ..GET
    },
    // Redirects, followed as the browser follows them.
    Case { name: "redirect_within_the_api", path: "/redirect/found", ..GET },
    Case {
        name: "redirected_put_is_preflighted_again",
        path: "/redirect/temporary",
        preflights_after_redirects: 1,
        ..PUT
    },
    Case {
        name: "redirect_without_cors_headers",
        path: "/redirect/bare",
        expected: Some(Kind::MissingAllowOriginHeader),
        ..GET
    },
    Case {
        name: "redirect_to_another_origin_sends_origin_null",
        path: "/redirect/other-origin",
        expected: Some(Kind::MissingAllowOriginHeader),
        leaves_the_api: true,
        ..GET
    },
    Case {
        name: "redirect_to_another_origin_of_a_public_resource",
        path: "/redirect/other-origin-public",
        leaves_the_api: true,
        ..GET
    },
    Case {
        name: "redirect_loop_stops_after_twenty",
        path: "/redirect/loop",
        expected: Some(Kind::TooManyRedirects),
        ..GET
    },
    Case {
        name: "redirect_with_userinfo_is_refused",
        path: "/redirect/userinfo",
        expected: Some(Kind::RedirectContainsCredentials),
        ..GET
    },
    Case {
        name: "max_age_above_chromiums_cap",
        path: "/max-age-too-long",
        warning: Some(WarningKind::MaxAgeAboveChromiumCap),
        ..PUT
    },
];
