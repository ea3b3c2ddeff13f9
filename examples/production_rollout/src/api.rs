//! The API, mid-rollout: `/api` still answers with actix-cors's `Cors::permissive()` while
//! [`API`] watches it report-only; `POST /account/email` already has its own policy, whose
//! write guard is watched the same way (`report_unlisted_writes`).
//!
//! Enforcing is one word each, once the logs and `cors_report_only_total` show only callers you
//! want refused:
//!
//! - `/api`: in [`configure`], `.wrap(legacy_cors()).wrap(API.report_only())` becomes
//!   `.wrap(API)`: delete `.report_only()`, and the actix-cors configuration it stood in for.
//! - `POST /account/email`: `report_unlisted_writes` becomes `reject_unlisted_writes`.

use actix_cors::Cors;
use actix_web::web::{self, ServiceConfig};
use actix_web::{HttpResponse, post};
use cors_runtime::cors;

cors_runtime::policy! {
    /// What `/api` will allow once enforced: the two web apps, with the user's cookies.
    pub API(
        origins = ["https://app.example.com", "https://admin.example.com"],
        methods = [GET, POST, PUT],
        headers = ["Content-Type"],
        expose = ["X-Total-Count"],
        credentials,
        max_age = 600,
    );
}

/// The configuration in place: every origin, method and header, with credentials.
pub fn legacy_cors() -> Cors {
    Cors::permissive()
}

/// `/api`'s routes, whichever CORS configuration wraps their scope.
pub fn api_routes(config: &mut ServiceConfig) {
    config
        .route("/orders", web::get().to(orders))
        .route("/orders", web::post().to(create_order))
        .route("/orders/{id}", web::put().to(update_order))
        .route("/orders/{id}", web::delete().to(delete_order));
}

/// Every route of the API, as deployed during the rollout: on `/api` actix-cors answers and
/// [`API`] reports, wrapped last so that it reads the response actix-cors gave.
pub fn configure(config: &mut ServiceConfig) {
    config.service(change_email).service(
        web::scope("/api").configure(api_routes).wrap(legacy_cors()).wrap(API.report_only()),
    );
}

async fn orders() -> HttpResponse {
    HttpResponse::Ok().insert_header(("X-Total-Count", "2")).json([17, 18])
}

async fn create_order() -> HttpResponse {
    HttpResponse::Created().json(19)
}

async fn update_order(id: web::Path<u32>) -> HttpResponse {
    HttpResponse::Ok().json(id.into_inner())
}

async fn delete_order() -> HttpResponse {
    HttpResponse::NoContent().finish()
}

/// Changes the signed-in user's email: a write another site's form could make with the user's
/// cookies, which CORS alone does not stop (it decides who reads the answer).
#[cors(
    origins = ["https://app.example.com"],
    headers = ["Content-Type"],
    credentials,
    report_unlisted_writes,
)]
#[post("/account/email")]
async fn change_email(body: String) -> HttpResponse {
    HttpResponse::Ok().body(format!("email changed ({} bytes)", body.len()))
}
