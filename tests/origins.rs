//! `#[cors]` with more origins than are scanned: the macro builds the index that finds a
//! request's origin at compile time, and every listed origin is found through it, over real
//! HTTP on loopback, while look-alikes are not.

use actix_web::{App, HttpResponse, get};
use cors_runtime::cors;
use cors_test_support::raw_http::send;
use cors_test_support::server::LoopbackServer;

/// Twelve exact origins, more than the eight that are scanned rather than indexed, and a
/// pattern.
#[cors(
    origins = [
        "https://tenant1.example.com",
        "https://tenant2.example.com",
        "https://tenant3.example.com",
        "https://tenant4.example.com",
        "https://tenant5.example.com",
        "https://tenant6.example.com",
        "https://tenant7.example.com",
        "https://tenant8.example.com",
        "https://tenant9.example.com",
        "https://tenant10.example.com",
        "http://localhost:3000",
        "https://myapp.com",
        "https://*.preview.myapp.com",
    ],
    credentials,
)]
#[get("/tenants")]
async fn tenants() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn allow_origin(server: &LoopbackServer, origin: &str) -> Option<String> {
    let response = send(server.addr(), "GET", "/tenants", &[("Origin", origin)], "");
    assert_eq!(response.status, 200, "{origin}");
    response.single_header("access-control-allow-origin").map(str::to_owned)
}

#[test]
fn every_literal_origin_is_found_through_the_index_and_lookalikes_are_not() {
    let server = LoopbackServer::start(|| App::new().service(tenants));
    let policy = cors_runtime::routes()
        .into_iter()
        .find(|route| route.handler() == "tenants")
        .expect("the tenants route is linked in")
        .policy();
    let exact: Vec<&str> =
        policy.origins().iter().copied().filter(|origin| !origin.contains('*')).collect();
    assert_eq!(exact.len(), 12, "more origins than are scanned: {exact:?}");
    for origin in exact {
        assert_eq!(allow_origin(&server, origin).as_deref(), Some(origin));
    }
    let preview = "https://pr-7.preview.myapp.com";
    assert_eq!(allow_origin(&server, preview).as_deref(), Some(preview));
    for lookalike in [
        "https://MYAPP.com",
        "https://myapp.com.",
        "https://myapp.com:443",
        "https://myapp.com.evil.example",
        "https://tenant1.example.co",
        "https://tenant11.example.com",
        "http://localhost:3001",
        "https://evil.example",
    ] {
        assert_eq!(allow_origin(&server, lookalike), None, "{lookalike}");
    }
}
