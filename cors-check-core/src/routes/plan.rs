//! Planning: for every method of every route, the calls a page would make, one per origin, and
//! the verdict the policy expects for each.

use std::fmt;

use cors_rules::route_report::Route;

use super::report::{RoutesError, UnsendableCall};
use super::sample::{lookalike_origin, sample_headers, sample_origin, sample_path};
use crate::check::Check;
use crate::plan::Plan;
use crate::probe::foreign::FOREIGN_PROBE_ORIGIN;
use crate::request::{CorsRequest, RequestError};
use crate::vocabulary::Verdict;

/// Why a method of a route is not checked.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Skipped {
    /// A `.wrap(..)` policy had handled no request when the report was made, so the prefix it
    /// covers is not known.
    PrefixUnknown {
        /// The policy, as the report names it (`.wrap(API)`).
        handler: String,
    },
    /// Only preflights are sent, and this call needs none.
    NoPreflightNeeded {
        /// The method.
        method: String,
    },
}

impl fmt::Display for Skipped {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Skipped::PrefixUnknown { handler } => write!(
                formatter,
                "not checked: {handler} had handled no request when the report was made, so the \
                 prefix it covers is not known; make the report after one request under it"
            ),
            Skipped::NoPreflightNeeded { method } => write!(
                formatter,
                "not checked: a {method} with these headers needs no preflight, and sending the \
                 call itself would run the handler"
            ),
        }
    }
}

/// How far the check goes for a method other than GET and HEAD, whose call runs the handler.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnsafeCalls {
    /// Sends the call, as the browser does after a passed preflight: the handler runs (with no
    /// body and no cookies). For a server started for the check.
    Send,
    /// Sends only the preflight; a call that needs none is not checked. For a deployment with
    /// real data.
    PreflightOnly,
}

/// One call of a route's method from one origin, and what the policy says of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct RouteCall {
    /// The page's origin.
    pub(super) origin: String,
    /// `Allowed` for the policy's origins, `Blocked` for an origin it does not list.
    pub(super) expected: Verdict,
    pub(super) plan: Plan,
}

/// The calls planned for one method of one route.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MethodPlan {
    pub(super) route: Route,
    pub(super) method: String,
    pub(super) url: String,
    /// One per origin; empty when the method is skipped.
    pub(super) calls: Vec<RouteCall>,
    pub(super) skipped: Option<Skipped>,
    pub(super) preflight_only: bool,
}

impl MethodPlan {
    fn new(
        route: &Route,
        method: &str,
        base: &str,
        unsafe_calls: UnsafeCalls,
    ) -> Result<Self, RequestError> {
        let url = format!("{}{}", base.trim_end_matches('/'), sample_path(&route.path));
        let allowed =
            route.allowed_methods.iter().any(|allowed| allowed == "*" || allowed == method);
        let listed_origin_verdict = if allowed { Verdict::Allowed } else { Verdict::Blocked };
        let mut origins: Vec<(String, Verdict)> = route
            .origins
            .iter()
            .map(|entry| (sample_origin(entry), listed_origin_verdict))
            .collect();
        let lookalikes = route.origins.iter().filter_map(|entry| lookalike_origin(entry));
        origins.extend(lookalikes.map(|origin| (origin, Verdict::Blocked)));
        if !route.origins.iter().any(|entry| entry == "*") {
            origins.push((FOREIGN_PROBE_ORIGIN.to_owned(), Verdict::Blocked));
        }
        let calls: Vec<RouteCall> = origins
            .into_iter()
            .map(|(origin, expected)| {
                let request = sample_headers(&route.headers).into_iter().fold(
                    CorsRequest::new(url.clone(), origin.clone()).with_method(method),
                    |request, (name, value)| request.with_header(name, value),
                );
                let request = if route.credentials { request.with_credentials() } else { request };
                Plan::new(request).map(|plan| RouteCall { origin, expected, plan })
            })
            .collect::<Result<_, _>>()?;
        let is_safe = matches!(method, "GET" | "HEAD");
        let needs_preflight = calls.first().is_some_and(|call| call.plan.needs_preflight());
        let mut planned = Self {
            route: route.clone(),
            method: method.to_owned(),
            url,
            calls,
            skipped: None,
            preflight_only: unsafe_calls == UnsafeCalls::PreflightOnly && !is_safe,
        };
        if route.wrapped && route.path.is_empty() {
            planned.calls.clear();
            planned.skipped = Some(Skipped::PrefixUnknown { handler: route.handler.clone() });
        } else if planned.preflight_only && !needs_preflight {
            planned.calls.clear();
            planned.skipped = Some(Skipped::NoPreflightNeeded { method: method.to_owned() });
        }
        Ok(planned)
    }

    /// The route.
    pub fn route(&self) -> &Route {
        &self.route
    }

    /// The method.
    pub fn method(&self) -> &str {
        &self.method
    }

    /// The URL called: the base, then the path with sample parameters.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Why nothing is sent for this method, when nothing is.
    pub fn skipped(&self) -> Option<&Skipped> {
        self.skipped.as_ref()
    }

    /// Whether the calls stop after the preflight.
    pub fn preflight_only(&self) -> bool {
        self.preflight_only
    }

    /// The check of one of this method's calls.
    pub(super) fn check_of(&self, call: &RouteCall) -> Check {
        let check = Check::new(call.plan.clone());
        // The foreign origin is one of the calls; refusal probes only sharpen an unexpected fix.
        let check = match call.expected {
            Verdict::Allowed => check.without_foreign_origin_probe(),
            Verdict::Blocked | Verdict::Inconclusive => check.without_probes(),
        };
        if self.preflight_only { check.without_actual_after_preflight() } else { check }
    }
}

/// Every route of a report, ready to be checked against a server at a base URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoutesPlan {
    pub(super) base: String,
    pub(super) methods: Vec<MethodPlan>,
}

impl RoutesPlan {
    /// Plans the calls for every method of every route. `base` is the server's URL, with the
    /// prefix of a `web::scope(..)` the report does not know (`https://api.example/v2`); it is
    /// empty for the in-process transport (`cors_check_core::actix::check_routes`).
    pub fn new(
        routes: &[Route],
        base: &str,
        unsafe_calls: UnsafeCalls,
    ) -> Result<Self, RoutesError> {
        let mut methods = Vec::new();
        let mut unsendable = Vec::new();
        for route in routes {
            for method in &route.methods {
                match MethodPlan::new(route, method, base, unsafe_calls) {
                    Ok(planned) => methods.push(planned),
                    Err(error) => unsendable.push(UnsendableCall {
                        route: route.clone(),
                        method: method.clone(),
                        error,
                    }),
                }
            }
        }
        if unsendable.is_empty() {
            Ok(Self { base: base.to_owned(), methods })
        } else {
            Err(RoutesError::UnsendableCalls(unsendable))
        }
    }

    /// What is checked, one entry per method of each route.
    pub fn methods(&self) -> &[MethodPlan] {
        &self.methods
    }
}
