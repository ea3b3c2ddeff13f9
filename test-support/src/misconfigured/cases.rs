//! The calls the catalogue's routes answer, each with the browser's verdict.

use cors_check_core::{CorsErrorKind as Kind, WarningKind};

use super::{Caller, Case, ConsoleLines};
use crate::engine::PerEngine;

/// A simple GET from the granted origin, allowed; cases override what they are about.
const GET: Case = Case {
    name: "",
    path: "",
    caller: Caller::App,
    method: "GET",
    headers: &[],
    credentials: false,
    expected: PerEngine::all(None),
    console: None,
    quoted: None,
    warning: PerEngine::all(None),
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
        expected: PerEngine::all(Some(Kind::MissingAllowOriginHeader)),
        console: Some(ConsoleLines {
            firefox: "/missing-allow-origin. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 200.",
            webkit: "Origin https://app.example is not allowed by Access-Control-Allow-Origin. Status code: 200",
        }),
        ..GET
    },
    Case {
        name: "wrong_allow_origin",
        path: "/wrong-allow-origin",
        expected: PerEngine::all(Some(Kind::AllowOriginMismatch)),
        console: Some(ConsoleLines {
            firefox: "/wrong-allow-origin. (Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘https://other.example’).",
            webkit: "Origin https://app.example is not allowed by Access-Control-Allow-Origin. Status code: 200",
        }),
        ..GET
    },
    Case {
        name: "two_allow_origin_lines",
        path: "/multiple-allow-origin",
        expected: PerEngine::all(Some(Kind::MultipleAllowOriginValues)),
        console: Some(ConsoleLines {
            firefox: "/multiple-allow-origin. (Reason: Multiple CORS header ‘Access-Control-Allow-Origin’ not allowed).",
            webkit: "Access-Control-Allow-Origin cannot contain more than one origin.",
        }),
        ..GET
    },
    Case {
        name: "the_same_allow_origin_twice",
        path: "/allow-origin-twice",
        expected: PerEngine::all(Some(Kind::MultipleAllowOriginValues)),
        console: Some(ConsoleLines {
            firefox: "/allow-origin-twice. (Reason: Multiple CORS header ‘Access-Control-Allow-Origin’ not allowed).",
            webkit: "Access-Control-Allow-Origin cannot contain more than one origin.",
        }),
        ..GET
    },
    Case {
        name: "allow_origin_as_a_pattern",
        path: "/pattern-allow-origin",
        expected: PerEngine::all(Some(Kind::AllowOriginMismatch)),
        console: Some(ConsoleLines {
            firefox: "/pattern-allow-origin. (Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘https://*.example.com’).",
            webkit: "Origin https://app.example is not allowed by Access-Control-Allow-Origin. Status code: 200",
        }),
        quoted: Some("https://*.example.com"),
        ..GET
    },
    Case {
        name: "allow_origin_not_an_origin",
        path: "/invalid-allow-origin",
        expected: PerEngine::all(Some(Kind::InvalidAllowOriginValue)),
        console: Some(ConsoleLines {
            firefox: "/invalid-allow-origin. (Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘app.example’).",
            webkit: "Origin https://app.example is not allowed by Access-Control-Allow-Origin. Status code: 200",
        }),
        ..GET
    },
    Case {
        name: "wildcard_origin_with_credentials",
        path: "/public",
        credentials: true,
        expected: PerEngine::all(Some(Kind::WildcardOriginNotAllowed)),
        console: Some(ConsoleLines {
            firefox: "‘/public’. (Reason: Credential is not supported if the CORS header ‘Access-Control-Allow-Origin’ is ‘*’).",
            webkit: "Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true.",
        }),
        ..GET
    },
    Case {
        name: "no_allow_credentials",
        path: "/missing-allow-credentials",
        credentials: true,
        expected: PerEngine::all(Some(Kind::InvalidAllowCredentials)),
        console: Some(ConsoleLines {
            firefox: "/missing-allow-credentials. (Reason: expected ‘true’ in CORS header ‘Access-Control-Allow-Credentials’).",
            webkit: "Credentials flag is true, but Access-Control-Allow-Credentials is not \"true\".",
        }),
        ..GET
    },
    Case {
        name: "allow_credentials_is_case_sensitive",
        path: "/wrong-allow-credentials",
        credentials: true,
        expected: PerEngine::all(Some(Kind::InvalidAllowCredentials)),
        console: Some(ConsoleLines {
            firefox: "/wrong-allow-credentials. (Reason: expected ‘true’ in CORS header ‘Access-Control-Allow-Credentials’).",
            webkit: "Credentials flag is true, but Access-Control-Allow-Credentials is not \"true\".",
        }),
        quoted: Some("True"),
        ..GET
    },
    // Safari checks the status before the origin: a bare refusal is a bad status.
    Case {
        name: "preflight_refused_by_a_get_only_route",
        path: "/missing-allow-origin",
        expected: PerEngine {
            chromium: Some(Kind::PreflightMissingAllowOriginHeader),
            firefox: Some(Kind::PreflightMissingAllowOriginHeader),
            webkit: Some(Kind::PreflightInvalidStatus),
        },
        console: Some(ConsoleLines {
            firefox: "/missing-allow-origin. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 404.",
            webkit: "Preflight response is not successful. Status code: 404",
        }),
        ..PUT
    },
    Case {
        name: "preflight_wrong_allow_origin",
        path: "/wrong-allow-origin",
        expected: PerEngine::all(Some(Kind::PreflightAllowOriginMismatch)),
        console: Some(ConsoleLines {
            firefox: "/wrong-allow-origin. (Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘https://other.example’).",
            webkit: "Origin https://app.example is not allowed by Access-Control-Allow-Origin. Status code: 200",
        }),
        ..PUT
    },
    Case {
        name: "preflight_two_allow_origin_lines",
        path: "/multiple-allow-origin",
        expected: PerEngine::all(Some(Kind::PreflightMultipleAllowOriginValues)),
        console: Some(ConsoleLines {
            firefox: "/multiple-allow-origin. (Reason: Multiple CORS header ‘Access-Control-Allow-Origin’ not allowed).",
            webkit: "Access-Control-Allow-Origin cannot contain more than one origin.",
        }),
        ..PUT
    },
    Case {
        name: "preflight_the_same_allow_origin_twice",
        path: "/allow-origin-twice",
        expected: PerEngine::all(Some(Kind::PreflightMultipleAllowOriginValues)),
        console: Some(ConsoleLines {
            firefox: "/allow-origin-twice. (Reason: Multiple CORS header ‘Access-Control-Allow-Origin’ not allowed).",
            webkit: "Access-Control-Allow-Origin cannot contain more than one origin.",
        }),
        ..PUT
    },
    Case {
        name: "preflight_allow_origin_not_an_origin",
        path: "/invalid-allow-origin",
        expected: PerEngine::all(Some(Kind::PreflightInvalidAllowOriginValue)),
        console: Some(ConsoleLines {
            firefox: "/invalid-allow-origin. (Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘app.example’).",
            webkit: "Origin https://app.example is not allowed by Access-Control-Allow-Origin. Status code: 200",
        }),
        ..PUT
    },
    Case {
        name: "preflight_wildcard_origin_with_credentials",
        path: "/public",
        credentials: true,
        expected: PerEngine::all(Some(Kind::PreflightWildcardOriginNotAllowed)),
        console: Some(ConsoleLines {
            firefox: "‘/public’. (Reason: Credential is not supported if the CORS header ‘Access-Control-Allow-Origin’ is ‘*’).",
            webkit: "Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true.",
        }),
        ..PUT
    },
    Case {
        name: "preflight_no_allow_credentials",
        path: "/missing-allow-credentials",
        credentials: true,
        expected: PerEngine::all(Some(Kind::PreflightInvalidAllowCredentials)),
        console: Some(ConsoleLines {
            firefox: "/missing-allow-credentials. (Reason: expected ‘true’ in CORS header ‘Access-Control-Allow-Credentials’).",
            webkit: "Credentials flag is true, but Access-Control-Allow-Credentials is not \"true\".",
        }),
        ..PUT
    },
    Case {
        name: "granted_preflight_with_error_status",
        path: "/preflight-error-status",
        expected: PerEngine::all(Some(Kind::PreflightInvalidStatus)),
        console: Some(ConsoleLines {
            firefox: "/preflight-error-status. (Reason: CORS preflight response did not succeed). Status code: 500.",
            webkit: "Preflight response is not successful. Status code: 500",
        }),
        ..PUT
    },
    // Firefox checks Access-Control-Allow-Origin on the redirect before refusing it.
    Case {
        name: "redirected_preflight_without_cors_headers",
        path: "/preflight-redirect",
        expected: PerEngine {
            chromium: Some(Kind::PreflightDisallowedRedirect),
            firefox: Some(Kind::PreflightMissingAllowOriginHeader),
            webkit: Some(Kind::PreflightDisallowedRedirect),
        },
        console: Some(ConsoleLines {
            firefox: "/preflight-redirect. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 308.",
            webkit: "Preflight response is not successful. Status code: 308",
        }),
        ..PUT
    },
    Case {
        name: "redirected_preflight_granting_the_origin",
        path: "/granted-preflight-redirect",
        expected: PerEngine::all(Some(Kind::PreflightDisallowedRedirect)),
        console: Some(ConsoleLines {
            firefox: "/granted-preflight-redirect. (Reason: CORS request external redirect not allowed).",
            webkit: "Preflight response is not successful. Status code: 307",
        }),
        ..PUT
    },
    Case {
        name: "method_not_allowed",
        path: "/method-not-allowed",
        method: "PATCH",
        headers: &[],
        expected: PerEngine::all(Some(Kind::MethodDisallowedByPreflightResponse)),
        console: Some(ConsoleLines {
            firefox: "/method-not-allowed. (Reason: Did not find method in CORS header ‘Access-Control-Allow-Methods’).",
            webkit: "Method PATCH is not allowed by Access-Control-Allow-Methods.",
        }),
        quoted: Some("PATCH"),
        ..PUT
    },
    Case {
        name: "header_not_allowed",
        path: "/header-not-allowed",
        expected: PerEngine::all(Some(Kind::HeaderDisallowedByPreflightResponse)),
        console: Some(ConsoleLines {
            firefox: "/header-not-allowed. (Reason: header ‘x-custom’ is not allowed according to header ‘Access-Control-Allow-Headers’ from CORS preflight response).",
            webkit: "Request header field X-Custom is not allowed by Access-Control-Allow-Headers.",
        }),
        quoted: Some("x-custom"),
        ..PUT
    },
    Case {
        name: "unparsable_allow_methods",
        path: "/unparsable-allow-methods",
        expected: PerEngine::all(Some(Kind::InvalidAllowMethodsPreflightResponse)),
        console: Some(ConsoleLines {
            firefox: "/unparsable-allow-methods. (Reason: invalid token ‘GET PUT’ in CORS header ‘Access-Control-Allow-Methods’).",
            webkit: "Header Access-Control-Allow-Methods has an invalid value: GET PUT",
        }),
        ..PUT
    },
    Case {
        name: "unparsable_allow_headers",
        path: "/unparsable-allow-headers",
        expected: PerEngine::all(Some(Kind::InvalidAllowHeadersPreflightResponse)),
        console: Some(ConsoleLines {
            firefox: "/unparsable-allow-headers. (Reason: invalid token ‘x-custom; content-type’ in CORS header ‘Access-Control-Allow-Headers’).",
            webkit: "Header Access-Control-Allow-Headers has an invalid value: x-custom; content-type",
        }),
        ..PUT
    },
    Case {
        name: "preflight_refused_with_a_bare_204",
        path: "/bare-204-refusal",
        expected: PerEngine::all(Some(Kind::PreflightMissingAllowOriginHeader)),
        console: Some(ConsoleLines {
            firefox: "/bare-204-refusal. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 204.",
            webkit: "Origin https://app.example is not allowed by Access-Control-Allow-Origin. Status code: 204",
        }),
        ..PUT
    },
    Case {
        name: "other_origin_refused",
        path: "/ok",
        caller: Caller::Other,
        headers: &[],
        // Safari checks the status first, as above.
        expected: PerEngine {
            chromium: Some(Kind::PreflightMissingAllowOriginHeader),
            firefox: Some(Kind::PreflightMissingAllowOriginHeader),
            webkit: Some(Kind::PreflightInvalidStatus),
        },
        console: Some(ConsoleLines {
            firefox: "/ok. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 403.",
            webkit: "Preflight response is not successful. Status code: 403",
        }),
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
        warning: PerEngine::all(Some(WarningKind::ReflectsAnyOrigin)),
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
        expected: PerEngine::all(Some(Kind::MissingAllowOriginHeader)),
        console: Some(ConsoleLines {
            firefox: "/redirect/bare. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 302.",
            webkit: "Origin https://app.example is not allowed by Access-Control-Allow-Origin. Status code: 302",
        }),
        ..GET
    },
    Case {
        name: "redirect_to_another_origin_sends_origin_null",
        path: "/redirect/other-origin",
        expected: PerEngine::all(Some(Kind::MissingAllowOriginHeader)),
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
        expected: PerEngine::all(Some(Kind::TooManyRedirects)),
        console: Some(ConsoleLines {
            firefox: "TypeError: NetworkError when attempting to fetch resource.",
            webkit: "Too many redirects",
        }),
        ..GET
    },
    Case {
        name: "redirect_with_userinfo_is_refused",
        path: "/redirect/userinfo",
        expected: PerEngine::all(Some(Kind::RedirectContainsCredentials)),
        console: Some(ConsoleLines {
            firefox: "/redirect/userinfo. (Reason: CORS request external redirect not allowed).",
            webkit: "Cross-origin redirection to http://user:secret@localhost:8080/ok denied by Cross-Origin Resource Sharing policy: the URL contains credentials.",
        }),
        ..GET
    },
    Case {
        name: "max_age_above_chromiums_cap",
        path: "/max-age-too-long",
        // Firefox keeps `Access-Control-Max-Age: 86400` as sent; Safari caps it lower still.
        warning: PerEngine {
            chromium: Some(WarningKind::MaxAgeAboveChromiumCap),
            firefox: None,
            webkit: Some(WarningKind::MaxAgeAboveSafariCap),
        },
        ..PUT
    },
];
