//! WebSocket handshakes from origins the policy does not list are refused.
//!
//! CORS does not apply to WebSockets: a page on any site may open
//! `new WebSocket("wss://api.example.com/ws")`, the browser sends the user's cookies with the
//! handshake, and only the server's own `Origin` check stands between that page and the user's
//! session (cross-site WebSocket hijacking). A policy that lists origins already names the pages
//! it trusts, so a handshake (`GET` with `Upgrade: websocket`) a browser sends from any other
//! origin, `null` included, is answered `403` before the handler runs. A handshake without
//! `Origin` is not a browser's (browsers always send it on a WebSocket handshake) and goes on.
//! `public_websocket` turns the check off for the rare socket any site may open.

use actix_web::dev::ServiceRequest;
use actix_web::http::header::{self, HeaderMap, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::{HttpRequest, HttpResponse};

use cors_rules::fetch;

use crate::logs::{Quoted, describe_origins, origin_advice, where_written};
use crate::observe::{self, AllowKey, Decision, Kind, Outcome, Reason, wording};
use crate::policy::Policy;
use crate::vary;

/// What a refused handshake receives: a body a developer can act on.
const REFUSED_BODY: &str = "403 Forbidden: this route's CORS policy refuses WebSocket connections from pages on origins it does not list\n";

/// The `403` for a WebSocket handshake the policy refuses, or `None` when it may go on.
pub(crate) fn refused_handshake(policy: &Policy, request: &ServiceRequest) -> Option<HttpResponse> {
    let origin = unlisted_handshake(policy, request.request())?;
    observe::count(
        policy,
        Kind::WebSocket,
        Outcome::Refused,
        Some(Reason::Origin),
        request.request(),
    );
    log_refusal(policy, request.request(), origin, Outcome::Refused);
    let mut response = HttpResponse::build(StatusCode::FORBIDDEN)
        .content_type("text/plain; charset=utf-8")
        .body(REFUSED_BODY);
    vary::append_origin(response.headers_mut());
    Some(response)
}

/// Logs and counts a handshake the policy would refuse, and which was let through.
pub(crate) fn report(policy: &Policy, request: &HttpRequest) {
    if let Some(origin) = unlisted_handshake(policy, request) {
        observe::count(
            policy,
            Kind::WebSocket,
            Outcome::WouldRefuse,
            Some(Reason::Origin),
            request,
        );
        log_refusal(policy, request, origin, Outcome::WouldRefuse);
    }
}

/// Whether `request` is a WebSocket handshake.
#[inline]
pub(crate) fn is_handshake(request: &HttpRequest) -> bool {
    request.method() == Method::GET && is_websocket_upgrade(request.headers())
}

/// The `Origin` of a WebSocket handshake that `policy` refuses.
#[inline]
fn unlisted_handshake<'r>(policy: &Policy, request: &'r HttpRequest) -> Option<&'r HeaderValue> {
    if policy.accepts_websockets_from_any_origin() || !is_handshake(request) {
        return None;
    }
    let origin = request.headers().get(header::ORIGIN)?;
    policy.grant(origin, request).is_none().then_some(origin)
}

/// `Upgrade` lists protocols; the handshake names `websocket`, in any case (RFC 6455, 4.2.1).
fn is_websocket_upgrade(headers: &HeaderMap) -> bool {
    headers.get_all(header::UPGRADE).any(|line| {
        fetch::list_elements(line.as_bytes())
            .any(|protocol| protocol.eq_ignore_ascii_case(b"websocket"))
    })
}

/// Logged like a refused preflight: the route's first refusal in a minute at `warn`.
fn log_refusal(policy: &Policy, request: &HttpRequest, origin: &HeaderValue, outcome: Outcome) {
    let Some(admitted) = policy.log().refusal_level() else { return };
    let advice = origin_advice(policy, request, origin.as_bytes());
    let fix = match advice.fix("open this socket", policy, request) {
        Some(fix) => format!("{fix}; for a socket any site may open, add `public_websocket`"),
        None => format!("nothing to change {}", where_written(policy)),
    };
    let decision = Decision {
        kind: Kind::WebSocket,
        outcome,
        reason: Some(Reason::Origin),
        policy,
        request,
        method: b"GET",
        origin: Some(origin.as_bytes()),
        header: None,
        allow: advice.edit().map(|origin| (AllowKey::Origins, origin)),
    };
    let path = Quoted(request.path().as_bytes());
    let allowed = describe_origins(policy, request);
    let origin = Quoted(origin.as_bytes());
    let (prefix, refused, suffix) = wording(outcome);
    observe::write(
        module_path!(),
        admitted,
        &decision,
        format_args!(
            "{prefix} WebSocket handshake to {path} from origin {origin} {refused} with 403 before the handler ran: the origin is not allowed (allowed: {allowed}); {fix}.{suffix}{admitted}"
        ),
    );
}

#[cfg(test)]
mod tests {
    use actix_web::test::TestRequest;

    use super::*;
    use crate::policy::tests::{CREDENTIALED, PUBLIC};

    fn handshake(headers: &[(&'static str, &'static str)]) -> ServiceRequest {
        let mut request = TestRequest::get().uri("/ws");
        for header in headers {
            request = request.insert_header(*header);
        }
        request.to_srv_request()
    }

    fn refused(policy: &Policy, headers: &[(&'static str, &'static str)]) -> bool {
        refused_handshake(policy, &handshake(headers)).is_some()
    }

    const UPGRADE: (&str, &str) = ("upgrade", "websocket");

    #[test]
    fn a_handshake_from_an_unlisted_origin_or_null_is_refused() {
        assert!(refused(&CREDENTIALED, &[UPGRADE, ("origin", "https://evil.example")]));
        assert!(refused(&CREDENTIALED, &[("upgrade", "WebSocket"), ("origin", "null")]));
        assert!(refused(
            &CREDENTIALED,
            &[("upgrade", "h2c, websocket"), ("origin", "https://myapp.com.evil")]
        ));
        let response = refused_handshake(
            &CREDENTIALED,
            &handshake(&[UPGRADE, ("origin", "https://evil.example")]),
        )
        .expect("refused");
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        assert_eq!(response.headers().get(header::VARY).unwrap(), "Origin");
    }

    #[test]
    fn listed_origins_clients_without_origin_and_other_requests_go_on() {
        assert!(!refused(&CREDENTIALED, &[UPGRADE, ("origin", "https://myapp.com")]));
        assert!(!refused(&CREDENTIALED, &[UPGRADE, ("origin", "https://api.myapp.com")]));
        assert!(!refused(&CREDENTIALED, &[UPGRADE]));
        assert!(!refused(&CREDENTIALED, &[("origin", "https://evil.example")]));
        assert!(!refused(&CREDENTIALED, &[("upgrade", "h2c"), ("origin", "https://evil.example")]));
        assert!(!refused(&PUBLIC, &[UPGRADE, ("origin", "https://evil.example")]));
    }
}
