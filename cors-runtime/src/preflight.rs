//! The preflight route `#[cors]` registers beside each handler.
//!
//! actix-web's `#[get]`, `#[post]`, ... put the method guard on the route's resource, so an
//! `OPTIONS` request never reaches that resource or its middleware. The attribute therefore
//! registers, for the same path, a resource that answers only preflights for the handler's
//! methods: `OPTIONS` with `Origin` and an `Access-Control-Request-Method` naming one of them.
//! Other `OPTIONS` requests, and preflights for methods no handler on the path serves, fall
//! through to whatever else the app registered. It is registered before the route, so a
//! preflight never pays for the route's method guard.

use std::future::{Ready, ready};

use actix_web::dev::{AppService, ResourceDef, ServiceRequest, ServiceResponse, fn_service};
use actix_web::guard::{Guard, GuardContext};
use actix_web::http::Method;
use actix_web::http::header::{self, HeaderMap, HeaderValue};
use actix_web::{Error, HttpResponse};

use crate::Policy;

const TRUE: HeaderValue = HeaderValue::from_static("true");
/// A preflight's answer depends on these request headers; say so to any cache on the way.
const PREFLIGHT_VARY: HeaderValue = HeaderValue::from_static(
    "Origin, Access-Control-Request-Method, Access-Control-Request-Headers",
);

/// Registers the preflight route for a handler at `path` serving `methods`.
///
/// `path` is the route attribute's own path; inside a `web::scope` or `#[scope]` the scope's
/// prefix applies, as it does to the route.
pub fn register_preflight(
    config: &mut AppService,
    path: &str,
    policy: &'static Policy,
    methods: &'static [&'static str],
) {
    let pattern = if (config.is_root() || !path.is_empty()) && !path.starts_with('/') {
        format!("/{path}")
    } else {
        path.to_owned()
    };
    let guard: Box<dyn Guard> = Box::new(PreflightGuard { methods });
    let answer =
        fn_service(move |request: ServiceRequest| -> Ready<Result<ServiceResponse, Error>> {
            ready(Ok(answer_preflight(policy, request)))
        });
    config.register_service(ResourceDef::new(pattern), Some(vec![guard]), answer, None);
}

/// Matches exactly the preflights for one handler's methods, without allocating (actix's own
/// method guards record every method they test in the request's extensions).
struct PreflightGuard {
    methods: &'static [&'static str],
}

impl Guard for PreflightGuard {
    fn check(&self, ctx: &GuardContext<'_>) -> bool {
        let head = ctx.head();
        head.method == Method::OPTIONS
            && head.headers.contains_key(header::ORIGIN)
            && head.headers.get(header::ACCESS_CONTROL_REQUEST_METHOD).is_some_and(|requested| {
                self.methods.iter().any(|method| method.as_bytes() == requested.as_bytes())
            })
    }
}

/// Why a preflight was refused, in terms of the `#[cors(...)]` key that would allow it.
enum Refusal<'a> {
    Origin,
    Method,
    Header(&'a [u8]),
}

fn answer_preflight(policy: &'static Policy, request: ServiceRequest) -> ServiceResponse {
    let headers = request.headers();
    let (Some(origin), Some(method)) =
        (headers.get(header::ORIGIN), headers.get(header::ACCESS_CONTROL_REQUEST_METHOD))
    else {
        unreachable!(
            "PreflightGuard admits only requests with Origin and Access-Control-Request-Method"
        )
    };
    let refusal = match policy.allow_origin(origin) {
        None => Some(Refusal::Origin),
        Some(_) if !policy.allows_method(method.as_bytes()) => Some(Refusal::Method),
        Some(_) => first_refused_header(policy, headers).map(Refusal::Header),
    };
    if let Some(refusal) = refusal {
        log_refusal(policy, &request, origin, method, refusal);
        let mut refused = HttpResponse::Forbidden();
        refused.insert_header((header::VARY, PREFLIGHT_VARY));
        return request.into_response(refused.finish());
    }
    let allow_origin = policy.allow_origin(origin);
    let parts = policy.parts();
    let mut response = HttpResponse::NoContent();
    if let Some(allow_origin) = allow_origin {
        response.insert_header((header::ACCESS_CONTROL_ALLOW_ORIGIN, allow_origin));
    }
    if parts.credentials {
        response.insert_header((header::ACCESS_CONTROL_ALLOW_CREDENTIALS, TRUE));
    }
    response.insert_header((header::ACCESS_CONTROL_ALLOW_METHODS, parts.allow_methods.clone()));
    if let (true, Some(allow_headers)) =
        (headers.contains_key(header::ACCESS_CONTROL_REQUEST_HEADERS), &parts.allow_headers)
    {
        response.insert_header((header::ACCESS_CONTROL_ALLOW_HEADERS, allow_headers.clone()));
    }
    if let Some(max_age) = &parts.max_age {
        response.insert_header((header::ACCESS_CONTROL_MAX_AGE, max_age.clone()));
    }
    response.insert_header((header::VARY, PREFLIGHT_VARY));
    request.into_response(response.finish())
}

/// The first requested header the policy does not allow, reading every
/// `Access-Control-Request-Headers` line, tolerating white space and empty list elements.
fn first_refused_header<'a>(policy: &Policy, headers: &'a HeaderMap) -> Option<&'a [u8]> {
    headers
        .get_all(header::ACCESS_CONTROL_REQUEST_HEADERS)
        .flat_map(|line| line.as_bytes().split(|&byte| byte == b','))
        .map(<[u8]>::trim_ascii)
        .filter(|name| !name.is_empty())
        .find(|name| !policy.allows_request_header(name))
}

fn log_refusal(
    policy: &Policy,
    request: &ServiceRequest,
    origin: &HeaderValue,
    method: &HeaderValue,
    refusal: Refusal<'_>,
) {
    if !log::log_enabled!(log::Level::Warn) {
        return;
    }
    let origin = String::from_utf8_lossy(origin.as_bytes());
    let method = String::from_utf8_lossy(method.as_bytes());
    let reason = match refusal {
        Refusal::Origin => format!(
            "origin {origin} is not allowed (allowed: {}); if that page should call this route, add \"{origin}\" to {}",
            policy.describe_origins(),
            policy.origins_setting(),
        ),
        Refusal::Method => {
            format!(
                "method {method} is not allowed; if pages should use it, add {method} to `methods`"
            )
        }
        Refusal::Header(name) => {
            let name = String::from_utf8_lossy(name);
            format!(
                "request header `{name}` is not allowed; if pages should send it, add \"{name}\" to `headers`"
            )
        }
    };
    log::warn!(
        "CORS preflight refused (403) for {method} {} from {origin}: {reason} {}. The browser will block the call.",
        request.path(),
        policy.where_written(),
    );
}
