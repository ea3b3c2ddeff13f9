use actix_web::{get, App, HttpResponse};
use cors_runtime::cors;

#[cors(origins = ["https://example.com/app"])]
#[get("/path")]
async fn path() -> HttpResponse {
    HttpResponse::Ok().finish()
}

#[cors(origins = ["https://example.com?x=1"])]
#[get("/query")]
async fn query() -> HttpResponse {
    HttpResponse::Ok().finish()
}

#[cors(origins = ["https://example.com#top"])]
#[get("/fragment")]
async fn fragment() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn main() {
    let _ = App::new().service(path).service(query).service(fragment);
}
