//! cors-check against the quickstart's API, over HTTP on loopback: every call the demo page
//! (examples/quickstart/page.html) makes gets the outcome the page announces, and each blocked
//! one the `#[cors]` fix a developer would paste; its form and its WebSocket are refused from the
//! origin the policy does not list.

use std::time::Duration;

use actix_web::App;
use cors_check_core::http::HttpTransport;
use cors_check_core::{Check, CorsErrorKind, CorsRequest, Plan, Report};
use cors_test_support::raw_http::send;
use cors_test_support::server::LoopbackServer;
use cors_test_support::websocket::{self, Outcome as Socket};
use quickstart_api as api;

/// What the page expects of a call.
enum Outcome {
    Allowed,
    /// Chromium's error kind, and the `#[cors(...)]` change cors-check must suggest.
    Blocked(CorsErrorKind, &'static str),
}

/// The page's calls, labelled as its buttons are, in its order.
fn page_calls(api: &str) -> Vec<(&'static str, CorsRequest, Outcome)> {
    let call = |path: &str| CorsRequest::new(format!("{api}{path}"), api::PAGE_ORIGIN);
    let json = ("Content-Type", "application/json");
    vec![
        ("GET /api/data with cookies", call("/api/data").with_credentials(), Outcome::Allowed),
        (
            "POST /api/data JSON with cookies (preflighted)",
            call("/api/data").with_method("POST").with_header(json.0, json.1).with_credentials(),
            Outcome::Allowed,
        ),
        (
            // cors-check sends no body, so this is the previous call again: the extractor's 400
            // must carry the grant like any other response of the route.
            "POST /api/data with a malformed JSON body",
            call("/api/data").with_method("POST").with_header(json.0, json.1).with_credentials(),
            Outcome::Allowed,
        ),
        ("GET /api/public (any origin, no cookies)", call("/api/public"), Outcome::Allowed),
        (
            "GET /v1/status with X-Client-Version (scoped route)",
            call("/v1/status").with_header("X-Client-Version", "1.2"),
            Outcome::Allowed,
        ),
        (
            "GET /shop/cart with cookies (plain routes in a scope under .wrap(PAGE))",
            call("/shop/cart").with_credentials(),
            Outcome::Allowed,
        ),
        (
            "PUT /shop/cart (a method the policy leaves out)",
            call("/shop/cart").with_method("PUT").with_credentials(),
            Outcome::Blocked(
                CorsErrorKind::MethodDisallowedByPreflightResponse,
                "add PUT to `methods` (if the route does not serve PUT yet, serve it too, e.g. \
                 #[route(\"/path\", method = \"GET\", method = \"PUT\")])",
            ),
        ),
        (
            "GET /api/data with an X-Debug header",
            call("/api/data").with_header("X-Debug", "1").with_credentials(),
            Outcome::Blocked(
                CorsErrorKind::HeaderDisallowedByPreflightResponse,
                r#"add "X-Debug" to `headers`"#,
            ),
        ),
        (
            "GET /api/public with cookies",
            call("/api/public").with_credentials(),
            Outcome::Blocked(
                CorsErrorKind::WildcardOriginNotAllowed,
                r#"replace "*" in `origins` with "http://127.0.0.1:8081" (the attribute refuses "*" together with `credentials`)"#,
            ),
        ),
        (
            "GET /api/admin",
            call("/api/admin").with_credentials(),
            Outcome::Blocked(
                CorsErrorKind::MissingAllowOriginHeader,
                r#"add "http://127.0.0.1:8081" to `origins`"#,
            ),
        ),
        (
            "DELETE /api/data",
            call("/api/data").with_method("DELETE").with_credentials(),
            Outcome::Blocked(
                CorsErrorKind::PreflightMissingAllowOriginHeader,
                "serve DELETE at this path from a handler with #[cors(...)] (e.g. \
                 #[route(\"/path\", method = \"GET\", method = \"DELETE\")] under the attribute): \
                 the path grants the origin to GET, but no annotated handler serves DELETE, so no \
                 #[cors] route answers its preflight",
            ),
        ),
    ]
}

/// The page's labels, in its order, so that a call added to one is added to the other.
#[test]
fn the_page_makes_these_calls() {
    let page = include_str!("../examples/quickstart/page.html");
    let labels: Vec<&str> = page_calls("").into_iter().map(|(label, _, _)| label).collect();
    let on_page: Vec<&str> =
        page.split("label: \"").skip(1).filter_map(|rest| rest.split('"').next()).collect();
    assert_eq!(labels, on_page);
}

fn check(request: CorsRequest) -> Report {
    let plan = Plan::new(request).expect("the page's calls are valid fetch() calls");
    let transport = HttpTransport::new(Duration::from_secs(10));
    Check::new(plan).run(|outgoing| transport.send(outgoing)).expect("the API answers on loopback")
}

#[test]
fn cors_check_agrees_with_the_demo_page_and_names_the_attribute_fix() {
    // The demo page's policy reads its origins and max_age at startup, as the quickstart's main
    // does when the deployment sets neither.
    cors_runtime::init_with(api::demo_default).expect("the demo settings are valid");
    let server = LoopbackServer::start(|| App::new().configure(api::configure));
    let mut mismatches = Vec::new();
    for (label, request, outcome) in page_calls(&server.url("")) {
        let report = check(request);
        let as_expected = match (&outcome, &report.failure) {
            (Outcome::Allowed, None) => true,
            (Outcome::Blocked(kind, fix), Some(failure)) => {
                failure.kind == *kind && failure.fix.cors_attribute() == *fix
            }
            _ => false,
        };
        if !as_expected {
            let expected = match outcome {
                Outcome::Allowed => "allowed".to_owned(),
                Outcome::Blocked(kind, fix) => format!("blocked with {kind}, fix: {fix}"),
            };
            mismatches.push(format!("{label}: expected {expected}\n{report}"));
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));

    // The page's form, posted from the listed origin and from the demo's second origin, as a
    // browser sends it (`Sec-Fetch-Site: same-site`: another port of the same host).
    let form = |origin: &str| {
        send(
            server.addr(),
            "POST",
            "/shop/cart",
            &[("Origin", origin), ("Sec-Fetch-Site", "same-site"), ("Content-Type", "text/plain")],
            "fruit=kiwi",
        )
    };
    let listed = form(api::PAGE_ORIGIN);
    assert_eq!((listed.status, listed.body.as_str()), (201, "added to the cart: fruit=kiwi"));
    let unlisted = form("http://127.0.0.1:8082");
    assert_eq!(unlisted.status, 403, "{unlisted:?}");

    // The live feed: the page on the listed origin exchanges a message; the same page on the
    // unlisted origin is refused before the handler runs (CORS does not cover WebSockets).
    let live = |origin| websocket::open(server.addr(), "/api/live", Some(origin));
    assert_eq!(live(api::PAGE_ORIGIN), Socket::Echoed("echo: hello".to_owned()));
    assert_eq!(live("http://127.0.0.1:8082"), Socket::Refused(403));

    // `max_age` as read at startup (QUICKSTART_MAX_AGE, or the demo's 600).
    let preflight = send(
        server.addr(),
        "OPTIONS",
        "/api/data",
        &[("Origin", api::PAGE_ORIGIN), ("Access-Control-Request-Method", "POST")],
        "",
    );
    assert_eq!(preflight.single_header("access-control-max-age"), Some("600"), "{preflight:?}");
}
