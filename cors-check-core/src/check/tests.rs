//! What a check sends, in which order, and what it makes of redirects.

use super::*;
use crate::request::CorsRequest;
use crate::vocabulary::FixKind;

fn sent_requests(request: CorsRequest, preflight_status: u16) -> Vec<Sent> {
    let mut sent = Vec::new();
    Check::new(Plan::new(request).unwrap())
        .run(|outgoing| {
            sent.push(outgoing.sent);
            let status = match outgoing.sent {
                Sent::Browser(Exchange::Preflight) => preflight_status,
                Sent::Browser(Exchange::Actual) | Sent::Probe(_) => 200,
            };
            Ok::<_, ()>(
                Response::new(status)
                    .with_header("Access-Control-Allow-Origin", "*")
                    .with_header("Access-Control-Allow-Methods", "*"),
            )
        })
        .unwrap();
    sent
}

#[test]
fn a_failed_preflight_stops_before_the_actual_request() {
    let request = CorsRequest::new("/x", "https://app.example").with_method("PUT");
    assert_eq!(sent_requests(request, 404), [Exchange::Preflight.into()]);
}

#[test]
fn a_passed_preflight_is_followed_by_the_call_and_the_probe() {
    let request = CorsRequest::new("/x", "https://app.example").with_method("PUT");
    assert_eq!(
        sent_requests(request, 204),
        [Exchange::Preflight.into(), Exchange::Actual.into(), Probe::ForeignOrigin.into()]
    );
}

#[test]
fn stopping_after_the_preflight_never_sends_the_call() {
    let request = CorsRequest::new("/x", "https://app.example").with_method("DELETE");
    let mut sent = Vec::new();
    let report = Check::new(Plan::new(request).unwrap())
        .without_actual_after_preflight()
        .run(|outgoing| {
            sent.push(outgoing.sent);
            Ok::<_, ()>(
                Response::new(204)
                    .with_header("Access-Control-Allow-Origin", "https://app.example")
                    .with_header("Access-Control-Allow-Methods", "DELETE"),
            )
        })
        .unwrap();
    assert_eq!(sent, [Exchange::Preflight.into()]);
    report.assert_allowed();
    assert!(report.steps.iter().all(|step| step.sent == Exchange::Preflight.into()));
}

#[test]
fn a_simple_post_is_sent_once() {
    let request = CorsRequest::new("/x", "https://app.example").with_method("POST");
    assert_eq!(sent_requests(request, 204), [Exchange::Actual.into()]);
}

/// Runs `request` against a server that answers each URL with `answer(method, url, origin)`,
/// and returns the report and every request sent as `METHOD URL Origin`.
fn chain(
    request: CorsRequest,
    answer: impl Fn(&str, &str, &str) -> Response,
) -> (Report, Vec<String>) {
    let mut sent = Vec::new();
    let report = Check::new(Plan::new(request).unwrap())
        .without_probes()
        .run(|outgoing| {
            let origin = outgoing
                .headers
                .iter()
                .find(|(name, _)| name == "Origin")
                .map_or("-", |(_, value)| value.as_str());
            sent.push(format!("{} {} {origin}", outgoing.method, outgoing.url));
            Ok::<_, ()>(answer(&outgoing.method, &outgoing.url, origin))
        })
        .unwrap();
    (report, sent)
}

const PAGE: &str = "https://app.example";

fn granting(origin: &str) -> Response {
    Response::new(200).with_header("Access-Control-Allow-Origin", origin)
}

#[test]
fn a_same_origin_call_sends_only_the_call_and_is_allowed() {
    let request = CorsRequest::new("https://app.example/api", PAGE).with_method("DELETE");
    let (report, sent) = chain(request, |_, _, _| Response::new(404));
    assert_eq!(sent, ["DELETE https://app.example/api https://app.example"]);
    report.assert_allowed();
    assert_eq!(report.steps[0].kind, StepKind::SameOrigin);
}

#[test]
fn mixed_content_is_blocked_before_anything_is_sent() {
    let request = CorsRequest::new("http://api.example/data", PAGE);
    let (report, sent) = chain(request, |_, _, _| granting(PAGE));
    assert!(sent.is_empty(), "{sent:?}");
    let failure = report.failure.unwrap();
    assert_eq!(failure.kind, crate::CorsErrorKind::MixedContent);
    assert_eq!(
        failure.console_message,
        "Mixed Content: The page at 'https://app.example/' was loaded over HTTPS, but requested \
         an insecure resource 'http://api.example/data'. This request has been blocked; the \
         content must be served over HTTPS."
    );
}

#[test]
fn a_login_redirect_to_another_origin_is_followed_with_origin_null_and_blocked() {
    let request = CorsRequest::new("https://api.example/me", PAGE).with_credentials();
    let (report, sent) = chain(request, |_, url, origin| match url {
        "https://api.example/me" => granting(origin)
            .with_header("Access-Control-Allow-Credentials", "true")
            .with_header("Location", "https://sso.example/login")
            .with_status(302),
        _ => Response::new(200),
    });
    assert_eq!(
        sent,
        ["GET https://api.example/me https://app.example", "GET https://sso.example/login null"]
    );
    let failure = report.failure.unwrap();
    assert_eq!(failure.kind, crate::CorsErrorKind::MissingAllowOriginHeader);
    assert!(failure.console_message.starts_with(
        "Access to fetch at 'https://sso.example/login' (redirected from \
         'https://api.example/me') from origin 'https://app.example' has been blocked"
    ));
    let tainted = FixKind::TaintedOrigin {
        url: "https://sso.example/login".to_owned(),
        initial_url: "https://api.example/me".to_owned(),
    };
    assert_eq!(failure.fix.kind, tainted);
    assert!(failure.fix.server().contains("`Origin: null`"), "{}", failure.fix.server());
    assert!(report.steps.iter().any(|step| step.kind == StepKind::FollowRedirect && step.passed));
}

#[test]
fn a_redirect_without_cors_headers_is_blocked_on_the_redirect_itself() {
    let request = CorsRequest::new("https://api.example/old", PAGE);
    let (report, sent) = chain(request, |_, _, _| {
        Response::new(301).with_header("Location", "https://api.example/new")
    });
    assert_eq!(sent.len(), 1);
    let failure = report.failure.unwrap();
    assert_eq!(failure.kind, crate::CorsErrorKind::MissingAllowOriginHeader);
    assert!(!failure.console_message.contains("redirected from"));
}

#[test]
fn a_preflighted_call_redirected_to_a_new_url_is_preflighted_again() {
    let request = CorsRequest::new("https://api.example/v1/items", PAGE)
        .with_method("PUT")
        .with_header("X-A", "1");
    let (report, sent) = chain(request, |method, url, origin| {
        let granted = granting(origin)
            .with_header("Access-Control-Allow-Methods", "PUT")
            .with_header("Access-Control-Allow-Headers", "x-a");
        match (method, url) {
            ("PUT", "https://api.example/v1/items") => {
                granted.with_header("Location", "/v2/items").with_status(307)
            }
            _ => granted,
        }
    });
    report.assert_allowed();
    assert_eq!(
        sent,
        [
            "OPTIONS https://api.example/v1/items https://app.example",
            "PUT https://api.example/v1/items https://app.example",
            "OPTIONS https://api.example/v2/items https://app.example",
            "PUT https://api.example/v2/items https://app.example",
        ]
    );
}

#[test]
fn a_redirect_loop_stops_at_the_twenty_first_redirect() {
    let request = CorsRequest::new("https://api.example/loop", PAGE);
    let (report, sent) = chain(request, |_, _, origin| {
        granting(origin).with_header("Location", "/loop").with_status(302)
    });
    assert_eq!(sent.len(), 21);
    let failure = report.failure.unwrap();
    assert_eq!(failure.kind, crate::CorsErrorKind::TooManyRedirects);
    assert_eq!(failure.console_message, "GET https://api.example/loop net::ERR_TOO_MANY_REDIRECTS");
}

#[test]
fn userinfo_in_a_redirect_is_refused() {
    let request = CorsRequest::new("https://api.example/a", PAGE);
    let (report, sent) = chain(request, |_, _, origin| {
        granting(origin).with_header("Location", "https://user:pw@api.example/b").with_status(302)
    });
    assert_eq!(sent.len(), 1);
    let failure = report.failure.unwrap();
    assert_eq!(failure.kind, crate::CorsErrorKind::RedirectContainsCredentials);
    assert!(failure.console_message.ends_with(
        "Redirect location '' contains a username and password, which is disallowed for \
         cross-origin requests."
    ));
    let location = "https://user:pw@api.example/b".to_owned();
    assert_eq!(failure.fix.kind, FixKind::RedirectWithoutCredentials { location });
}

#[test]
fn an_in_process_redirect_to_another_host_gives_no_verdict() {
    let request = CorsRequest::new("/api/me", PAGE);
    let (report, sent) = chain(request, |_, _, origin| {
        granting(origin).with_header("Location", "https://sso.example/login").with_status(302)
    });
    assert_eq!(sent.len(), 1);
    assert_eq!(report.verdict(), Verdict::Inconclusive);
}

trait WithStatus {
    fn with_status(self, status: u16) -> Self;
}

impl WithStatus for Response {
    fn with_status(self, status: u16) -> Self {
        Self { status, ..self }
    }
}

#[test]
fn a_preflight_refused_with_a_bare_204_is_probed_and_the_fix_names_the_header() {
    // rs/cors refuses a header with 204 and no CORS header; Chromium says the origin header is
    // missing, and only the probes show the origin is granted.
    let request = CorsRequest::new("https://api.example/data", PAGE)
        .with_method("PUT")
        .with_header("X-Debug", "1");
    let report = Check::new(Plan::new(request).unwrap())
        .run(|outgoing| {
            let asks_for_headers =
                outgoing.headers.iter().any(|(name, _)| name == "Access-Control-Request-Headers");
            Ok::<_, ()>(match asks_for_headers {
                true => Response::new(204).with_header("Vary", "Origin"),
                false => granting(PAGE).with_header("Access-Control-Allow-Methods", "PUT"),
            })
        })
        .unwrap();
    let failure = report.failure.unwrap();
    assert_eq!(failure.kind, crate::CorsErrorKind::PreflightMissingAllowOriginHeader);
    let allow_headers = FixKind::AllowHeaders {
        names: vec!["X-Debug".to_owned()],
        missing: vec!["X-Debug".to_owned()],
        unprobed: Vec::new(),
    };
    assert_eq!(failure.fix.kind, allow_headers);
    assert!(report.steps.iter().any(|step| matches!(step.sent, Sent::Probe(Probe::Refusal(_)))));
}
