//! The quickstart's API: one policy per handler, checked when it compiles.

use actix_web::web::{self, Json, ServiceConfig};
use actix_web::{HttpResponse, get, post};
use cors_runtime::cors;

/// The origin of the demo page (a second server, on another port).
pub const PAGE_ORIGIN: &str = "http://127.0.0.1:8081";

/// Credentialed reads from the demo page: the page may send cookies and `Content-Type`,
/// and read `X-Total-Count`.
#[cors(
    origins = ["http://127.0.0.1:8081", "http://localhost:8081"],
    headers = ["Content-Type"],
    expose = ["X-Total-Count"],
    max_age = 600,
    credentials,
)]
#[get("/api/data")]
pub async fn read_data() -> HttpResponse {
    HttpResponse::Ok().insert_header(("X-Total-Count", "3")).json(["apple", "banana", "cherry"])
}

/// Credentialed JSON writes from the same page. A malformed body is answered 400 by the
/// `Json` extractor, and the page can still read that 400: the grant is on every response.
#[cors(
    origins = ["http://127.0.0.1:8081", "http://localhost:8081"],
    headers = ["Content-Type"],
    credentials,
)]
#[post("/api/data")]
pub async fn write_data(item: Json<serde_json::Value>) -> HttpResponse {
    HttpResponse::Created().json(serde_json::json!({ "stored": item.into_inner() }))
}

/// Public data: any page may read it, without credentials.
#[cors(origins = ["*"])]
#[get("/api/public")]
pub async fn public_data() -> HttpResponse {
    HttpResponse::Ok()
        .json(serde_json::json!({ "motd": "CORS is a browser rule, enforced by the browser" }))
}

/// Only the admin site may call this; the demo page is refused.
#[cors(origins = ["https://admin.example.com"], credentials)]
#[get("/api/admin")]
pub async fn admin() -> HttpResponse {
    HttpResponse::Ok().body("secret")
}

/// A route registered inside `web::scope("/v1")`: its preflight lives under the scope too.
#[cors(origins = ["http://127.0.0.1:8081", "http://localhost:8081"], headers = ["X-Client-Version"])]
#[get("/status")]
pub async fn status() -> HttpResponse {
    HttpResponse::Ok().json(serde_json::json!({ "status": "ok", "version": 1 }))
}

/// Registers every route of the API.
pub fn configure(config: &mut ServiceConfig) {
    config
        .service(read_data)
        .service(write_data)
        .service(public_data)
        .service(admin)
        .service(web::scope("/v1").service(status));
}
