//! `#[cors]` with a `*` inside a label, loopback hosts on any port and `dev_origins`, over real
//! HTTP on loopback: the origins they stand for are granted, with credentials, on preflights and
//! requests; every other origin gets nothing. `cors-check routes` tries a sample of each pattern
//! and a look-alike it must refuse.

use std::time::Duration;

use actix_web::{App, HttpRequest, HttpResponse, get, post, web};
use cors_check_core::http::HttpTransport;
use cors_check_core::routes::{RoutesPlan, RoutesResult, UnsafeCalls, parse_routes};
use cors_runtime::cors;
use cors_test_support::raw_http::{Response, send};
use cors_test_support::server::LoopbackServer;
use serde_json::Value;

#[cors(
    origins = ["https://preview-*.myapp.com", "https://*-staging.myapp.com:8443", "http://localhost:*", "http://[::1]:*"],
    headers = ["Content-Type"],
    credentials,
)]
#[post("/previews")]
async fn previews() -> HttpResponse {
    HttpResponse::Ok().finish()
}

#[cors(origins = ["https://myapp.com"], dev_origins = ["http://127.0.0.1:*"], credentials)]
#[get("/dev")]
async fn dev() -> HttpResponse {
    HttpResponse::Ok().finish()
}

/// What an `allowed_origin_fn` matching `starts_with("http://localhost")` does: every origin
/// that starts so is echoed, with credentials.
async fn prefix_matcher(request: HttpRequest) -> HttpResponse {
    let mut response = HttpResponse::Ok();
    if let Some(origin) = request.headers().get("origin")
        && origin.as_bytes().starts_with(b"http://localhost")
    {
        response.insert_header(("Access-Control-Allow-Origin", origin.clone()));
        response.insert_header(("Access-Control-Allow-Credentials", "true"));
    }
    response.finish()
}

fn server() -> LoopbackServer {
    LoopbackServer::start(|| {
        App::new()
            .service(previews)
            .service(dev)
            .route("/prefix-matcher", web::get().to(prefix_matcher))
    })
}

fn preflight(server: &LoopbackServer, origin: &str) -> Response {
    let headers = [
        ("Origin", origin),
        ("Access-Control-Request-Method", "POST"),
        ("Access-Control-Request-Headers", "content-type"),
    ];
    send(server.addr(), "OPTIONS", "/previews", &headers, "")
}

/// The origin and credentials a response grants.
fn grant(response: &Response) -> Option<(&str, Option<&str>)> {
    let origin = response.single_header("access-control-allow-origin")?;
    Some((origin, response.single_header("access-control-allow-credentials")))
}

#[test]
fn label_and_port_patterns_grant_the_origins_they_stand_for_with_credentials() {
    let server = server();
    for origin in [
        "https://preview-1.myapp.com",
        "https://preview-pr-42.myapp.com",
        "https://feature-x-staging.myapp.com:8443",
        "http://localhost",
        "http://localhost:1",
        "http://localhost:5173",
        "http://localhost:65535",
        "http://[::1]:8080",
    ] {
        let answer = preflight(&server, origin);
        assert_eq!(answer.status, 204, "{origin}: {answer:?}");
        assert_eq!(grant(&answer), Some((origin, Some("true"))), "{origin}");
        let call = send(server.addr(), "POST", "/previews", &[("Origin", origin)], "");
        assert_eq!(grant(&call), Some((origin, Some("true"))), "{origin}");
    }
}

#[test]
fn lookalikes_of_label_and_port_patterns_get_nothing() {
    let server = server();
    for origin in [
        "https://preview-.myapp.com",
        "https://preview-a.b.myapp.com",
        "https://preview-1.myapp.com.evil.test",
        "https://preview-1.myapp.com:8443",
        "https://Preview-1.myapp.com",
        "https://xpreview-1.myapp.com",
        "https://a.preview-1.myapp.com",
        "http://preview-1.myapp.com",
        "https://myapp.com",
        "https://feature-x-staging.myapp.com",
        "https://-staging.myapp.com:8443",
        "http://localhost.evil.test:3000",
        "http://localhost.evil.test",
        "http://127.0.0.1.evil.test",
        "http://localhost:03000",
        "http://localhost:65536",
        "http://localhost:",
        "http://localhost:80",
        "https://localhost:3000",
        "http://127.0.0.1:3000",
        "http://[::2]:8080",
    ] {
        let answer = preflight(&server, origin);
        assert_eq!((answer.status, grant(&answer)), (403, None), "{origin}: {answer:?}");
        let call = send(server.addr(), "POST", "/previews", &[("Origin", origin)], "");
        assert_eq!(grant(&call), None, "{origin}: {call:?}");
    }
}

/// `cargo test` builds with `debug_assertions`, where `dev_origins` are allowed; under
/// `cargo test --release` this test expects them refused and unlisted, which
/// `tests/release_build/` checks in every run.
#[test]
fn dev_origins_are_allowed_in_debug_builds_only() {
    let server = server();
    let dev_server = "http://127.0.0.1:5173";
    let call = send(server.addr(), "GET", "/dev", &[("Origin", dev_server)], "");
    let expected = cfg!(debug_assertions).then_some((dev_server, Some("true")));
    assert_eq!(grant(&call), expected, "{call:?}");
    let production = send(server.addr(), "GET", "/dev", &[("Origin", "https://myapp.com")], "");
    assert_eq!(grant(&production), Some(("https://myapp.com", Some("true"))));
    let route = cors_runtime::routes().into_iter().find(|route| route.handler() == "dev");
    let listed = route.expect("the dev route is linked in").policy().origins().to_vec();
    let in_debug: &[&str] = &["https://myapp.com", "http://127.0.0.1:*"];
    let in_release: &[&str] = &["https://myapp.com"];
    assert_eq!(listed, if cfg!(debug_assertions) { in_debug } else { in_release });
}

fn check_routes(server: &LoopbackServer, report: &str) -> RoutesResult {
    let routes = parse_routes(report).expect("the report parses");
    let plan = RoutesPlan::new(&routes, &server.url(""), UnsafeCalls::Send).expect("calls");
    let transport = HttpTransport::new(Duration::from_secs(10));
    plan.run(|request| transport.send(request)).expect("the server answers on loopback")
}

/// Each call's origin and the verdict the policy expects, for the route of `handler`.
fn calls_of(result: &RoutesResult, handler: &str) -> Vec<(String, String)> {
    let json: Value = serde_json::from_str(&result.to_json()).expect("JSON");
    let route = json["routes"].as_array().unwrap().iter().find(|route| route["handler"] == handler);
    let calls = route.expect("the route was checked")["calls"].as_array().unwrap().clone();
    calls
        .iter()
        .map(|call| (call["origin"].as_str().unwrap().to_owned(), call["expected"].to_string()))
        .collect()
}

#[test]
fn cors_check_routes_tries_a_sample_of_each_pattern_and_its_lookalike() {
    let server = server();
    let result = check_routes(&server, &cors_runtime::routes_json());
    assert!(result.passed(), "{result}");
    let (allowed, blocked) = ("\"allowed\"".to_owned(), "\"blocked\"".to_owned());
    let expected = [
        ("https://preview-cors-check.myapp.com", &allowed),
        ("https://cors-check-staging.myapp.com:8443", &allowed),
        ("http://localhost:5173", &allowed),
        ("http://[::1]:5173", &allowed),
        ("https://preview-cors-check.myapp.com.cors-check.invalid", &blocked),
        ("https://cors-check-staging.myapp.com.cors-check.invalid:8443", &blocked),
        ("http://localhost.cors-check.invalid:5173", &blocked),
        ("https://cors-check.invalid", &blocked),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(origin, verdict)| ((*origin).to_owned(), (*verdict).clone()))
        .collect();
    assert_eq!(calls_of(&result, "previews"), expected);
}

#[test]
fn cors_check_routes_fails_a_server_that_grants_a_lookalike() {
    let server = server();
    // The report of a route whose policy is `http://localhost:*`, for the prefix matcher.
    let report = r#"{"format":1,"routes":[{"handler":"prefix_matcher","policy":null,
        "path":"/prefix-matcher","methods":["GET"],"allowed_methods":["GET"],
        "origins":["http://localhost:*"],"origins_env":null,"headers":[],"expose":[],
        "credentials":true,"max_age":null}]}"#;
    let result = check_routes(&server, report);
    assert!(!result.passed(), "{result}");
    let problems = result.methods[0].problems();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].starts_with(
            "from http://localhost.cors-check.invalid:5173, which the policy does not list: allowed"
        ),
        "{problems:?}"
    );
}
