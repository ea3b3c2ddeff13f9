use actix_web::{get, App, HttpResponse};
use cors_runtime::cors;

// The Public Suffix List has `*.run.app`: every `x.run.app` is a site anyone can create.
#[cors(origins = ["https://*.run.app"])]
#[get("/run_app")]
async fn run_app() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn main() {
    let _ = App::new().service(run_app);
}
