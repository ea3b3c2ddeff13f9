//! Drives a [`Plan`] through any transport, one request at a time, in the browser's order: the
//! preflight, the actual request only if the preflight passed (and the check is not stopped after
//! the preflight), then the optional probes (the foreign-origin probe after an allowed call, the
//! refusal probes after a bare refusal). The transport only sends; every decision is made here.

use crate::evaluate::{Responses, evaluate, preflight_passes};
use crate::plan::{Exchange, OutgoingRequest, Plan};
use crate::refusal::{is_bare_refusal, next_probe};
use crate::report::{Report, Verdict};
use crate::response::Response;

/// A check in progress: ask it for the next request, send it, record the response, repeat.
///
/// ```
/// use cors_check::{Check, CorsRequest, Plan, Response};
///
/// let plan = Plan::new(CorsRequest::new("https://api.example/data", "https://app.example"))?;
/// let report = Check::new(plan).run(|request| {
///     // A real transport sends `request` over HTTP; this server grants every origin.
///     assert_eq!(request.method, "GET");
///     Ok::<_, std::convert::Infallible>(
///         Response::new(200).with_header("Access-Control-Allow-Origin", "*"),
///     )
/// })?;
/// report.assert_allowed();
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct Check {
    plan: Plan,
    responses: Responses,
    refusal_probes: bool,
    foreign_origin_probe: bool,
    stop_after_preflight: bool,
}

impl Check {
    /// Starts checking `plan`; the probes are on.
    pub fn new(plan: Plan) -> Self {
        Self {
            plan,
            responses: Responses::default(),
            refusal_probes: true,
            foreign_origin_probe: true,
            stop_after_preflight: false,
        }
    }

    /// Sends only what the browser sends: neither the request that asks whether the server
    /// grants an unrelated origin, nor the [`RefusalProbe`](crate::RefusalProbe)s that find which
    /// part of a preflight was refused.
    pub fn without_probes(mut self) -> Self {
        self.refusal_probes = false;
        self.without_foreign_origin_probe()
    }

    /// Does not ask whether the server grants an unrelated origin, for a caller that checks
    /// that origin itself; the refusal probes stay on.
    pub fn without_foreign_origin_probe(mut self) -> Self {
        self.foreign_origin_probe = false;
        self
    }

    /// Sends nothing after a passed preflight, so the handler never runs: the report then
    /// covers the preflight only. A call that needs no preflight is sent as usual.
    pub fn stop_after_preflight(mut self) -> Self {
        self.stop_after_preflight = true;
        self
    }

    /// The plan being checked.
    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    /// The responses recorded so far.
    pub fn responses(&self) -> &Responses {
        &self.responses
    }

    /// Which request is due, if any.
    fn pending(&self) -> Option<Exchange> {
        if self.plan.needs_preflight() {
            match &self.responses.preflight {
                None => return Some(Exchange::Preflight),
                Some(preflight) if !preflight_passes(&self.plan, preflight) => {
                    let probe_is_due = self.refusal_probes && is_bare_refusal(preflight);
                    return probe_is_due
                        .then(|| next_probe(&self.plan, &self.responses.refusal_probes))
                        .flatten()
                        .map(Exchange::RefusalProbe);
                }
                Some(_) if self.stop_after_preflight => return None,
                Some(_) => {}
            }
        }
        if self.responses.actual.is_none() {
            return Some(Exchange::Actual);
        }
        let probe_is_due = self.foreign_origin_probe
            && self.plan.foreign_probe_is_cheap()
            && self.responses.foreign_origin_probe.is_none()
            && evaluate(&self.plan, &self.responses).verdict() == Verdict::Allowed;
        probe_is_due.then_some(Exchange::ForeignOriginProbe)
    }

    /// The next request to send, or `None` when the check is complete.
    pub fn next_request(&self) -> Option<OutgoingRequest> {
        self.pending().map(|exchange| self.plan.outgoing(exchange))
    }

    /// Records the response to the request [`Check::next_request`] returned.
    ///
    /// # Panics
    ///
    /// When no request is pending.
    pub fn record(&mut self, response: Response) {
        let slot = match self.pending() {
            Some(Exchange::Preflight) => &mut self.responses.preflight,
            Some(Exchange::Actual) => &mut self.responses.actual,
            Some(Exchange::ForeignOriginProbe) => &mut self.responses.foreign_origin_probe,
            Some(Exchange::RefusalProbe(probe)) => {
                self.responses.refusal_probes.push((probe, response));
                return;
            }
            None => panic!("no request is pending: the check is complete"),
        };
        *slot = Some(response);
    }

    /// The report; call it once [`Check::next_request`] returns `None`.
    pub fn report(&self) -> Report {
        evaluate(&self.plan, &self.responses)
    }

    /// Runs the whole check with a blocking `send` function and returns the report, or the first
    /// transport error.
    pub fn run<E>(
        mut self,
        mut send: impl FnMut(&OutgoingRequest) -> Result<Response, E>,
    ) -> Result<Report, E> {
        while let Some(request) = self.next_request() {
            let response = send(&request)?;
            self.record(response);
        }
        Ok(self.report())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::CorsRequest;

    fn sent_exchanges(request: CorsRequest, preflight_status: u16) -> Vec<Exchange> {
        let mut sent = Vec::new();
        Check::new(Plan::new(request).unwrap())
            .run(|outgoing| {
                sent.push(outgoing.exchange);
                let status = match outgoing.exchange {
                    Exchange::Preflight => preflight_status,
                    Exchange::Actual | Exchange::ForeignOriginProbe | Exchange::RefusalProbe(_) => {
                        200
                    }
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
        assert_eq!(sent_exchanges(request, 404), [Exchange::Preflight]);
    }

    #[test]
    fn a_passed_preflight_is_followed_by_the_call_and_the_probe() {
        let request = CorsRequest::new("/x", "https://app.example").with_method("PUT");
        assert_eq!(
            sent_exchanges(request, 204),
            [Exchange::Preflight, Exchange::Actual, Exchange::ForeignOriginProbe]
        );
    }

    #[test]
    fn stopping_after_the_preflight_never_sends_the_call() {
        let request = CorsRequest::new("/x", "https://app.example").with_method("DELETE");
        let mut sent = Vec::new();
        let report = Check::new(Plan::new(request).unwrap())
            .stop_after_preflight()
            .run(|outgoing| {
                sent.push(outgoing.exchange);
                Ok::<_, ()>(
                    Response::new(204)
                        .with_header("Access-Control-Allow-Origin", "https://app.example")
                        .with_header("Access-Control-Allow-Methods", "DELETE"),
                )
            })
            .unwrap();
        assert_eq!(sent, [Exchange::Preflight]);
        report.assert_allowed();
        assert!(report.steps.iter().all(|step| step.exchange == Exchange::Preflight));
    }

    #[test]
    fn a_simple_post_is_sent_once() {
        let request = CorsRequest::new("/x", "https://app.example").with_method("POST");
        assert_eq!(sent_exchanges(request, 204), [Exchange::Actual]);
    }
}
