use actix_web::{get, App, HttpResponse};
use cors_runtime::cors;

#[cors(origins = env("API ORIGINS"))]
#[get("/a")]
async fn a() -> HttpResponse {
    HttpResponse::Ok().finish()
}

#[cors(origins = var("API_ORIGINS"))]
#[get("/b")]
async fn b() -> HttpResponse {
    HttpResponse::Ok().finish()
}

#[cors(origins = env("API_ORIGINS"), headers = ["*"], credentials)]
#[get("/c")]
async fn c() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn main() {
    let _ = App::new().service(a).service(b).service(c);
}
