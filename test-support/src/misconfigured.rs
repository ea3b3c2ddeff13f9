//! A deliberately misconfigured actix-web app: one route per CORS mistake a server can make,
//! plus correct routes, and the list of calls that exercise them.
//!
//! Each route grants (or fails to grant) the page origin [`APP`]; a correct route, like
//! `#[cors]`, answers other origins' preflights with 403 and no CORS headers.

use actix_web::http::Method;
use actix_web::{HttpRequest, HttpResponse, HttpResponseBuilder, web};
use cors_check::{CorsErrorKind, CorsRequest, WarningKind};

/// The origin of the page the fixture is meant for.
pub const APP: &str = "https://app.example";

/// One call to the fixture and what a browser does with it.
pub struct Case {
    /// Names the case in test failures.
    pub name: &'static str,
    /// The call; its `url` is the fixture path.
    pub request: CorsRequest,
    /// The error Chromium reports, or `None` when the call is allowed.
    pub expected: Option<CorsErrorKind>,
    /// A warning the report must contain.
    pub warning: Option<WarningKind>,
}

impl Case {
    /// Also requires this warning in the report.
    fn warns(mut self, warning: WarningKind) -> Self {
        self.warning = Some(warning);
        self
    }
}

fn allowed(name: &'static str, request: CorsRequest) -> Case {
    Case { name, request, expected: None, warning: None }
}

fn blocked(name: &'static str, request: CorsRequest, kind: CorsErrorKind) -> Case {
    Case { expected: Some(kind), ..allowed(name, request) }
}

/// A simple GET from the page.
fn get(path: &str) -> CorsRequest {
    CorsRequest::new(path, APP)
}

/// A PUT with a custom header: always preflighted.
fn put(path: &str) -> CorsRequest {
    get(path).with_method("PUT").with_header("X-Custom", "1")
}

/// Every call the fixture answers, with the browser's verdict.
pub fn cases() -> Vec<Case> {
    use CorsErrorKind::*;
    let json_post = get("/ok")
        .with_method("POST")
        .with_header("Content-Type", "application/json")
        .with_credentials();
    vec![
        allowed("simple GET", get("/ok")),
        allowed("public GET", get("/public")),
        allowed("preflighted PUT", put("/ok")),
        allowed("credentialed JSON POST", json_post),
        blocked("no allow-origin", get("/missing-allow-origin"), MissingAllowOriginHeader),
        blocked("wrong allow-origin", get("/wrong-allow-origin"), AllowOriginMismatch),
        blocked("two allow-origin lines", get("/multiple-allow-origin"), MultipleAllowOriginValues),
        blocked(
            "allow-origin not an origin",
            get("/invalid-allow-origin"),
            InvalidAllowOriginValue,
        ),
        blocked(
            "`*` with credentials",
            get("/public").with_credentials(),
            WildcardOriginNotAllowed,
        ),
        blocked(
            "no allow-credentials",
            get("/missing-allow-credentials").with_credentials(),
            InvalidAllowCredentials,
        ),
        blocked(
            "allow-credentials `True`",
            get("/wrong-allow-credentials").with_credentials(),
            InvalidAllowCredentials,
        ),
        blocked("preflight 404", put("/missing-allow-origin"), PreflightMissingAllowOriginHeader),
        blocked(
            "preflight wrong allow-origin",
            put("/wrong-allow-origin"),
            PreflightAllowOriginMismatch,
        ),
        blocked(
            "preflight two allow-origin lines",
            put("/multiple-allow-origin"),
            PreflightMultipleAllowOriginValues,
        ),
        blocked(
            "preflight allow-origin not an origin",
            put("/invalid-allow-origin"),
            PreflightInvalidAllowOriginValue,
        ),
        blocked(
            "preflight `*` with credentials",
            put("/public").with_credentials(),
            PreflightWildcardOriginNotAllowed,
        ),
        blocked(
            "preflight no allow-credentials",
            put("/missing-allow-credentials").with_credentials(),
            PreflightInvalidAllowCredentials,
        ),
        blocked("preflight status 500", put("/preflight-error-status"), PreflightInvalidStatus),
        blocked("preflight redirected", put("/preflight-redirect"), PreflightDisallowedRedirect),
        blocked(
            "method not allowed",
            get("/method-not-allowed").with_method("PATCH"),
            MethodDisallowedByPreflightResponse,
        ),
        blocked(
            "header not allowed",
            put("/header-not-allowed"),
            HeaderDisallowedByPreflightResponse,
        ),
        blocked(
            "unparsable allow-methods",
            put("/unparsable-allow-methods"),
            InvalidAllowMethodsPreflightResponse,
        ),
        blocked(
            "unparsable allow-headers",
            put("/unparsable-allow-headers"),
            InvalidAllowHeadersPreflightResponse,
        ),
        blocked(
            "other origin refused",
            CorsRequest::new("/ok", "https://evil.example").with_method("PUT"),
            PreflightMissingAllowOriginHeader,
        ),
        allowed("origin reflected for anyone", get("/reflects-any-origin"))
            .warns(WarningKind::ReflectsAnyOrigin),
        allowed("max-age above Chromium's cap", put("/max-age-too-long"))
            .warns(WarningKind::MaxAgeAboveChromiumCap),
    ]
}

/// Registers every route of the fixture.
pub fn routes(config: &mut web::ServiceConfig) {
    config
        .route("/ok", web::to(correct))
        .route("/public", web::to(public))
        .route("/missing-allow-origin", web::get().to(HttpResponse::Ok))
        .route(
            "/wrong-allow-origin",
            web::to(|| fixed(vec![("Access-Control-Allow-Origin", "https://other.example")])),
        )
        .route(
            "/multiple-allow-origin",
            web::to(|| {
                fixed(vec![
                    ("Access-Control-Allow-Origin", APP),
                    ("Access-Control-Allow-Origin", "https://other.example"),
                ])
            }),
        )
        .route(
            "/invalid-allow-origin",
            web::to(|| fixed(vec![("Access-Control-Allow-Origin", "app.example")])),
        )
        .route("/missing-allow-credentials", web::to(|| fixed(grant(&[]))))
        .route(
            "/wrong-allow-credentials",
            web::to(|| fixed(grant(&[("Access-Control-Allow-Credentials", "True")]))),
        )
        .route("/preflight-error-status", web::to(preflight_error_status))
        .route("/preflight-redirect", web::to(preflight_redirect))
        .route(
            "/method-not-allowed",
            web::to(|| fixed(grant(&[("Access-Control-Allow-Methods", "GET, POST")]))),
        )
        .route(
            "/header-not-allowed",
            web::to(|| {
                fixed(grant(&[
                    ("Access-Control-Allow-Methods", "PUT"),
                    ("Access-Control-Allow-Headers", "content-type"),
                ]))
            }),
        )
        .route(
            "/unparsable-allow-methods",
            web::to(|| fixed(grant(&[("Access-Control-Allow-Methods", "GET PUT")]))),
        )
        .route(
            "/unparsable-allow-headers",
            web::to(|| {
                fixed(grant(&[
                    ("Access-Control-Allow-Methods", "PUT"),
                    ("Access-Control-Allow-Headers", "x-custom; content-type"),
                ]))
            }),
        )
        .route("/reflects-any-origin", web::to(reflect_any_origin))
        .route(
            "/max-age-too-long",
            web::to(|| {
                fixed(grant(&[
                    ("Access-Control-Allow-Methods", "PUT"),
                    ("Access-Control-Allow-Headers", "x-custom"),
                    ("Access-Control-Max-Age", "86400"),
                    ("Vary", "Origin"),
                ]))
            }),
        );
}

/// The headers every route sends, after `Access-Control-Allow-Origin: APP`.
fn grant(extra: &[(&'static str, &'static str)]) -> Vec<(&'static str, &'static str)> {
    let mut headers = vec![("Access-Control-Allow-Origin", APP)];
    headers.extend_from_slice(extra);
    headers
}

/// 200 with exactly these headers, whatever the request.
async fn fixed(headers: Vec<(&'static str, &'static str)>) -> HttpResponse {
    with_headers(HttpResponse::Ok(), &headers)
}

fn with_headers(mut response: HttpResponseBuilder, headers: &[(&str, &str)]) -> HttpResponse {
    for header in headers {
        response.append_header(*header);
    }
    response.finish()
}

fn is_preflight(request: &HttpRequest) -> bool {
    request.method() == Method::OPTIONS
        && request.headers().contains_key("Access-Control-Request-Method")
}

fn origin(request: &HttpRequest) -> Option<&str> {
    request.headers().get("Origin").and_then(|origin| origin.to_str().ok())
}

/// What `#[cors(origins = [APP], methods = [GET, PUT, POST], headers = ["Content-Type",
/// "X-Custom"], credentials, max_age = 600)]` does.
async fn correct(request: HttpRequest) -> HttpResponse {
    let granted = origin(&request) == Some(APP);
    if is_preflight(&request) {
        if !granted {
            return HttpResponse::Forbidden().finish();
        }
        return with_headers(
            HttpResponse::NoContent(),
            &[
                ("Access-Control-Allow-Origin", APP),
                ("Access-Control-Allow-Methods", "GET, PUT, POST"),
                ("Access-Control-Allow-Headers", "content-type, x-custom"),
                ("Access-Control-Allow-Credentials", "true"),
                ("Access-Control-Max-Age", "600"),
            ],
        );
    }
    let mut headers = vec![("Vary", "Origin")];
    if granted {
        headers.extend([
            ("Access-Control-Allow-Origin", APP),
            ("Access-Control-Allow-Credentials", "true"),
        ]);
    }
    with_headers(HttpResponse::Ok(), &headers)
}

/// A public API: `*`, and `Access-Control-Allow-Credentials: true` that cannot work with it.
async fn public(request: HttpRequest) -> HttpResponse {
    let mut headers =
        vec![("Access-Control-Allow-Origin", "*"), ("Access-Control-Allow-Credentials", "true")];
    if is_preflight(&request) {
        headers
            .extend([("Access-Control-Allow-Methods", "*"), ("Access-Control-Allow-Headers", "*")]);
    }
    with_headers(HttpResponse::Ok(), &headers)
}

/// Grants the origin but fails the preflight with a server error (e.g. a handler that panics).
async fn preflight_error_status(request: HttpRequest) -> HttpResponse {
    let status = if is_preflight(&request) {
        HttpResponse::InternalServerError()
    } else {
        HttpResponse::Ok()
    };
    with_headers(status, &grant(&[("Access-Control-Allow-Methods", "PUT")]))
}

/// Redirects the preflight, like a trailing-slash or HTTPS redirect placed before CORS.
async fn preflight_redirect() -> HttpResponse {
    with_headers(HttpResponse::PermanentRedirect(), &[("Location", "/ok")])
}

/// Echoes any `Origin` with credentials: works for the page, and for every other site too.
async fn reflect_any_origin(request: HttpRequest) -> HttpResponse {
    let origin = origin(&request).unwrap_or("null").to_owned();
    HttpResponse::Ok()
        .append_header(("Access-Control-Allow-Origin", origin))
        .append_header(("Access-Control-Allow-Credentials", "true"))
        .finish()
}
