//! What every measurement in this crate shares: the four apps under test, the five request
//! scenarios, and a check that each app answers each scenario as it should, so that no
//! benchmark ever measures a misconfigured variant.
//!
//! Every variant serves the same handler at `GET|POST /api/data` (a 27-byte JSON body) and
//! differs only in its CORS layer, all with one policy: origin `https://myapp.com`, methods GET
//! and POST, request header `content-type`, credentials, max-age 3600.

use std::fmt;
use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use actix_http::Request;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::http::header::{self, HeaderMap, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::test::TestRequest;
use actix_web::web::{self, ServiceConfig};
use actix_web::{App, Error, HttpRequest, HttpResponse, guard, routes};
use cors_runtime::cors;
use cors_test_support::server::AppServices;

mod allowlist;
pub use allowlist::Allowlist;
pub mod counting;
pub mod tenants;

pub const ALLOWED_ORIGIN: &str = "https://myapp.com";
pub const REFUSED_ORIGIN: &str = "https://evil.example";
const PATH: &str = "/api/data";
const BODY: &str = r#"{"items":[1,2,3],"total":3}"#;

/// The CORS layer in front of the handler.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Variant {
    /// No CORS at all: what the handler and actix-web's routing cost by themselves.
    Floor,
    /// actix-cors 0.7 as `App::wrap`, the usual way to add CORS to an actix-web app.
    ActixCors,
    /// This project's `#[cors(...)]` attribute.
    CorsAttr,
    /// Per-route CORS written by hand with static headers: the ideal a generated layer can at
    /// best match, and the reference for what a static preflight response allocates.
    HandWritten,
    /// This project's named policy applied with `App::wrap`, where actix-cors goes.
    PolicyWrap,
}

impl Variant {
    pub const ALL: [Variant; 5] = [
        Variant::Floor,
        Variant::ActixCors,
        Variant::CorsAttr,
        Variant::HandWritten,
        Variant::PolicyWrap,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Variant::Floor => "floor",
            Variant::ActixCors => "actix-cors",
            Variant::CorsAttr => "cors-attr",
            Variant::HandWritten => "hand-written",
            Variant::PolicyWrap => "policy-wrap",
        }
    }

    pub fn from_name(name: &str) -> Option<Variant> {
        Variant::ALL.into_iter().find(|variant| variant.name() == name)
    }
}

impl fmt::Display for Variant {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.name())
    }
}

/// The request a browser sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scenario {
    /// A credentialed `GET` from the allowed origin.
    ActualAllowed,
    /// A `GET` from an origin the policy does not allow.
    ActualRefused,
    /// A `GET` without `Origin` (same-origin or not from a browser).
    NoOrigin,
    /// The preflight of a `POST` with `Content-Type: application/json` from the allowed origin.
    PreflightAllowed,
    /// The same preflight from an origin the policy does not allow.
    PreflightRefused,
}

impl Scenario {
    pub const ALL: [Scenario; 5] = [
        Scenario::ActualAllowed,
        Scenario::ActualRefused,
        Scenario::NoOrigin,
        Scenario::PreflightAllowed,
        Scenario::PreflightRefused,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Scenario::ActualAllowed => "actual-allowed",
            Scenario::ActualRefused => "actual-refused",
            Scenario::NoOrigin => "no-origin",
            Scenario::PreflightAllowed => "preflight-allowed",
            Scenario::PreflightRefused => "preflight-refused",
        }
    }

    pub fn from_name(name: &str) -> Option<Scenario> {
        Scenario::ALL.into_iter().find(|scenario| scenario.name() == name)
    }

    pub fn is_preflight(self) -> bool {
        matches!(self, Scenario::PreflightAllowed | Scenario::PreflightRefused)
    }

    /// A fresh request for this scenario (requests are consumed by the service).
    pub fn request(self) -> Request {
        self.request_on(None)
    }

    /// A fresh request for this scenario, with `Host: host` when given (a tenant's host).
    pub fn request_on(self, host: Option<&str>) -> Request {
        let origin = match self {
            Scenario::ActualAllowed | Scenario::PreflightAllowed => Some(ALLOWED_ORIGIN),
            Scenario::ActualRefused | Scenario::PreflightRefused => Some(REFUSED_ORIGIN),
            Scenario::NoOrigin => None,
        };
        let mut request = if self.is_preflight() {
            TestRequest::with_uri(PATH)
                .method(Method::OPTIONS)
                .insert_header((header::ACCESS_CONTROL_REQUEST_METHOD, "POST"))
                .insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "content-type"))
        } else {
            TestRequest::get().uri(PATH)
        };
        if let Some(origin) = origin {
            request = request.insert_header((header::ORIGIN, origin));
        }
        if let Some(host) = host {
            request = request.insert_header((header::HOST, host));
        }
        request.to_request()
    }

    /// Whether `variant`'s response to this scenario is right: the status each layer is
    /// documented to answer, and the grant headers only where the origin is allowed.
    pub fn check<B>(self, variant: Variant, response: &ServiceResponse<B>) -> Result<(), String> {
        let expected_status = match (self, variant) {
            (Scenario::PreflightAllowed | Scenario::PreflightRefused, Variant::Floor) => {
                StatusCode::NOT_FOUND
            }
            (Scenario::PreflightAllowed, Variant::ActixCors) => StatusCode::OK,
            (Scenario::PreflightAllowed, _) => StatusCode::NO_CONTENT,
            (Scenario::PreflightRefused, Variant::ActixCors) => StatusCode::BAD_REQUEST,
            (Scenario::PreflightRefused, _) => StatusCode::FORBIDDEN,
            _ => StatusCode::OK,
        };
        let expects_grant = variant != Variant::Floor
            && matches!(self, Scenario::ActualAllowed | Scenario::PreflightAllowed);
        let allow_origin = response.headers().get(header::ACCESS_CONTROL_ALLOW_ORIGIN);
        let status = response.status();
        if status != expected_status {
            return Err(format!(
                "{variant} {}: status {status}, expected {expected_status}",
                self.name()
            ));
        }
        match (expects_grant, allow_origin) {
            (true, Some(value)) if value == ALLOWED_ORIGIN => Ok(()),
            (false, None) => Ok(()),
            (_, allow_origin) => Err(format!(
                "{variant} {}: Access-Control-Allow-Origin {allow_origin:?}, expected {}",
                self.name(),
                if expects_grant { ALLOWED_ORIGIN } else { "none" }
            )),
        }
    }
}

impl fmt::Display for Scenario {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.name())
    }
}

// Every handler serves GET and POST through `#[routes]`, one resource per method in the order
// written. Not `#[route(method = "GET", method = "POST")]`: actix-web-codegen keeps those methods
// in a `HashSet`, so each build checks GET or POST first at random, and a GET then pays for one
// or two method guards (each allocates): two builds of the same code would not compare.
pub(crate) fn data_response() -> HttpResponse {
    HttpResponse::Ok().content_type("application/json").body(BODY)
}

#[routes]
#[get("/api/data")]
#[post("/api/data")]
async fn floor_data() -> HttpResponse {
    data_response()
}

#[cors(
    origins = ["https://myapp.com"],
    methods = [GET, POST],
    headers = ["content-type"],
    credentials,
    max_age = 3600,
)]
#[routes]
#[get("/api/data")]
#[post("/api/data")]
async fn cors_attr_data() -> HttpResponse {
    data_response()
}

/// The same policy as the other variants, the way actix-cors is usually set up.
pub fn actix_cors_policy() -> actix_cors::Cors {
    actix_cors::Cors::default()
        .allowed_origin(ALLOWED_ORIGIN)
        .allowed_methods(["GET", "POST"])
        .allowed_header(header::CONTENT_TYPE)
        .supports_credentials()
        .max_age(3600)
}

const ALLOWED_ORIGIN_VALUE: HeaderValue = HeaderValue::from_static(ALLOWED_ORIGIN);
const TRUE: HeaderValue = HeaderValue::from_static("true");
const ORIGIN_VARY: HeaderValue = HeaderValue::from_static("Origin");
const PREFLIGHT_VARY: HeaderValue = HeaderValue::from_static(
    "Origin, Access-Control-Request-Method, Access-Control-Request-Headers",
);

fn is_allowed_origin(headers: &HeaderMap) -> bool {
    headers.get(header::ORIGIN).is_some_and(|origin| origin == ALLOWED_ORIGIN)
}

#[routes]
#[get("/api/data")]
#[post("/api/data")]
async fn hand_written_data(request: HttpRequest) -> HttpResponse {
    let mut response = data_response();
    let granted = is_allowed_origin(request.headers());
    let headers = response.headers_mut();
    if granted {
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, ALLOWED_ORIGIN_VALUE);
        headers.insert(header::ACCESS_CONTROL_ALLOW_CREDENTIALS, TRUE);
    }
    headers.append(header::VARY, ORIGIN_VARY);
    response
}

fn is_preflight_for_data(ctx: &guard::GuardContext<'_>) -> bool {
    let head = ctx.head();
    head.method == Method::OPTIONS
        && head.headers.contains_key(header::ORIGIN)
        && head
            .headers
            .get(header::ACCESS_CONTROL_REQUEST_METHOD)
            .is_some_and(|method| method == "GET" || method == "POST")
}

/// A preflight answered with precomputed headers after byte comparisons, as one would write it
/// for this one policy.
async fn hand_written_preflight(request: HttpRequest) -> HttpResponse {
    let headers = request.headers();
    let headers_allowed = headers
        .get_all(header::ACCESS_CONTROL_REQUEST_HEADERS)
        .flat_map(|line| line.as_bytes().split(|&byte| byte == b','))
        .map(<[u8]>::trim_ascii)
        .all(|name| name.is_empty() || name.eq_ignore_ascii_case(b"content-type"));
    if !(is_allowed_origin(headers) && headers_allowed) {
        return HttpResponse::Forbidden().insert_header((header::VARY, PREFLIGHT_VARY)).finish();
    }
    HttpResponse::NoContent()
        .insert_header((header::ACCESS_CONTROL_ALLOW_ORIGIN, ALLOWED_ORIGIN_VALUE))
        .insert_header((header::ACCESS_CONTROL_ALLOW_CREDENTIALS, TRUE))
        .insert_header((
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static("GET, POST"),
        ))
        .insert_header((
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            HeaderValue::from_static("content-type"),
        ))
        .insert_header((header::ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("3600")))
        .insert_header((header::VARY, PREFLIGHT_VARY))
        .finish()
}

fn floor_routes(config: &mut ServiceConfig) {
    config.service(floor_data);
}

fn cors_attr_routes(config: &mut ServiceConfig) {
    config.service(cors_attr_data);
}

/// The preflight resource comes first, with a guard that does not allocate, the layout
/// `#[cors]` generates.
fn hand_written_routes(config: &mut ServiceConfig) {
    config
        .service(
            web::resource(PATH)
                .guard(guard::fn_guard(is_preflight_for_data))
                .to(hand_written_preflight),
        )
        .service(hand_written_data);
}

impl Variant {
    /// The routes of this variant's app; actix-cors and the named policy wrap the floor's
    /// routes (see [`actix_cors_app`], [`policy_wrap_app`]).
    pub fn routes(self) -> fn(&mut ServiceConfig) {
        match self {
            Variant::Floor | Variant::ActixCors | Variant::PolicyWrap => floor_routes,
            Variant::CorsAttr => cors_attr_routes,
            Variant::HandWritten => hand_written_routes,
        }
    }
}

/// An app of per-route `routes`, as `HttpServer::new` or `test::init_service` take it.
pub fn app(routes: fn(&mut ServiceConfig)) -> App<impl AppServices> {
    App::new().configure(routes)
}

/// The floor's routes behind actix-cors, which wraps a whole app (hence its own app type).
pub fn actix_cors_app() -> App<impl AppServices> {
    App::new().wrap(actix_cors_policy()).configure(Variant::ActixCors.routes())
}

cors_runtime::policy! {
    /// The same policy as the other variants', applied as actix-cors is.
    BENCH_API(
        origins = ["https://myapp.com"],
        methods = [GET, POST],
        headers = ["content-type"],
        credentials,
        max_age = 3600,
    );
}

/// The floor's routes behind the named policy, wrapped around the whole app as actix-cors is.
pub fn policy_wrap_app() -> App<impl AppServices> {
    App::new().wrap(BENCH_API).configure(Variant::PolicyWrap.routes())
}

/// Runs `call` to completion, which every variant's service reaches on its first poll (no I/O,
/// no timers), so the measurement includes no executor.
///
/// # Panics
/// If the service is not ready at once, or fails.
pub fn respond<S, B>(service: &S, request: Request) -> ServiceResponse<B>
where
    S: Service<Request, Response = ServiceResponse<B>, Error = Error>,
{
    let mut call = pin!(service.call(request));
    match call.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(Ok(response)) => response,
        Poll::Ready(Err(error)) => panic!("the service failed: {error}"),
        Poll::Pending => panic!("the service did not answer at once"),
    }
}
