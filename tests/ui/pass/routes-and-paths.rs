//! `#[routes]`, path-qualified route attributes, and `#[scope]` modules.
#![deny(warnings)] // #[cors] leaves no unused import or dead code behind
use actix_web::{routes, App, HttpResponse};
use cors_runtime::cors;

#[cors(origins = ["https://myapp.com"], headers = ["X-Custom"])]
#[routes]
#[get("/a")]
#[post("/a")]
#[delete("/b")]
async fn several() -> HttpResponse {
    HttpResponse::Ok().finish()
}

#[cors(origins = ["https://myapp.com"], methods = [PATCH])]
#[actix_web::patch("/qualified/{id}")]
async fn qualified(id: actix_web::web::Path<u32>) -> String {
    id.to_string()
}

#[actix_web::scope("/api")]
mod api {
    use actix_web::{get, HttpResponse};
    use cors_runtime::cors;

    #[cors(origins = ["https://myapp.com"])]
    #[get("/inner")]
    pub async fn inner() -> HttpResponse {
        HttpResponse::Ok().finish()
    }
}

mod handlers {
    use actix_web::{head, HttpResponse};
    use cors_runtime::cors;

    // A private handler is registered from another module, as without #[cors].
    #[cors(origins = ["https://myapp.com"])]
    #[head("/private")]
    async fn private() -> HttpResponse {
        HttpResponse::Ok().finish()
    }
}

fn main() {
    let _ = App::new()
        .service(several)
        .service(qualified)
        .service(api::inner)
        .service(handlers::private)
        .service(actix_web::web::scope("/v1").service(several));
}
