use actix_web::{get, App, HttpResponse};
use cors_runtime::cors;

#[cors(origin = ["https://myapp.com"])]
#[get("/near_miss")]
async fn near_miss() -> HttpResponse {
    HttpResponse::Ok().finish()
}

#[cors(origins = ["https://myapp.com"], allow_credentials)]
#[get("/alias")]
async fn alias() -> HttpResponse {
    HttpResponse::Ok().finish()
}

#[cors(origins = ["https://myapp.com"], frobnicate = 1)]
#[get("/unknown")]
async fn unknown() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn main() {
    let _ = App::new().service(near_miss).service(alias).service(unknown);
}
