//! Following the actual response's redirect, as the browser does once the redirect itself
//! passed the CORS check: the next request is planned by [`Plan::follow`](crate::Plan), or the
//! browser refuses the redirect (a `Location` with a user name or password, the 21st redirect).

use super::Evaluation;
use crate::fix;
use crate::message::CorsErrorKind;
use crate::plan::RedirectRefusal;
use crate::response::Response;
use crate::vocabulary::{Exchange, Failure, Finding, StepKind, Warning};

impl Evaluation<'_> {
    /// Applies the browser's redirect rules to `actual`, a redirect that passed the CORS check.
    /// `Ok(true)` when the browser follows it and the next hop was fetched, `Ok(false)` when it
    /// was not (the verdict is then inconclusive), `Err` when the browser refuses it.
    pub(super) fn follow(&mut self, actual: &Response, fetched: bool) -> Result<bool, Failure> {
        let status = actual.status;
        let location_lines = actual.header_pairs("Location");
        let (next, refusal) = match self.plan.follow(actual) {
            Ok(next) => (Some(next), None),
            Err(refusal) => (None, Some(refusal)),
        };
        match (next, refusal) {
            (Some(next), _) if fetched => {
                let request = next.request();
                let detail = Finding::RedirectFollowed {
                    status,
                    method: request.method.clone(),
                    url: request.url.clone(),
                    taints_origin: next.origin_sent() == "null"
                        && self.plan.origin_sent() != "null",
                };
                self.step(Exchange::Actual, StepKind::FollowRedirect, true, detail, location_lines);
                Ok(true)
            }
            (Some(next), _) => {
                self.not_followed(status, &next.request().url, location_lines);
                Ok(false)
            }
            (None, Some(RedirectRefusal::NotFollowed(location))) => {
                self.not_followed(status, &location, location_lines);
                Ok(false)
            }
            (None, Some(RedirectRefusal::Credentials(location))) => {
                let detail =
                    Finding::RedirectWithCredentials { status, location: location.clone() };
                self.step(
                    Exchange::Actual,
                    StepKind::FollowRedirect,
                    false,
                    detail,
                    location_lines,
                );
                let fix = fix::redirect_without_credentials(&location);
                Err(self.failure(
                    CorsErrorKind::RedirectContainsCredentials,
                    &location,
                    actual,
                    fix,
                ))
            }
            (None, _) => {
                let detail = Finding::TooManyRedirects { status };
                self.step(
                    Exchange::Actual,
                    StepKind::FollowRedirect,
                    false,
                    detail,
                    location_lines,
                );
                let request = self.plan.request();
                let fix = fix::fewer_redirects(
                    self.plan.hop().initial_url.as_deref().unwrap_or(&request.url),
                );
                let method = request.method.clone();
                Err(self.failure(CorsErrorKind::TooManyRedirects, &method, actual, fix))
            }
        }
    }

    /// A redirect cors-check did not follow: the browser would, and would judge what comes next.
    fn not_followed(&mut self, status: u16, location: &str, lines: Vec<(String, String)>) {
        let detail = Finding::RedirectNotFollowed { status, location: location.to_owned() };
        self.step(Exchange::Actual, StepKind::FollowRedirect, false, detail, lines);
        self.warn(Warning::RedirectNotFollowed {
            location: location.to_owned(),
            origin: self.plan.request().origin.clone(),
        });
    }
}
