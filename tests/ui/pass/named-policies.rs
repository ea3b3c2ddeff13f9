//! Named policies: declared once, shared across modules, narrowed per handler.
#![deny(warnings)] // #[cors] leaves no unused import or dead code behind
use actix_web::{App, HttpResponse, get, post, route};
use cors_runtime::cors;

mod policies {
    cors_runtime::policy! {
        /// The JSON API, called with cookies from the web app.
        pub API(origins = ["https://myapp.com", "https://*.myapp.com"], headers = ["Content-Type"], methods = [GET, POST, DELETE], credentials, max_age = 600);
        /// Partner sites, whose origins differ per deployment.
        pub(crate) PARTNERS(origins = env("PARTNER_ORIGINS"), expose = ["X-Total-Count"]);
    }
}

use policies::API;

#[cors(policy = API)]
#[get("/items")]
async fn list_items() -> HttpResponse {
    HttpResponse::Ok().finish()
}

#[cors(policy = policies::API, expose = ["X-Item-Id"])]
#[post("/items")]
async fn create_item() -> HttpResponse {
    HttpResponse::Ok().finish()
}

#[cors(policy = crate::policies::API, methods = [DELETE])]
#[route("/items/{id}", method = "DELETE", method = "GET")]
async fn delete_item() -> HttpResponse {
    HttpResponse::Ok().finish()
}

#[cors(policy = policies::PARTNERS)]
#[get("/catalog")]
async fn catalog() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn main() {
    let _ = App::new().service(list_items).service(create_item).service(delete_item).service(catalog);
    let routes = cors_runtime::routes();
    assert_eq!(routes.len(), 4, "{}", cors_runtime::routes_table());
}
