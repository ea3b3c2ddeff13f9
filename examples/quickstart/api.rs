//! The quickstart's API: one policy per handler, checked when it compiles, a scope of plain
//! actix routes under a named policy, and a WebSocket the policy's origins guard.

use actix_web::web::{self, Json, Payload, ServiceConfig};
use actix_web::{HttpRequest, HttpResponse, get, post};
use cors_runtime::cors;

/// The origin of the demo page (a second server, on another port).
pub const PAGE_ORIGIN: &str = "http://127.0.0.1:8081";

/// Where the demo page's origins come from: set it to deploy the API for other pages
/// (`QUICKSTART_PAGE_ORIGINS="https://app.example.com"`). The quickstart falls back to the demo
/// page's own origins when it is not set.
pub const PAGE_ORIGINS_VARIABLE: &str = "QUICKSTART_PAGE_ORIGINS";

/// How long browsers may cache the demo page's preflights, in seconds: a value that differs
/// per deployment (short while you change the policy, longer in production).
pub const MAX_AGE_VARIABLE: &str = "QUICKSTART_MAX_AGE";

/// What the quickstart reads when the deployment does not set a variable: the demo page's own
/// origins, and ten minutes of preflight caching.
pub fn demo_default(variable: &str) -> Option<String> {
    match variable {
        PAGE_ORIGINS_VARIABLE => Some(format!("{PAGE_ORIGIN}, http://localhost:8081")),
        MAX_AGE_VARIABLE => Some("600".to_owned()),
        _ => None,
    }
}

cors_runtime::policy! {
    /// The demo page's policy, shared by every route it calls with cookies: the page may send
    /// cookies and `Content-Type`; its origins and `max_age` are read when the server starts,
    /// and checked by the compiler's rules before it listens. Writes (POST) that a browser
    /// sends from any other page, a form included, are rejected before the handler runs, and
    /// so are WebSocket handshakes.
    pub PAGE(
        origins = env("QUICKSTART_PAGE_ORIGINS"),
        headers = ["Content-Type"],
        methods = [GET, POST],
        max_age = env("QUICKSTART_MAX_AGE"),
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

/// Live updates over a WebSocket, for the demo page: each message comes back as `echo: ..`.
/// CORS does not apply to WebSockets (any site may open one, with the user's cookies); PAGE's
/// origins guard the handshake instead, so from any other page it is answered `403` before
/// this handler runs.
#[cors(policy = PAGE)]
#[get("/api/live")]
pub async fn live(request: HttpRequest, body: Payload) -> Result<HttpResponse, actix_web::Error> {
    let (response, mut session, mut messages) = actix_ws::handle(&request, body)?;
    actix_web::rt::spawn(async move {
        while let Some(Ok(actix_ws::Message::Text(text))) = messages.recv().await {
            if session.text(format!("echo: {text}")).await.is_err() {
                break;
            }
        }
    });
    Ok(response)
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
        .service(live)
        .service(public_data)
        .service(admin)
        .service(v1::status)
        .service(web::scope("/shop").wrap(PAGE).configure(cart));
}
