use actix_web::{get, App, HttpResponse};
use cors_runtime::cors;

#[cors(origins = ["https://preview-of-a-feature-branch-whose-name-is-far-too-long-for-one-label-*.myapp.com"])]
#[get("/long")]
async fn long() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn main() {
    let _ = App::new().service(long);
}
