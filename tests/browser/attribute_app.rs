//! The API under test: one handler for each form of `#[cors]` the browser cases exercise.
//!
//! Origins are compile-time literals, so the page ports appear here as numbers: 47811 is
//! `cases::MAIN_PAGE_PORT`, and no policy allows `cases::OTHER_PAGE_PORT` (47812), which the
//! cases use as a same-host, other-port look-alike. Credentialed routes allow
//! `http://localhost:47811`: plain-http origins with credentials are refused at compile time
//! except on loopback.

use actix_web::{HttpResponse, HttpResponseBuilder, delete, error, get, post, put, route, web};
use cors_runtime::cors;
use serde_json::Value;

/// Registers every handler, one of them inside a scope.
pub fn configure(config: &mut web::ServiceConfig) {
    config
        .service(data_read)
        .service(data_write)
        .service(items_list)
        .service(items_clear)
        .service(items_replace)
        .service(public_read)
        .service(public_write)
        .service(failing)
        .service(tenant)
        .service(cached)
        .service(cached_for_an_hour)
        .service(uncached)
        .service(several_methods)
        .service(narrow_methods)
        .service(web::scope("/scoped").service(scoped_hello));
}

/// Sends one header the policy exposes and one it does not, so cases can check both.
fn with_counts(mut response: HttpResponseBuilder) -> HttpResponseBuilder {
    response
        .insert_header(("X-Total-Count", "42"))
        .insert_header(("X-Internal", "not for the page"));
    response
}

#[cors(
    origins = ["http://localhost:47811"],
    headers = ["Content-Type", "X-Request-Id", "Authorization"],
    expose = ["X-Total-Count"],
    max_age = 600,
    credentials
)]
#[get("/api/data")]
async fn data_read() -> HttpResponse {
    with_counts(HttpResponse::Ok()).body("data")
}

/// Its `Json` extractor answers 400 on a malformed body or a non-JSON content type.
#[cors(
    origins = ["http://localhost:47811"],
    headers = ["Content-Type", "X-Request-Id"],
    expose = ["X-Total-Count"],
    credentials
)]
#[post("/api/data")]
async fn data_write(item: web::Json<Value>) -> HttpResponse {
    with_counts(HttpResponse::Ok()).json(item.into_inner())
}

#[cors(origins = ["http://app.example.test:47811"], expose = ["X-Total-Count"])]
#[get("/api/items")]
async fn items_list() -> HttpResponse {
    with_counts(HttpResponse::Ok()).content_type("text/plain; charset=utf-8").body("items")
}

/// Same path as `items_list`, its own policy: a custom header is allowed for DELETE only.
#[cors(origins = ["http://app.example.test:47811"], headers = ["X-Custom"])]
#[delete("/api/items")]
async fn items_clear() -> HttpResponse {
    HttpResponse::NoContent().finish()
}

/// Same path again, a different origin: only the partner may replace the items.
#[cors(origins = ["http://partner.example.test:47811"], headers = ["Content-Type"])]
#[put("/api/items")]
async fn items_replace(items: web::Json<Value>) -> HttpResponse {
    HttpResponse::Ok().json(items.into_inner())
}

#[cors(origins = ["*"], expose = ["*"])]
#[get("/api/public")]
async fn public_read() -> HttpResponse {
    with_counts(HttpResponse::Ok()).body("public")
}

#[cors(origins = ["*"], headers = ["*"])]
#[put("/api/public")]
async fn public_write() -> HttpResponse {
    HttpResponse::Ok().body("stored")
}

#[cors(origins = ["http://app.example.test:47811"])]
#[get("/api/fail")]
async fn failing() -> Result<HttpResponse, actix_web::Error> {
    Err(error::ErrorInternalServerError("deliberate failure"))
}

#[cors(origins = ["http://*.example.test:47811"])]
#[get("/api/tenant")]
async fn tenant() -> HttpResponse {
    HttpResponse::Ok().body("tenant")
}

#[cors(origins = ["http://app.example.test:47811"], headers = ["X-Custom"], max_age = 600)]
#[put("/api/cached")]
async fn cached() -> HttpResponse {
    HttpResponse::Ok().body("cached")
}

/// Above WebKit's ten-minute cap: honoured at first by every engine.
#[cors(origins = ["http://app.example.test:47811"], headers = ["X-Custom"], max_age = 3600)]
#[put("/api/cached-hour")]
async fn cached_for_an_hour() -> HttpResponse {
    HttpResponse::Ok().body("cached for an hour")
}

/// Without `max_age` Chromium would still cache the preflight for its default 5 s; 0 turns
/// caching off, the control for the `cached` case.
#[cors(origins = ["http://app.example.test:47811"], headers = ["X-Custom"], max_age = 0)]
#[put("/api/uncached")]
async fn uncached() -> HttpResponse {
    HttpResponse::Ok().body("uncached")
}

#[cors(origins = ["http://app.example.test:47811"], headers = ["X-Custom"])]
#[route("/api/multi", method = "GET", method = "PATCH")]
async fn several_methods() -> HttpResponse {
    HttpResponse::Ok().body("multi")
}

/// Serves DELETE, but its policy leaves DELETE out.
#[cors(origins = ["http://app.example.test:47811"], methods = [GET])]
#[route("/api/narrow", method = "GET", method = "DELETE")]
async fn narrow_methods() -> HttpResponse {
    HttpResponse::Ok().body("narrow")
}

#[cors(origins = ["http://app.example.test:47811"], methods = [GET], headers = ["X-Custom"])]
#[get("/hello")]
async fn scoped_hello() -> HttpResponse {
    HttpResponse::Ok().body("hello from a scope")
}
