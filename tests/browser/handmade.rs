//! A hand-written CORS policy, headers set by hand, for proving the harness against Chromium
//! independently of the `#[cors]` attribute (cases: `cases/handmade.rs`). It also sends what the
//! attribute never will (`*` to a credentialed call); the other server mistakes are the
//! catalogue's (`cors_test_support::misconfigured`), which the API serves beside it.

use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, HttpResponseBuilder, web};

/// The one origin the policy on `/handmade` allows.
#[derive(Debug, Clone)]
pub struct AllowedOrigin(pub String);

/// Registers `/handmade` (GET, PUT, and its preflight) and `/handmade/public`.
pub fn configure(config: &mut web::ServiceConfig) {
    config
        .service(
            web::resource("/handmade")
                .route(web::get().to(resource))
                .route(web::put().to(resource))
                .route(web::method(actix_web::http::Method::OPTIONS).to(preflight)),
        )
        .service(web::resource("/handmade/public").route(web::get().to(public)));
}

fn allowed_origin<'r>(
    request: &'r HttpRequest,
    allowed: &AllowedOrigin,
) -> Option<&'r HeaderValue> {
    request.headers().get(header::ORIGIN).filter(|origin| origin.as_bytes() == allowed.0.as_bytes())
}

async fn resource(request: HttpRequest, allowed: web::Data<AllowedOrigin>) -> HttpResponse {
    let mut response = HttpResponse::Ok();
    response
        .insert_header(("X-Total-Count", "3"))
        .insert_header(("X-Internal", "not for the page"))
        // The CORS headers below depend on the origin, so caches must key on it.
        .insert_header((header::VARY, "Origin"));
    if let Some(origin) = allowed_origin(&request, &allowed) {
        grant(&mut response, origin)
            .insert_header((header::ACCESS_CONTROL_EXPOSE_HEADERS, "X-Total-Count"));
    }
    response.content_type("text/plain").body("handmade")
}

async fn preflight(request: HttpRequest, allowed: web::Data<AllowedOrigin>) -> HttpResponse {
    let Some(origin) = allowed_origin(&request, &allowed) else {
        return HttpResponse::Forbidden().finish();
    };
    grant(&mut HttpResponse::NoContent(), origin)
        .insert_header((header::ACCESS_CONTROL_ALLOW_METHODS, "GET, PUT"))
        .insert_header((header::ACCESS_CONTROL_ALLOW_HEADERS, "x-custom, content-type"))
        .insert_header((header::ACCESS_CONTROL_MAX_AGE, "600"))
        .finish()
}

fn grant<'b>(
    response: &'b mut HttpResponseBuilder,
    origin: &HeaderValue,
) -> &'b mut HttpResponseBuilder {
    response.insert_header((header::ACCESS_CONTROL_ALLOW_ORIGIN, origin.clone()))
}

async fn public() -> HttpResponse {
    HttpResponse::Ok().insert_header((header::ACCESS_CONTROL_ALLOW_ORIGIN, "*")).body("public")
}
