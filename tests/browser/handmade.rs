//! A hand-written CORS policy, headers set by hand, for proving the harness against Chromium
//! independently of the `#[cors]` attribute. It also produces what the attribute never will
//! (`*` sent to a credentialed call, and the server mistakes under `/handmade/mistake/`), so the
//! suite shows it recognises those refusals too, and cors-check is judged on them.

use actix_web::http::StatusCode;
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
        .service(web::resource("/handmade/public").route(web::get().to(public)))
        .service(web::resource("/handmade/mistake/{mistake}").route(web::route().to(mistake)));
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

/// One server mistake per path, answered to every method (a preflight included) from the table
/// below; `{origin}` there stands for the allowed origin.
async fn mistake(
    request: HttpRequest,
    name: web::Path<String>,
    allowed: web::Data<AllowedOrigin>,
) -> HttpResponse {
    let is_preflight = request.method() == actix_web::http::Method::OPTIONS;
    let Some((_, preflight_status, headers)) =
        MISTAKES.iter().find(|(mistake, _, _)| *mistake == name.as_str())
    else {
        return HttpResponse::NotFound().finish();
    };
    let status = if is_preflight { *preflight_status } else { 200 };
    let mut response =
        HttpResponse::build(StatusCode::from_u16(status).expect("the table holds valid statuses"));
    for (header_name, value) in *headers {
        // A redirect only makes sense on the preflight; the actual call must reach the server.
        if !is_preflight && header_name.eq_ignore_ascii_case("Location") {
            continue;
        }
        // Appended, not inserted: some mistakes are two lines of one header.
        response.append_header((*header_name, value.replace("{origin}", &allowed.0)));
    }
    response.body("mistake")
}

/// (path segment, status of the preflight answer, headers of every answer). The actual answers
/// are 200 and never redirect.
type Mistake = (&'static str, u16, &'static [(&'static str, &'static str)]);

const MISTAKES: &[Mistake] = &[
    ("redirected_preflight", 307, &[("Location", "/handmade")]),
    (
        "redirected_granted_preflight",
        307,
        &[("Location", "/handmade"), ("Access-Control-Allow-Origin", "{origin}")],
    ),
    (
        "granted_preflight_with_error_status",
        500,
        &[
            ("Access-Control-Allow-Origin", "{origin}"),
            ("Access-Control-Allow-Methods", "PUT"),
            ("Access-Control-Allow-Headers", "x-custom"),
        ],
    ),
    (
        "wildcard_request_headers",
        204,
        &[
            ("Access-Control-Allow-Origin", "{origin}"),
            ("Access-Control-Allow-Methods", "PUT"),
            ("Access-Control-Allow-Headers", "*"),
        ],
    ),
    (
        "unparsable_allow_methods",
        204,
        &[
            ("Access-Control-Allow-Origin", "{origin}"),
            ("Access-Control-Allow-Methods", "GET, PUT DELETE"),
            ("Access-Control-Allow-Headers", "x-custom"),
        ],
    ),
    (
        "unparsable_allow_headers",
        204,
        &[
            ("Access-Control-Allow-Origin", "{origin}"),
            ("Access-Control-Allow-Methods", "PUT"),
            ("Access-Control-Allow-Headers", "x-custom y-custom"),
        ],
    ),
    (
        "two_allow_origin_lines",
        204,
        &[
            ("Access-Control-Allow-Origin", "{origin}"),
            ("Access-Control-Allow-Origin", "{origin}"),
            ("Access-Control-Allow-Methods", "PUT"),
            ("Access-Control-Allow-Headers", "x-custom"),
        ],
    ),
    (
        "allow_origin_mismatch",
        204,
        &[("Access-Control-Allow-Origin", "http://other.example.test:47811")],
    ),
    ("invalid_allow_origin", 204, &[("Access-Control-Allow-Origin", "http//app.example.test")]),
    (
        "capitalized_allow_credentials",
        204,
        &[
            ("Access-Control-Allow-Origin", "{origin}"),
            ("Access-Control-Allow-Credentials", "True"),
        ],
    ),
];
