use actix_web::{get, App, HttpResponse};
use cors_runtime::cors;

#[cors(origins = ["https://bücher.example"])]
#[get("/data")]
async fn data() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn main() {
    let _ = App::new().service(data);
}
