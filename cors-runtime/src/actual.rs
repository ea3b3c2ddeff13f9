//! The grant on the responses of a `#[cors]` route's own requests (not preflights).

use actix_web::dev::ServiceRequest;
use actix_web::http::header::{self, HeaderMap, HeaderValue};

use crate::logs::{Quoted, describe_origins, origins_setting, where_written};
use crate::policy::Policy;
use crate::{grant, vary};

/// The `Access-Control-Allow-Origin` value an actual request earns, if any.
pub(crate) fn grant_for(policy: &Policy, request: &ServiceRequest) -> Option<HeaderValue> {
    let origin = request.headers().get(header::ORIGIN)?;
    let allow_origin = policy.allowed_origin_value(origin);
    let method = request.method().as_str();
    if allow_origin.is_none() {
        log::debug!(
            "CORS: {} {} from origin {} gets no CORS headers (allowed: {}); if that page should read the response, add its origin to {} {}",
            Quoted(method.as_bytes()),
            Quoted(request.path().as_bytes()),
            Quoted(origin.as_bytes()),
            describe_origins(policy),
            origins_setting(policy),
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

/// Adds the grant `allow_origin` (if any) to a response of the route, and `Vary: Origin`.
pub(crate) fn add_grant(
    policy: &Policy,
    allow_origin: Option<HeaderValue>,
    headers: &mut HeaderMap,
) {
    if let Some(allow_origin) = allow_origin {
        grant::insert_allow_origin(policy, allow_origin, headers);
        if let Some(expose) = &policy.parts().header_values.expose_headers {
            headers.insert(header::ACCESS_CONTROL_EXPOSE_HEADERS, expose.clone());
        }
    }
    vary::append_origin(headers);
}
