use actix_web::{get, App, HttpResponse};
use cors_runtime::cors;

#[cors(origins = ["https://preview-*"])]
#[get("/bare_label")]
async fn bare_label() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn main() {
    let _ = App::new().service(bare_label);
}
