//! The plan's tests: what the browser sends for each kind of call.

use super::*;
use crate::browser::Browser;

fn plan(request: CorsRequest) -> Plan {
    Plan::new(request).expect("valid request")
}

fn from_app() -> CorsRequest {
    CorsRequest::new("https://api.example/data", "https://app.example")
}

#[test]
fn get_with_safelisted_headers_needs_no_preflight() {
    let plan = plan(
        from_app()
            .with_header("Accept", "application/json")
            .with_header("Content-Type", "text/plain;charset=utf-8"),
    );
    assert!(!plan.needs_preflight());
    assert_eq!(plan.access_control_request_headers(), None);
}

#[test]
fn lower_case_post_is_normalized_and_stays_simple() {
    let plan = plan(from_app().with_method("post"));
    assert_eq!(plan.request().method, "POST");
    assert!(!plan.needs_preflight());
}

#[test]
fn lower_case_patch_is_sent_as_written() {
    let plan = plan(from_app().with_method("patch"));
    assert_eq!(plan.preflight_reasons(), [PreflightReason::Method("patch".to_owned())]);
    let preflight = plan.outgoing(Exchange::Preflight);
    assert!(
        preflight
            .headers
            .contains(&("Access-Control-Request-Method".to_owned(), "patch".to_owned()))
    );
}

#[test]
fn json_content_type_needs_a_preflight() {
    let plan = plan(from_app().with_method("POST").with_header("Content-Type", "application/json"));
    assert_eq!(
        plan.preflight_reasons(),
        [PreflightReason::HeaderValue {
            name: "Content-Type".to_owned(),
            value: "application/json".to_owned()
        }]
    );
    assert_eq!(plan.access_control_request_headers().as_deref(), Some("content-type"));
}

#[test]
fn request_headers_are_lower_case_sorted_deduplicated_without_spaces() {
    let plan = plan(
        from_app()
            .with_header("X-Request-Id", "1")
            .with_header("authorization", "Bearer t")
            .with_header("x-request-id", "2")
            .with_header("Accept", "text/html"),
    );
    assert_eq!(
        plan.access_control_request_headers().as_deref(),
        Some("authorization,x-request-id")
    );
}

#[test]
fn a_long_safelisted_value_needs_a_preflight() {
    let plan = plan(from_app().with_header("Accept", "a".repeat(129)));
    assert_eq!(
        plan.preflight_reasons(),
        [PreflightReason::HeaderValueTooLong("Accept".to_owned())]
    );
}

#[test]
fn safelisted_values_over_1024_bytes_in_total_all_become_unsafe() {
    let value = "a".repeat(128);
    // Firefox judges each line as the Fetch standard does (Chromium and Safari join repeated
    // names first, which makes each joined value too long on its own).
    let mut request = from_app().with_browser(Browser::Firefox);
    for name in ["Accept", "Accept-Language", "Content-Language"] {
        for _ in 0..3 {
            request = request.with_header(name, value.clone());
        }
    }
    let plan = plan(request);
    assert_eq!(plan.preflight_reasons(), [PreflightReason::SafelistedTotalTooLong(9 * 128)]);
    assert_eq!(
        plan.access_control_request_headers().as_deref(),
        Some("accept,accept-language,content-language")
    );
}

#[test]
fn the_preflight_carries_origin_and_request_headers_but_not_the_scripts_headers() {
    let plan = plan(from_app().with_method("DELETE").with_header("X-Token", "secret"));
    let preflight = plan.outgoing(Exchange::Preflight);
    assert_eq!(preflight.method, "OPTIONS");
    // The browser's own headers (Sec-Fetch-*, User-Agent) follow: `plan::metadata`.
    assert_eq!(
        preflight.headers[..4],
        [
            ("Accept".to_owned(), "*/*".to_owned()),
            ("Access-Control-Request-Method".to_owned(), "DELETE".to_owned()),
            ("Access-Control-Request-Headers".to_owned(), "x-token".to_owned()),
            ("Origin".to_owned(), "https://app.example".to_owned()),
        ]
    );
    let actual = plan.outgoing(Exchange::Actual);
    assert_eq!(actual.method, "DELETE");
    assert_eq!(preflight.body, None);
    assert_eq!(
        actual.headers[..2],
        [
            ("X-Token".to_owned(), "secret".to_owned()),
            ("Origin".to_owned(), "https://app.example".to_owned()),
        ]
    );
}

#[test]
fn the_actual_request_sends_the_cookie_and_credentials_its_debug_output_hides() {
    let request = from_app()
        .with_header("Authorization", "Bearer TOKEN123")
        .with_cookie("session=SECRET")
        .with_credentials();
    let actual = plan(request).outgoing(Exchange::Actual);
    let sent = |name: &str| actual.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str());
    assert_eq!(sent("Authorization"), Some("Bearer TOKEN123"));
    assert_eq!(sent("Cookie"), Some("session=SECRET"));
    let debug = format!("{actual:?}");
    assert!(!debug.contains("TOKEN123") && !debug.contains("SECRET"), "{debug}");
    assert!(debug.contains(r#"("Cookie", "<secret>")"#), "{debug}");
}

#[test]
fn a_call_to_the_pages_own_origin_is_not_cors() {
    for (url, origin) in [
        ("http://localhost:3000/api/items", "http://localhost:3000"),
        ("HTTPS://App.Example:443/data", "https://app.example"),
    ] {
        let plan =
            plan(CorsRequest::new(url, origin).with_method("DELETE").with_header("X-A", "1"));
        assert!(!plan.cors_applies(), "{url}");
        assert!(!plan.needs_preflight(), "{url}");
        let actual = plan.outgoing(Exchange::Actual);
        assert!(actual.headers.contains(&("Origin".to_owned(), origin.to_owned())));
    }
    let get = plan(CorsRequest::new("http://localhost:3000/api", "http://localhost:3000"));
    assert!(!get.outgoing(Exchange::Actual).headers.iter().any(|(name, _)| name == "Origin"));
    for url in ["http://localhost:3001/api", "https://localhost:3000/api", "/api"] {
        assert!(plan(CorsRequest::new(url, "http://localhost:3000")).cors_applies(), "{url}");
    }
}

#[test]
fn an_https_page_calling_http_is_mixed_content_unless_loopback() {
    let mixed = |url: &str, origin: &str| plan(CorsRequest::new(url, origin)).is_mixed_content();
    assert!(mixed("http://api.example/data", "https://app.example"));
    assert!(mixed("http://192.168.1.10/data", "https://app.example"));
    for url in
        ["http://127.0.0.1:8080/", "http://[::1]/", "http://localhost/", "http://a.localhost/"]
    {
        assert!(!mixed(url, "https://app.example"), "{url}");
    }
    assert!(!mixed("http://api.example/data", "http://app.example"));
    assert!(!mixed("https://api.example/data", "https://app.example"));
}

#[test]
fn the_cookie_goes_on_the_actual_request_only() {
    let plan = plan(from_app().with_method("PUT").with_cookie("a=1").with_cookie("b=2"));
    let cookie = ("Cookie".to_owned(), "a=1; b=2".to_owned());
    assert!(plan.outgoing(Exchange::Actual).headers.contains(&cookie));
    assert!(!plan.outgoing(Exchange::Preflight).headers.iter().any(|(name, _)| name == "Cookie"));
    assert!(plan.needs_preflight(), "PUT needs one; the cookie does not change that");
    assert_eq!(plan.access_control_request_headers(), None);
}

#[test]
fn chromium_drops_a_script_set_user_agent_and_firefox_preflights_it() {
    let call = from_app().with_header("User-Agent", "my-app/1.0");
    let chromium = plan(call.clone());
    assert!(!chromium.needs_preflight());
    assert_eq!(chromium.dropped_headers(), [("User-Agent".to_owned(), "my-app/1.0".to_owned())]);
    let sent = chromium.outgoing(Exchange::Actual);
    let user_agents: Vec<_> =
        sent.headers.iter().filter(|(name, _)| name == "User-Agent").collect();
    assert!(user_agents.len() == 1 && user_agents[0].1.contains("Chrome/"), "{user_agents:?}");
    let firefox = plan(call.with_browser(Browser::Firefox));
    assert_eq!(firefox.access_control_request_headers().as_deref(), Some("user-agent"));
    assert!(firefox.dropped_headers().is_empty());
}

#[test]
fn a_header_set_twice_is_joined_before_classification_in_chromium_and_safari() {
    let call = from_app()
        .with_method("POST")
        .with_header("Content-Type", "text/plain")
        .with_header("content-type", "text/plain");
    for browser in [Browser::Chromium, Browser::Safari] {
        let plan = plan(call.clone().with_browser(browser));
        assert_eq!(plan.access_control_request_headers().as_deref(), Some("content-type"));
        let sent = plan.outgoing(Exchange::Actual);
        assert!(
            sent.headers
                .contains(&("Content-Type".to_owned(), "text/plain, text/plain".to_owned()))
        );
    }
    // Firefox, as the Fetch standard, judges each line: both are safelisted.
    assert!(!plan(call.with_browser(Browser::Firefox)).needs_preflight());
}

#[test]
fn safari_reads_a_range_unit_in_any_case_and_the_others_do_not() {
    let call = from_app().with_header("Range", "Bytes=0-99");
    assert!(!plan(call.clone().with_browser(Browser::Safari)).needs_preflight());
    for browser in [Browser::Chromium, Browser::Firefox] {
        assert!(plan(call.clone().with_browser(browser)).needs_preflight(), "{browser}");
    }
    for value in ["bytes=0-", "bytes=5-9"] {
        assert!(!plan(from_app().with_header("Range", value)).needs_preflight(), "{value}");
    }
    for value in ["bytes=-5", "bytes=0-1,3-4", "bytes= 0-1", "bytes=9-5"] {
        assert!(plan(from_app().with_header("Range", value)).needs_preflight(), "{value}");
    }
}

#[test]
fn a_string_body_is_sent_with_the_implicit_text_plain_type_and_no_preflight() {
    let plan = plan(from_app().with_method("POST").with_body("amount=1"));
    assert!(!plan.needs_preflight());
    let actual = plan.outgoing(Exchange::Actual);
    assert_eq!(actual.body.as_deref(), Some("amount=1"));
    assert!(
        actual
            .headers
            .contains(&("Content-Type".to_owned(), "text/plain;charset=UTF-8".to_owned()))
    );
    let json = plan_with_type("application/json");
    assert!(json.needs_preflight());
    assert_eq!(json.outgoing(Exchange::Preflight).body, None);
    assert_eq!(
        CorsRequest::new("/x", "https://app.example").with_body("x").validate(),
        Err(RequestError::BodyWithoutMethod("GET".to_owned()))
    );
}

fn plan_with_type(content_type: &str) -> Plan {
    plan(from_app().with_method("POST").with_header("Content-Type", content_type).with_body("{}"))
}

#[test]
fn chromium_safelists_its_client_hints_and_the_others_preflight_them() {
    for (name, value) in
        [("Save-Data", "on"), ("DPR", "2.5"), ("Viewport-Width", "800"), ("ECT", "4g")]
    {
        let call = from_app().with_header(name, value);
        assert!(!plan(call.clone()).needs_preflight(), "{name}: {value}");
        for browser in [Browser::Firefox, Browser::Safari] {
            assert!(
                plan(call.clone().with_browser(browser)).needs_preflight(),
                "{name} in {browser}"
            );
        }
    }
    for (name, value) in
        [("DPR", "2."), ("DPR", ".5"), ("Width", "-1"), ("ECT", "5g"), ("Save-Data", "off")]
    {
        assert!(plan(from_app().with_header(name, value)).needs_preflight(), "{name}: {value}");
    }
}
