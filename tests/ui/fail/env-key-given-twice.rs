use actix_web::{put, App, HttpResponse};
use cors_runtime::cors;

#[cors(origins = ["https://myapp.com"], headers = ["X-Request-Id"], headers = env("API_HEADERS"))]
#[put("/a")]
async fn a() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn main() {
    let _ = App::new().service(a);
}
