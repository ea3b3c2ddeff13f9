use actix_web::{get, App, HttpResponse};
use cors_runtime::cors;

#[cors(origins = ["https://*.com"])]
#[get("/com")]
async fn com() -> HttpResponse {
    HttpResponse::Ok().finish()
}

#[cors(origins = ["https://*.co.uk"])]
#[get("/co_uk")]
async fn co_uk() -> HttpResponse {
    HttpResponse::Ok().finish()
}

#[cors(origins = ["https://*.github.io"])]
#[get("/github_io")]
async fn github_io() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn main() {
    let _ = App::new().service(com).service(co_uk).service(github_io);
}
