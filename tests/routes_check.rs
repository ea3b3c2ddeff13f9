//! `cors-check routes` against the quickstart's API over HTTP on loopback: the report the API
//! itself produces (`cors_runtime::routes_json()`) must pass route by route, and a report the
//! server does not match must fail on the route that differs, with the cause.

use std::sync::OnceLock;
use std::time::Duration;

use actix_web::App;
use cors_check_core::http::HttpTransport;
use cors_check_core::routes::{
    MethodStatus, Route, RoutesPlan, RoutesResult, UnsafeCalls, parse_routes,
};
use cors_test_support::raw_http::send;
use cors_test_support::server::LoopbackServer;
use quickstart_api as api;

/// The quickstart API, with the demo page's origins loaded as its main loads them.
fn server() -> &'static LoopbackServer {
    static SERVER: OnceLock<LoopbackServer> = OnceLock::new();
    SERVER.get_or_init(|| {
        cors_runtime::init_with(api::demo_default)
            .expect("the demo page's origins are valid origins");
        LoopbackServer::start(|| App::new().configure(api::configure))
    })
}

fn quickstart_routes() -> Vec<Route> {
    // A policy applied with `.wrap(..)` learns its prefix from its first request.
    send(server().addr(), "GET", "/shop/cart", &[], "");
    parse_routes(&cors_runtime::routes_json()).expect("the quickstart's report is checkable")
}

fn check(routes: &[Route], unsafe_calls: UnsafeCalls) -> RoutesResult {
    let plan =
        RoutesPlan::new(routes, &server().url(""), unsafe_calls).expect("calls for every route");
    let transport = HttpTransport::new(Duration::from_secs(10));
    plan.run(|request| transport.send(request)).expect("the API answers on loopback")
}

fn route<'a>(routes: &'a mut [Route], handler: &str) -> &'a mut Route {
    routes
        .iter_mut()
        .find(|route| route.handler == handler)
        .expect("the quickstart has the handler")
}

#[test]
fn every_quickstart_route_behaves_as_its_report_says() {
    let routes = quickstart_routes();
    for unsafe_calls in [UnsafeCalls::Send, UnsafeCalls::PreflightOnly] {
        let result = check(&routes, unsafe_calls);
        assert!(result.passed(), "{unsafe_calls:?}:\n{result}");
        let checked: Vec<(&str, &str, MethodStatus)> = result
            .methods
            .iter()
            .map(|method| {
                (method.plan().method(), method.plan().route().handler.as_str(), method.status())
            })
            .collect();
        assert_eq!(
            checked,
            [
                ("GET", "admin", MethodStatus::Ok),
                ("GET", "read_data", MethodStatus::Ok),
                ("POST", "write_data", MethodStatus::Ok),
                ("GET", "live", MethodStatus::Ok),
                ("GET", "public_data", MethodStatus::Ok),
                ("GET", "status", MethodStatus::Ok),
                ("GET", ".wrap(PAGE)", MethodStatus::Ok),
                ("POST", ".wrap(PAGE)", MethodStatus::Ok),
            ],
            "{unsafe_calls:?}:\n{result}"
        );
        let text = result.to_string();
        assert!(
            text.contains("read_data   2 origins, foreign origin blocked, x-total-count exposed"),
            "{text}"
        );
        assert!(text.ends_with("all 8 route methods behave as their policies say\n"), "{text}");
    }
}

#[test]
fn a_report_the_server_does_not_match_fails_on_that_route_with_the_cause() {
    let mut routes = quickstart_routes();
    // The deployment's QUICKSTART_PAGE_ORIGINS differs from the one the report was made with.
    route(&mut routes, "write_data").origins.push("https://app.example.com".to_owned());
    // The report claims credentials the route's policy does not grant.
    route(&mut routes, "status").credentials = true;
    let result = check(&routes, UnsafeCalls::Send);
    assert!(!result.passed());
    let text = result.to_string();
    let failing: Vec<&str> = text.lines().filter(|line| line.starts_with("FAIL")).collect();
    assert_eq!(failing.len(), 2, "{text}");
    assert!(
        failing[0].starts_with(
            "FAIL POST /api/data   write_data: from https://app.example.com: blocked — Access to \
             fetch at 'http://127.0.0.1:"
        ) && failing[0].contains(
            "Response to preflight request doesn't pass access control check: No \
             'Access-Control-Allow-Origin' header is present on the requested resource.; fix: \
             add \"https://app.example.com\" to `origins`"
        ),
        "{text}"
    );
    assert!(
        failing[1].starts_with("FAIL GET  /v1/status  status: from http://127.0.0.1:8081: blocked")
            && failing[1].contains("The value of the 'Access-Control-Allow-Credentials' header in the response is '' which must be 'true' when the request's credentials mode is 'include'.")
            && failing[1].ends_with("; fix: add `credentials` (the origins must then be listed exactly, not \"*\")"),
        "{text}"
    );
    assert!(text.ends_with("2 of 8 route methods do not behave as their policies say\n"), "{text}");
}
