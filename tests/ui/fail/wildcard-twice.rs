use actix_web::{get, App, HttpResponse};
use cors_runtime::cors;

#[cors(origins = ["https://pr-*-*.myapp.com"])]
#[get("/two_in_a_label")]
async fn two_in_a_label() -> HttpResponse {
    HttpResponse::Ok().finish()
}

#[cors(origins = ["https://*.preview-*.myapp.com"])]
#[get("/label_and_subdomains")]
async fn label_and_subdomains() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn main() {
    let _ = App::new().service(two_in_a_label).service(label_and_subdomains);
}
