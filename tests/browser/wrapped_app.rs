//! The API under test for named policies applied with `.wrap(..)` and for
//! `reject_unlisted_writes`: a wrapped scope, and writes guarded by the policy's origins.
//!
//! 47811 is `cases::MAIN_PAGE_PORT`; the other page port (47812) is an origin no policy lists.

use std::sync::atomic::{AtomicUsize, Ordering};

use actix_web::{HttpResponse, delete, post, web};
use cors_runtime::cors;

/// How many guarded writes reached their handler; the browser cases check it moved only for
/// the writes that must pass.
pub static GUARDED_WRITES: AtomicUsize = AtomicUsize::new(0);

cors_runtime::policy! {
    /// The web app's calls to a whole scope of plain actix routes.
    WRAPPED_API(
        origins = ["http://app.example.test:47811"],
        methods = [GET, POST, DELETE],
        headers = ["Content-Type", "X-Request-Id"],
        expose = ["X-Total-Count"],
    );
}

/// Registers the wrapped scope and the guarded routes.
pub fn configure(config: &mut web::ServiceConfig) {
    config
        .service(
            web::scope("/wrapped")
                .wrap(WRAPPED_API)
                .route("/items", web::get().to(list))
                .route("/items/{id}", web::delete().to(HttpResponse::NoContent))
                .route("/broken", web::get().to(broken))
                .service(own_policy),
        )
        .service(guarded_write)
        .route("/guarded/page", web::get().to(own_page));
}

async fn list() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(("X-Total-Count", "3"))
        .insert_header(("X-Internal", "not for the page"))
        .body("[1,2,3]")
}

/// A `#[cors]` route inside the wrapped scope, with a policy of its own that lists only the
/// page the scope's policy leaves out: its own policy decides for it.
#[cors(origins = ["http://app.example.test:47812"])]
#[delete("/inner/{id}")]
async fn own_policy() -> HttpResponse {
    HttpResponse::Ok().body("deleted by the route's own policy")
}

async fn broken() -> Result<HttpResponse, actix_web::Error> {
    Err(actix_web::error::ErrorInternalServerError("deliberate failure"))
}

#[cors(origins = ["http://app.example.test:47811"], reject_unlisted_writes)]
#[post("/guarded/transfer")]
async fn guarded_write() -> HttpResponse {
    GUARDED_WRITES.fetch_add(1, Ordering::SeqCst);
    HttpResponse::Created().body("transferred")
}

/// A page served by the API itself: its forms are same-origin.
async fn own_page() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(r#"<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>the API's own page</title>"#)
}

/// The number of guarded writes that reached the handler so far.
pub fn guarded_writes() -> usize {
    GUARDED_WRITES.load(Ordering::SeqCst)
}
