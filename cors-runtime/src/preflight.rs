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

use cors_rules::{Name, fetch};

use crate::grant;
use crate::logs::{Quoted, describe_origins, listable_origin, origins_setting, where_written};
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

/// At most this many `Access-Control-Request-Headers` lines are read. Browsers send one; a
/// proxy may split it, but not into more than a few.
const MAX_REQUEST_HEADER_LINES: usize = 8;

/// At most this many bytes of `Access-Control-Request-Headers`, all lines together, are read.
/// Browsers send the names a page set, each once, lower-case, sorted and comma-joined (Fetch,
/// "CORS-unsafe request-header names"): 4 KiB is more than 100 names of 40 bytes. Over HTTP/2 a
/// few bytes on the wire can reference kilobytes of header (HPACK), so without this cap the
/// work per request would be the attacker's to choose.
const MAX_REQUEST_HEADERS_BYTES: usize = 4096;

/// At most this many names are requested. A page sets a handful of custom headers; each name
/// read costs a look-up in the policy's list.
const MAX_REQUEST_HEADER_NAMES: usize = 64;

/// Why a preflight was refused, in terms of the `#[cors(...)]` key that would allow it.
pub(crate) enum Refusal<'a> {
    Origin,
    Method,
    Header(&'a [u8]),
    /// More `Access-Control-Request-Headers` than a browser ever sends.
    TooManyHeaders,
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
    check_requested_headers(policy, headers)?;
    Ok(allow_origin)
}

/// Refuses requested headers beyond the caps, then the first the policy does not allow,
/// reading every `Access-Control-Request-Headers` line. Bounded by the caps whatever was sent.
fn check_requested_headers<'a>(policy: &Policy, headers: &'a HeaderMap) -> Result<(), Refusal<'a>> {
    let mut bytes = 0;
    for (count, line) in headers.get_all(header::ACCESS_CONTROL_REQUEST_HEADERS).enumerate() {
        bytes += line.len();
        if count >= MAX_REQUEST_HEADER_LINES || bytes > MAX_REQUEST_HEADERS_BYTES {
            return Err(Refusal::TooManyHeaders);
        }
    }
    let names = headers
        .get_all(header::ACCESS_CONTROL_REQUEST_HEADERS)
        .flat_map(|line| fetch::list_elements(line.as_bytes()));
    for (count, name) in names.enumerate() {
        if count >= MAX_REQUEST_HEADER_NAMES {
            return Err(Refusal::TooManyHeaders);
        }
        if !policy.allows_request_header(name) {
            return Err(Refusal::Header(name));
        }
    }
    Ok(())
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

/// Logs why a preflight was refused: the route's first refusal in a minute at `warn`, with the
/// count of those since logged at `debug` only, so that no sender can flood the log. Every value
/// from the request is [`Quoted`].
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
    let (level, suppressed) = match policy.log().admit_warning() {
        Some(suppressed) => (log::Level::Warn, suppressed),
        None if log::log_enabled!(log::Level::Debug) => (log::Level::Debug, 0),
        None => return,
    };
    let reason = match refusal {
        Refusal::Origin => match listable_origin(origin.as_bytes()) {
            Some(origin) => format!(
                "the origin is not allowed (allowed: {}); if that page should call this route, add \"{origin}\" to {} {}",
                describe_origins(policy),
                origins_setting(policy),
                where_written(policy),
            ),
            None => format!(
                "the Origin header is not an origin a policy can list (a browser sends `scheme://host[:port]`, or `null` for pages without one); nothing to change {}",
                where_written(policy),
            ),
        },
        Refusal::Method => match std::str::from_utf8(method.as_bytes()) {
            Ok(method) if matches!(cors_rules::check_method(method), Ok(Name::Listed(_))) => {
                format!(
                    "method {method} is not allowed; if pages should use it, add {method} to `methods` {}",
                    where_written(policy),
                )
            }
            _ => format!(
                "method {} is not a method a policy can list; nothing to change {}",
                Quoted(method.as_bytes()),
                where_written(policy),
            ),
        },
        Refusal::Header(name) => match std::str::from_utf8(name) {
            Ok(text) if matches!(cors_rules::check_request_header(text), Ok(Name::Listed(_))) => {
                format!(
                    "request header `{text}` is not allowed; if pages should send it, add \"{text}\" to `headers` {}",
                    where_written(policy),
                )
            }
            _ => format!(
                "request header {} is not a name a policy can list; nothing to change {}",
                Quoted(name),
                where_written(policy),
            ),
        },
        Refusal::TooManyHeaders => format!(
            "Access-Control-Request-Headers is longer than a browser sends (over {MAX_REQUEST_HEADER_LINES} lines, {MAX_REQUEST_HEADERS_BYTES} bytes or {MAX_REQUEST_HEADER_NAMES} names); nothing to change {}",
            where_written(policy),
        ),
    };
    let suppressed = match suppressed {
        0 => String::new(),
        count => format!(
            " ({count} more refusals on this route since the last warning were logged at debug only.)"
        ),
    };
    log::log!(
        level,
        "CORS preflight refused (403) for {} {} from origin {}: {reason}. The browser will block the call.{suppressed}",
        Quoted(method.as_bytes()),
        Quoted(request.path().as_bytes()),
        Quoted(origin.as_bytes()),
    );
}
