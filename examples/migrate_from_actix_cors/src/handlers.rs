//! The handlers both versions serve, unchanged by the migration: plain actix routes, no CORS
//! code in them.

use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::{Error, HttpResponse, Scope, body::MessageBody, web};

/// The API's routes, registered on `scope`, whichever CORS middleware wraps it.
pub fn api<T, B>(scope: Scope<T>) -> Scope<T>
where
    T: ServiceFactory<
            ServiceRequest,
            Config = (),
            Response = ServiceResponse<B>,
            Error = Error,
            InitError = (),
        >,
    B: MessageBody + 'static,
{
    scope
        .route("/profile", web::get().to(profile))
        .route("/profile", web::put().to(update_profile))
        .route("/orders", web::get().to(orders))
}

/// What a logged-in user's page shows; what another site must never read.
async fn profile() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/json")
        .body(r#"{"name":"Ada","email":"ada@example.com"}"#)
}

async fn update_profile(profile: web::Json<serde_json::Value>) -> HttpResponse {
    HttpResponse::Ok().json(profile.into_inner())
}

async fn orders() -> HttpResponse {
    HttpResponse::Ok().insert_header(("X-Total-Count", "2")).json([17, 18])
}
