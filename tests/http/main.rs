//! `#[cors]` over real HTTP on loopback: preflights, grants on every kind of response, `Vary`,
//! look-alike origins, several handlers on one path (and on one path and method, told apart by
//! guards), scopes, and the log of refusals.
//!
//! This file is the app under test and the helpers; the tests sit beside it, by subject.

mod attacks;
mod preflights;
mod responses;
mod routing;
mod shared_path;

use std::sync::OnceLock;

use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::middleware::{Next, from_fn};
use actix_web::web::{self, Json, ServiceConfig};
use actix_web::{App, HttpResponse, Responder, body::MessageBody, get, post, put, route, routes};
use cors_runtime::cors;
use cors_test_support::logs::capture_logs;
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

/// The user's guard decides the route's own requests; preflights never carry the key, so the
/// route says its guard is not to be asked about them.
#[cors(origins = ["https://myapp.com"], headers = ["X-Api-Key"], preflight_skips_guards)]
#[get("/keyed", guard = "has_api_key")]
async fn keyed() -> HttpResponse {
    HttpResponse::Ok().body("keyed")
}

/// The same guard without the key: its preflights are refused by the guard, like its requests.
#[cors(origins = ["https://myapp.com"], headers = ["X-Api-Key"])]
#[get("/keyed-strict", guard = "has_api_key")]
async fn keyed_strict() -> HttpResponse {
    HttpResponse::Ok().body("keyed-strict")
}

/// Handler code that grants CORS itself, as a proxy copying upstream headers does: the policy
/// must still be the only source of CORS headers.
#[cors(origins = ["https://myapp.com"])]
#[get("/leaky")]
async fn leaky(request: actix_web::HttpRequest) -> HttpResponse {
    let origin = request.headers().get(header::ORIGIN).cloned();
    let mut response = HttpResponse::Ok();
    if let Some(origin) = origin {
        response.insert_header((header::ACCESS_CONTROL_ALLOW_ORIGIN, origin));
    }
    response
        .insert_header((header::ACCESS_CONTROL_ALLOW_CREDENTIALS, "true"))
        .insert_header((header::ACCESS_CONTROL_EXPOSE_HEADERS, "*"))
        .insert_header((header::ACCESS_CONTROL_MAX_AGE, "86400"))
        .insert_header(("Access-Control-Allow-Private-Network", "true"))
        .body("secret")
}

/// The same on an error page, under a public policy: `*` must never meet credentials.
#[cors(origins = ["*"])]
#[get("/leaky-error")]
async fn leaky_error() -> Result<HttpResponse, actix_web::Error> {
    let page = HttpResponse::Forbidden()
        .insert_header((header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"))
        .insert_header((header::ACCESS_CONTROL_ALLOW_CREDENTIALS, "true"))
        .finish();
    Err(actix_web::error::InternalError::from_response("denied", page).into())
}

/// A route only the log flood test refuses, so it starts with no warning in this minute.
#[cors(origins = ["https://myapp.com"])]
#[get("/flooded")]
async fn flooded() -> HttpResponse {
    HttpResponse::Ok().finish()
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
        .service(keyed_strict)
        .service(leaky)
        .service(leaky_error)
        .service(flooded)
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
