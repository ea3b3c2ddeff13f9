//! What a browser refuses to send, and what a request never prints.

use super::*;

fn origin_error(origin: &str) -> Option<String> {
    match CorsRequest::new("/", origin).validate() {
        Err(RequestError::InvalidOrigin { suggestion, .. }) => suggestion,
        other => panic!("expected an invalid origin, got {other:?}"),
    }
}

#[test]
fn serialized_origins_and_null_are_valid() {
    for origin in [
        "https://app.example",
        "http://127.0.0.1:8081",
        "http://[::1]:3000",
        "null",
        "chrome-extension://abcdefghijklmnop",
    ] {
        assert_eq!(CorsRequest::new("/", origin).validate(), Ok(()), "{origin}");
    }
}

#[test]
fn malformed_origins_get_the_serialized_suggestion() {
    assert_eq!(origin_error("https://app.example/").as_deref(), Some("https://app.example"));
    assert_eq!(origin_error("HTTPS://App.Example").as_deref(), Some("https://app.example"));
    assert_eq!(origin_error("https://app.example:443").as_deref(), Some("https://app.example"));
    assert_eq!(origin_error("https://user@app.example").as_deref(), Some("https://app.example"));
    assert_eq!(origin_error("http://[0:0::1]:3000").as_deref(), Some("http://[::1]:3000"));
    assert_eq!(origin_error("app.example"), None);
    assert_eq!(origin_error("https://"), None);
}

#[test]
fn debug_output_hides_the_cookie_and_credential_headers() {
    let request = CorsRequest::new("https://api.example/me", "https://app.example")
        .with_header("Authorization", "Bearer TOKEN123")
        .with_header("X-Api-Key", "K123")
        .with_header("X-Request-Id", "7f3c")
        .with_cookie("session=SECRET");
    for request in [request.clone(), request.with_secrets_shown()] {
        let debug = format!("{request:?}");
        for secret in ["TOKEN123", "K123", "SECRET"] {
            assert!(!debug.contains(secret), "{debug}");
        }
        assert!(debug.contains(r#"("Authorization", "<secret>")"#), "{debug}");
        assert!(debug.contains(r#"("X-Request-Id", "7f3c")"#), "{debug}");
        assert!(debug.contains(r#"cookie: Some("<secret>")"#), "{debug}");
    }
}

#[test]
fn forbidden_and_invalid_methods_and_headers_are_rejected() {
    let request = CorsRequest::new("/", "https://app.example");
    assert_eq!(
        request.clone().with_method("trace").validate(),
        Err(RequestError::ForbiddenMethod("trace".to_owned()))
    );
    assert_eq!(
        request.clone().with_method("GET POST").validate(),
        Err(RequestError::InvalidMethod("GET POST".to_owned()))
    );
    assert_eq!(
        request.clone().with_header("Cookie", "a=b").validate(),
        Err(RequestError::ForbiddenHeader("Cookie".to_owned()))
    );
    assert_eq!(
        request.clone().with_header("X Bad", "1").validate(),
        Err(RequestError::InvalidHeaderName("X Bad".to_owned()))
    );
    assert_eq!(
        request.with_header("X-Ok", "a\r\nb").validate(),
        Err(RequestError::InvalidHeaderValue("X-Ok".to_owned()))
    );
}
