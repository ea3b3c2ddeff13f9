use actix_web::{get, App, HttpResponse};
use cors_runtime::cors;

#[cors(origins = ["HTTPS://example.com"])]
#[get("/scheme")]
async fn scheme() -> HttpResponse {
    HttpResponse::Ok().finish()
}

#[cors(origins = ["https://Example.com"])]
#[get("/host")]
async fn host() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn main() {
    let _ = App::new().service(scheme).service(host);
}
