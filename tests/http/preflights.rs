//! Preflights: what a `#[cors]` route grants, what it refuses (for an allowed origin's method or
//! header, with its own lists so the browser names the cause; otherwise with 403 and no CORS
//! headers), and the log of each refusal with its fix.

use cors_test_support::logs::captured_logs;
use cors_test_support::raw_http::send;

use super::{APP, get, preflight, server};

#[test]
fn preflight_allowed_gets_204_with_every_grant_header() {
    let response = preflight("/api/data", APP, "GET", &["content-type,x-request-id"]);
    assert_eq!(response.status, 204, "{response:?}");
    assert_eq!(response.single_header("access-control-allow-origin"), Some(APP));
    assert_eq!(response.single_header("access-control-allow-credentials"), Some("true"));
    // GET needs no Access-Control-Allow-Methods: the browser allows safelisted methods anyway.
    assert_eq!(response.single_header("access-control-allow-methods"), None);
    assert_eq!(
        response.single_header("access-control-allow-headers"),
        Some("content-type, x-request-id")
    );
    assert_eq!(response.single_header("access-control-max-age"), Some("600"));
    // Responses to OPTIONS are not cached, so they carry no Vary.
    assert_eq!(response.single_header("vary"), None);
}

#[test]
fn preflight_without_requested_headers_sends_no_allow_headers() {
    let response = preflight("/api/data", APP, "GET", &[]);
    assert_eq!(response.status, 204);
    assert_eq!(response.single_header("access-control-allow-headers"), None);
}

#[test]
fn preflight_reads_requested_headers_with_spaces_mixed_case_and_several_lines() {
    for lines in [
        &["Content-Type, X-Request-ID"][..],
        &[" x-request-id ,, content-type "],
        &["content-type", "X-REQUEST-ID"],
    ] {
        let response = preflight("/api/data", APP, "GET", lines);
        assert_eq!(response.status, 204, "{lines:?}: {response:?}");
    }
}

#[test]
fn preflight_refuses_unlisted_header_with_the_policys_own_list() {
    for lines in [&["x-custom"][..], &["content-type", "x-custom"], &["content-type,authorization"]]
    {
        let response = preflight("/api/data", APP, "GET", lines);
        // The origin grant and the list without the header: the browser blocks the call with
        // "Request header field x-custom is not allowed by Access-Control-Allow-Headers".
        assert_eq!(response.status, 204, "{lines:?}: {response:?}");
        assert_eq!(response.single_header("access-control-allow-origin"), Some(APP));
        assert_eq!(response.single_header("access-control-allow-credentials"), Some("true"));
        assert_eq!(response.single_header("access-control-allow-methods"), None);
        assert_eq!(
            response.single_header("access-control-allow-headers"),
            Some("content-type, x-request-id")
        );
        // A refusal is not cached: the browser asks again once the policy is fixed.
        assert_eq!(response.single_header("access-control-max-age"), None, "{lines:?}");
        assert_eq!(response.single_header("vary"), None);
    }
}

#[test]
fn preflight_refuses_unlisted_method_with_the_policys_own_list() {
    let response = preflight("/narrow", APP, "DELETE", &["x-custom"]);
    assert_eq!(response.status, 204, "{response:?}");
    assert_eq!(response.single_header("access-control-allow-origin"), Some(APP));
    assert_eq!(response.single_header("access-control-allow-credentials"), None);
    assert_eq!(response.single_header("access-control-allow-methods"), Some("GET"));
    assert_eq!(response.single_header("access-control-allow-headers"), None);
    assert_eq!(response.single_header("access-control-max-age"), None);
}

#[test]
fn method_and_header_refusals_for_unknown_origins_stay_bare_403() {
    for (path, method, lines) in
        [("/narrow", "DELETE", &[][..]), ("/api/data", "GET", &["x-custom"][..])]
    {
        let response = preflight(path, "https://stranger.example", method, lines);
        assert_eq!(response.status, 403, "{path} {method}");
        assert!(!response.has_cors_headers(), "{path} {method}: {response:?}");
    }
}

#[test]
fn preflight_refuses_lookalike_origins() {
    for origin in [
        "https://myapp.com.evil.com",
        "https://evilmyapp.com",
        "http://myapp.com",
        "https://myapp.com:8443",
        "null",
        "https://preview.myapp.com",
        "https://x.preview.myapp.com.evil.com",
    ] {
        let response = preflight("/api/data", origin, "GET", &[]);
        assert_eq!(response.status, 403, "{origin}");
        assert!(!response.has_cors_headers(), "{origin}: {response:?}");
    }
}

#[test]
fn subdomain_patterns_echo_the_requesting_origin() {
    let origin = "https://pr-42.preview.myapp.com";
    let response = preflight("/api/data", origin, "GET", &[]);
    assert_eq!(response.status, 204);
    assert_eq!(response.single_header("access-control-allow-origin"), Some(origin));
    assert_eq!(
        get("/api/data", Some(origin)).single_header("access-control-allow-origin"),
        Some(origin)
    );
}

#[test]
fn preflight_for_a_method_nobody_serves_falls_through() {
    let response = preflight("/api/data", APP, "DELETE", &[]);
    assert!(!response.has_cors_headers(), "{response:?}");
    assert_ne!(response.status, 204);
}

#[test]
fn plain_options_reaches_the_apps_own_handler() {
    let response = send(server().addr(), "OPTIONS", "/api/data", &[("Origin", APP)], "");
    assert_eq!(response.status, 200);
    assert_eq!(response.single_header("allow"), Some("GET, POST, OPTIONS"));
    assert!(!response.has_cors_headers());
}

#[test]
fn refused_preflight_is_logged_with_the_fix() {
    preflight("/api/data", "https://unknown.example", "GET", &[]);
    preflight("/api/data", APP, "GET", &["x-secret"]);
    preflight("/narrow", APP, "DELETE", &[]);
    let logs = captured_logs();
    let origin_refusal = logs
        .iter()
        .find(|line| line.contains("https://unknown.example"))
        .expect("origin refusal logged");
    assert!(origin_refusal.contains("`read_data`"), "{origin_refusal}");
    assert!(
        origin_refusal.contains("add \"https://unknown.example\" to `origins`"),
        "{origin_refusal}"
    );
    let header_refusal =
        logs.iter().find(|line| line.contains("x-secret")).expect("header refusal logged");
    assert!(header_refusal.contains("add \"x-secret\" to `headers`"), "{header_refusal}");
    let method_refusal = logs
        .iter()
        .find(|line| line.contains(r#""DELETE" "/narrow" from origin "https://myapp.com""#))
        .expect("method refusal logged");
    assert!(method_refusal.contains("add DELETE to `methods`"), "{method_refusal}");
    assert!(method_refusal.contains("refused (204 with the policy's lists)"), "{method_refusal}");
}
