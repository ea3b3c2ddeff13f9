//! The in-process transport: runs a check against an actix-web service built with
//! `actix_web::test::init_service`, so a test can assert what a browser would allow.
//!
//! ```
//! use actix_web::{App, HttpResponse, test, web};
//! use cors_check_core::{CorsErrorKind, CorsRequest};
//!
//! # #[actix_web::main]
//! # async fn main() {
//! // A hand-written policy: the app grants https://myapp.com, with credentials, for JSON.
//! let grant = |response: &mut actix_web::HttpResponseBuilder| {
//!     response
//!         .insert_header(("Access-Control-Allow-Origin", "https://myapp.com"))
//!         .insert_header(("Access-Control-Allow-Credentials", "true"))
//!         .insert_header(("Vary", "Origin"));
//! };
//! let app = test::init_service(
//!     App::new().service(
//!         web::resource("/api/data")
//!             .route(web::post().to(move || async move {
//!                 let mut response = HttpResponse::Ok();
//!                 grant(&mut response);
//!                 response.finish()
//!             }))
//!             .route(web::method(actix_web::http::Method::OPTIONS).to(move || async move {
//!                 let mut response = HttpResponse::NoContent();
//!                 grant(&mut response);
//!                 response
//!                     .insert_header(("Access-Control-Allow-Methods", "POST"))
//!                     .insert_header(("Access-Control-Allow-Headers", "content-type"))
//!                     .finish()
//!             })),
//!     ),
//! )
//! .await;
//!
//! // "A page at https://myapp.com can POST JSON with credentials to /api/data."
//! let json_post = |origin: &str| {
//!     CorsRequest::new("/api/data", origin)
//!         .with_method("POST")
//!         .with_header("Content-Type", "application/json")
//!         .with_credentials()
//! };
//! cors_check_core::actix::check(&app, json_post("https://myapp.com")).await.assert_allowed();
//!
//! // Any other origin is refused; on failure the panic message explains it like a browser.
//! cors_check_core::actix::check(&app, json_post("https://evil.example"))
//!     .await
//!     .assert_blocked(CorsErrorKind::PreflightAllowOriginMismatch);
//! # }
//! ```

use actix_http::Request;
use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::http::Method;
use actix_web::test::TestRequest;

use crate::check::Check;
use crate::drive::Conversation;
use crate::plan::{OutgoingRequest, Plan};
use crate::report::Report;
use crate::request::CorsRequest;
use crate::response::Response;
use crate::routes::{RoutesPlan, RoutesResult};

/// Checks `request` against an in-process actix-web service, in the browser's order, and returns
/// the report. The request's `url` is the path (and query) to call, e.g. `/api/data`.
///
/// # Panics
///
/// When the browser would not send `request` at all (see [`CorsRequest::validate`]): that is a
/// mistake in the test.
pub async fn check<S, B, E>(service: &S, request: CorsRequest) -> Report
where
    S: Service<Request, Response = ServiceResponse<B>, Error = E>,
    B: MessageBody,
    E: Into<actix_web::Error>,
{
    let plan = Plan::new(request).unwrap_or_else(|error| panic!("cors-check: {error}"));
    let mut check = Check::new(plan);
    drive(service, &mut check).await;
    check.report()
}

/// Checks every route of a report against an in-process actix-web service; build the
/// [`RoutesPlan`] with an empty base, so that the calls go to the routes' paths.
///
/// ```
/// use actix_web::{App, HttpResponse, get, test};
/// use cors_check_core::routes::{RoutesPlan, UnsafeCalls, parse_routes};
///
/// #[get("/api/data")]
/// async fn read_data() -> HttpResponse {
///     HttpResponse::Ok()
///         .insert_header(("Access-Control-Allow-Origin", "https://myapp.com"))
///         .finish()
/// }
///
/// # #[actix_web::main]
/// # async fn main() -> Result<(), cors_check_core::routes::RoutesError> {
/// // In a `#[cors]` app, the report is `cors_runtime::routes_json()`.
/// let report = r#"{"format": 1, "routes": [{"handler": "read_data", "policy": null,
///     "path": "/api/data", "methods": ["GET"], "allowed_methods": ["GET"],
///     "origins": ["https://myapp.com"], "origins_env": null,
///     "headers": [], "expose": [], "credentials": false, "max_age": null}]}"#;
/// let routes = RoutesPlan::new(&parse_routes(report)?, "", UnsafeCalls::Send)?;
/// let app = test::init_service(App::new().service(read_data)).await;
/// let result = cors_check_core::actix::check_routes(&app, &routes).await;
/// assert!(result.passed(), "{result}");
/// assert!(result.to_string().starts_with("ok   GET /api/data read_data 1 origin, foreign origin blocked"));
/// # Ok(())
/// # }
/// ```
pub async fn check_routes<S, B, E>(service: &S, routes: &RoutesPlan) -> RoutesResult
where
    S: Service<Request, Response = ServiceResponse<B>, Error = E>,
    B: MessageBody,
    E: Into<actix_web::Error>,
{
    let mut run = routes.start();
    drive(service, &mut run).await;
    run.finish()
}

/// [`crate::drive::drive`] for a service that answers asynchronously, in the test's runtime.
async fn drive<S, B, E>(service: &S, conversation: &mut impl Conversation)
where
    S: Service<Request, Response = ServiceResponse<B>, Error = E>,
    B: MessageBody,
    E: Into<actix_web::Error>,
{
    while let Some(outgoing) = conversation.next_request() {
        conversation.record(send(service, &outgoing).await);
    }
}

/// Calls the service once; an error becomes the response actix-web would send for it.
async fn send<S, B, E>(service: &S, outgoing: &OutgoingRequest) -> Response
where
    S: Service<Request, Response = ServiceResponse<B>, Error = E>,
    B: MessageBody,
    E: Into<actix_web::Error>,
{
    let method = Method::from_bytes(outgoing.method.as_bytes())
        .unwrap_or_else(|_| panic!("cors-check: invalid method {}", outgoing.method));
    let mut test_request = TestRequest::default().method(method).uri(&outgoing.url);
    for (name, value) in &outgoing.headers {
        test_request = test_request.append_header((name.as_str(), value.as_str()));
    }
    if let Some(body) = &outgoing.body {
        test_request = test_request.set_payload(body.clone());
    }
    let (status, headers) = match service.call(test_request.to_request()).await {
        Ok(response) => (response.status(), response.headers().clone()),
        Err(error) => {
            let response = error.into().error_response();
            (response.status(), response.headers().clone())
        }
    };
    Response {
        status: status.as_u16(),
        headers: headers
            .iter()
            .map(|(name, value)| {
                (name.as_str().to_owned(), String::from_utf8_lossy(value.as_bytes()).into_owned())
            })
            .collect(),
    }
}
