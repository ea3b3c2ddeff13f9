//! Actual responses: the grant on every kind of response (errors from extractors, middleware
//! and handlers included), `Vary`, and the public wildcard.

use cors_test_support::raw_http::send;

use super::{ADMIN, APP, get, preflight, server};

#[test]
fn actual_request_from_allowed_origin_gets_the_grant() {
    let response = get("/api/data", Some(APP));
    assert_eq!(response.status, 200);
    assert_eq!(response.body, "[1,2]");
    assert_eq!(response.single_header("access-control-allow-origin"), Some(APP));
    assert_eq!(response.single_header("access-control-allow-credentials"), Some("true"));
    assert_eq!(response.single_header("access-control-expose-headers"), Some("x-total-count"));
    assert_eq!(response.header_lines("vary"), ["Origin"]);
}

#[test]
fn actual_request_from_other_origin_runs_without_grant() {
    for origin in ["https://evil.com", "https://myapp.com.evil.com", "null"] {
        let response = get("/api/data", Some(origin));
        assert_eq!(response.status, 200, "{origin}");
        assert_eq!(response.body, "[1,2]");
        assert!(!response.has_cors_headers(), "{origin}: {response:?}");
        assert_eq!(response.header_lines("vary"), ["Origin"]);
    }
}

#[test]
fn request_without_origin_gets_only_vary() {
    let response = get("/api/data", None);
    assert_eq!(response.status, 200);
    assert!(!response.has_cors_headers());
    assert_eq!(response.header_lines("vary"), ["Origin"]);
}

#[test]
fn public_route_answers_star_without_credentials_and_merges_vary() {
    let response = get("/public", Some("https://anyone.example"));
    assert_eq!(response.single_header("access-control-allow-origin"), Some("*"));
    assert_eq!(response.single_header("access-control-allow-credentials"), None);
    assert_eq!(response.single_header("access-control-expose-headers"), Some("*"));
    assert_eq!(response.header_lines("vary"), ["Accept-Encoding", "Origin"]);
    let preflight = preflight("/public", "https://anyone.example", "GET", &["x-anything"]);
    assert_eq!(preflight.status, 204);
    assert_eq!(preflight.single_header("access-control-allow-origin"), Some("*"));
    assert_eq!(preflight.single_header("access-control-allow-headers"), Some("*"));
}

#[test]
fn public_route_never_grants_authorization_through_the_wildcard() {
    for lines in [&["authorization"][..], &["authorization,x-anything"]] {
        let response = preflight("/public", "https://anyone.example", "GET", lines);
        // Chromium, Firefox and WebKit read `Allow-Headers: *` as covering Authorization: the
        // refusal names the cause by sending no list at all.
        assert_eq!(response.status, 204, "{lines:?}: {response:?}");
        assert_eq!(response.single_header("access-control-allow-origin"), Some("*"));
        assert_eq!(response.single_header("access-control-allow-headers"), None, "{lines:?}");
        assert_eq!(response.single_header("access-control-max-age"), None);
    }
}

#[test]
fn extractor_rejection_carries_the_grant() {
    let response = send(
        server().addr(),
        "POST",
        "/api/data",
        &[("Origin", ADMIN), ("Content-Type", "application/json"), ("X-Token", "t")],
        "{not json",
    );
    assert_eq!(response.status, 400);
    assert_eq!(response.single_header("access-control-allow-origin"), Some(ADMIN));
    assert_eq!(response.single_header("access-control-allow-credentials"), Some("true"));
}

#[test]
fn user_middleware_error_carries_the_grant() {
    let response = send(
        server().addr(),
        "POST",
        "/api/data",
        &[("Origin", ADMIN), ("Content-Type", "application/json")],
        r#"{"name":"x"}"#,
    );
    assert_eq!(response.status, 401);
    assert_eq!(response.single_header("access-control-allow-origin"), Some(ADMIN));
    assert_eq!(response.header_lines("vary"), ["Origin"]);
}

#[test]
fn handler_error_carries_the_grant() {
    let response = send(server().addr(), "PUT", "/fails", &[("Origin", APP)], "");
    assert_eq!(response.status, 500);
    assert_eq!(response.single_header("access-control-allow-origin"), Some(APP));
}

#[test]
fn credentialed_grant_never_pairs_star_with_credentials() {
    for response in [
        get("/api/data", Some(APP)),
        get("/public", Some(APP)),
        preflight("/api/data", APP, "GET", &[]),
    ] {
        let star = response.single_header("access-control-allow-origin") == Some("*");
        let credentials = response.single_header("access-control-allow-credentials").is_some();
        assert!(!(star && credentials), "{response:?}");
    }
}
