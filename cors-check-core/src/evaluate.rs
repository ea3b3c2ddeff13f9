//! The Fetch standard's CORS check and CORS-preflight check, applied in the order the request's
//! browser applies them, so the first failure found is the one that browser reports, in its words.

// A `Failure` (its fix with its edits) is the evaluation's outcome, made at most once per call
// and returned up a few frames: boxing it would add an allocation and change nothing else.
#![allow(clippy::result_large_err)]

use cors_rules::fetch;

use crate::browser::Browser;
use crate::fix;
use crate::message::{Blocked, CorsErrorKind};
use crate::plan::Plan;
use crate::report::Report;
use crate::response::Response;
use crate::vocabulary::{Exchange, Failure, Finding, Fix, Step, StepKind, Warning};

/// The responses the server gave, one per [`Exchange`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Responses {
    /// The answer to the preflight; required when the plan needs one.
    pub preflight: Option<Response>,
    /// The answer to the call; required when no preflight is needed, and otherwise optional:
    /// without it, the report covers the preflight only.
    pub actual: Option<Response>,
}

/// Judges the server's responses to `plan` as `judge` does, in its order of checks and with its
/// console message. The requests are those of the engine that made the call
/// ([`CorsRequest::with_browser`](crate::CorsRequest::with_browser), Chromium by default), which
/// is usually the judge too; the engines differ only in a few request rules.
///
/// ```
/// use cors_check_core::{Browser, CorsErrorKind, CorsRequest, Plan, Response, Responses, evaluate};
///
/// let plan = Plan::new(
///     CorsRequest::new("https://api.example/data", "https://app.example")
///         .with_method("PUT")
///         .with_header("X-Custom", "1"),
/// )?;
/// let preflight = Response::new(204)
///     .with_header("Access-Control-Allow-Origin", "https://app.example")
///     .with_header("Access-Control-Allow-Methods", "PUT");
/// let responses = Responses { preflight: Some(preflight), ..Responses::default() };
/// let report = evaluate(&plan, &responses, Browser::Chromium);
/// assert_eq!(report.error_kind(), Some(CorsErrorKind::HeaderDisallowedByPreflightResponse));
/// assert_eq!(report.failure.unwrap().fix.cors_attribute(), r#"add "X-Custom" to `headers`"#);
/// # Ok::<(), cors_check_core::RequestError>(())
/// ```
///
/// A passed preflight without an actual response is judged as far as it goes: the report then
/// covers the preflight only ([`Check::without_actual_after_preflight`](crate::Check::without_actual_after_preflight)).
///
/// # Panics
///
/// When a response the browser would have received is missing: the preflight, when the plan needs
/// one, or the actual response, when there is no preflight.
pub fn evaluate(plan: &Plan, responses: &Responses, judge: Browser) -> Report {
    evaluate_chain(&[(plan, responses)], judge)
}

/// Judges a chain of requests, the first the page's call and each next one the browser's after
/// a redirect ([`Plan::follow`]), with the answers to each: every hop's checks in turn, up to
/// the first failure, as `judge` applies them. The last hop's redirect, when there is one, was not followed, and the
/// verdict is then [`Verdict::Inconclusive`](crate::Verdict::Inconclusive).
pub(crate) fn evaluate_chain(chain: &[(&Plan, &Responses)], judge: Browser) -> Report {
    let (first, _) = chain[0];
    let (mut steps, mut warnings) = (Vec::new(), Vec::new());
    let mut failure = None;
    for (index, (plan, responses)) in chain.iter().enumerate() {
        let mut evaluation = Evaluation::new(plan, judge);
        let outcome = evaluation.exchanges(responses).and_then(|()| {
            let redirect =
                responses.actual.as_ref().filter(|actual| actual.redirect_location().is_some());
            match redirect {
                Some(actual) => evaluation.follow(actual, chain.get(index + 1).is_some()),
                None => Ok(false),
            }
        });
        steps.append(&mut evaluation.steps);
        warnings.append(&mut evaluation.warnings);
        match outcome {
            Ok(true) => {}
            Ok(false) => break,
            Err(blocked) => {
                failure = Some(blocked);
                break;
            }
        }
    }
    warnings.extend(session::warnings(chain, failure.is_none(), judge));
    Report::new(first, steps, failure, warnings, judge)
}

/// Whether the engine that made the call would go on to send the actual request after this
/// preflight response.
pub(crate) fn preflight_passes(plan: &Plan, preflight: &Response) -> bool {
    Evaluation::new(plan, plan.request().browser).preflight(preflight).is_ok()
}

/// The steps and warnings gathered while applying the checks.
struct Evaluation<'a> {
    plan: &'a Plan,
    /// The engine whose checks, order and words are applied.
    judge: Browser,
    steps: Vec<Step>,
    warnings: Vec<Warning>,
}

impl<'a> Evaluation<'a> {
    fn new(plan: &'a Plan, judge: Browser) -> Self {
        Self { plan, judge, steps: Vec::new(), warnings: Vec::new() }
    }

    fn exchanges(&mut self, responses: &Responses) -> Result<(), Failure> {
        if self.plan.is_mixed_content() {
            let detail = Finding::MixedContent { url: self.plan.request().url.clone() };
            self.step(Exchange::Actual, StepKind::MixedContent, false, detail, Vec::new());
            let fix = fix::mixed_content(self.plan);
            return Err(self.failure(CorsErrorKind::MixedContent, "", &Response::new(0), fix));
        }
        if self.plan.hop().redirects == 0 {
            self.warn_about_local_network_access();
        }
        for (name, _) in self.plan.dropped_headers() {
            let browser = self.plan.request().browser;
            self.warn(Warning::HeaderDropped { browser, name: name.clone() });
        }
        if !self.plan.cors_applies() {
            let request = self.plan.request();
            let detail =
                Finding::SameOrigin { url: request.url.clone(), origin: request.origin.clone() };
            self.step(Exchange::Actual, StepKind::SameOrigin, true, detail, Vec::new());
            assert!(
                responses.actual.is_some(),
                "this call needs the actual response to be evaluated"
            );
            return Ok(());
        }
        if self.plan.request().method != self.plan.request().method.to_ascii_uppercase() {
            self.warn(Warning::MethodNotUpperCase { method: self.plan.request().method.clone() });
        }
        if self.plan.needs_preflight() {
            let preflight = responses
                .preflight
                .as_ref()
                .expect("this call needs the preflight response to be evaluated");
            self.preflight(preflight)?;
        }
        let Some(actual) = responses.actual.as_ref() else {
            assert!(
                self.plan.needs_preflight(),
                "this call needs the actual response to be evaluated"
            );
            // Checked up to the preflight only (`Check::without_actual_after_preflight`).
            return Ok(());
        };
        self.access(Exchange::Actual, actual)?;
        self.warn_if_vary_origin_is_missing(actual);
        Ok(())
    }

    fn step(
        &mut self,
        exchange: Exchange,
        kind: StepKind,
        passed: bool,
        detail: Finding,
        headers: Vec<(String, String)>,
    ) {
        let hop = self.plan.hop().redirects;
        self.steps.push(Step { sent: exchange.into(), hop, kind, passed, detail, headers });
    }

    fn warn(&mut self, warning: Warning) {
        self.warnings.push(warning);
    }

    /// The failure of `kind` on `response`, in the words of the request's browser; `value` is
    /// what failed (see [`Blocked::value`]).
    fn failure(&self, kind: CorsErrorKind, value: &str, response: &Response, fix: Fix) -> Failure {
        let request = self.plan.request();
        let checked = checked_header(kind);
        let blocked = Blocked {
            kind,
            url: &request.url,
            origin: &request.origin,
            status: response.status,
            value,
            header: &checked.and_then(|name| response.header(name)).unwrap_or_default(),
            lines: checked.map_or(0, |name| response.header_lines(name).count()),
            redirected_from: self.plan.hop().initial_url.as_deref(),
        };
        let console_message = blocked.console_message(self.judge);
        Failure { kind, failed_value: blocked.quoted(self.judge).to_owned(), console_message, fix }
    }

    /// A response whose `Access-Control-Allow-Origin` names an origin differs by origin; without
    /// `Vary: Origin` a cache can hand one origin's response to another (or a response without
    /// the header to a CORS request).
    fn warn_if_vary_origin_is_missing(&mut self, actual: &Response) {
        let names_an_origin = actual
            .header("Access-Control-Allow-Origin")
            .is_some_and(|allow_origin| allow_origin != "*");
        let varies_by_origin =
            actual.header_lines("Vary").any(|line| fetch::vary_covers_origin(line.as_bytes()));
        if names_an_origin && !varies_by_origin {
            self.warn(Warning::MissingVaryOrigin);
        }
    }
}

/// The response header a failure of `kind` is about, if any.
fn checked_header(kind: CorsErrorKind) -> Option<&'static str> {
    use CorsErrorKind::*;
    match kind.on_preflight() {
        PreflightMissingAllowOriginHeader
        | PreflightWildcardOriginNotAllowed
        | PreflightMultipleAllowOriginValues
        | PreflightInvalidAllowOriginValue
        | PreflightAllowOriginMismatch => Some("Access-Control-Allow-Origin"),
        PreflightInvalidAllowCredentials => Some("Access-Control-Allow-Credentials"),
        InvalidAllowMethodsPreflightResponse | MethodDisallowedByPreflightResponse => {
            Some("Access-Control-Allow-Methods")
        }
        InvalidAllowHeadersPreflightResponse | HeaderDisallowedByPreflightResponse => {
            Some("Access-Control-Allow-Headers")
        }
        _ => None,
    }
}

mod access;
mod follow;
mod local_network;
mod preflight;
mod session;
#[cfg(test)]
mod tests;
