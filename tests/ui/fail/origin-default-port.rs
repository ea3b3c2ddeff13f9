use actix_web::{get, App, HttpResponse};
use cors_runtime::cors;

#[cors(origins = ["https://example.com:443"])]
#[get("/https_port")]
async fn https_port() -> HttpResponse {
    HttpResponse::Ok().finish()
}

#[cors(origins = ["http://localhost:80"])]
#[get("/http_port")]
async fn http_port() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn main() {
    let _ = App::new().service(https_port).service(http_port);
}
