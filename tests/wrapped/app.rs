//! The app under test: named policies `.wrap`ped around scopes and a resource, with plain
//! routes, `#[cors]` routes and a session check beneath, served once for the whole binary.

use std::sync::OnceLock;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::guard::{self, Guard, GuardContext};
use actix_web::middleware::{Next, from_fn};
use actix_web::web::{self, Json};
use actix_web::{App, HttpResponse, delete, error, get};
use cors_runtime::cors;
use cors_test_support::logs::capture_logs;
use cors_test_support::raw_http::{Response, send};
use cors_test_support::server::LoopbackServer;

pub const APP: &str = "https://app.example.com";
pub const ADMIN: &str = "https://admin.example.com";
pub const EVIL: &str = "https://evil.example";

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
    pub FORMS(origins = ["https://app.example.com"], headers = ["Content-Type"]);
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

/// A `#[cors]` route with a policy of its own, registered inside the wrapped scope: its own
/// policy decides for it.
#[cors(origins = ["https://admin.example.com"], headers = ["X-Admin"])]
#[get("/inner")]
async fn inner() -> HttpResponse {
    HttpResponse::Ok().body("inner")
}

/// Fails inside the wrapped scope: its error page still gets its own policy's grant.
#[cors(origins = ["https://admin.example.com"])]
#[get("/inner-broken")]
async fn inner_broken() -> Result<HttpResponse, actix_web::Error> {
    Err(error::ErrorInternalServerError("deliberate failure"))
}

pub const ADMIN_HOST: &str = "admin-api.example.com";

fn admin_host(ctx: &GuardContext<'_>) -> bool {
    guard::Host(ADMIN_HOST).check(ctx)
}

/// The admin host's delete, beside a plain one for every other host on the same path.
#[cors(origins = ["https://admin.example.com"], methods = [DELETE])]
#[delete("/thing", guard = "admin_host")]
async fn admin_thing() -> HttpResponse {
    HttpResponse::Ok().body("admin thing")
}

/// Behind a session check that, like many, also turns preflights away.
#[cors(origins = ["https://admin.example.com"], methods = [DELETE])]
#[delete("/thing")]
async fn session_thing() -> HttpResponse {
    HttpResponse::Ok().body("session thing")
}

async fn require_session(
    request: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    if request.headers().contains_key("cookie") {
        Ok(next.call(request).await?.map_into_left_body())
    } else {
        Ok(request.into_response(HttpResponse::Unauthorized().finish()).map_into_right_body())
    }
}

pub fn server() -> &'static LoopbackServer {
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
                        .route("/leaky", web::get().to(leaky))
                        .service(inner)
                        .service(inner_broken),
                )
                .service(web::scope("/forms").wrap(FORMS).route("/send", web::post().to(store)))
                .service(
                    web::scope("/hosts")
                        .wrap(API)
                        .service(admin_thing)
                        .route("/thing", web::delete().to(|| async { "plain thing" })),
                )
                .service(
                    web::scope("/session")
                        .wrap(from_fn(require_session))
                        .wrap(API)
                        .service(session_thing),
                )
                .service(
                    web::resource("/admin/cache")
                        .wrap(ADMIN_ONLY)
                        .route(web::delete().to(HttpResponse::NoContent)),
                )
        })
    })
}

pub fn preflight(
    path: &str,
    origin: &str,
    method: &str,
    request_headers: Option<&str>,
) -> Response {
    let mut headers = vec![("Origin", origin), ("Access-Control-Request-Method", method)];
    headers.extend(request_headers.map(|names| ("Access-Control-Request-Headers", names)));
    send(server().addr(), "OPTIONS", path, &headers, "")
}

pub fn call(method: &str, path: &str, origin: &str) -> Response {
    send(server().addr(), method, path, &[("Origin", origin)], "")
}
