//! The API as written with actix-cors, the way its own example (`allowed_origin_fn`) invites:
//! the local web app on `http://localhost:<port>` may call it with cookies.
//!
//! The origin check is a prefix test, so `http://localhost.evil.test:<port>` (any site whose
//! name starts with `localhost`) passes too, and reads the user's data with their cookies.

use actix_cors::Cors;
use actix_web::http::header;
use actix_web::web::{self, ServiceConfig};

use crate::handlers;

pub fn configure(config: &mut ServiceConfig) {
    let cors = Cors::default()
        .allowed_origin_fn(|origin, _request| origin.as_bytes().starts_with(b"http://localhost"))
        .allowed_methods(["GET", "POST", "PUT"])
        .allowed_headers([header::CONTENT_TYPE])
        .expose_headers(["X-Total-Count"])
        .supports_credentials()
        .max_age(600);
    config.service(handlers::api(web::scope("/api").wrap(cors)));
}
