//! Planning: for every method of every route, the calls a page would make, one per origin, and
//! the verdict the policy expects for each.

use std::fmt;

use cors_rules::route_report::{KeyedBy, Route};

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
    /// The route's origins are each tenant's, told apart by the `Host` a page calls, and the
    /// check calls only the base URL it was given.
    TenantsByHost {
        /// The tenant set, as the report names it.
        set: String,
        /// A sample tenant (its host) with one of its origins.
        tenant: String,
        /// That origin.
        origin: String,
        /// The URL to check it at: the tenant's host, the route's path.
        url: String,
        /// The method.
        method: String,
        /// Whether the route allows credentials.
        credentials: bool,
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
            Skipped::TenantsByHost { set, tenant, origin, url, method, credentials } => {
                write!(
                    formatter,
                    "not checked: the tenants of `{set}` are told apart by the host a page \
                     calls, and only the base URL given is called; check tenant {tenant} on its \
                     own host: cors-check {url}"
                )?;
                if method != "GET" {
                    write!(formatter, " -X {method}")?;
                }
                write!(formatter, " --origin {origin}")?;
                if *credentials {
                    formatter.write_str(" --credentials")?;
                }
                Ok(())
            }
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
        other_tenant: Option<&str>,
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
        // Another tenant's page, which this tenant's path must refuse.
        origins.extend(other_tenant.map(|origin| (sample_origin(origin), Verdict::Blocked)));
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
        if let Some(skipped) = tenants_by_host(route, method, base) {
            planned.calls.clear();
            planned.skipped = Some(skipped);
        } else if route.wrapped && route.path.is_empty() {
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
        for (route, other_tenant) in routes.iter().flat_map(per_tenant) {
            for method in &route.methods {
                match MethodPlan::new(&route, method, base, unsafe_calls, other_tenant.as_deref()) {
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

/// `route`, or for origins told apart by a path parameter, one copy per sampled tenant: its
/// origins, the parameter set to the tenant, and another tenant's origin, which it must refuse.
fn per_tenant(route: &Route) -> Vec<(Route, Option<String>)> {
    let Some(set) = &route.tenants else { return vec![(route.clone(), None)] };
    let KeyedBy::Path(parameter) = &set.keyed_by else {
        // Planned once, then skipped: see `tenants_by_host`.
        return vec![(route.clone(), None)];
    };
    let samples = &set.sample;
    (samples.iter().enumerate())
        .map(|(index, sample)| {
            let mut tenant_route = route.clone();
            tenant_route.origins.clone_from(&sample.origins);
            tenant_route.path = with_parameter(&route.path, parameter, &sample.tenant);
            let others = samples.iter().skip(index + 1).chain(samples.iter().take(index));
            let other = others.filter_map(|other| other.origins.first()).next().cloned();
            (tenant_route, other)
        })
        .collect()
}

/// Why a route whose tenants are told apart by `Host` is not called at the base URL.
fn tenants_by_host(route: &Route, method: &str, base: &str) -> Option<Skipped> {
    let set = route.tenants.as_ref().filter(|set| set.keyed_by == KeyedBy::Host)?;
    let sample = set.sample.first()?;
    let scheme = base.split_once("://").map_or("https", |(scheme, _)| scheme);
    let path = sample_path(&route.path);
    Some(Skipped::TenantsByHost {
        set: set.name.clone(),
        tenant: sample.tenant.clone(),
        origin: sample_origin(sample.origins.first()?),
        url: format!("{scheme}://{}{path}", sample.tenant),
        method: method.to_owned(),
        credentials: route.credentials,
    })
}

/// `path` with the parameter `name` (`{name}` or `{name:regex}`) set to `value`.
fn with_parameter(path: &str, name: &str, value: &str) -> String {
    let mut result = String::with_capacity(path.len());
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        result.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        // A parameter's regex may hold braces of its own.
        let mut depth = 1;
        let end = after.char_indices().find_map(|(at, character)| {
            depth += match character {
                '{' => 1,
                '}' => -1,
                _ => 0,
            };
            (depth == 0).then_some(at)
        });
        let Some(end) = end else {
            result.push_str(&rest[start..]);
            return result;
        };
        let parameter = &after[..end];
        if parameter.split(':').next() == Some(name) {
            result.push_str(value);
        } else {
            result.push('{');
            result.push_str(parameter);
            result.push('}');
        }
        rest = &after[end + 1..];
    }
    result.push_str(rest);
    result
}
