//! `#[cors]` over real HTTP on loopback: preflights, grants on every kind of response, `Vary`,
//! look-alike origins, several handlers on one path, scopes, and the log of refusals.

use std::sync::OnceLock;

use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::middleware::{Next, from_fn};
use actix_web::web::{self, Json, ServiceConfig};
use actix_web::{App, HttpResponse, Responder, body::MessageBody, get, post, put, route, routes};
use cors_runtime::cors;
use cors_test_support::logs::{capture_logs, captured_logs};
use cors_test_support::raw_http::{Response, send};
use cors_test_support::server::LoopbackServer;

const APP: &str = "https://myapp.com";
const ADMIN: &str = "https://admin.myapp.com";

#[cors(
    origins = ["https://myapp.com", "https://*.preview.myapp.com", "http://localhost:3000"],
    headers = ["Content-Type", "X-Request-Id"],
    expose = ["X-Total-Count"],
    max_age = 600,
    credentials,
)]
#[get("/api/data")]
async fn read_data() -> HttpResponse {
    HttpResponse::Ok().insert_header(("X-Total-Count", "2")).body("[1,2]")
}

/// The same path as `read_data`, with its own policy: only the admin page may write.
#[cors(origins = ["https://admin.myapp.com"], headers = ["content-type"], credentials)]
#[post("/api/data", wrap = "from_fn(deny_without_token)")]
async fn write_data(_item: Json<serde_json::Value>) -> HttpResponse {
    HttpResponse::Created().finish()
}

async fn deny_without_token(
    request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    if request.headers().contains_key("x-token") || request.headers().contains_key("x-fail-me") {
        next.call(request).await
    } else {
        Err(actix_web::error::ErrorUnauthorized("missing x-token"))
    }
}

#[cors(origins = ["*"], headers = ["*"], expose = ["*"])]
#[get("/public")]
async fn public() -> HttpResponse {
    HttpResponse::Ok().insert_header((header::VARY, "Accept-Encoding")).body("hello")
}

#[cors(origins = ["https://myapp.com"])]
#[put("/fails")]
async fn fails() -> Result<HttpResponse, actix_web::Error> {
    Err(actix_web::error::ErrorInternalServerError("boom"))
}

#[cors(origins = ["https://myapp.com"], methods = [GET])]
#[route("/narrow", method = "GET", method = "DELETE")]
async fn narrow() -> HttpResponse {
    HttpResponse::Ok().finish()
}

#[cors(origins = ["https://myapp.com"], headers = ["X-Custom"])]
#[routes]
#[get("/multi/a")]
#[delete("/multi/b")]
async fn multi() -> HttpResponse {
    HttpResponse::Ok().finish()
}

#[cors(origins = ["https://myapp.com"])]
#[get("/items/{id}", name = "item")]
async fn item(request: actix_web::HttpRequest, id: web::Path<u32>) -> impl Responder {
    let url = request.url_for("item", [id.to_string()]).expect("named resource");
    HttpResponse::Ok().body(url.path().to_owned())
}

fn has_api_key(ctx: &actix_web::guard::GuardContext<'_>) -> bool {
    ctx.head().headers().contains_key("x-api-key")
}

/// The user's guard decides the route's own requests; preflights never carry the key.
#[cors(origins = ["https://myapp.com"], headers = ["X-Api-Key"])]
#[get("/keyed", guard = "has_api_key")]
async fn keyed() -> HttpResponse {
    HttpResponse::Ok().body("keyed")
}

/// An app-level `OPTIONS` handler that is not about CORS: it must still get plain `OPTIONS`.
async fn options_handler() -> HttpResponse {
    HttpResponse::Ok().insert_header(("Allow", "GET, POST, OPTIONS")).finish()
}

#[actix_web::scope("/v2")]
mod v2 {
    use super::*;

    #[cors(origins = ["https://myapp.com"], headers = ["X-Version"])]
    #[get("/status")]
    pub async fn status() -> HttpResponse {
        HttpResponse::Ok().body("v2")
    }
}

fn app(config: &mut ServiceConfig) {
    config
        .service(read_data)
        .service(write_data)
        .service(public)
        .service(fails)
        .service(narrow)
        .service(multi)
        .service(item)
        .service(keyed)
        .service(web::scope("/v1").service(web::scope("/nested").service(read_data)))
        .service(v2::status)
        .route("/api/data", web::method(actix_web::http::Method::OPTIONS).to(options_handler));
}

fn server() -> &'static LoopbackServer {
    static SERVER: OnceLock<LoopbackServer> = OnceLock::new();
    SERVER.get_or_init(|| {
        capture_logs();
        LoopbackServer::start(|| App::new().configure(app))
    })
}

fn preflight(path: &str, origin: &str, method: &str, request_headers: &[&str]) -> Response {
    let mut headers = vec![("Origin", origin), ("Access-Control-Request-Method", method)];
    headers.extend(request_headers.iter().map(|value| ("Access-Control-Request-Headers", *value)));
    send(server().addr(), "OPTIONS", path, &headers, "")
}

fn get(path: &str, origin: Option<&str>) -> Response {
    let headers: Vec<(&str, &str)> = origin.map(|origin| ("Origin", origin)).into_iter().collect();
    send(server().addr(), "GET", path, &headers, "")
}

#[test]
fn preflight_allowed_gets_204_with_every_grant_header() {
    let response = preflight("/api/data", APP, "GET", &["content-type,x-request-id"]);
    assert_eq!(response.status, 204, "{response:?}");
    assert_eq!(response.single_header("access-control-allow-origin"), Some(APP));
    assert_eq!(response.single_header("access-control-allow-credentials"), Some("true"));
    // GET needs no Access-Control-Allow-Methods: the browser allows safelisted methods anyway.
    assert_eq!(response.single_header("access-control-allow-methods"), None);
    assert_eq!(
        response.single_header("access-control-allow-headers"),
        Some("content-type, x-request-id")
    );
    assert_eq!(response.single_header("access-control-max-age"), Some("600"));
    // Responses to OPTIONS are not cached, so they carry no Vary.
    assert_eq!(response.single_header("vary"), None);
}

#[test]
fn preflight_without_requested_headers_sends_no_allow_headers() {
    let response = preflight("/api/data", APP, "GET", &[]);
    assert_eq!(response.status, 204);
    assert_eq!(response.single_header("access-control-allow-headers"), None);
}

#[test]
fn preflight_reads_requested_headers_with_spaces_mixed_case_and_several_lines() {
    for lines in [
        &["Content-Type, X-Request-ID"][..],
        &[" x-request-id ,, content-type "],
        &["content-type", "X-REQUEST-ID"],
    ] {
        let response = preflight("/api/data", APP, "GET", lines);
        assert_eq!(response.status, 204, "{lines:?}: {response:?}");
    }
}

#[test]
fn preflight_refuses_unlisted_header_with_403_and_no_cors_headers() {
    for lines in [&["x-custom"][..], &["content-type", "x-custom"], &["content-type,authorization"]]
    {
        let response = preflight("/api/data", APP, "GET", lines);
        assert_eq!(response.status, 403, "{lines:?}");
        assert!(!response.has_cors_headers(), "{response:?}");
    }
}

#[test]
fn preflight_refuses_lookalike_origins() {
    for origin in [
        "https://myapp.com.evil.com",
        "https://evilmyapp.com",
        "http://myapp.com",
        "https://myapp.com:8443",
        "null",
        "https://preview.myapp.com",
        "https://x.preview.myapp.com.evil.com",
    ] {
        let response = preflight("/api/data", origin, "GET", &[]);
        assert_eq!(response.status, 403, "{origin}");
        assert!(!response.has_cors_headers(), "{origin}: {response:?}");
    }
}

#[test]
fn subdomain_patterns_echo_the_requesting_origin() {
    let origin = "https://pr-42.preview.myapp.com";
    let response = preflight("/api/data", origin, "GET", &[]);
    assert_eq!(response.status, 204);
    assert_eq!(response.single_header("access-control-allow-origin"), Some(origin));
    assert_eq!(
        get("/api/data", Some(origin)).single_header("access-control-allow-origin"),
        Some(origin)
    );
}

#[test]
fn handlers_on_one_path_answer_preflights_for_their_own_method() {
    assert_eq!(preflight("/api/data", APP, "GET", &[]).status, 204);
    assert_eq!(preflight("/api/data", APP, "POST", &["content-type"]).status, 403);
    let admin = preflight("/api/data", ADMIN, "POST", &["content-type"]);
    assert_eq!(admin.status, 204);
    assert_eq!(admin.single_header("access-control-allow-origin"), Some(ADMIN));
    assert_eq!(admin.single_header("access-control-allow-methods"), None, "POST is safelisted");
    assert_eq!(preflight("/api/data", ADMIN, "GET", &[]).status, 403);
}

#[test]
fn preflight_for_a_method_nobody_serves_falls_through() {
    let response = preflight("/api/data", APP, "DELETE", &[]);
    assert!(!response.has_cors_headers(), "{response:?}");
    assert_ne!(response.status, 204);
}

#[test]
fn plain_options_reaches_the_apps_own_handler() {
    let response = send(server().addr(), "OPTIONS", "/api/data", &[("Origin", APP)], "");
    assert_eq!(response.status, 200);
    assert_eq!(response.single_header("allow"), Some("GET, POST, OPTIONS"));
    assert!(!response.has_cors_headers());
}

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
    let response = preflight("/public", "https://anyone.example", "GET", &["authorization"]);
    assert_eq!(response.status, 403);
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
fn method_outside_the_policy_is_refused_in_preflight_and_not_granted() {
    assert_eq!(preflight("/narrow", APP, "GET", &[]).status, 204);
    assert_eq!(preflight("/narrow", APP, "DELETE", &[]).status, 403);
    let delete = send(server().addr(), "DELETE", "/narrow", &[("Origin", APP)], "");
    assert_eq!(delete.status, 200);
    assert!(!delete.has_cors_headers());
}

#[test]
fn routes_attribute_gets_a_preflight_per_path() {
    let a = preflight("/multi/a", APP, "GET", &["x-custom"]);
    assert_eq!(a.status, 204);
    let b = preflight("/multi/b", APP, "DELETE", &["x-custom"]);
    assert_eq!(b.status, 204);
    assert_eq!(b.single_header("access-control-allow-methods"), Some("GET, DELETE"));
    assert_ne!(preflight("/multi/a", APP, "DELETE", &[]).status, 204);
    let delete = send(server().addr(), "DELETE", "/multi/b", &[("Origin", APP)], "");
    assert_eq!(delete.single_header("access-control-allow-origin"), Some(APP));
}

#[test]
fn route_names_and_path_parameters_keep_working() {
    let response = get("/items/7", Some(APP));
    assert_eq!(response.body, "/items/7");
    assert_eq!(response.single_header("access-control-allow-origin"), Some(APP));
    assert_eq!(preflight("/items/7", APP, "GET", &[]).status, 204);
}

#[test]
fn scoped_routes_get_their_preflight_under_the_scope() {
    let response = preflight("/v1/nested/api/data", APP, "GET", &["x-request-id"]);
    assert_eq!(response.status, 204);
    assert_eq!(
        get("/v1/nested/api/data", Some(APP)).single_header("access-control-allow-origin"),
        Some(APP)
    );
    let v2 = preflight("/v2/status", APP, "GET", &["x-version"]);
    assert_eq!(v2.status, 204);
    assert_eq!(get("/v2/status", Some(APP)).body, "v2");
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

#[test]
fn refused_preflight_is_logged_with_the_fix() {
    preflight("/api/data", "https://unknown.example", "GET", &[]);
    preflight("/api/data", APP, "GET", &["x-secret"]);
    preflight("/narrow", APP, "DELETE", &[]);
    let logs = captured_logs();
    let origin_refusal = logs
        .iter()
        .find(|line| line.contains("https://unknown.example"))
        .expect("origin refusal logged");
    assert!(origin_refusal.contains("`read_data`"), "{origin_refusal}");
    assert!(
        origin_refusal.contains("add \"https://unknown.example\" to `origins`"),
        "{origin_refusal}"
    );
    let header_refusal =
        logs.iter().find(|line| line.contains("x-secret")).expect("header refusal logged");
    assert!(header_refusal.contains("add \"x-secret\" to `headers`"), "{header_refusal}");
    let method_refusal =
        logs.iter().find(|line| line.contains("DELETE /narrow")).expect("method refusal logged");
    assert!(method_refusal.contains("add DELETE to `methods`"), "{method_refusal}");
}

#[test]
fn user_guards_decide_requests_but_not_preflights() {
    let preflight = preflight("/keyed", APP, "GET", &["x-api-key"]);
    assert_eq!(preflight.status, 204, "{preflight:?}");
    let with_key =
        send(server().addr(), "GET", "/keyed", &[("Origin", APP), ("X-Api-Key", "k")], "");
    assert_eq!(with_key.body, "keyed");
    assert_eq!(with_key.single_header("access-control-allow-origin"), Some(APP));
    let without_key = get("/keyed", Some(APP));
    assert_eq!(without_key.status, 404, "the guard still turns the route's own requests away");
}
