use actix_web::{get, App, HttpResponse};
use cors_runtime::cors;

#[cors(origins = ["https://app.*.myapp.com"])]
#[get("/second_label")]
async fn second_label() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn main() {
    let _ = App::new().service(second_label);
}
