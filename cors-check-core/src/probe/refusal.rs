//! Finding out which part of a preflight the server refused.
//!
//! A server may refuse a preflight without any CORS header, with an error status as the Fetch
//! standard suggests or with a bare 204 as rs/cors and chi/cors do for any refusal (`#[cors]`
//! answers 403 for an origin it does not allow, for a GET, HEAD or POST
//! its policy leaves out, and for any refusal on a path and method several handlers share; an
//! allowed origin's other method or request header gets the policy's own lists instead, which
//! browsers name precisely). Chromium then only says the `Access-Control-Allow-Origin` header is
//! missing, which reads like an origin problem even when the origin is granted. So cors-check
//! asks again the way a developer would with curl, a handful of requests at most:
//!
//! 1. the preflight without `Access-Control-Request-Headers` (when it had any): if that is
//!    granted, the origin and the method are fine and a request header is refused; with several
//!    headers, the preflight once per header (at most [`MAX_HEADER_PROBES`]) says which;
//! 2. otherwise a `GET` carrying only `Origin`: whether the server grants the origin on this
//!    URL at all tells an origin refused everywhere from a method that nothing answers, or that
//!    one handler's policy refuses.

use cors_rules::fetch::is_ok_status;

use crate::fix;
use crate::plan::{OutgoingRequest, Plan};
use crate::report::Report;
use crate::response::Response;
use crate::vocabulary::{
    Finding, Fix, OriginOnlyAnswer, Probe, RefusalProbe, Sent, Step, StepKind,
};

/// The most request headers probed one at a time; the rest are reported as not probed.
pub const MAX_HEADER_PROBES: usize = 4;

/// Whether the browser got a refusal worth probing: any status, 2xx included, without any
/// `Access-Control-Allow-Origin` (a redirect is reported as such and needs no probe).
pub(crate) fn is_bare_refusal(preflight: &Response) -> bool {
    preflight.redirect_location().is_none()
        && preflight.header("Access-Control-Allow-Origin").is_none()
}

/// The probe to send next, given the answers to the probes sent so far, or `None` when the
/// answers suffice.
pub(crate) fn next_probe(
    plan: &Plan,
    answers: &[(RefusalProbe, Response)],
) -> Option<RefusalProbe> {
    let header_count = plan.unsafe_header_names().len();
    let Some((first, first_answer)) = answers.first() else {
        return Some(if header_count == 0 {
            RefusalProbe::OriginOnly
        } else {
            RefusalProbe::PreflightWithoutRequestHeaders
        });
    };
    match first {
        RefusalProbe::PreflightWithoutRequestHeaders if preflight_grants(first_answer) => {
            // With one header, that header is the refused part; no need to ask.
            let next_header = answers.len() - 1;
            (header_count > 1 && next_header < header_count.min(MAX_HEADER_PROBES))
                .then_some(RefusalProbe::PreflightWithOneRequestHeader(next_header))
        }
        RefusalProbe::PreflightWithoutRequestHeaders => {
            (answers.len() == 1).then_some(RefusalProbe::OriginOnly)
        }
        RefusalProbe::PreflightWithOneRequestHeader(_) | RefusalProbe::OriginOnly => None,
    }
}

/// The request `probe` sends.
pub(crate) fn outgoing(plan: &Plan, probe: RefusalProbe) -> OutgoingRequest {
    let sent = Sent::Probe(Probe::Refusal(probe));
    let origin = &plan.request().origin;
    match probe {
        RefusalProbe::PreflightWithoutRequestHeaders => plan.preflight_from(sent, origin, None),
        RefusalProbe::PreflightWithOneRequestHeader(index) => {
            let name = plan.unsafe_header_names()[index].clone();
            plan.preflight_from(sent, origin, Some(name))
        }
        RefusalProbe::OriginOnly => {
            let mut headers = vec![("Origin".to_owned(), origin.clone())];
            headers.extend(plan.browser_headers(origin));
            OutgoingRequest {
                sent,
                method: "GET".to_owned(),
                url: plan.request().url.clone(),
                headers,
                body: None,
            }
        }
    }
}

/// Adds to the report of a refused preflight a step for each probe's answer, after the
/// preflight's own steps, and the sharper fix the answers support. The browser's kind and
/// message stay: it sees only the refusal.
pub(crate) fn amend(
    report: &mut Report,
    plan: &Plan,
    preflight: &Response,
    answers: &[(RefusalProbe, Response)],
) {
    let Some(failure) = report.failure.as_mut() else {
        return;
    };
    if let Some(fix) = diagnose(plan, preflight, answers) {
        failure.fix = fix;
    }
    for (probe, answer) in answers {
        let (passed, detail) = describe_answer(plan, *probe, answer);
        report.steps.push(Step {
            sent: Sent::Probe(Probe::Refusal(*probe)),
            hop: plan.hop().redirects,
            kind: StepKind::AllowOrigin,
            passed,
            detail,
            headers: answer.header_pairs("Access-Control-Allow-Origin"),
        });
    }
}

/// What the probe's answer says, and whether the server granted what was asked.
fn describe_answer(plan: &Plan, probe: RefusalProbe, answer: &Response) -> (bool, Finding) {
    let status = answer.status;
    match probe {
        RefusalProbe::PreflightWithoutRequestHeaders => {
            let granted = preflight_grants(answer);
            let method = plan.request().method.clone();
            (granted, Finding::ProbeWithoutRequestHeaders { method, status, granted })
        }
        RefusalProbe::PreflightWithOneRequestHeader(index) => {
            let name = plan.unsafe_header_names()[index].clone();
            let granted = preflight_grants(answer);
            (granted, Finding::ProbeWithOneRequestHeader { name, status, granted })
        }
        RefusalProbe::OriginOnly => {
            let answer = origin_only_answer(answer);
            (answer == OriginOnlyAnswer::Granted, Finding::ProbeOriginOnly { status, answer })
        }
    }
}

/// The precise fix the probes' answers support, or `None` when they only confirm that the
/// origin is refused (the fix for a missing `Access-Control-Allow-Origin` then stands).
fn diagnose(
    plan: &Plan,
    preflight: &Response,
    answers: &[(RefusalProbe, Response)],
) -> Option<Fix> {
    let headers_refused = answers.iter().any(|(probe, answer)| {
        *probe == RefusalProbe::PreflightWithoutRequestHeaders && preflight_grants(answer)
    });
    if headers_refused {
        return Some(headers_fix(plan, answers));
    }
    let origin_only = answers
        .iter()
        .find(|(probe, _)| *probe == RefusalProbe::OriginOnly)
        .map(|(_, answer)| origin_only_answer(answer))?;
    let nothing_answers_preflights = matches!(preflight.status, 404 | 405);
    match (origin_only, nothing_answers_preflights) {
        (OriginOnlyAnswer::Granted, true) => {
            Some(fix::method_without_preflight_route(plan, preflight.status))
        }
        (OriginOnlyAnswer::Granted, false) => {
            Some(fix::origin_granted_elsewhere(plan, preflight.status))
        }
        (OriginOnlyAnswer::NotGranted | OriginOnlyAnswer::NoGetRoute, _) => None,
    }
}

/// The fix once the origin and the method are known to be granted: the headers probed alone and
/// refused, and those beyond [`MAX_HEADER_PROBES`], named as not probed. With one header, or when
/// every header passed alone (then only their combination is refused), all of them are named.
fn headers_fix(plan: &Plan, answers: &[(RefusalProbe, Response)]) -> Fix {
    let names = plan.unsafe_header_names();
    let answer_alone = |index: usize| {
        answers.iter().find_map(|(probe, answer)| {
            (*probe == RefusalProbe::PreflightWithOneRequestHeader(index))
                .then(|| preflight_grants(answer))
        })
    };
    let probed_alone = names.len() > 1;
    let refused: Vec<String> = (0..names.len())
        .filter(|index| answer_alone(*index) == Some(false))
        .map(|index| names[index].clone())
        .collect();
    let unprobed: Vec<String> = (0..names.len())
        .filter(|index| probed_alone && answer_alone(*index).is_none())
        .map(|index| names[index].clone())
        .collect();
    if refused.is_empty() {
        let all_or_unprobed = if unprobed.is_empty() { names } else { &unprobed };
        return fix::allow_headers(plan, &[], all_or_unprobed, &[]);
    }
    fix::allow_headers(plan, &[], &refused, &unprobed)
}

/// How the server answered a `GET` with only `Origin`.
fn origin_only_answer(answer: &Response) -> OriginOnlyAnswer {
    if answer.header("Access-Control-Allow-Origin").is_some() {
        OriginOnlyAnswer::Granted
    } else if matches!(answer.status, 404 | 405) {
        OriginOnlyAnswer::NoGetRoute
    } else {
        OriginOnlyAnswer::NotGranted
    }
}

/// A preflight answer that grants the origin: ok status and an `Access-Control-Allow-Origin`.
/// Its value is not judged here; the real preflight's checks do that once the refusal is fixed.
fn preflight_grants(answer: &Response) -> bool {
    is_ok_status(answer.status) && answer.header("Access-Control-Allow-Origin").is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::CorsRequest;

    fn plan_with_headers(names: &[&str]) -> Plan {
        let mut request = CorsRequest::new("https://api.example/data", "https://app.example");
        for name in names {
            request = request.with_header(*name, "1");
        }
        Plan::new(request).unwrap()
    }

    fn granted() -> Response {
        Response::new(204).with_header("Access-Control-Allow-Origin", "https://app.example")
    }

    #[test]
    fn any_refusal_without_a_grant_is_probed() {
        assert!(is_bare_refusal(&Response::new(403)));
        assert!(is_bare_refusal(&Response::new(404)));
        // rs/cors and chi/cors refuse an origin, a method or a header with a bare 204.
        assert!(is_bare_refusal(&Response::new(204).with_header("Vary", "Origin")));
        let granted_with_error =
            Response::new(500).with_header("Access-Control-Allow-Origin", "https://app.example");
        assert!(!is_bare_refusal(&granted_with_error));
        let redirect = Response::new(307).with_header("Location", "/elsewhere");
        assert!(!is_bare_refusal(&redirect));
    }

    #[test]
    fn a_refused_origin_or_method_takes_two_probes_at_most() {
        let plan = plan_with_headers(&["X-A", "X-B"]);
        assert_eq!(next_probe(&plan, &[]), Some(RefusalProbe::PreflightWithoutRequestHeaders));
        let refused = [(RefusalProbe::PreflightWithoutRequestHeaders, Response::new(403))];
        assert_eq!(next_probe(&plan, &refused), Some(RefusalProbe::OriginOnly));
        let done = [refused[0].clone(), (RefusalProbe::OriginOnly, Response::new(200))];
        assert_eq!(next_probe(&plan, &done), None);
    }

    #[test]
    fn without_request_headers_the_origin_is_asked_at_once() {
        assert_eq!(next_probe(&plan_with_headers(&[]), &[]), Some(RefusalProbe::OriginOnly));
    }

    #[test]
    fn headers_are_probed_alone_up_to_the_budget() {
        let plan = plan_with_headers(&["X-A", "X-B", "X-C", "X-D", "X-E", "X-F"]);
        let mut answers = vec![(RefusalProbe::PreflightWithoutRequestHeaders, granted())];
        while let Some(probe) = next_probe(&plan, &answers) {
            answers.push((probe, Response::new(403)));
        }
        assert_eq!(answers.len(), 1 + MAX_HEADER_PROBES);
        assert_eq!(answers[4].0, RefusalProbe::PreflightWithOneRequestHeader(3));
    }
}
