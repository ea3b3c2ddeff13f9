use actix_web::{get, App, HttpResponse};
use cors_runtime::cors;

#[cors(origins = env("API_ORIGINS"), dev_origins = ["http://localhost:*"])]
#[get("/from_env")]
async fn from_env() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn main() {
    let _ = App::new().service(from_env);
}
