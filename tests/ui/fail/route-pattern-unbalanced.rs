use actix_web::{get, App, HttpResponse};
use cors_runtime::cors;

// The pattern is actix-web's to judge: #[cors] leaves the handler to its macro, which says what
// is wrong, as it would without #[cors].
#[cors(origins = ["https://myapp.com"])]
#[get("/items/{id")]
async fn item() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn main() {
    let _ = App::new().service(item);
}
