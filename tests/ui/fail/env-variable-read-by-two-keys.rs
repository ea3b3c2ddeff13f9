use actix_web::{put, App, HttpResponse};
use cors_runtime::cors;

#[cors(origins = env("API_CORS"), headers = env("API_CORS"))]
#[put("/a")]
async fn a() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn main() {
    let _ = App::new().service(a);
}
