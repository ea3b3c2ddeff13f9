use actix_web::{get, App, HttpResponse};
use cors_runtime::cors;

#[cors(origins = ["https://example.com:0"])]
#[get("/zero")]
async fn zero() -> HttpResponse {
    HttpResponse::Ok().finish()
}

#[cors(origins = ["https://example.com:70000"])]
#[get("/too_big")]
async fn too_big() -> HttpResponse {
    HttpResponse::Ok().finish()
}

#[cors(origins = ["https://example.com:https"])]
#[get("/not_a_number")]
async fn not_a_number() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn main() {
    let _ = App::new().service(zero).service(too_big).service(not_a_number);
}
