//! Several handlers on one path and method, told apart by their guards, with different
//! policies. A `Host` guard routes a preflight as it routes the real request, so each `#[cors]`
//! handler answers its own preflights with its own policy, and a plain handler's preflights get
//! no grant from a `#[cors]` neighbour. Where a guard reads what a preflight lacks (a header),
//! the handlers whose guards accept the preflight are judged together: granted only when all of
//! their policies allow it, whichever handler was registered first.

use std::sync::OnceLock;

use actix_web::guard::{self, Guard, GuardContext};
use actix_web::web::ServiceConfig;
use actix_web::{App, HttpResponse, delete, patch, put};
use cors_runtime::cors;
use cors_test_support::logs::captured_logs;
use cors_test_support::raw_http::{Response, send};
use cors_test_support::server::LoopbackServer;

const FIRST_PARTY_HOST: &str = "app-api.example.com";
const PUBLIC_HOST: &str = "api.example.com";
const INTERNAL_HOST: &str = "internal.example.com";
const APP_PAGE: &str = "https://app.example.com";
const PARTNER_PAGE: &str = "https://partner.example";
const EVIL_PAGE: &str = "https://evil.example";

fn first_party_host(ctx: &GuardContext<'_>) -> bool {
    guard::Host(FIRST_PARTY_HOST).check(ctx)
}

fn public_host(ctx: &GuardContext<'_>) -> bool {
    guard::Host(PUBLIC_HOST).check(ctx)
}

fn internal_host(ctx: &GuardContext<'_>) -> bool {
    guard::Host(INTERNAL_HOST).check(ctx)
}

/// Accepts every request but the beta clients': a preflight, which carries no such header, too.
fn not_beta(ctx: &GuardContext<'_>) -> bool {
    !guard::Header("x-beta", "1").check(ctx)
}

/// No policy: the internal virtual host relies on "a foreign page cannot send a DELETE".
#[delete("/hosted/items/{id}", guard = "internal_host")]
async fn internal_delete() -> HttpResponse {
    HttpResponse::Ok().body("internal")
}

/// The stable clients: the app's page, with cookies.
#[cors(origins = ["https://app.example.com"], credentials)]
#[patch("/versioned/{id}", guard = "not_beta")]
async fn stable_patch() -> HttpResponse {
    HttpResponse::Ok().body("stable")
}

/// The beta clients (any page, no cookies), told apart by a header a preflight does not carry.
#[cors(origins = ["*"])]
#[patch("/versioned/{id}")]
async fn beta_patch() -> HttpResponse {
    HttpResponse::Ok().body("beta")
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
        .service(internal_delete)
        .service(stable_patch)
        .service(beta_patch)
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
        .service(first_party_order)
        .service(beta_patch)
        .service(stable_patch)
        .service(internal_delete);
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
fn each_handler_answers_the_preflights_its_host_guard_routes_to_it() {
    for (order, server) in ["first-party first", "public first"].into_iter().zip(servers()) {
        // The first-party page's credentialed call with its CSRF header, which the public
        // policy alone would refuse: granted by the first-party policy.
        let own = preflight(
            server,
            FIRST_PARTY_HOST,
            "/hosted/items/1",
            APP_PAGE,
            "DELETE",
            "content-type,x-csrf-token",
        );
        assert_eq!(own.status, 204, "{order}: {own:?}");
        assert_eq!(own.single_header("access-control-allow-origin"), Some(APP_PAGE));
        assert_eq!(own.single_header("access-control-allow-credentials"), Some("true"));
        // The public host grants any page, without credentials.
        let public = preflight(server, PUBLIC_HOST, "/hosted/items/1", EVIL_PAGE, "DELETE", "");
        assert_eq!(public.status, 204, "{order}: {public:?}");
        assert_eq!(public.single_header("access-control-allow-origin"), Some("*"));
        assert_eq!(public.single_header("access-control-allow-credentials"), None);
        // The partner's order is the public host's, with the public policy's cache time.
        let partner =
            preflight(server, PUBLIC_HOST, "/hosted/orders/7", PARTNER_PAGE, "PUT", "content-type");
        assert_eq!(partner.status, 204, "{order}: {partner:?}");
        assert_eq!(partner.single_header("access-control-allow-origin"), Some(PARTNER_PAGE));
        assert_eq!(partner.single_header("access-control-max-age"), Some("60"));
    }
}

#[test]
fn a_host_never_gets_the_grant_of_another_hosts_policy() {
    for (order, server) in ["first-party first", "public first"].into_iter().zip(servers()) {
        let foreign =
            preflight(server, FIRST_PARTY_HOST, "/hosted/items/1", EVIL_PAGE, "DELETE", "");
        assert_refused(&foreign, &format!("{order}: the public policy's `*` on the app's host"));
        let partner =
            preflight(server, FIRST_PARTY_HOST, "/hosted/orders/7", PARTNER_PAGE, "PUT", "");
        assert_refused(&partner, &format!("{order}: the partner on the app's host"));
        let csrf =
            preflight(server, PUBLIC_HOST, "/hosted/orders/7", APP_PAGE, "PUT", "x-csrf-token");
        assert_eq!(csrf.status, 204, "{order}: refused for its header, named to the browser");
        assert_eq!(
            csrf.single_header("access-control-allow-headers"),
            Some("content-type"),
            "{order}: the public host's policy has no x-csrf-token"
        );
    }
}

#[test]
fn a_cors_handlers_preflight_never_preapproves_a_plain_handler_on_the_same_path() {
    for (order, server) in ["first-party first", "public first"].into_iter().zip(servers()) {
        // The public handler allows any page to DELETE; the internal one, on its own host,
        // has no policy at all.
        let response = preflight(server, INTERNAL_HOST, "/hosted/items/1", EVIL_PAGE, "DELETE", "");
        assert_ne!(response.status, 204, "{order}: {response:?}");
        assert!(!response.has_cors_headers(), "{order}: {response:?}");
        // The browser stops there; the DELETE it would have sent reaches the internal handler.
        let headers = [("Host", INTERNAL_HOST), ("Origin", EVIL_PAGE)];
        let delete = send(server.addr(), "DELETE", "/hosted/items/1", &headers, "");
        assert_eq!(delete.body, "internal");
    }
}

#[test]
fn handlers_a_preflight_cannot_tell_apart_grant_only_what_all_allow() {
    for (order, server) in ["first-party first", "public first"].into_iter().zip(servers()) {
        // `*` alone would grant any page; the stable handler, whose guard accepts the preflight
        // too, may take the real call.
        let foreign = preflight(server, FIRST_PARTY_HOST, "/versioned/1", EVIL_PAGE, "PATCH", "");
        assert_refused(&foreign, &format!("{order}, origin {EVIL_PAGE}"));
        let app = preflight(server, FIRST_PARTY_HOST, "/versioned/1", APP_PAGE, "PATCH", "");
        assert_eq!(app.status, 204, "{order}: {app:?}");
        assert_eq!(app.single_header("access-control-allow-origin"), Some(APP_PAGE));
        assert_eq!(
            app.single_header("access-control-allow-credentials"),
            None,
            "{order}: the beta policy allows no credentials"
        );
        assert_eq!(app.single_header("access-control-allow-methods"), Some("PATCH"));
    }
}

#[test]
fn real_requests_still_go_to_the_handler_their_host_selects() {
    for server in servers() {
        for (host, body) in [
            (FIRST_PARTY_HOST, "first-party"),
            (PUBLIC_HOST, "public"),
            (INTERNAL_HOST, "internal"),
        ] {
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
        && line.contains("each answers the preflights its guards accept")));
}
