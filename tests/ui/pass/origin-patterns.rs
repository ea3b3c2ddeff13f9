//! Label patterns, loopback on any port, and origins for debug builds only, on a handler and in
//! a named policy applied both ways.
#![deny(warnings)] // #[cors] leaves no unused import or dead code behind
use actix_web::{get, web, App, HttpResponse};
use cors_runtime::{cors, policy};

policy! {
    PREVIEWS(
        origins = ["https://myapp.com", "https://preview-*.myapp.com", "https://*-staging.myapp.com:8443"],
        dev_origins = ["http://localhost:*", "http://127.0.0.1:*", "http://[::1]:*"],
        credentials,
    );
}

#[cors(
    origins = ["https://pr-*-web.myapp.co.uk", "https://localhost:*", "http://localhost:*"],
    credentials,
)]
#[get("/loopback")]
async fn loopback() -> HttpResponse {
    HttpResponse::Ok().finish()
}

#[cors(origins = ["https://myapp.com"], dev_origins = ["https://*.dev.myapp.com", "http://localhost:*"])]
#[get("/dev")]
async fn dev() -> HttpResponse {
    HttpResponse::Ok().finish()
}

#[cors(policy = PREVIEWS)]
#[get("/previews")]
async fn previews() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn main() {
    let _ = App::new()
        .service(loopback)
        .service(dev)
        .service(previews)
        .service(web::scope("/wrapped").wrap(PREVIEWS));
}
