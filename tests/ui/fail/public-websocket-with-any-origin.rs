use actix_web::{get, App, HttpResponse};
use cors_runtime::cors;

#[cors(origins = ["*"], public_websocket)]
#[get("/feed")]
async fn feed() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn main() {
    let _ = App::new().service(feed);
}
