//! Drives a [`Plan`] through any transport, one request at a time, in the browser's order: the
//! preflight, the actual request only if the preflight passed (unless the check goes without
//! it), the next hop when the actual response is a redirect the browser follows (its own
//! preflight first, where the new URL needs one), then the probes (the foreign-origin probe
//! after an allowed call, the refusal probes after a bare refusal). The transport only sends;
//! every decision is made here.

use crate::browser::Browser;
use crate::comparison::Comparison;
use crate::drive::{Conversation, drive};
use crate::evaluate::{Responses, evaluate_chain, preflight_passes};
use crate::plan::{OutgoingRequest, Plan};
use crate::probe::{self, foreign, refusal};
use crate::report::Report;
use crate::response::Response;
use crate::vocabulary::{Exchange, Probe, RefusalProbe, Sent, StepKind, Verdict};

/// A check in progress: ask it for the next request, send it, record the response, repeat.
///
/// ```
/// use cors_check_core::{Check, CorsRequest, Plan, Response};
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
    /// The page's call, then each request the browser sends after a redirect, with the answers;
    /// never empty.
    hops: Vec<(Plan, Responses)>,
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
            hops: vec![(plan, Responses::default())],
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

    /// The browser's responses to the last request of the chain so far: the page's call, or
    /// the request after the last redirect followed (the probes' answers only amend the report).
    pub fn responses(&self) -> &Responses {
        &self.current().1
    }

    /// The request the browser is at, and its answers so far.
    fn current(&self) -> &(Plan, Responses) {
        self.hops.last().expect("a check has at least the page's call")
    }

    /// The report of the chain as `judge` judges it, probes aside.
    fn evaluate_as(&self, judge: Browser) -> Report {
        let chain: Vec<(&Plan, &Responses)> =
            self.hops.iter().map(|(plan, responses)| (plan, responses)).collect();
        evaluate_chain(&chain, judge)
    }

    /// Which request is due, if any.
    fn pending(&self) -> Option<Sent> {
        let (plan, responses) = self.current();
        if plan.is_mixed_content() {
            return None;
        }
        if plan.needs_preflight() {
            match &responses.preflight {
                None => return Some(Exchange::Preflight.into()),
                Some(preflight) if !preflight_passes(plan, preflight) => {
                    let probe_is_due = self.refusal_probes && refusal::is_bare_refusal(preflight);
                    return probe_is_due
                        .then(|| refusal::next_probe(plan, &self.refusal_answers))
                        .flatten()
                        .map(|probe| Probe::Refusal(probe).into());
                }
                Some(_) if !self.actual_after_preflight => return None,
                Some(_) => {}
            }
        }
        if responses.actual.is_none() {
            return Some(Exchange::Actual.into());
        }
        // Only a single same-URL call is probed; a probe of a chain would prove nothing more.
        let probe_is_due = self.foreign_origin_probe
            && self.hops.len() == 1
            && plan.cors_applies()
            && foreign::is_cheap(plan)
            && self.foreign_origin_answer.is_none()
            && self.evaluate_as(plan.request().browser).verdict() == Verdict::Allowed;
        probe_is_due.then_some(Probe::ForeignOrigin.into())
    }

    /// The next request to send, or `None` when the check is complete.
    pub fn next_request(&self) -> Option<OutgoingRequest> {
        let plan = &self.current().0;
        self.pending().map(|sent| match sent {
            Sent::Browser(exchange) => plan.outgoing(exchange),
            Sent::Probe(probe) => probe::outgoing(plan, probe),
        })
    }

    /// After the actual response, the request the browser sends next when it follows a
    /// redirect that passed its checks.
    fn next_hop(&self) -> Option<Plan> {
        let (plan, responses) = self.current();
        let actual = responses.actual.as_ref()?;
        actual.redirect_location()?;
        let report = self.evaluate_as(plan.request().browser);
        let followable = report.failure.is_none()
            && report.steps.last().is_some_and(|step| step.kind == StepKind::FollowRedirect);
        followable.then(|| plan.follow(actual).ok()).flatten()
    }

    /// Records the response to the request [`Check::next_request`] returned.
    ///
    /// # Panics
    ///
    /// When no request is pending.
    pub fn record(&mut self, response: Response) {
        let slot = match self.pending() {
            Some(Sent::Browser(Exchange::Preflight)) => &mut self.current_mut().preflight,
            Some(Sent::Browser(Exchange::Actual)) => {
                self.current_mut().actual = Some(response);
                if let Some(next) = self.next_hop() {
                    self.hops.push((next, Responses::default()));
                }
                return;
            }
            Some(Sent::Probe(Probe::ForeignOrigin)) => &mut self.foreign_origin_answer,
            Some(Sent::Probe(Probe::Refusal(probe))) => {
                self.refusal_answers.push((probe, response));
                return;
            }
            None => panic!("no request is pending: the check is complete"),
        };
        *slot = Some(response);
    }

    fn current_mut(&mut self) -> &mut Responses {
        &mut self.hops.last_mut().expect("a check has at least the page's call").1
    }

    /// The report, as the request's browser judges the responses; call it once
    /// [`Check::next_request`] returns `None`.
    pub fn report(&self) -> Report {
        self.report_as(self.hops[0].0.request().browser)
    }

    /// The report as `browser` judges the same responses: the requests stay those of the
    /// request's engine (which differ only by a few request rules, such as Chromium dropping a
    /// script's `User-Agent`). Every engine lets the same answers through; what differs is the
    /// order of its checks, so which failure it names, and its words.
    ///
    /// ```
    /// use cors_check_core::{Browser, Check, CorsErrorKind, CorsRequest, Plan, Response};
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
    /// # Ok::<(), cors_check_core::RequestError>(())
    /// ```
    pub fn report_as(&self, browser: Browser) -> Report {
        let mut report = self.evaluate_as(browser);
        let (plan, responses) = self.current();
        if let Some(preflight) = &responses.preflight {
            refusal::amend(&mut report, plan, preflight, &self.refusal_answers);
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
mod tests;
