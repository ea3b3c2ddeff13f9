//! Every key that may differ per deployment, read when the application starts.

use actix_web::{get, put, web, App, HttpResponse};
use cors_runtime::{cors, policy};

#[cors(
    origins = env("API_ORIGINS"),
    methods = env("API_METHODS"),
    headers = env("API_HEADERS"),
    expose = env("API_EXPOSE"),
    max_age = env("API_MAX_AGE"),
    credentials,
)]
#[actix_web::route("/items", method = "GET", method = "PUT")]
async fn items() -> HttpResponse {
    HttpResponse::Ok().finish()
}

/// Written keys beside keys read at startup.
#[cors(origins = ["https://myapp.com"], methods = [PUT], headers = env("ITEM_HEADERS"), max_age = 600)]
#[put("/item")]
async fn item() -> HttpResponse {
    HttpResponse::Ok().finish()
}

policy! {
    SHARED(origins = ["https://myapp.com"], methods = env("SHARED_METHODS"), expose = env("SHARED_EXPOSE"));
}

/// A handler adds written names to a policy's `expose` read at startup.
#[cors(policy = SHARED, expose = ["X-Total-Count"])]
#[get("/shared")]
async fn shared() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn main() {
    let _ = App::new()
        .service(items)
        .service(item)
        .service(shared)
        .service(web::scope("/wrapped").wrap(SHARED));
    if let Err(error) = cors_runtime::init() {
        eprintln!("{error}");
    }
}
