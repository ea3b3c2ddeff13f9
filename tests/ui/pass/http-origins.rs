//! Plain http is fine on loopback, and elsewhere with the loud opt-out.
#![deny(warnings)] // #[cors] leaves no unused import or dead code behind
use actix_web::{get, App, HttpResponse};
use cors_runtime::cors;

#[cors(origins = ["http://localhost:5173", "http://127.0.0.1:8081", "http://[::1]:3000"], credentials)]
#[get("/dev")]
async fn dev() -> HttpResponse {
    HttpResponse::Ok().finish()
}

#[cors(origins = ["http://intranet.corp.example"], credentials, dangerously_allow_http_origins)]
#[get("/intranet")]
async fn intranet() -> HttpResponse {
    HttpResponse::Ok().finish()
}

#[cors(origins = ["http://public.example"])]
#[get("/anonymous")]
async fn anonymous() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn main() {
    let _ = App::new().service(dev).service(intranet).service(anonymous);
}
