//! Named policies applied with actix's own `.wrap(..)`: to a `web::scope`, a `web::resource`
//! and a whole `App`, over real HTTP on loopback. Preflights are answered before actix's
//! routing, for any path beneath; every response beneath gets the grant, error responses
//! included; the route report names each application with its prefix. A `#[cors]` route
//! beneath one is `tests/nested.rs`.

use std::sync::OnceLock;

use actix_web::web::{self, Json};
use actix_web::{App, HttpResponse, error};
use cors_test_support::logs::{capture_logs, captured_logs};
use cors_test_support::raw_http::{self, Response, send};
use cors_test_support::server::LoopbackServer;

const APP: &str = "https://app.example.com";
const ADMIN: &str = "https://admin.example.com";
const EVIL: &str = "https://evil.example";

cors_runtime::policy! {
    /// The web app's calls to the API.
    API(
        origins = ["https://app.example.com"],
        methods = [GET, POST, PUT, DELETE],
        headers = ["Content-Type", "X-Request-Id"],
        expose = ["X-Total-Count"],
        max_age = 600,
        credentials,
    );
    /// No `methods`: GET, HEAD and POST.
    FORMS(origins = ["https://app.example.com"], headers = ["Content-Type"]);
    /// The admin pages, for one resource.
    ADMIN_ONLY(origins = ["https://admin.example.com"], methods = [DELETE]);
}

async fn list() -> HttpResponse {
    HttpResponse::Ok().insert_header(("X-Total-Count", "3")).body("[1,2,3]")
}

async fn store(item: Json<serde_json::Value>) -> HttpResponse {
    HttpResponse::Created().json(item.into_inner())
}

async fn broken() -> Result<HttpResponse, actix_web::Error> {
    Err(error::ErrorInternalServerError("deliberate failure"))
}

/// Grants every origin itself, as code copying an upstream's headers does.
async fn leaky() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(("Access-Control-Allow-Origin", "*"))
        .insert_header(("Access-Control-Allow-Credentials", "true"))
        .finish()
}

fn server() -> &'static LoopbackServer {
    static SERVER: OnceLock<LoopbackServer> = OnceLock::new();
    SERVER.get_or_init(|| {
        capture_logs();
        LoopbackServer::start(|| {
            App::new()
                .service(
                    web::scope("/api")
                        .wrap(API)
                        .route("/items", web::get().to(list))
                        .route("/items", web::post().to(store))
                        .route("/items/{id}", web::delete().to(HttpResponse::NoContent))
                        .route("/broken", web::get().to(broken))
                        .route("/leaky", web::get().to(leaky)),
                )
                .service(web::scope("/forms").wrap(FORMS).route("/send", web::post().to(store)))
                .service(
                    web::resource("/admin/cache")
                        .wrap(ADMIN_ONLY)
                        .route(web::delete().to(HttpResponse::NoContent)),
                )
        })
    })
}

fn preflight(path: &str, origin: &str, method: &str, request_headers: Option<&str>) -> Response {
    raw_http::preflight(server().addr(), path, origin, method, request_headers)
}

fn call(method: &str, path: &str, origin: &str) -> Response {
    send(server().addr(), method, path, &[("Origin", origin)], "")
}

#[test]
fn preflights_under_a_wrapped_scope_are_answered_before_routing() {
    // actix's method guards would answer this OPTIONS 404 (no route serves OPTIONS).
    let granted = preflight("/api/items/7", APP, "DELETE", Some("content-type,x-request-id"));
    assert_eq!(granted.status, 204, "{granted:?}");
    assert_eq!(granted.single_header("access-control-allow-origin"), Some(APP));
    assert_eq!(granted.single_header("access-control-allow-credentials"), Some("true"));
    assert_eq!(
        granted.single_header("access-control-allow-methods"),
        Some("GET, POST, PUT, DELETE")
    );
    assert_eq!(
        granted.single_header("access-control-allow-headers"),
        Some("content-type, x-request-id")
    );
    assert_eq!(granted.single_header("access-control-max-age"), Some("600"));
    // Any path under the prefix: the policy covers what the scope will ever serve.
    assert_eq!(preflight("/api/not-yet-written", APP, "PUT", None).status, 204);
    assert_eq!(preflight("/api", APP, "PUT", None).status, 204);
}

#[test]
fn refused_preflights_name_their_cause_or_get_nothing() {
    let origin = preflight("/api/items", EVIL, "PUT", None);
    assert_eq!(origin.status, 403);
    assert!(!origin.has_cors_headers(), "{origin:?}");
    // An allowed origin, a method the policy leaves out: the browser names the method.
    let method = preflight("/api/items", APP, "PATCH", None);
    assert_eq!(method.status, 204);
    assert_eq!(method.single_header("access-control-allow-origin"), Some(APP));
    assert_eq!(
        method.single_header("access-control-allow-methods"),
        Some("GET, POST, PUT, DELETE")
    );
    assert_eq!(method.single_header("access-control-max-age"), None);
    let header = preflight("/api/items", APP, "POST", Some("x-debug"));
    assert_eq!(header.status, 204);
    assert_eq!(
        header.single_header("access-control-allow-headers"),
        Some("content-type, x-request-id")
    );
}

#[test]
fn every_response_under_the_scope_carries_the_grant() {
    for (method, path, status) in [
        ("GET", "/api/items", 200),
        ("POST", "/api/items", 400), // the Json extractor's rejection: no body
        ("GET", "/api/broken", 500),
        ("GET", "/api/missing", 404),
    ] {
        let response = call(method, path, APP);
        assert_eq!(response.status, status, "{method} {path}: {response:?}");
        assert_eq!(
            response.single_header("access-control-allow-origin"),
            Some(APP),
            "{method} {path}"
        );
        assert_eq!(response.single_header("access-control-allow-credentials"), Some("true"));
        assert!(response.header_lines("vary").iter().any(|vary| vary.contains("Origin")));
    }
    let listed = call("GET", "/api/items", APP);
    assert_eq!(listed.single_header("access-control-expose-headers"), Some("x-total-count"));
    let refused = call("GET", "/api/items", EVIL);
    assert_eq!(refused.status, 200, "CORS protects the reader: the request still runs");
    assert_eq!(refused.single_header("access-control-allow-origin"), None);
    assert!(refused.header_lines("vary").iter().any(|vary| vary.contains("Origin")));
}

#[test]
fn headers_set_beneath_are_replaced_by_the_policy() {
    let response = call("GET", "/api/leaky", EVIL);
    assert!(!response.has_cors_headers(), "{response:?}");
    let response = call("GET", "/api/leaky", APP);
    assert_eq!(response.single_header("access-control-allow-origin"), Some(APP));
}

#[test]
fn a_policy_without_methods_allows_what_browsers_send_without_asking() {
    let post = preflight("/forms/send", APP, "POST", Some("content-type"));
    assert_eq!(post.status, 204);
    assert_eq!(post.single_header("access-control-allow-headers"), Some("content-type"));
    let put = preflight("/forms/send", APP, "PUT", None);
    assert_eq!(put.status, 204, "refused for its method, so that the browser names it");
    assert_eq!(put.single_header("access-control-allow-methods"), Some("GET, HEAD, POST"));
}

#[test]
fn a_wrapped_resource_answers_its_preflights() {
    let granted = preflight("/admin/cache", ADMIN, "DELETE", None);
    assert_eq!(granted.status, 204);
    assert_eq!(granted.single_header("access-control-allow-origin"), Some(ADMIN));
    assert_eq!(preflight("/admin/cache", APP, "DELETE", None).status, 403);
    let deleted = call("DELETE", "/admin/cache", ADMIN);
    assert_eq!(deleted.status, 204);
    assert_eq!(deleted.single_header("access-control-allow-origin"), Some(ADMIN));
}

#[test]
fn the_whole_app_can_be_wrapped() {
    let server = LoopbackServer::start(|| {
        App::new().wrap(FORMS).route("/anything/{deep}/path", web::get().to(HttpResponse::Ok))
    });
    let preflight = send(
        server.addr(),
        "OPTIONS",
        "/not/routed",
        &[
            ("Origin", APP),
            ("Access-Control-Request-Method", "POST"),
            ("Access-Control-Request-Headers", "content-type"),
        ],
        "",
    );
    assert_eq!(preflight.status, 204);
    assert_eq!(preflight.single_header("access-control-allow-origin"), Some(APP));
    let response = send(server.addr(), "GET", "/anything/x/path", &[("Origin", APP)], "");
    assert_eq!(response.status, 200);
    assert_eq!(response.single_header("access-control-allow-origin"), Some(APP));
}

#[test]
fn the_report_names_each_application_with_its_prefix() {
    call("GET", "/api/items", APP);
    call("DELETE", "/admin/cache", ADMIN);
    let table = cors_runtime::routes_table();
    let api =
        table.lines().find(|line| line.contains("/api/*")).unwrap_or_else(|| panic!("{table}"));
    assert!(
        api.contains(".wrap(API)") && api.contains("origins: https://app.example.com;"),
        "{api}"
    );
    assert!(api.trim_start().starts_with("GET,POST,PUT,DELETE"), "{api}");
    assert!(table.contains("/admin/cache/*"), "{table}");
    let json = cors_runtime::routes_json();
    let report: serde_json::Value = serde_json::from_str(&json).expect("routes_json is JSON");
    let api = report["routes"]
        .as_array()
        .and_then(|routes| {
            routes.iter().find(|route| route["wrapped"] == true && route["path"] == "/api")
        })
        .unwrap_or_else(|| panic!("{json}"));
    assert_eq!(api["handler"], ".wrap(API)");
    assert_eq!(api["policy"], "API");
    assert_eq!(api["methods"], serde_json::json!(["GET", "POST", "PUT", "DELETE"]));
    assert_eq!(
        (&api["credentials"], &api["reject_unlisted_writes"]),
        (&serde_json::json!(true), &serde_json::json!(false))
    );
}

#[test]
fn the_prefix_is_read_from_the_segments_place_not_from_the_first_request_text() {
    cors_runtime::policy! {
        /// Applied to one scope with a dynamic segment.
        PROFILES(origins = ["https://app.example.com"]);
    }
    let server = LoopbackServer::start(|| {
        App::new().service(
            web::scope("/users/{id}")
                .wrap(PROFILES)
                .route("/posts", web::post().to(HttpResponse::Ok)),
        )
    });
    // The segment's value also appears earlier in the path: a text search put `{id}` there.
    send(server.addr(), "POST", "/users/users/posts", &[("Origin", APP)], "");
    let report: serde_json::Value =
        serde_json::from_str(&cors_runtime::routes_json()).expect("routes_json is JSON");
    let paths: Vec<&serde_json::Value> = report["routes"]
        .as_array()
        .expect("routes")
        .iter()
        .filter(|route| route["policy"] == "PROFILES")
        .map(|route| &route["path"])
        .collect();
    assert_eq!(paths, [&serde_json::json!("/users/{id}")], "{report}");
}

#[test]
fn each_application_and_its_prefix_are_logged_once() {
    call("GET", "/api/items", APP);
    call("GET", "/api/items", APP);
    let logs = captured_logs();
    let applied: Vec<&String> = logs
        .iter()
        .filter(|line| line.starts_with("CORS policy `API` is applied with .wrap(API)"))
        .collect();
    assert_eq!(applied.len(), 1, "{logs:#?}");
    let covers: Vec<&String> = logs
        .iter()
        .filter(|line| *line == "CORS policy `API` (.wrap(API)) covers /api/*")
        .collect();
    assert_eq!(covers.len(), 1, "{logs:#?}");
}

#[test]
fn refusals_under_a_wrapped_policy_say_where_to_fix_them() {
    preflight("/forms/send", "https://forms-refusal.example", "POST", None);
    let logs = captured_logs();
    assert!(
        logs.iter().any(|line| line.contains("\"https://forms-refusal.example\"")
            && line.contains("in the policy `FORMS` (used by `.wrap(FORMS)`)")),
        "{logs:#?}"
    );
}
