use actix_web::{get, App, HttpResponse};
use cors_runtime::cors;

#[cors(origins = ["https://preview%-*.myapp.com"])]
#[get("/percent")]
async fn percent() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn main() {
    let _ = App::new().service(percent);
}
