use actix_web::{get, App, HttpResponse};
use cors_runtime::cors;

#[cors(origins = ["https://myapp.com"], max_age = 86401)]
#[get("/too_long")]
async fn too_long() -> HttpResponse {
    HttpResponse::Ok().finish()
}

#[cors(origins = ["https://myapp.com"], max_age = -1)]
#[get("/negative")]
async fn negative() -> HttpResponse {
    HttpResponse::Ok().finish()
}

#[cors(origins = ["https://myapp.com"], max_age = "1h")]
#[get("/text")]
async fn text() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn main() {
    let _ = App::new().service(too_long).service(negative).service(text);
}
