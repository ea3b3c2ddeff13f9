//! `reject_unlisted_writes`: the policy's origins guard writes, not only reads.
//!
//! CORS decides which pages may *read* a response. A cross-site `<form method=post>`, or a
//! `fetch` POST with a simple body, is sent without a preflight, so the handler runs with the
//! user's cookies whatever the policy says; the browser only hides the answer. With this key,
//! a write (any method but GET, HEAD and OPTIONS) that a browser sent from an origin the
//! policy does not allow is answered `403` before the handler and the user's middleware run.
//!
//! The browser is recognised as Go's `http.CrossOriginProtection` recognises it: by
//! `Sec-Fetch-Site` (every current engine sends it), `same-origin` and `none` (the user typed
//! or bookmarked the URL) pass; without it, by `Origin` against the request's own `Host`,
//! ignoring the scheme, so that a page served through a TLS-terminating proxy still passes. A
//! request with neither header (curl, a server calling the API) is not a browser's and passes.

use actix_web::dev::ServiceRequest;
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::{HttpRequest, HttpResponse};

use crate::logs::{OriginAdvice, Quoted, describe_origins, origin_advice, where_written};
use crate::observe::{self, AllowKey, Decision, Kind, Outcome, Reason, wording};
use crate::policy::{Policy, WriteGuard};
use crate::vary;

const SEC_FETCH_SITE: HeaderName = HeaderName::from_static("sec-fetch-site");

/// What a rejected write receives: no CORS headers (the origin is not allowed, so the page
/// could not read them anyway) and a body a developer can act on.
const REJECTED_BODY: &str = "403 Forbidden: this route's CORS policy rejects writes from pages on origins it does not list (reject_unlisted_writes)\n";

/// The `403` for a write the policy rejects, or `None` when the request may go on: as it is,
/// or reported first under `report_unlisted_writes`.
pub(crate) fn rejected_write(policy: &Policy, request: &ServiceRequest) -> Option<HttpResponse> {
    let guard = policy.write_guard()?;
    let origin = unlisted_write(policy, request.request())?;
    if guard == WriteGuard::Report {
        report(policy, request.request(), origin, guard);
        return None;
    }
    observe::count(policy, Kind::Write, Outcome::Rejected, Some(Reason::Origin), request.request());
    log_rejection(policy, request.request(), origin, Outcome::Rejected, guard);
    let mut response = HttpResponse::build(StatusCode::FORBIDDEN)
        .content_type("text/plain; charset=utf-8")
        .body(REJECTED_BODY);
    // The answer depends on `Origin`, as every other response of the route does.
    vary::append_origin(response.headers_mut());
    Some(response)
}

/// Logs and counts a write that `guard` would reject, and which was let through.
pub(crate) fn report(
    policy: &Policy,
    request: &HttpRequest,
    origin: Option<&HeaderValue>,
    guard: WriteGuard,
) {
    observe::count(policy, Kind::Write, Outcome::WouldReject, Some(Reason::Origin), request);
    log_rejection(policy, request, origin, Outcome::WouldReject, guard);
}

/// For a write a browser sent from an origin `policy` does not allow: `Some` of its `Origin`
/// (none when only `Sec-Fetch-Site` tells), whether or not the policy guards writes.
pub(crate) fn unlisted_write<'r>(
    policy: &Policy,
    request: &'r HttpRequest,
) -> Option<Option<&'r HeaderValue>> {
    if is_safe(request.method()) {
        return None;
    }
    let headers = request.headers();
    let origin = headers.get(header::ORIGIN);
    match headers.get(SEC_FETCH_SITE).map(HeaderValue::as_bytes) {
        Some(b"same-origin" | b"none") => return None,
        // `same-site`, `cross-site`, or a value no browser sends: the origin decides.
        Some(_) => {}
        None => match origin {
            None => return None,
            Some(origin) if is_own_origin(origin.as_bytes(), request) => return None,
            Some(_) => {}
        },
    }
    if origin.is_some_and(|origin| policy.grant(origin, request).is_some()) {
        return None;
    }
    Some(origin)
}

/// The methods that must not change anything (RFC 9110, 9.2.1), which forms and simple
/// `fetch` calls can send to any site; OPTIONS is a preflight's, answered before this.
fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Whether `origin` (`scheme://host[:port]`) names the host the request was sent to. The
/// scheme is ignored: behind a TLS-terminating proxy the page is `https` and the request the
/// server sees is not. A default port written out in `Host` is the origin's implicit one.
fn is_own_origin(origin: &[u8], request: &HttpRequest) -> bool {
    let Some((scheme, origin_host)) = split_scheme(origin) else { return false };
    let host = match request.uri().authority() {
        Some(authority) => authority.as_str().as_bytes(),
        None => match request.headers().get(header::HOST) {
            Some(host) => host.as_bytes(),
            None => return false,
        },
    };
    let default_port: &[u8] = if scheme == b"https" { b":443" } else { b":80" };
    let host = host.strip_suffix(default_port).unwrap_or(host);
    origin_host.eq_ignore_ascii_case(host)
}

fn split_scheme(origin: &[u8]) -> Option<(&[u8], &[u8])> {
    let at = origin.windows(3).position(|window| window == b"://")?;
    Some((&origin[..at], &origin[at + 3..]))
}

/// Logged like a refused preflight: the route's first rejection in a minute at `warn`.
fn log_rejection(
    policy: &Policy,
    request: &HttpRequest,
    origin: Option<&HeaderValue>,
    outcome: Outcome,
    guard: WriteGuard,
) {
    let Some(admitted) = policy.log().refusal_level() else { return };
    let advice = match origin {
        Some(origin) => origin_advice(policy, request, origin.as_bytes()),
        None => OriginAdvice::Unlistable,
    };
    let fix = advice
        .fix("write here", policy, request)
        .unwrap_or_else(|| format!("nothing to change {}", where_written(policy)));
    let decision = Decision {
        kind: Kind::Write,
        outcome,
        reason: Some(Reason::Origin),
        policy,
        request,
        method: request.method().as_str().as_bytes(),
        origin: origin.map(HeaderValue::as_bytes),
        header: None,
        allow: advice.edit().map(|origin| (AllowKey::Origins, origin)),
    };
    let method = Quoted(request.method().as_str().as_bytes());
    let path = Quoted(request.path().as_bytes());
    let origin = Quoted(origin.map_or(&b"(none)"[..], HeaderValue::as_bytes));
    let allowed = describe_origins(policy, request);
    let key = guard.key();
    let (prefix, rejected, suffix) = wording(outcome);
    observe::write(
        module_path!(),
        admitted,
        &decision,
        format_args!(
            "{prefix} {method} {path} from origin {origin} {rejected} with 403 before the handler ran: `{key}` is on and the origin is not allowed (allowed: {allowed}); {fix}.{suffix}{admitted}"
        ),
    );
}

#[cfg(test)]
mod tests {
    use actix_web::test::TestRequest;

    use super::*;
    use crate::policy::tests::{CREDENTIALED, PUBLIC};

    fn post(headers: &[(&'static str, &'static str)]) -> ServiceRequest {
        let mut request =
            TestRequest::post().uri("/api/items").insert_header(("host", "api.example.net"));
        for header in headers {
            request = request.insert_header(*header);
        }
        request.to_srv_request()
    }

    fn rejected(policy: &Policy, headers: &[(&'static str, &'static str)]) -> bool {
        rejected_write(policy, &post(headers)).is_some()
    }

    #[test]
    fn a_rejected_write_varies_on_origin() {
        let rejected = rejected_write(
            &CREDENTIALED,
            &post(&[("sec-fetch-site", "cross-site"), ("origin", "https://evil.example")]),
        )
        .expect("a cross-site write from an unlisted origin is rejected");
        assert_eq!(rejected.status(), StatusCode::FORBIDDEN);
        assert_eq!(rejected.headers().get(header::VARY).unwrap(), "Origin");
    }

    #[test]
    fn fetch_metadata_decides_when_present() {
        let evil = ("origin", "https://evil.example");
        assert!(rejected(&CREDENTIALED, &[("sec-fetch-site", "cross-site"), evil]));
        assert!(rejected(
            &CREDENTIALED,
            &[("sec-fetch-site", "same-site"), ("origin", "https://old.myapp.dev")]
        ));
        assert!(rejected(&CREDENTIALED, &[("sec-fetch-site", "cross-site")]));
        assert!(!rejected(&CREDENTIALED, &[("sec-fetch-site", "same-origin"), evil]));
        assert!(!rejected(&CREDENTIALED, &[("sec-fetch-site", "none")]));
        assert!(!rejected(
            &CREDENTIALED,
            &[("sec-fetch-site", "cross-site"), ("origin", "https://myapp.com")]
        ));
        assert!(!rejected(
            &CREDENTIALED,
            &[("sec-fetch-site", "same-site"), ("origin", "https://eu.myapp.com")]
        ));
    }

    #[test]
    fn without_fetch_metadata_the_origin_is_compared_with_the_host() {
        assert!(rejected(&CREDENTIALED, &[("origin", "https://evil.example")]));
        assert!(rejected(&CREDENTIALED, &[("origin", "null")]));
        assert!(rejected(&CREDENTIALED, &[("origin", "https://api.example.net.evil.example")]));
        // Behind a TLS-terminating proxy: an https page, a request the server sees as http.
        assert!(!rejected(&CREDENTIALED, &[("origin", "https://api.example.net")]));
        assert!(!rejected(&CREDENTIALED, &[("origin", "http://API.example.net")]));
        assert!(!rejected(&CREDENTIALED, &[("origin", "https://myapp.com")]));
    }

    #[test]
    fn a_default_port_written_in_host_is_the_origins_own() {
        let request = TestRequest::post()
            .insert_header(("host", "api.example.net:443"))
            .insert_header(("origin", "https://api.example.net"))
            .to_srv_request();
        assert!(rejected_write(&CREDENTIALED, &request).is_none());
        let request = TestRequest::post()
            .insert_header(("host", "api.example.net:8443"))
            .insert_header(("origin", "https://api.example.net"))
            .to_srv_request();
        assert!(rejected_write(&CREDENTIALED, &request).is_some());
    }

    #[test]
    fn requests_no_browser_sent_and_safe_methods_pass() {
        assert!(!rejected(&CREDENTIALED, &[]));
        let get = TestRequest::get()
            .insert_header(("sec-fetch-site", "cross-site"))
            .insert_header(("origin", "https://evil.example"))
            .to_srv_request();
        assert!(rejected_write(&CREDENTIALED, &get).is_none());
    }

    #[test]
    fn policies_without_the_key_reject_nothing() {
        assert!(!rejected(
            &PUBLIC,
            &[("sec-fetch-site", "cross-site"), ("origin", "https://evil.example")]
        ));
    }
}
