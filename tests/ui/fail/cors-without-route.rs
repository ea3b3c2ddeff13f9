use actix_web::HttpResponse;
use cors_runtime::cors;

#[cors(origins = ["https://myapp.com"])]
async fn data() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn main() {}
