//! A public route: any origin, any header, any method the route serves; no credentials.
#![deny(warnings)] // #[cors] leaves no unused import or dead code behind
use actix_web::{route, App, HttpResponse};
use cors_runtime::cors;

#[cors(origins = ["*"], methods = ["*"], headers = ["*", "Authorization"], expose = ["*"])]
#[route("/public", method = "GET", method = "PUT", method = "PURGE")]
async fn public() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn main() {
    let _ = App::new().service(public);
}
