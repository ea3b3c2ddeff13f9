//! Named policies applied with `.wrap(..)`: one `use` brings both the policy `#[cors]` reads
//! and the value `.wrap` takes.
#![deny(warnings)]
use actix_web::{App, HttpResponse, get, web};
use cors_runtime::cors;

mod policies {
    cors_runtime::policy! {
        /// The JSON API.
        pub API(origins = ["https://myapp.com"], methods = [GET, POST, DELETE], headers = ["Content-Type"], credentials);
        /// Origins per deployment; GET, HEAD and POST.
        pub(crate) PARTNERS(origins = env("PARTNER_ORIGINS"), reject_unlisted_writes);
    }
}

use policies::{API, PARTNERS};

#[cors(policy = API, methods = [GET])]
#[get("/items")]
async fn list_items() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn main() {
    let _scope = App::new()
        .service(list_items)
        .service(web::scope("/api").wrap(API).route("/x", web::get().to(HttpResponse::Ok)))
        .service(web::resource("/partners").wrap(PARTNERS).route(web::post().to(HttpResponse::Ok)));
    let _app = App::new().wrap(policies::API).route("/", web::get().to(HttpResponse::Ok));
    let policy: &cors_runtime::Policy = API.policy();
    assert_eq!(policy.methods().collect::<Vec<_>>(), ["GET", "POST", "DELETE"]);
    assert_eq!(PARTNERS.policy().methods().collect::<Vec<_>>(), ["GET", "HEAD", "POST"]);
    assert!(PARTNERS.policy().rejects_unlisted_writes());
}
