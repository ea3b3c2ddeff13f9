use actix_web::{get, App, HttpResponse};
use cors_runtime::cors;

#[cors(origins = ["https://myapp.com"], preflight_skips_guards)]
#[get("/data")]
async fn data() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn main() {
    let _ = App::new().service(data);
}
