//! The route attribute's own options keep working under #[cors].
#![deny(warnings)] // #[cors] leaves no unused import or dead code behind
use actix_web::middleware::{from_fn, Next};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::body::MessageBody;
use actix_web::guard::GuardContext;
use actix_web::{get, App, HttpResponse};
use cors_runtime::cors;

fn has_api_key(ctx: &GuardContext<'_>) -> bool {
    ctx.head().headers().contains_key("x-api-key")
}

async fn passthrough(
    request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    next.call(request).await
}

/// Docs stay on the service.
#[cors(origins = ["https://myapp.com"])]
#[get("/guarded", name = "guarded_route", guard = "has_api_key", wrap = "from_fn(passthrough)")]
#[allow(clippy::unused_async)]
async fn guarded() -> HttpResponse {
    HttpResponse::Ok().finish()
}

cors_runtime::policy! {
    API(origins = ["https://myapp.com"], headers = ["X-Api-Key"]);
}

/// A guard on a header a preflight does not carry: the route answers its preflights without it.
#[cors(policy = API, preflight_skips_guards)]
#[get("/keyed", guard = "has_api_key")]
#[allow(clippy::unused_async)]
async fn keyed() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn main() {
    let _ = App::new().service(guarded).service(keyed);
}
