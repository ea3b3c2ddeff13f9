use actix_web::{put, App, HttpResponse};
use cors_runtime::cors;

#[cors(origins = ["https://myapp.com"], headers = env("API HEADERS"), max_age = env("1_MAX_AGE"))]
#[put("/a")]
async fn a() -> HttpResponse {
    HttpResponse::Ok().finish()
}

#[cors(origins = ["https://myapp.com"], methods = var("API_METHODS"))]
#[put("/b")]
async fn b() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn main() {
    let _ = App::new().service(a).service(b);
}
