use actix_web::{get, App, HttpResponse};
use cors_runtime::cors;

const API: &str = "https://myapp.com";

#[cors(policy = API)]
#[get("/data")]
async fn data() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn main() {
    let _ = App::new().service(data);
}
