//! What every grant starts with, on a preflight's answer and on the route's own responses.

use actix_web::http::header::{self, HeaderMap, HeaderValue};

use crate::policy::Policy;

const TRUE: HeaderValue = HeaderValue::from_static("true");

/// Inserts `Access-Control-Allow-Origin: allow_origin`, and `-Allow-Credentials: true` when
/// `policy` allows credentials.
pub(crate) fn insert_allow_origin(
    policy: &Policy,
    allow_origin: HeaderValue,
    headers: &mut HeaderMap,
) {
    headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, allow_origin);
    if policy.allows_credentials() {
        headers.insert(header::ACCESS_CONTROL_ALLOW_CREDENTIALS, TRUE);
    }
}
