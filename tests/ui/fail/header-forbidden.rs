use actix_web::{get, App, HttpResponse};
use cors_runtime::cors;

#[cors(origins = ["https://myapp.com"], headers = ["Cookie", "Host", "Content-Length", "Sec-Fetch-Mode", "Proxy-Authorization"])]
#[get("/data")]
async fn data() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn main() {
    let _ = App::new().service(data);
}
