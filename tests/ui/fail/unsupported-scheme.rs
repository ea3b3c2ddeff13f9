use actix_web::{get, App, HttpResponse};
use cors_runtime::cors;

#[cors(origins = ["ftp://files.example.com"])]
#[get("/ftp")]
async fn ftp() -> HttpResponse {
    HttpResponse::Ok().finish()
}

#[cors(origins = ["chrome-extension://abcdef"])]
#[get("/extension")]
async fn extension() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn main() {
    let _ = App::new().service(ftp).service(extension);
}
