//! The quickstart's API: one policy per handler, checked when it compiles, and a scope of plain
//! actix routes under a named policy.

use actix_web::web::{self, Json, ServiceConfig};
use actix_web::{HttpResponse, get, post};
use cors_runtime::cors;

/// The origin of the demo page (a second server, on another port).
pub const PAGE_ORIGIN: &str = "http://127.0.0.1:8081";

/// Where the demo page's origins come from: set it to deploy the API for other pages
/// (`QUICKSTART_PAGE_ORIGINS="https://app.example.com"`). The quickstart falls back to the demo
/// page's own origins when it is not set.
pub const PAGE_ORIGINS_VARIABLE: &str = "QUICKSTART_PAGE_ORIGINS";

cors_runtime::policy! {
    /// The demo page's policy, shared by every route it calls with cookies: the page may send
    /// cookies and `Content-Type`; its origins are read when the server starts. Writes (POST)
    /// that a browser sends from any other page, a form included, are rejected before the
    /// handler runs.
    pub PAGE(
        origins = env("QUICKSTART_PAGE_ORIGINS"),
        headers = ["Content-Type"],
        methods = [GET, POST],
        max_age = 600,
        credentials,
        reject_unlisted_writes,
    );
}

/// Credentialed reads from the demo page, which may also read `X-Total-Count`.
#[cors(policy = PAGE, expose = ["X-Total-Count"])]
#[get("/api/data")]
pub async fn read_data() -> HttpResponse {
    HttpResponse::Ok().insert_header(("X-Total-Count", "3")).json(["apple", "banana", "cherry"])
}

/// Credentialed JSON writes from the same page. A malformed body is answered 400 by the
/// `Json` extractor, and the page can still read that 400: the grant is on every response.
#[cors(policy = PAGE)]
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

/// Only the admin site and its preview deployments (`https://admin-pr-42.example.com`: one `*`
/// inside the first label, never a dot) may call this; the demo page is refused.
#[cors(origins = ["https://admin.example.com", "https://admin-*.example.com"], credentials)]
#[get("/api/admin")]
pub async fn admin() -> HttpResponse {
    HttpResponse::Ok().body("secret")
}

/// Version 1 of the status API, under the `/v1` prefix: preflights are answered under the
/// prefix too.
#[actix_web::scope("/v1")]
pub mod v1 {
    use actix_web::{HttpResponse, get};
    use cors_runtime::cors;

    /// The demo page may ask for the status, with a client version header; in debug builds
    /// (`cargo run`), so may a development server on any `localhost` port.
    #[cors(
        origins = ["http://127.0.0.1:8081"],
        dev_origins = ["http://localhost:*"],
        headers = ["X-Client-Version"]
    )]
    #[get("/status")]
    pub async fn status() -> HttpResponse {
        HttpResponse::Ok().json(serde_json::json!({ "status": "ok", "version": 1 }))
    }
}

/// The shopping cart: plain actix routes, no attribute, under the `PAGE` policy applied to the
/// whole scope with `.wrap(PAGE)`.
pub fn cart(scope: &mut ServiceConfig) {
    scope.route("/cart", web::get().to(show_cart)).route("/cart", web::post().to(add_to_cart));
}

async fn show_cart() -> HttpResponse {
    HttpResponse::Ok().json(serde_json::json!({ "items": ["apple"] }))
}

async fn add_to_cart(body: String) -> HttpResponse {
    HttpResponse::Created()
        .content_type("text/plain; charset=utf-8")
        .body(format!("added to the cart: {body}"))
}

/// Registers every route of the API.
pub fn configure(config: &mut ServiceConfig) {
    config
        .service(read_data)
        .service(write_data)
        .service(public_data)
        .service(admin)
        .service(v1::status)
        .service(web::scope("/shop").wrap(PAGE).configure(cart));
}
