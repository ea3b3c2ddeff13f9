//! Whether the server grants an origin it cannot mean to: the call's cheapest request again, from
//! [`FOREIGN_PROBE_ORIGIN`]. A server that grants it echoes `Origin` without checking it.

use crate::plan::{OutgoingRequest, Plan};
use crate::report::Report;
use crate::response::Response;
use crate::vocabulary::{Probe, Sent, Warning};

/// The origin of the extra request that asks whether the server grants any origin at all. The
/// `.invalid` top-level domain is reserved, so no real page can have it.
pub(crate) const FOREIGN_PROBE_ORIGIN: &str = "https://cors-check.invalid";

/// Whether the probe has no side effects: it repeats the preflight, or a `GET` or `HEAD`; a
/// simple `POST` is never sent twice.
pub(crate) fn is_cheap(plan: &Plan) -> bool {
    plan.needs_preflight() || matches!(plan.request().method.as_str(), "GET" | "HEAD")
}

/// The probe: the preflight when the call needs one, otherwise the call, from
/// [`FOREIGN_PROBE_ORIGIN`].
pub(crate) fn outgoing(plan: &Plan) -> OutgoingRequest {
    let sent = Sent::Probe(Probe::ForeignOrigin);
    if plan.needs_preflight() {
        plan.preflight_from(sent, FOREIGN_PROBE_ORIGIN, plan.access_control_request_headers())
    } else {
        plan.actual_from(sent, FOREIGN_PROBE_ORIGIN)
    }
}

/// Adds the warning the probe's answer calls for, last, to the report of an allowed call.
pub(crate) fn amend(report: &mut Report, answer: &Response) {
    if report.failure.is_some()
        || answer.header("Access-Control-Allow-Origin").as_deref() != Some(FOREIGN_PROBE_ORIGIN)
    {
        return;
    }
    let with_credentials =
        answer.header("Access-Control-Allow-Credentials").as_deref() == Some("true");
    report.warnings.push(Warning::ReflectsAnyOrigin {
        granted: FOREIGN_PROBE_ORIGIN.to_owned(),
        with_credentials,
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::browser::Browser;
    use crate::evaluate::{Responses, evaluate};
    use crate::request::CorsRequest;

    const APP: &str = "https://app.example";

    fn plan_of(method: &str) -> Plan {
        Plan::new(CorsRequest::new("https://api.example/data", APP).with_method(method)).unwrap()
    }

    #[test]
    fn the_foreign_probe_repeats_the_preflight_or_a_get_but_never_a_post() {
        let probe = outgoing(&plan_of("PUT"));
        assert_eq!(probe.method, "OPTIONS");
        assert!(probe.headers.contains(&("Origin".to_owned(), FOREIGN_PROBE_ORIGIN.to_owned())));
        assert!(is_cheap(&plan_of("GET")));
        assert!(!is_cheap(&plan_of("POST")));
    }

    #[test]
    fn a_foreign_origin_granted_by_the_probe_is_reported() {
        let probe = Response::new(200)
            .with_header("Access-Control-Allow-Origin", FOREIGN_PROBE_ORIGIN)
            .with_header("Access-Control-Allow-Credentials", "true");
        let actual = Response::new(200)
            .with_header("Access-Control-Allow-Origin", APP)
            .with_header("Vary", "Origin");
        let responses = Responses { actual: Some(actual), ..Responses::default() };
        let mut report = evaluate(&plan_of("GET"), &responses, Browser::Chromium);
        amend(&mut report, &probe);
        report.assert_allowed();
        let reflected = Warning::ReflectsAnyOrigin {
            granted: FOREIGN_PROBE_ORIGIN.to_owned(),
            with_credentials: true,
        };
        assert_eq!(report.warnings, [reflected]);
    }
}
