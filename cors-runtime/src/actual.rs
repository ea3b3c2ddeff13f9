//! The grant on the responses of a `#[cors]` route's own requests (not preflights).

use actix_web::dev::ServiceRequest;
use actix_web::http::header::{self, HeaderMap, HeaderName, HeaderValue};

use crate::logs::{Quoted, describe_origins, origins_setting, where_written};
use crate::policy::Policy;
use crate::{grant, vary};

/// The `Access-Control-Allow-Origin` value an actual request earns, if any.
pub(crate) fn grant_for(policy: &Policy, request: &ServiceRequest) -> Option<HeaderValue> {
    let origin = request.headers().get(header::ORIGIN)?;
    let allow_origin = policy.grant(origin, request.request());
    let method = request.method().as_str();
    if allow_origin.is_none() {
        log::debug!(
            "CORS: {} {} from origin {} gets no CORS headers (allowed: {}); if that page should read the response, add its origin to {} {}",
            Quoted(method.as_bytes()),
            Quoted(request.path().as_bytes()),
            Quoted(origin.as_bytes()),
            describe_origins(policy, request.request()),
            origins_setting(policy, request.request()),
            where_written(policy),
        );
        return None;
    }
    if !policy.allows_method(method.as_bytes()) {
        log::debug!(
            "CORS: {} {} from origin {} gets no CORS headers: the method is not in `methods` {}",
            Quoted(method.as_bytes()),
            Quoted(request.path().as_bytes()),
            Quoted(origin.as_bytes()),
            where_written(policy),
        );
        return None;
    }
    allow_origin
}

/// Makes the grant `allow_origin` (if any) the only CORS headers of a response of the route,
/// and appends `Vary: Origin`.
///
/// The policy is the only source of CORS headers on its route: any `Access-Control-*` header
/// the handler or the user's middleware wrote (a proxy copying upstream headers, code that
/// reflects `Origin`) is removed first, or it would grant origins, credentials or headers the
/// policy refuses.
pub(crate) fn add_grant(
    policy: &Policy,
    allow_origin: Option<HeaderValue>,
    headers: &mut HeaderMap,
) {
    remove_cors_headers(policy, headers);
    if let Some(allow_origin) = allow_origin {
        grant::insert_allow_origin(policy, allow_origin, headers);
        if let Some(expose) =
            policy.lists().and_then(|lists| lists.header_values.expose_headers.as_ref())
        {
            headers.insert(header::ACCESS_CONTROL_EXPOSE_HEADERS, expose.clone());
        }
    }
    vary::append_origin(headers);
}

/// Removes every `Access-Control-*` header from a response of the route. One pass over the
/// names when there is none, the usual case; a name is cloned (a reference count at most) only
/// to remove it.
fn remove_cors_headers(policy: &Policy, headers: &mut HeaderMap) {
    while let Some(name) = headers.keys().find(|name| is_cors_header(name)).cloned() {
        headers.remove(&name);
        if log::log_enabled!(log::Level::Debug) && policy.log().first_removal() {
            log::debug!(
                "CORS: `{}` (or a middleware it wraps) set `{name}` itself; removed with every other Access-Control-* header it set, as the policy {} alone decides them (logged once per route)",
                policy.handler(),
                where_written(policy),
            );
        }
    }
}

/// Header names arrive lower-case, so one prefix comparison finds every CORS header.
fn is_cors_header(name: &HeaderName) -> bool {
    name.as_str().as_bytes().starts_with(b"access-control-")
}
