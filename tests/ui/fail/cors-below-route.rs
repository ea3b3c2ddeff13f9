use actix_web::{get, App, HttpResponse};
use cors_runtime::cors;

#[get("/data")]
#[cors(origins = ["https://myapp.com"])]
async fn data() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn main() {
    let _ = App::new().service(data);
}
