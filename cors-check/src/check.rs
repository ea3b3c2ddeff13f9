//! Drives a [`Plan`] through any transport, one request at a time, in the browser's order: the
//! preflight, the actual request only if the preflight passed (unless the check goes without
//! it), then the probes (the foreign-origin probe after an allowed call, the refusal probes
//! after a bare refusal). The transport only sends; every decision is made here.

use crate::browser::Browser;
use crate::comparison::Comparison;
use crate::drive::{Conversation, drive};
use crate::evaluate::{Responses, evaluate, preflight_passes};
use crate::plan::{OutgoingRequest, Plan};
use crate::probe::{self, foreign, refusal};
use crate::report::Report;
use crate::response::Response;
use crate::vocabulary::{Exchange, Probe, RefusalProbe, Sent, Verdict};

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
    foreign_origin_answer: Option<Response>,
    refusal_answers: Vec<(RefusalProbe, Response)>,
    refusal_probes: bool,
    foreign_origin_probe: bool,
    actual_after_preflight: bool,
}

impl Check {
    /// Starts checking `plan`; the probes are on.
    pub fn new(plan: Plan) -> Self {
        Self {
            plan,
            responses: Responses::default(),
            foreign_origin_answer: None,
            refusal_answers: Vec::new(),
            refusal_probes: true,
            foreign_origin_probe: true,
            actual_after_preflight: true,
        }
    }

    /// Sends only what the browser sends: neither the request that asks whether the server
    /// grants an unrelated origin, nor the [`RefusalProbe`]s that find which part of a preflight
    /// was refused.
    #[must_use]
    pub fn without_probes(mut self) -> Self {
        self.refusal_probes = false;
        self.without_foreign_origin_probe()
    }

    /// Does not ask whether the server grants an unrelated origin, for a caller that checks
    /// that origin itself; the refusal probes stay on.
    #[must_use]
    pub fn without_foreign_origin_probe(mut self) -> Self {
        self.foreign_origin_probe = false;
        self
    }

    /// Sends nothing after a passed preflight, so the handler never runs: the report then
    /// covers the preflight only. A call that needs no preflight is sent as usual.
    #[must_use]
    pub fn without_actual_after_preflight(mut self) -> Self {
        self.actual_after_preflight = false;
        self
    }

    /// The browser's responses recorded so far (the probes' answers only amend the report).
    pub fn responses(&self) -> &Responses {
        &self.responses
    }

    /// Which request is due, if any.
    fn pending(&self) -> Option<Sent> {
        if self.plan.needs_preflight() {
            match &self.responses.preflight {
                None => return Some(Exchange::Preflight.into()),
                Some(preflight) if !preflight_passes(&self.plan, preflight) => {
                    let probe_is_due = self.refusal_probes && refusal::is_bare_refusal(preflight);
                    return probe_is_due
                        .then(|| refusal::next_probe(&self.plan, &self.refusal_answers))
                        .flatten()
                        .map(|probe| Probe::Refusal(probe).into());
                }
                Some(_) if !self.actual_after_preflight => return None,
                Some(_) => {}
            }
        }
        if self.responses.actual.is_none() {
            return Some(Exchange::Actual.into());
        }
        let probe_is_due = self.foreign_origin_probe
            && foreign::is_cheap(&self.plan)
            && self.foreign_origin_answer.is_none()
            && evaluate(&self.plan, &self.responses).verdict() == Verdict::Allowed;
        probe_is_due.then_some(Probe::ForeignOrigin.into())
    }

    /// The next request to send, or `None` when the check is complete.
    pub fn next_request(&self) -> Option<OutgoingRequest> {
        self.pending().map(|sent| match sent {
            Sent::Browser(exchange) => self.plan.outgoing(exchange),
            Sent::Probe(probe) => probe::outgoing(&self.plan, probe),
        })
    }

    /// Records the response to the request [`Check::next_request`] returned.
    ///
    /// # Panics
    ///
    /// When no request is pending.
    pub fn record(&mut self, response: Response) {
        let slot = match self.pending() {
            Some(Sent::Browser(Exchange::Preflight)) => &mut self.responses.preflight,
            Some(Sent::Browser(Exchange::Actual)) => &mut self.responses.actual,
            Some(Sent::Probe(Probe::ForeignOrigin)) => &mut self.foreign_origin_answer,
            Some(Sent::Probe(Probe::Refusal(probe))) => {
                self.refusal_answers.push((probe, response));
                return;
            }
            None => panic!("no request is pending: the check is complete"),
        };
        *slot = Some(response);
    }

    /// The report, as the request's browser judges the responses; call it once
    /// [`Check::next_request`] returns `None`.
    pub fn report(&self) -> Report {
        self.report_as(self.plan.request().browser)
    }

    /// The report as `browser` judges the same responses. Every engine sends the same
    /// requests and lets the same calls through; what differs is the order of its checks, so
    /// which failure it names, and its words.
    ///
    /// ```
    /// use cors_check::{Browser, Check, CorsErrorKind, CorsRequest, Plan, Response};
    ///
    /// let plan = Plan::new(CorsRequest::new("https://api.example/data", "https://app.example").with_method("PUT"))?;
    /// let mut check = Check::new(plan).without_probes();
    /// while let Some(_request) = check.next_request() {
    ///     check.record(Response::new(403)); // a bare refusal
    /// }
    /// assert_eq!(check.report().error_kind(), Some(CorsErrorKind::PreflightMissingAllowOriginHeader));
    /// let safari = check.report_as(Browser::Safari).failure.unwrap();
    /// assert_eq!(safari.kind, CorsErrorKind::PreflightInvalidStatus);
    /// assert_eq!(safari.console_message, "Preflight response is not successful. Status code: 403");
    /// # Ok::<(), cors_check::RequestError>(())
    /// ```
    pub fn report_as(&self, browser: Browser) -> Report {
        let plan = self.plan.with_browser(browser);
        let mut report = evaluate(&plan, &self.responses);
        if let Some(preflight) = &self.responses.preflight {
            refusal::amend(&mut report, &plan, preflight, &self.refusal_answers);
        }
        if let Some(answer) = &self.foreign_origin_answer {
            foreign::amend(&mut report, answer);
        }
        report
    }

    /// Runs the whole check with a blocking `send` function and returns the report, or the first
    /// transport error.
    pub fn run<E>(
        mut self,
        send: impl FnMut(&OutgoingRequest) -> Result<Response, E>,
    ) -> Result<Report, E> {
        drive(&mut self, send)?;
        Ok(self.report())
    }

    /// Runs the whole check once, like [`Check::run`], and judges the responses as every
    /// engine does ([`Check::report_as`]).
    pub fn compare<E>(
        mut self,
        send: impl FnMut(&OutgoingRequest) -> Result<Response, E>,
    ) -> Result<Comparison, E> {
        drive(&mut self, send)?;
        Ok(Comparison::new(Browser::ALL.map(|browser| self.report_as(browser)).to_vec()))
    }
}

impl Conversation for Check {
    fn next_request(&mut self) -> Option<OutgoingRequest> {
        Check::next_request(self)
    }

    fn record(&mut self, response: Response) {
        Check::record(self, response);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::CorsRequest;

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
}
