//! Answering a preflight: `OPTIONS` with `Origin` and `Access-Control-Request-Method`.
//!
//! A preflight is answered `204` with the policy's precomputed headers when the policy allows
//! the origin, the method and every requested header, and `403` with no CORS headers
//! otherwise, with the reason logged in the words of the `#[cors(...)]` key to change.
//!
//! Only what the browser uses is sent (the model is jub0bs/cors): no `Vary`, since responses to
//! `OPTIONS` are not cacheable (RFC 9110, 9.3.7) and browsers key their preflight cache on
//! origin, method and headers themselves; and no `Access-Control-Allow-Methods` for GET, HEAD and
//! POST, which the Fetch standard's preflight check allows whatever the header says.

use actix_web::HttpResponse;
use actix_web::dev::{RequestHead, ServiceRequest};
use actix_web::http::header::{self, HeaderMap, HeaderValue};
use actix_web::http::{Method, StatusCode};

use cors_rules::fetch;

use crate::grant;
use crate::logs::{describe_origins, origins_setting, where_written};
use crate::policy::Policy;

/// The origin and requested method of a preflight: `OPTIONS` with both headers.
pub(crate) fn preflight_of(head: &RequestHead) -> Option<(&HeaderValue, &HeaderValue)> {
    if head.method != Method::OPTIONS {
        return None;
    }
    Some((
        head.headers.get(header::ORIGIN)?,
        head.headers.get(header::ACCESS_CONTROL_REQUEST_METHOD)?,
    ))
}

/// Why a preflight was refused, in terms of the `#[cors(...)]` key that would allow it.
pub(crate) enum Refusal<'a> {
    Origin,
    Method,
    Header(&'a [u8]),
}

/// The `Access-Control-Allow-Origin` a preflight earns, or why it earns none.
pub(crate) fn judge<'a>(
    policy: &Policy,
    origin: &HeaderValue,
    method: &HeaderValue,
    headers: &'a HeaderMap,
) -> Result<HeaderValue, Refusal<'a>> {
    let allow_origin = policy.allowed_origin_value(origin).ok_or(Refusal::Origin)?;
    if !policy.allows_method(method.as_bytes()) {
        return Err(Refusal::Method);
    }
    match first_refused_header(policy, headers) {
        Some(name) => Err(Refusal::Header(name)),
        None => Ok(allow_origin),
    }
}

/// The answer to the preflight `request` from `origin` for `method`: `204` with the grant, or
/// `403` with the reason logged.
pub(crate) fn answer(
    policy: &Policy,
    request: &ServiceRequest,
    origin: &HeaderValue,
    method: &HeaderValue,
) -> HttpResponse {
    let headers = request.headers();
    match judge(policy, origin, method, headers) {
        Ok(allow_origin) => granted(policy, allow_origin, method, headers),
        Err(refusal) => {
            log_refusal(policy, request, origin, method, refusal);
            HttpResponse::new(StatusCode::FORBIDDEN)
        }
    }
}

/// The `204` of an allowed preflight, with the policy's precomputed headers.
fn granted(
    policy: &Policy,
    allow_origin: HeaderValue,
    method: &HeaderValue,
    request_headers: &HeaderMap,
) -> HttpResponse {
    let values = &policy.parts().header_values;
    let mut response = HttpResponse::new(StatusCode::NO_CONTENT);
    let headers = response.headers_mut();
    grant::insert_allow_origin(policy, allow_origin, headers);
    if !fetch::is_cors_safelisted_method(method.as_bytes()) {
        headers.insert(header::ACCESS_CONTROL_ALLOW_METHODS, values.allow_methods.clone());
    }
    if let Some(allow_headers) = &values.allow_headers
        && request_headers.contains_key(header::ACCESS_CONTROL_REQUEST_HEADERS)
    {
        headers.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, allow_headers.clone());
    }
    if let Some(max_age) = &values.max_age {
        headers.insert(header::ACCESS_CONTROL_MAX_AGE, max_age.clone());
    }
    response
}

/// The first requested header the policy does not allow, reading every
/// `Access-Control-Request-Headers` line.
fn first_refused_header<'a>(policy: &Policy, headers: &'a HeaderMap) -> Option<&'a [u8]> {
    headers
        .get_all(header::ACCESS_CONTROL_REQUEST_HEADERS)
        .flat_map(|line| fetch::list_elements(line.as_bytes()))
        .find(|name| !policy.allows_request_header(name))
}

pub(crate) fn log_refusal(
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
            describe_origins(policy),
            origins_setting(policy),
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
        where_written(policy),
    );
}
