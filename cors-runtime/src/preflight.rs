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

use actix_web::dev::{
    AppService, RequestHead, ResourceDef, ServiceRequest, ServiceResponse, fn_service,
};
use actix_web::guard::{Guard, GuardContext};
use actix_web::http::header::{self, HeaderMap, HeaderValue};
use actix_web::http::{Method, StatusCode};
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
        preflight_of(ctx.head()).is_some_and(|(_, requested)| {
            self.methods.iter().any(|method| method.as_bytes() == requested.as_bytes())
        })
    }
}

/// The origin and requested method of a preflight: `OPTIONS` with both headers.
fn preflight_of(head: &RequestHead) -> Option<(&HeaderValue, &HeaderValue)> {
    if head.method != Method::OPTIONS {
        return None;
    }
    Some((
        head.headers.get(header::ORIGIN)?,
        head.headers.get(header::ACCESS_CONTROL_REQUEST_METHOD)?,
    ))
}

/// Why a preflight was refused, in terms of the `#[cors(...)]` key that would allow it.
enum Refusal<'a> {
    Origin,
    Method,
    Header(&'a [u8]),
}

/// The `Access-Control-Allow-Origin` a preflight earns, or why it earns none.
fn judge<'a>(
    policy: &Policy,
    origin: &HeaderValue,
    method: &HeaderValue,
    headers: &'a HeaderMap,
) -> Result<HeaderValue, Refusal<'a>> {
    let allow_origin = policy.allow_origin(origin).ok_or(Refusal::Origin)?;
    if !policy.allows_method(method.as_bytes()) {
        return Err(Refusal::Method);
    }
    match first_refused_header(policy, headers) {
        Some(name) => Err(Refusal::Header(name)),
        None => Ok(allow_origin),
    }
}

fn answer_preflight(policy: &'static Policy, request: ServiceRequest) -> ServiceResponse {
    let head = request.head();
    let judgement = match preflight_of(head) {
        Some((origin, method)) => judge(policy, origin, method, &head.headers).map_err(|refusal| {
            log_refusal(policy, &request, origin, method, refusal);
        }),
        None => Err(()),
    };
    let mut response = match judgement {
        Ok(allow_origin) => granted(policy, allow_origin, &head.headers),
        Err(()) => HttpResponse::new(StatusCode::FORBIDDEN),
    };
    response.headers_mut().insert(header::VARY, PREFLIGHT_VARY);
    request.into_response(response)
}

/// The `204` of an allowed preflight, with the policy's precomputed headers.
fn granted(
    policy: &Policy,
    allow_origin: HeaderValue,
    request_headers: &HeaderMap,
) -> HttpResponse {
    let parts = policy.parts();
    let mut response = HttpResponse::new(StatusCode::NO_CONTENT);
    let headers = response.headers_mut();
    headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, allow_origin);
    if parts.credentials {
        headers.insert(header::ACCESS_CONTROL_ALLOW_CREDENTIALS, TRUE);
    }
    headers.insert(header::ACCESS_CONTROL_ALLOW_METHODS, parts.allow_methods.clone());
    if let Some(allow_headers) = &parts.allow_headers
        && request_headers.contains_key(header::ACCESS_CONTROL_REQUEST_HEADERS)
    {
        headers.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, allow_headers.clone());
    }
    if let Some(max_age) = &parts.max_age {
        headers.insert(header::ACCESS_CONTROL_MAX_AGE, max_age.clone());
    }
    response
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
