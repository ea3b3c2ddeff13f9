//! What the run found: one outcome per call, one status per route's method, and the whole
//! result as text for people and JSON for machines.

use std::fmt;

use crate::document::{
    self, FORMAT, RouteCallDocument, RouteMethodDocument, RoutesDocument, RoutesSummary,
};
use cors_rules::route_report::Route;

use super::plan::{MethodPlan, RouteCall};
use super::sample::title_case;
use crate::check::Check;
use crate::probe::foreign::FOREIGN_PROBE_ORIGIN;
use crate::report::Report;
use crate::response::Response;
use crate::vocabulary::{Verdict, WarningKind};

/// How a call went against what the policy says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum CallProblem {
    /// The policy lists the origin, but the browser would block the call; the report's failure
    /// says why.
    Blocked,
    /// The call is allowed, but `Access-Control-Expose-Headers` does not list these headers.
    NotExposed {
        /// The exposed headers the page cannot read, lower-case.
        missing: Vec<String>,
        /// `Access-Control-Expose-Headers` as sent, if at all.
        sent: Option<String>,
    },
    /// An origin the policy does not list was allowed.
    ForeignOriginAllowed,
    /// The route answered with a redirect cors-check did not follow: no verdict.
    Inconclusive,
}

/// One call and how it went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct CallOutcome {
    /// The page's origin.
    pub(super) origin: String,
    /// What the policy says.
    pub(super) expected: Verdict,
    /// What the browser would make of the server's answers.
    pub(super) report: Report,
    /// Where the server differs from the policy, if it does.
    pub(super) problem: Option<CallProblem>,
}

impl CallOutcome {
    /// How `call` of `method` went, once its check is complete.
    pub(super) fn judge(method: &MethodPlan, call: &RouteCall, check: &Check) -> Self {
        let report = check.report();
        let problem = match (call.expected, report.verdict()) {
            (Verdict::Allowed, Verdict::Blocked) => Some(CallProblem::Blocked),
            (Verdict::Blocked, Verdict::Allowed) => Some(CallProblem::ForeignOriginAllowed),
            (Verdict::Blocked, Verdict::Blocked) => None,
            (_, Verdict::Inconclusive) => Some(CallProblem::Inconclusive),
            (Verdict::Inconclusive, _) => unreachable!("a route call expects a verdict"),
            (Verdict::Allowed, Verdict::Allowed) => check
                .responses()
                .actual
                .as_ref()
                .and_then(|actual| unexposed(&method.route, actual)),
        };
        Self { origin: call.origin.clone(), expected: call.expected, report, problem }
    }

    /// The problem in one line: the origin, what went wrong (Chromium's message when blocked),
    /// and the fix.
    fn describe(&self, problem: &CallProblem) -> String {
        let origin = &self.origin;
        match problem {
            CallProblem::Blocked => match &self.report.failure {
                Some(failure) => format!(
                    "from {origin}: blocked — {}; fix: {}",
                    failure.console_message,
                    failure.fix.cors_attribute()
                ),
                None => format!("from {origin}: blocked"),
            },
            CallProblem::NotExposed { missing, sent } => {
                let sent = match sent {
                    Some(value) => format!("Access-Control-Expose-Headers is '{value}'"),
                    None => "there is no Access-Control-Expose-Headers".to_owned(),
                };
                let names: Vec<String> =
                    missing.iter().map(|name| format!("\"{}\"", title_case(name))).collect();
                format!(
                    "from {origin}: allowed, but {sent}, so the page cannot read {}; fix: add {} \
                     to `expose`",
                    missing.join(", "),
                    names.join(", ")
                )
            }
            CallProblem::ForeignOriginAllowed => format!(
                "from {origin}, which the policy does not list: allowed — the server grants \
                 origins the report does not list; fix: remove the other CORS layer (a proxy, \
                 actix-cors) that grants them, or make the report from the build the server runs"
            ),
            CallProblem::Inconclusive => format!(
                "from {origin}: no verdict — the route redirects and cors-check did not follow \
                 the redirect; check its target by hand"
            ),
        }
    }
}

/// The exposed headers the actual response does not let the page read.
fn unexposed(route: &Route, actual: &Response) -> Option<CallProblem> {
    let sent = actual.header("Access-Control-Expose-Headers");
    let listed: Vec<String> =
        actual.header_list("Access-Control-Expose-Headers").map(str::to_ascii_lowercase).collect();
    let wildcard = listed.iter().any(|name| name == "*") && !route.credentials;
    let missing: Vec<String> =
        route.expose.iter().filter(|name| !wildcard && !listed.contains(name)).cloned().collect();
    (!missing.is_empty()).then_some(CallProblem::NotExposed { missing, sent })
}

/// Whether a route's method behaves as its policy says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MethodStatus {
    /// Every call went as the policy says.
    Ok,
    /// At least one call did not.
    Failed,
    /// Nothing was sent (see [`MethodPlan::skipped`]).
    Skipped,
}

/// One method of one route, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MethodResult {
    pub(super) plan: MethodPlan,
    /// One per call, in the order of the plan's calls.
    pub(super) calls: Vec<CallOutcome>,
}

impl MethodResult {
    /// What was checked.
    pub fn plan(&self) -> &MethodPlan {
        &self.plan
    }

    /// Whether the method behaves as its policy says.
    pub fn status(&self) -> MethodStatus {
        if self.plan.skipped.is_some() {
            MethodStatus::Skipped
        } else if self.calls.iter().any(|call| call.problem.is_some()) {
            MethodStatus::Failed
        } else {
            MethodStatus::Ok
        }
    }

    /// Each problem in one line.
    pub fn problems(&self) -> Vec<String> {
        self.calls
            .iter()
            .filter_map(|call| call.problem.as_ref().map(|problem| call.describe(problem)))
            .collect()
    }

    /// What was found, for a method that passed: `2 origins, foreign origin blocked`.
    fn summary(&self) -> String {
        let route = &self.plan.route;
        let mut summary = if route.origins.iter().any(|entry| entry == "*") {
            format!("any origin (tried {FOREIGN_PROBE_ORIGIN})")
        } else {
            let count = route.origins.len();
            let noun = if count == 1 { "origin" } else { "origins" };
            format!("{count} {noun}, foreign origin blocked")
        };
        if self.plan.preflight_only {
            summary.push_str(" (preflight only)");
        } else if !route.expose.is_empty() {
            summary.push_str(&format!(", {} exposed", route.expose.join(", ")));
        }
        summary
    }

    /// Each kind of warning once, from any call; not Local Network Access, which is about where
    /// the checked server runs (often loopback in CI), not about the policy.
    fn warnings(&self) -> Vec<String> {
        let mut kinds: Vec<WarningKind> = vec![WarningKind::LocalNetworkAccess];
        let mut warnings = Vec::new();
        for warning in self.calls.iter().flat_map(|call| &call.report.warnings) {
            if !kinds.contains(&warning.kind()) {
                kinds.push(warning.kind());
                warnings.push(format!("{}: {warning}", warning.kind().as_str()));
            }
        }
        warnings
    }

    fn document(&self) -> RouteMethodDocument {
        let plan = &self.plan;
        RouteMethodDocument {
            handler: plan.route.handler.clone(),
            policy: plan.route.policy.clone(),
            path: plan.route.path.clone(),
            method: plan.method.clone(),
            url: plan.url.clone(),
            status: match self.status() {
                MethodStatus::Ok => "ok",
                MethodStatus::Failed => "failed",
                MethodStatus::Skipped => "skipped",
            }
            .to_owned(),
            preflight_only: plan.preflight_only,
            skipped: plan.skipped.as_ref().map(ToString::to_string),
            problems: self.problems(),
            calls: self
                .calls
                .iter()
                .map(|call| RouteCallDocument {
                    origin: call.origin.clone(),
                    expected: call.expected.as_str().to_owned(),
                    passed: call.problem.is_none(),
                    report: call.report.document(),
                })
                .collect(),
        }
    }
}

/// Every route's method, checked: one line each, then a summary.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RoutesResult {
    /// The server's base URL.
    pub base: String,
    /// One entry per method of each route, in the report's order.
    pub methods: Vec<MethodResult>,
}

impl RoutesResult {
    /// Whether every route's method that was checked behaves as its policy says.
    pub fn passed(&self) -> bool {
        self.methods.iter().all(|method| method.status() != MethodStatus::Failed)
    }

    fn count(&self, status: MethodStatus) -> usize {
        self.methods.iter().filter(|method| method.status() == status).count()
    }

    /// The machine-readable result, pretty-printed as `cors-check routes --json` prints it: a
    /// [`RoutesDocument`].
    pub fn to_json(&self) -> String {
        document::pretty(&self.document())
    }

    /// The result as its JSON document.
    pub fn document(&self) -> RoutesDocument {
        RoutesDocument {
            format: FORMAT,
            base: self.base.clone(),
            passed: self.passed(),
            summary: RoutesSummary {
                ok: self.count(MethodStatus::Ok),
                failed: self.count(MethodStatus::Failed),
                skipped: self.count(MethodStatus::Skipped),
            },
            routes: self.methods.iter().map(MethodResult::document).collect(),
        }
    }
}

impl fmt::Display for RoutesResult {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let width = |column: fn(&MethodPlan) -> &str| {
            self.methods.iter().map(|method| column(&method.plan).len()).max().unwrap_or(0)
        };
        let method_width = width(|plan| &plan.method);
        let path_width = width(|plan| &plan.route.path);
        let handler_width = width(|plan| &plan.route.handler);
        for result in &self.methods {
            let plan = &result.plan;
            let (method, path, handler) = (&plan.method, &plan.route.path, &plan.route.handler);
            match result.status() {
                MethodStatus::Ok => writeln!(
                    formatter,
                    "ok   {method:<method_width$} {path:<path_width$} {handler:<handler_width$} {}",
                    result.summary()
                )?,
                MethodStatus::Skipped => writeln!(
                    formatter,
                    "skip {method:<method_width$} {path:<path_width$} {handler}: {}",
                    plan.skipped.as_ref().map(ToString::to_string).unwrap_or_default()
                )?,
                MethodStatus::Failed => {
                    let problems = result.problems();
                    writeln!(
                        formatter,
                        "FAIL {method:<method_width$} {path:<path_width$} {handler}: {}",
                        problems.join("\n     ")
                    )?;
                }
            }
            for warning in result.warnings() {
                writeln!(formatter, "     warning: {warning}")?;
            }
        }
        let (ok, failed, skipped) = (
            self.count(MethodStatus::Ok),
            self.count(MethodStatus::Failed),
            self.count(MethodStatus::Skipped),
        );
        let checked = ok + failed;
        let verdict = if failed == 0 {
            format!("all {checked} route methods behave as their policies say")
        } else {
            format!("{failed} of {checked} route methods do not behave as their policies say")
        };
        let skipped = match skipped {
            0 => String::new(),
            count => format!("; {count} not checked"),
        };
        writeln!(formatter, "\n{verdict}{skipped}")
    }
}
