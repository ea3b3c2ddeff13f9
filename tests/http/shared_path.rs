//! Two `#[cors]` handlers on one path and method, told apart by a `Host` guard, with different
//! policies. The guard routes the real request, but a preflight cannot be routed that way, so
//! it is granted only when both policies allow it, whichever handler was registered first.

use std::sync::OnceLock;

use actix_web::guard::{self, Guard, GuardContext};
use actix_web::web::ServiceConfig;
use actix_web::{App, HttpResponse, delete, put};
use cors_runtime::cors;
use cors_test_support::logs::captured_logs;
use cors_test_support::raw_http::{Response, send};
use cors_test_support::server::LoopbackServer;

const FIRST_PARTY_HOST: &str = "app-api.example.com";
const PUBLIC_HOST: &str = "api.example.com";
const APP_PAGE: &str = "https://app.example.com";
const PARTNER_PAGE: &str = "https://partner.example";
const EVIL_PAGE: &str = "https://evil.example";

fn first_party_host(ctx: &GuardContext<'_>) -> bool {
    guard::Host(FIRST_PARTY_HOST).check(ctx)
}

fn public_host(ctx: &GuardContext<'_>) -> bool {
    guard::Host(PUBLIC_HOST).check(ctx)
}

/// The first-party app deletes with its cookies and a CSRF header.
#[cors(origins = ["https://app.example.com"], headers = ["Content-Type", "X-Csrf-Token"], credentials)]
#[delete("/hosted/items/{id}", guard = "first_party_host")]
async fn first_party_delete() -> HttpResponse {
    HttpResponse::Ok().body("first-party")
}

/// The public API lets any page delete, without credentials.
#[cors(origins = ["*"], headers = ["*"])]
#[delete("/hosted/items/{item}", guard = "public_host")]
async fn public_delete() -> HttpResponse {
    HttpResponse::Ok().body("public")
}

#[cors(
    origins = ["https://app.example.com"],
    headers = ["Content-Type", "X-Csrf-Token"],
    max_age = 600,
    credentials,
)]
#[put("/hosted/orders/{id}", guard = "first_party_host")]
async fn first_party_order() -> HttpResponse {
    HttpResponse::Ok().body("first-party")
}

/// Partners and the app's own page, with cookies, but no CSRF header.
#[cors(
    origins = ["https://app.example.com", "https://partner.example"],
    headers = ["Content-Type"],
    max_age = 60,
    credentials,
)]
#[put("/hosted/orders/{id}", guard = "public_host")]
async fn partner_order() -> HttpResponse {
    HttpResponse::Ok().body("partner")
}

/// Compiled in, but registered in no app: its policy (which refuses every page above) must not
/// take part in the preflights of the handlers that are, or every test here would fail.
#[cors(origins = ["https://unrelated.example"])]
#[delete("/hosted/items/{id}", guard = "public_host")]
async fn never_registered() -> HttpResponse {
    HttpResponse::Ok().body("unused")
}

fn first_party_first(config: &mut ServiceConfig) {
    config
        .service(first_party_delete)
        .service(public_delete)
        .service(first_party_order)
        .service(partner_order);
}

fn public_first(config: &mut ServiceConfig) {
    config
        .service(public_delete)
        .service(first_party_delete)
        .service(partner_order)
        .service(first_party_order);
}

/// A server for each registration order.
fn servers() -> [&'static LoopbackServer; 2] {
    static FIRST_PARTY_FIRST: OnceLock<LoopbackServer> = OnceLock::new();
    static PUBLIC_FIRST: OnceLock<LoopbackServer> = OnceLock::new();
    [
        FIRST_PARTY_FIRST
            .get_or_init(|| LoopbackServer::start(|| App::new().configure(first_party_first))),
        PUBLIC_FIRST.get_or_init(|| LoopbackServer::start(|| App::new().configure(public_first))),
    ]
}

fn preflight(
    server: &LoopbackServer,
    host: &str,
    path: &str,
    origin: &str,
    method: &str,
    request_headers: &str,
) -> Response {
    let mut headers =
        vec![("Host", host), ("Origin", origin), ("Access-Control-Request-Method", method)];
    if !request_headers.is_empty() {
        headers.push(("Access-Control-Request-Headers", request_headers));
    }
    send(server.addr(), "OPTIONS", path, &headers, "")
}

fn assert_refused(response: &Response, case: &str) {
    assert_eq!(response.status, 403, "{case}: {response:?}");
    assert!(!response.has_cors_headers(), "{case}: {response:?}");
}

#[test]
fn public_policy_never_preapproves_what_the_first_party_policy_refuses() {
    for (order, server) in ["first-party first", "public first"].into_iter().zip(servers()) {
        for host in [FIRST_PARTY_HOST, PUBLIC_HOST] {
            let case = format!("{order}, Host {host}");
            let foreign = preflight(server, host, "/hosted/items/1", EVIL_PAGE, "DELETE", "");
            assert_refused(&foreign, &format!("{case}, origin {EVIL_PAGE}"));
            let header = preflight(server, host, "/hosted/items/1", APP_PAGE, "DELETE", "x-debug");
            assert_refused(&header, &format!("{case}, header x-debug"));
        }
    }
}

#[test]
fn preflight_both_policies_allow_gets_only_what_both_allow() {
    for (order, server) in ["first-party first", "public first"].into_iter().zip(servers()) {
        let response = preflight(
            server,
            FIRST_PARTY_HOST,
            "/hosted/items/1",
            APP_PAGE,
            "DELETE",
            "content-type",
        );
        assert_eq!(response.status, 204, "{order}: {response:?}");
        assert_eq!(response.single_header("access-control-allow-origin"), Some(APP_PAGE));
        assert_eq!(
            response.single_header("access-control-allow-credentials"),
            None,
            "{order}: the public policy allows no credentials"
        );
        assert_eq!(response.single_header("access-control-allow-methods"), Some("DELETE"));
        assert_eq!(response.single_header("access-control-allow-headers"), Some("content-type"));
    }
}

#[test]
fn first_party_credentialed_preflight_both_policies_allow_is_granted() {
    for (order, server) in ["first-party first", "public first"].into_iter().zip(servers()) {
        let response = preflight(
            server,
            FIRST_PARTY_HOST,
            "/hosted/orders/7",
            APP_PAGE,
            "PUT",
            "content-type",
        );
        assert_eq!(response.status, 204, "{order}: {response:?}");
        assert_eq!(response.single_header("access-control-allow-origin"), Some(APP_PAGE));
        assert_eq!(response.single_header("access-control-allow-credentials"), Some("true"));
        assert_eq!(response.single_header("access-control-allow-methods"), Some("PUT"));
        assert_eq!(response.single_header("access-control-allow-headers"), Some("content-type"));
        assert_eq!(
            response.single_header("access-control-max-age"),
            Some("60"),
            "{order}: the shorter of the two"
        );
        for (origin, request_headers) in
            [(PARTNER_PAGE, "content-type"), (APP_PAGE, "x-csrf-token")]
        {
            let refused =
                preflight(server, PUBLIC_HOST, "/hosted/orders/7", origin, "PUT", request_headers);
            assert_refused(&refused, &format!("{order}, {origin} with {request_headers}"));
        }
    }
}

#[test]
fn real_requests_still_go_to_the_handler_their_host_selects() {
    for server in servers() {
        for (host, body) in [(FIRST_PARTY_HOST, "first-party"), (PUBLIC_HOST, "public")] {
            let headers = [("Host", host), ("Origin", APP_PAGE)];
            let response = send(server.addr(), "DELETE", "/hosted/items/1", &headers, "");
            assert_eq!(response.body, body);
        }
    }
}

#[test]
fn route_report_names_the_handlers_that_share_a_path_and_method() {
    super::server();
    let table = cors_runtime::routes_table();
    let note = |path: &str| {
        table
            .lines()
            .find(|line| line.contains(path) && line.contains("different policies"))
            .unwrap_or_else(|| panic!("a note on {path} in:\n{table}"))
            .to_owned()
    };
    let items = note("DELETE /hosted/items/{id}");
    assert!(items.contains("`first_party_delete`") && items.contains("`public_delete`"), "{items}");
    let orders = note("PUT /hosted/orders/{id}");
    assert!(
        orders.contains("`first_party_order`") && orders.contains("`partner_order`"),
        "{orders}"
    );
    assert!(
        !table
            .lines()
            .any(|line| line.contains("different policies") && line.contains("/api/data")),
        "GET and POST /api/data are different methods:\n{table}"
    );
    cors_runtime::log_routes();
    assert!(captured_logs().iter().any(|line| line.contains("`partner_order`")
        && line.contains("granted only when every one of them allows it")));
}
