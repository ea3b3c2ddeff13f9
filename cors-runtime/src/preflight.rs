//! Answering a preflight: `OPTIONS` with `Origin` and `Access-Control-Request-Method`.
//!
//! A preflight is answered `204` with the policy's precomputed headers when the policy allows
//! the origin, the method and every requested header. A refusal is logged in the words of the
//! `#[cors(...)]` key to change, and answered so that the browser's console names its cause:
//!
//! - from an allowed origin, for a method the policy does not list (but one the browser checks,
//!   not GET, HEAD or POST) or for a request header it does not allow: `204` with the origin
//!   grant and the policy's own `Access-Control-Allow-Methods`/`-Allow-Headers`, which do not
//!   hold what was asked, so the browser blocks the call with "Method PUT is not allowed by
//!   Access-Control-Allow-Methods" or "Request header field x-debug is not allowed by
//!   Access-Control-Allow-Headers" rather than the "No 'Access-Control-Allow-Origin' header"
//!   that sends developers to the origins. No `Access-Control-Max-Age`: nothing to cache;
//! - otherwise (an origin not allowed, `Access-Control-Request-Headers` past the caps, or a
//!   GET, HEAD or POST the policy does not list, which browsers allow whatever the lists say):
//!   `403` with no CORS headers.
//!
//! Only what the browser uses is sent (the model is jub0bs/cors): no `Vary`, since responses to
//! `OPTIONS` are not cacheable (RFC 9110, 9.3.7) and browsers key their preflight cache on
//! origin, method and headers themselves; and no `Access-Control-Allow-Methods` for GET, HEAD and
//! POST, which the Fetch standard's preflight check allows whatever the header says.

use actix_web::dev::RequestHead;
use actix_web::http::header::{self, HeaderMap, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::{HttpRequest, HttpResponse};

use cors_rules::Name;
use cors_rules::fetch::{
    self, MAX_REQUEST_HEADER_LINES, MAX_REQUEST_HEADER_NAMES, MAX_REQUEST_HEADERS_BYTES,
};

use crate::grant;
use crate::logs::{OriginAdvice, Quoted, describe_origins, origin_advice, where_written};
use crate::observe::{self, AllowKey, Decision, Kind, Outcome, Reason};
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
    /// More `Access-Control-Request-Headers` than a browser ever sends.
    TooManyHeaders,
}

impl Refusal<'_> {
    pub(crate) const fn reason(&self) -> Reason {
        match self {
            Refusal::Origin => Reason::Origin,
            Refusal::Method => Reason::Method,
            Refusal::Header(_) => Reason::Header,
            Refusal::TooManyHeaders => Reason::TooManyHeaders,
        }
    }
}

/// The `Access-Control-Allow-Origin` a preflight earns, or why it earns none.
pub(crate) fn judge<'a>(
    policy: &Policy,
    request: &'a HttpRequest,
    origin: &HeaderValue,
    method: &HeaderValue,
) -> Result<HeaderValue, Refusal<'a>> {
    let allow_origin = policy.grant(origin, request).ok_or(Refusal::Origin)?;
    if !policy.allows_method(method.as_bytes()) {
        return Err(Refusal::Method);
    }
    check_requested_headers(policy, request.headers())?;
    Ok(allow_origin)
}

/// Refuses requested headers beyond the caps, then the first the policy does not allow,
/// reading every `Access-Control-Request-Headers` line. Bounded by the caps whatever was sent:
/// over HTTP/2 a few bytes on the wire can reference kilobytes of header (HPACK).
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
    request: &HttpRequest,
    origin: &HeaderValue,
    method: &HeaderValue,
) -> HttpResponse {
    let headers = request.headers();
    match judge(policy, request, origin, method) {
        Ok(allow_origin) => {
            observe::count(policy, Kind::Preflight, Outcome::Granted, None, request);
            with_lists(policy, allow_origin, method, headers, Verdict::Granted)
        }
        Err(refusal) => {
            observe::count(
                policy,
                Kind::Preflight,
                Outcome::Refused,
                Some(refusal.reason()),
                request,
            );
            let response = refused(policy, &refusal, request, origin, method);
            log_refusal(policy, request, origin, method, refusal, response.status());
            response
        }
    }
}

/// Whether a [`with_lists`] answer grants the preflight or refuses it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Verdict {
    Granted,
    Refused,
}

/// The answer to a preflight refused for `refusal` (see the module documentation).
fn refused(
    policy: &Policy,
    refusal: &Refusal<'_>,
    request: &HttpRequest,
    origin: &HeaderValue,
    method: &HeaderValue,
) -> HttpResponse {
    let lists_name_the_cause = match refusal {
        // The Fetch standard allows GET, HEAD and POST whatever Allow-Methods says: lists would
        // grant a method the policy refuses.
        Refusal::Method => !fetch::is_cors_safelisted_method(method.as_bytes()),
        Refusal::Header(_) => true,
        // An unknown origin learns nothing, and a request past the caps is no browser's.
        Refusal::Origin | Refusal::TooManyHeaders => false,
    };
    // The origin is looked up again only where the answer would grant it.
    match lists_name_the_cause.then(|| policy.grant(origin, request)).flatten() {
        Some(allow_origin) => {
            with_lists(policy, allow_origin, method, request.headers(), Verdict::Refused)
        }
        None => HttpResponse::new(StatusCode::FORBIDDEN),
    }
}

/// A `204` with the origin grant and the policy's precomputed lists, which hold the requested
/// method and headers when the preflight is granted, and do not when it is refused.
///
/// A refusal carries no `Access-Control-Max-Age`, and no `*` in `Access-Control-Allow-Headers`:
/// the policy's `*` leaves out `Authorization` (its only header refusal), but Chromium, Firefox
/// and WebKit all read a `*` as covering it. Without the list, the browser names the first
/// requested header (they are sent sorted), which is `authorization` unless a custom header such
/// as `accept-version` sorts before it.
fn with_lists(
    policy: &Policy,
    allow_origin: HeaderValue,
    method: &HeaderValue,
    request_headers: &HeaderMap,
    verdict: Verdict,
) -> HttpResponse {
    let mut response = HttpResponse::new(StatusCode::NO_CONTENT);
    // An origin is granted only once the lists are loaded, so they are here.
    let Some(lists) = policy.lists() else { return response };
    let values = &lists.header_values;
    let headers = response.headers_mut();
    grant::insert_allow_origin(policy, allow_origin, headers);
    if !fetch::is_cors_safelisted_method(method.as_bytes()) {
        headers.insert(header::ACCESS_CONTROL_ALLOW_METHODS, values.allow_methods.clone());
    }
    let wildcard_headers = lists.headers.wildcard;
    if let Some(allow_headers) = &values.allow_headers
        && request_headers.contains_key(header::ACCESS_CONTROL_REQUEST_HEADERS)
        && !(verdict == Verdict::Refused && wildcard_headers)
    {
        headers.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, allow_headers.clone());
    }
    if let Some(max_age) = &values.max_age
        && verdict == Verdict::Granted
    {
        headers.insert(header::ACCESS_CONTROL_MAX_AGE, max_age.clone());
    }
    response
}

/// Logs why a preflight was refused: the route's first refusal in a minute at `warn`, with the
/// count of those since logged at `debug` only, so that no sender can flood the log. Every value
/// from the request is [`Quoted`].
pub(crate) fn log_refusal(
    policy: &Policy,
    request: &HttpRequest,
    origin: &HeaderValue,
    method: &HeaderValue,
    refusal: Refusal<'_>,
    status: StatusCode,
) {
    let Some(admitted) = policy.log().refusal_level() else { return };
    let explained = explain(policy, request, origin, method, &refusal);
    // A 204 refusal grants the origin but lists what the policy allows, without what was asked.
    let answered = match status {
        StatusCode::FORBIDDEN => "403",
        _ => "204 with the policy's lists",
    };
    observe::write(
        module_path!(),
        admitted,
        &explained.decision(Outcome::Refused),
        format_args!(
            "CORS preflight refused ({answered}) for {} {} from origin {}: {}. The browser will block the call.{admitted}",
            Quoted(method.as_bytes()),
            Quoted(request.path().as_bytes()),
            Quoted(origin.as_bytes()),
            explained.reason,
        ),
    );
}

/// Under a policy rolled out report-only: logs and counts a preflight the policy would refuse,
/// which the configuration it stands in for granted.
pub(crate) fn report(
    policy: &Policy,
    request: &HttpRequest,
    origin: &HeaderValue,
    method: &HeaderValue,
) {
    let Err(refusal) = judge(policy, request, origin, method) else { return };
    observe::count(policy, Kind::Preflight, Outcome::WouldRefuse, Some(refusal.reason()), request);
    let Some(admitted) = policy.log().refusal_level() else { return };
    let explained = explain(policy, request, origin, method, &refusal);
    observe::write(
        module_path!(),
        admitted,
        &explained.decision(Outcome::WouldRefuse),
        format_args!(
            "CORS report-only: the preflight for {} {} from origin {} would be refused: {}. Let through unchanged.{admitted}",
            Quoted(method.as_bytes()),
            Quoted(request.path().as_bytes()),
            Quoted(origin.as_bytes()),
            explained.reason,
        ),
    );
}

/// A refusal explained: the words of its log line, and the decision an event describes.
pub(crate) struct Explained<'a> {
    pub(crate) reason: String,
    decision: Decision<'a>,
}

impl<'a> Explained<'a> {
    pub(crate) fn decision(&self, outcome: Outcome) -> Decision<'a> {
        Decision { outcome, ..self.decision }
    }
}

/// Why `policy` refuses the preflight, in the words of the `#[cors(...)]` key to change.
pub(crate) fn explain<'a>(
    policy: &'a Policy,
    request: &'a HttpRequest,
    origin: &'a HeaderValue,
    method: &'a HeaderValue,
    refusal: &Refusal<'a>,
) -> Explained<'a> {
    let mut decision = Decision {
        kind: Kind::Preflight,
        outcome: Outcome::Refused,
        reason: Some(refusal.reason()),
        policy,
        request,
        method: method.as_bytes(),
        origin: Some(origin.as_bytes()),
        header: None,
        allow: None,
    };
    let reason = match *refusal {
        Refusal::Origin => match origin_advice(policy, request, origin.as_bytes()) {
            advice @ (OriginAdvice::Add(_) | OriginAdvice::Imitation { .. }) => {
                decision.allow = advice.edit().map(|origin| (AllowKey::Origins, origin));
                format!(
                    "the origin is not allowed (allowed: {}); {}",
                    describe_origins(policy, request),
                    advice.fix("call this route", policy, request).unwrap_or_default(),
                )
            }
            OriginAdvice::Unlistable => format!(
                "the Origin header is not an origin a policy can list (a browser sends `scheme://host[:port]`, or `null` for pages without one); nothing to change {}",
                where_written(policy),
            ),
        },
        Refusal::Method => match std::str::from_utf8(method.as_bytes()) {
            Ok(method) if matches!(cors_rules::check_method(method), Ok(Name::Listed(_))) => {
                decision.allow = Some((AllowKey::Methods, method));
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
        Refusal::Header(name) => {
            decision.header = Some(name);
            match std::str::from_utf8(name) {
                Ok(text)
                    if matches!(cors_rules::check_request_header(text), Ok(Name::Listed(_))) =>
                {
                    decision.allow = Some((AllowKey::Headers, text));
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
            }
        }
        Refusal::TooManyHeaders => format!(
            "Access-Control-Request-Headers is longer than a browser sends (over {MAX_REQUEST_HEADER_LINES} lines, {MAX_REQUEST_HEADERS_BYTES} bytes or {MAX_REQUEST_HEADER_NAMES} names); nothing to change {}",
            where_written(policy),
        ),
    };
    Explained { reason, decision }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::tests::{CREDENTIALED, PUBLIC};

    const APP: HeaderValue = HeaderValue::from_static("https://myapp.com");

    fn refusal_answer(policy: &Policy, refusal: &Refusal<'_>, method: &str) -> HttpResponse {
        let method = HeaderValue::from_str(method).expect("a method is a header value");
        let request = actix_web::test::TestRequest::default()
            .insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "x-other"))
            .to_http_request();
        refused(policy, refusal, &request, &APP, &method)
    }

    #[test]
    fn unlisted_get_head_or_post_stays_a_bare_403() {
        // Browsers take GET, HEAD and POST whatever Allow-Methods says: lists would grant HEAD.
        let response = refusal_answer(&CREDENTIALED, &Refusal::Method, "HEAD");
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        assert!(response.headers().is_empty(), "{:?}", response.headers());
    }

    #[test]
    fn unlisted_method_gets_the_policys_methods_without_max_age() {
        let response = refusal_answer(&CREDENTIALED, &Refusal::Method, "DELETE");
        assert_eq!(response.status(), StatusCode::NO_CONTENT);
        let headers = response.headers();
        assert_eq!(headers.get(header::ACCESS_CONTROL_ALLOW_ORIGIN), Some(&APP));
        assert_eq!(headers.get(header::ACCESS_CONTROL_ALLOW_CREDENTIALS).unwrap(), "true");
        assert_eq!(headers.get(header::ACCESS_CONTROL_ALLOW_METHODS).unwrap(), "GET, POST");
        assert_eq!(
            headers.get(header::ACCESS_CONTROL_ALLOW_HEADERS).unwrap(),
            "content-type, x-request-id"
        );
        assert_eq!(headers.get(header::ACCESS_CONTROL_MAX_AGE), None);
    }

    #[test]
    fn requests_past_the_caps_stay_a_bare_403() {
        let response = refusal_answer(&CREDENTIALED, &Refusal::TooManyHeaders, "GET");
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        assert!(response.headers().is_empty(), "{:?}", response.headers());
    }

    #[test]
    fn wildcard_refusal_sends_no_star_for_browsers_to_read_as_authorization() {
        let response = refusal_answer(&PUBLIC, &Refusal::Header(b"authorization"), "PUT");
        assert_eq!(response.status(), StatusCode::NO_CONTENT);
        let headers = response.headers();
        assert_eq!(headers.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).unwrap(), "*");
        assert_eq!(headers.get(header::ACCESS_CONTROL_ALLOW_HEADERS), None);
    }
}
