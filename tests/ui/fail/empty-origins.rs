use actix_web::{get, App, HttpResponse};
use cors_runtime::cors;

#[cors(origins = [])]
#[get("/data")]
async fn data() -> HttpResponse {
    HttpResponse::Ok().finish()
}

#[cors(origins = ["https://myapp.com", ""])]
#[get("/entry")]
async fn empty_entry() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn main() {
    let _ = App::new().service(data).service(empty_entry);
}
