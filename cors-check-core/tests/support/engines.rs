//! What Firefox and Safari do with each call of the misconfigured catalogue, where it is not
//! what Chromium does (the catalogue's own expectations are Chromium's): read off Gecko's
//! `nsCORSListenerProxy.cpp` and `security.properties`, and WebKit's
//! `CrossOriginAccessControl.cpp`, `CrossOriginPreflightResultCache.cpp` and
//! `NetworkCORSPreflightChecker.cpp`.

use cors_check_core::{Browser, CorsErrorKind as Kind, WarningKind};

/// Calls whose first failing check differs from Chromium's.
pub const KINDS: &[(Browser, &str, Kind)] = &[
    // Firefox checks Access-Control-Allow-Origin on the redirect before refusing it.
    (
        Browser::Firefox,
        "redirected_preflight_without_cors_headers",
        Kind::PreflightMissingAllowOriginHeader,
    ),
    // Safari checks the status before the origin: a bare refusal is a bad status.
    (Browser::Safari, "preflight_refused_by_a_get_only_route", Kind::PreflightInvalidStatus),
    (Browser::Safari, "other_origin_refused", Kind::PreflightInvalidStatus),
];

/// Calls whose cache warning differs: `None` when the engine keeps `Access-Control-Max-Age:
/// 86400` as sent.
pub const WARNINGS: &[(Browser, &str, Option<WarningKind>)] = &[
    (Browser::Firefox, "max_age_above_chromiums_cap", None),
    (Browser::Safari, "max_age_above_chromiums_cap", Some(WarningKind::MaxAgeAboveSafariCap)),
];

/// Every key of Firefox's messages starts so, then the URL.
pub const FIREFOX_FRAME: &str = "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at ";

/// The console line of every blocked call: Firefox's after [`FIREFOX_FRAME`], and Safari's.
pub const MESSAGES: &[(&str, &str, &str)] = &[
    (
        "no_allow_origin",
        "/missing-allow-origin. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 200.",
        "Origin https://app.example is not allowed by Access-Control-Allow-Origin. Status code: 200",
    ),
    (
        "wrong_allow_origin",
        "/wrong-allow-origin. (Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘https://other.example’).",
        "Origin https://app.example is not allowed by Access-Control-Allow-Origin. Status code: 200",
    ),
    (
        "two_allow_origin_lines",
        "/multiple-allow-origin. (Reason: Multiple CORS header ‘Access-Control-Allow-Origin’ not allowed).",
        "Access-Control-Allow-Origin cannot contain more than one origin.",
    ),
    (
        "the_same_allow_origin_twice",
        "/allow-origin-twice. (Reason: Multiple CORS header ‘Access-Control-Allow-Origin’ not allowed).",
        "Access-Control-Allow-Origin cannot contain more than one origin.",
    ),
    (
        "allow_origin_not_an_origin",
        "/invalid-allow-origin. (Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘app.example’).",
        "Origin https://app.example is not allowed by Access-Control-Allow-Origin. Status code: 200",
    ),
    (
        "wildcard_origin_with_credentials",
        "‘/public’. (Reason: Credential is not supported if the CORS header ‘Access-Control-Allow-Origin’ is ‘*’).",
        "Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true.",
    ),
    (
        "no_allow_credentials",
        "/missing-allow-credentials. (Reason: expected ‘true’ in CORS header ‘Access-Control-Allow-Credentials’).",
        "Credentials flag is true, but Access-Control-Allow-Credentials is not \"true\".",
    ),
    (
        "allow_credentials_is_case_sensitive",
        "/wrong-allow-credentials. (Reason: expected ‘true’ in CORS header ‘Access-Control-Allow-Credentials’).",
        "Credentials flag is true, but Access-Control-Allow-Credentials is not \"true\".",
    ),
    (
        "preflight_refused_by_a_get_only_route",
        "/missing-allow-origin. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 404.",
        "Preflight response is not successful. Status code: 404",
    ),
    (
        "preflight_wrong_allow_origin",
        "/wrong-allow-origin. (Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘https://other.example’).",
        "Origin https://app.example is not allowed by Access-Control-Allow-Origin. Status code: 200",
    ),
    (
        "preflight_two_allow_origin_lines",
        "/multiple-allow-origin. (Reason: Multiple CORS header ‘Access-Control-Allow-Origin’ not allowed).",
        "Access-Control-Allow-Origin cannot contain more than one origin.",
    ),
    (
        "preflight_the_same_allow_origin_twice",
        "/allow-origin-twice. (Reason: Multiple CORS header ‘Access-Control-Allow-Origin’ not allowed).",
        "Access-Control-Allow-Origin cannot contain more than one origin.",
    ),
    (
        "preflight_allow_origin_not_an_origin",
        "/invalid-allow-origin. (Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘app.example’).",
        "Origin https://app.example is not allowed by Access-Control-Allow-Origin. Status code: 200",
    ),
    (
        "preflight_wildcard_origin_with_credentials",
        "‘/public’. (Reason: Credential is not supported if the CORS header ‘Access-Control-Allow-Origin’ is ‘*’).",
        "Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true.",
    ),
    (
        "preflight_no_allow_credentials",
        "/missing-allow-credentials. (Reason: expected ‘true’ in CORS header ‘Access-Control-Allow-Credentials’).",
        "Credentials flag is true, but Access-Control-Allow-Credentials is not \"true\".",
    ),
    (
        "granted_preflight_with_error_status",
        "/preflight-error-status. (Reason: CORS preflight response did not succeed). Status code: 500.",
        "Preflight response is not successful. Status code: 500",
    ),
    (
        "redirected_preflight_without_cors_headers",
        "/preflight-redirect. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 308.",
        "Preflight response is not successful. Status code: 308",
    ),
    (
        "redirected_preflight_granting_the_origin",
        "/granted-preflight-redirect. (Reason: CORS request external redirect not allowed).",
        "Preflight response is not successful. Status code: 307",
    ),
    (
        "method_not_allowed",
        "/method-not-allowed. (Reason: Did not find method in CORS header ‘Access-Control-Allow-Methods’).",
        "Method PATCH is not allowed by Access-Control-Allow-Methods.",
    ),
    (
        "header_not_allowed",
        "/header-not-allowed. (Reason: header ‘x-custom’ is not allowed according to header ‘Access-Control-Allow-Headers’ from CORS preflight response).",
        "Request header field X-Custom is not allowed by Access-Control-Allow-Headers.",
    ),
    (
        "unparsable_allow_methods",
        "/unparsable-allow-methods. (Reason: invalid token ‘GET PUT’ in CORS header ‘Access-Control-Allow-Methods’).",
        "Header Access-Control-Allow-Methods has an invalid value: GET PUT",
    ),
    (
        "unparsable_allow_headers",
        "/unparsable-allow-headers. (Reason: invalid token ‘x-custom; content-type’ in CORS header ‘Access-Control-Allow-Headers’).",
        "Header Access-Control-Allow-Headers has an invalid value: x-custom; content-type",
    ),
    (
        "other_origin_refused",
        "/ok. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 403.",
        "Preflight response is not successful. Status code: 403",
    ),
    (
        "allow_origin_as_a_pattern",
        "/pattern-allow-origin. (Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘https://*.example.com’).",
        "Origin https://app.example is not allowed by Access-Control-Allow-Origin. Status code: 200",
    ),
    (
        "preflight_refused_with_a_bare_204",
        "/bare-204-refusal. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 204.",
        "Origin https://app.example is not allowed by Access-Control-Allow-Origin. Status code: 204",
    ),
    (
        "redirect_without_cors_headers",
        "/redirect/bare. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 302.",
        "Origin https://app.example is not allowed by Access-Control-Allow-Origin. Status code: 302",
    ),
    (
        "redirect_loop_stops_after_twenty",
        "TypeError: NetworkError when attempting to fetch resource.",
        "Too many redirects",
    ),
    (
        "redirect_with_userinfo_is_refused",
        "/redirect/userinfo. (Reason: CORS request external redirect not allowed).",
        "Cross-origin redirection to http://user:secret@localhost:8080/ok denied by Cross-Origin Resource Sharing policy: the URL contains credentials.",
    ),
];

/// What `browser` reports for the catalogue call `name`, given Chromium's.
pub fn kind(browser: Browser, name: &str, chromium: Option<Kind>) -> Option<Kind> {
    let differs = KINDS.iter().find(|(engine, case, _)| *engine == browser && *case == name);
    differs.map_or(chromium, |(_, _, kind)| Some(*kind))
}

/// The warning `browser`'s report must hold for `name`, given Chromium's.
pub fn warning(browser: Browser, name: &str, chromium: Option<WarningKind>) -> Option<WarningKind> {
    let differs = WARNINGS.iter().find(|(engine, case, _)| *engine == browser && *case == name);
    differs.map_or(chromium, |(_, _, warning)| *warning)
}

/// The console line `browser` prints for `name`, when it is Firefox or Safari and blocks it.
pub fn message(browser: Browser, name: &str) -> Option<String> {
    let (_, firefox, safari) = MESSAGES.iter().find(|(case, _, _)| *case == name)?;
    match browser {
        // The page's rejection, for a failure Firefox prints no CORS line for.
        Browser::Firefox if firefox.starts_with("TypeError") => Some((*firefox).to_owned()),
        Browser::Firefox => Some(format!("{FIREFOX_FRAME}{firefox}")),
        Browser::Safari => Some((*safari).to_owned()),
        _ => None,
    }
}
