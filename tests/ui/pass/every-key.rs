//! Every key at once, and the forms each accepts.
#![deny(warnings)] // #[cors] leaves no unused import or dead code behind
use actix_web::{get, post, App, HttpResponse};
use cors_runtime::cors;

#[cors(
    origins = ["https://myapp.com", "https://*.myapp.com", "http://localhost:3000", "http://127.0.0.1:8081", "http://[::1]:8080"],
    methods = [GET],
    headers = ["Content-Type", "X-Request-Id", "Authorization"],
    expose = ["X-Total-Count"],
    max_age = 86400,
    credentials,
)]
#[get("/api/data")]
async fn data() -> HttpResponse {
    HttpResponse::Ok().finish()
}

#[cors(origins = ["https://myapp.com"], methods = ["POST"], credentials = true, max_age = 0,)]
#[post("/api/data")]
async fn write() -> HttpResponse {
    HttpResponse::Ok().finish()
}

#[cors(origins = ["https://myapp.com"], credentials = false, headers = ["*"], expose = ["*"], public_websocket)]
#[get("/uncredentialed")]
async fn uncredentialed() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn main() {
    let _ = App::new().service(data).service(write).service(uncredentialed);
}
