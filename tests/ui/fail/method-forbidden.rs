use actix_web::{App, HttpResponse};
use cors_runtime::cors;

#[cors(origins = ["https://myapp.com"], methods = [CONNECT])]
#[actix_web::route("/connect", method = "GET", method = "CONNECT")]
async fn connect() -> HttpResponse {
    HttpResponse::Ok().finish()
}

#[cors(origins = ["https://myapp.com"])]
#[actix_web::trace("/trace")]
async fn trace() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn main() {
    let _ = App::new().service(connect).service(trace);
}
