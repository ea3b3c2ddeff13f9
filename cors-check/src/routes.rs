//! Checks every route of a `cors_runtime::routes_json()` report against a running server, as a
//! CI job would (`cors-check routes`).
//!
//! For each route and each of its methods, the call a page would make (with credentials when
//! the policy has them, and with the route's allowed request headers, so that a preflight is
//! exercised when the method or the headers need one) must be allowed from every origin the
//! policy lists, and the same call from an origin it does not list must be blocked. An allowed
//! call must also let the page read the exposed headers.
//!
//! ```
//! use cors_check::routes::{RoutesCheck, UnsafeCalls, parse_routes};
//! use cors_check::Response;
//!
//! let report = r#"{"format": 1, "routes": [{"handler": "read_data", "policy": null, "path": "/items/{id}",
//!     "methods": ["GET"], "allowed_methods": ["GET"], "origins": ["https://app.example"],
//!     "origins_env": null,
//!     "headers": [], "expose": [], "credentials": false, "max_age": null}]}"#;
//! let routes = parse_routes(report)?;
//! let check = RoutesCheck::new(&routes, "https://api.example", UnsafeCalls::Send)?;
//! // A server that grants https://app.example and nothing else.
//! let result = check.run(|request| {
//!     assert_eq!(request.url, "https://api.example/items/1");
//!     let origin = request.headers.iter().find(|(name, _)| name == "Origin").unwrap();
//!     let mut response = Response::new(200);
//!     if origin.1 == "https://app.example" {
//!         response = response.with_header("Access-Control-Allow-Origin", "https://app.example");
//!     }
//!     Ok::<_, std::convert::Infallible>(response)
//! })?;
//! assert!(result.passed(), "{result}");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::VecDeque;
use std::fmt;

use cors_rules::route_report::RouteReport;
use serde_json::{Value, json};

use crate::check::Check;
use crate::drive::{Conversation, drive};
use crate::plan::{OutgoingRequest, Plan};
use crate::probe::foreign::FOREIGN_PROBE_ORIGIN;
use crate::report::Report;
use crate::request::CorsRequest;
use crate::response::Response;
use crate::vocabulary::{Verdict, WarningKind};

/// The subdomain that stands for every subdomain of a pattern such as `https://*.example.com`.
const SAMPLE_SUBDOMAIN: &str = "cors-check";

/// The value of every path parameter (`{id}`, `{id:\d+}`, `{tail}*`).
const SAMPLE_PATH_VALUE: &str = "1";

/// One route of the report, as `cors_runtime::routes_json()` writes it.
pub use cors_rules::route_report::Route;

/// Why the report cannot be checked: every problem found, each naming the route.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoutesError {
    problems: Vec<String>,
}

impl RoutesError {
    fn one(problem: String) -> Self {
        Self { problems: vec![problem] }
    }

    /// Every problem, one sentence each.
    pub fn problems(&self) -> &[String] {
        &self.problems
    }
}

impl fmt::Display for RoutesError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.problems.as_slice() {
            [problem] => write!(formatter, "the routes report cannot be checked: {problem}"),
            problems => {
                write!(formatter, "the routes report cannot be checked:")?;
                problems.iter().try_for_each(|problem| write!(formatter, "\n  - {problem}"))
            }
        }
    }
}

impl std::error::Error for RoutesError {}

/// Reads the JSON of `cors_runtime::routes_json()`. A route without origins is an error: when
/// they come from a variable, the report was made before `cors_runtime::init()` loaded it, and
/// checking it would prove nothing.
pub fn parse_routes(json: &str) -> Result<Vec<Route>, RoutesError> {
    let report =
        RouteReport::from_json(json).map_err(|error| RoutesError::one(error.to_string()))?;
    let (routes, empty): (Vec<Route>, Vec<Route>) =
        report.routes.into_iter().partition(|route| !route.origins.is_empty());
    if empty.is_empty() {
        Ok(routes)
    } else {
        Err(RoutesError { problems: empty.iter().map(no_origins_problem).collect() })
    }
}

fn no_origins_problem(route: &Route) -> String {
    let name = format!("{} {} ({})", route.methods.join(","), route.path, route.handler);
    match &route.origins_env {
        Some(variable) => format!(
            "{name} has no origins: they come from {variable}, which was not loaded when the \
             report was made; call cors_runtime::init() (with {variable} set as on the server) \
             before cors_runtime::routes_json()"
        ),
        None => format!("{name} has no origins"),
    }
}

/// The path with every parameter (`{id}`, `{id:\d+}`, `{tail}*`) replaced by a sample value.
///
/// ```
/// assert_eq!(cors_check::routes::sample_path(r"/items/{id:\d+}/files/{tail}*"), "/items/1/files/1");
/// ```
pub fn sample_path(path: &str) -> String {
    let mut sampled = String::with_capacity(path.len());
    // A parameter's regex may hold braces of its own (`{id:\d{4}}`).
    let mut depth = 0_usize;
    let mut characters = path.chars().peekable();
    while let Some(character) = characters.next() {
        match character {
            '{' => {
                if depth == 0 {
                    sampled.push_str(SAMPLE_PATH_VALUE);
                }
                depth += 1;
            }
            '}' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    characters.next_if_eq(&'*');
                }
            }
            _ if depth > 0 => {}
            character => sampled.push(character),
        }
    }
    sampled
}

/// The origin a page would have for a policy entry: the origin itself, a made-up subdomain of a
/// pattern, or an unrelated origin for `*`.
fn sample_origin(entry: &str) -> String {
    if entry == "*" {
        FOREIGN_PROBE_ORIGIN.to_owned()
    } else {
        entry.replacen("://*.", &format!("://{SAMPLE_SUBDOMAIN}."), 1)
    }
}

/// The headers the page sends: every allowed one with a plausible value (`*` names none).
fn sample_headers(allowed: &[String]) -> Vec<(String, String)> {
    allowed
        .iter()
        .filter(|name| *name != "*")
        .map(|name| {
            let value = if name == "content-type" { "application/json" } else { "1" };
            (header_spelling(name), value.to_owned())
        })
        .collect()
}

/// `x-client-version` as people write it, `X-Client-Version`, for the fixes the user pastes.
fn header_spelling(lower_case_name: &str) -> String {
    lower_case_name
        .split('-')
        .map(|word| {
            let mut characters = word.chars();
            characters.next().map_or_else(String::new, |first| {
                first.to_ascii_uppercase().to_string() + characters.as_str()
            })
        })
        .collect::<Vec<_>>()
        .join("-")
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
pub struct RouteCall {
    /// The page's origin.
    pub origin: String,
    /// `Allowed` for the policy's origins, `Blocked` for an origin it does not list.
    pub expected: Verdict,
    plan: Plan,
}

/// What is checked for one method of one route.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MethodCheck {
    /// The route.
    pub route: Route,
    /// The method.
    pub method: String,
    /// The URL called: the base, then the path with sample parameters.
    pub url: String,
    /// The calls, one per origin; empty when the method is skipped.
    pub calls: Vec<RouteCall>,
    /// Why nothing is sent for this method, when nothing is.
    pub skipped: Option<String>,
    /// Whether the checks stop after the preflight.
    pub preflight_only: bool,
}

impl MethodCheck {
    fn new(
        route: &Route,
        method: &str,
        base: &str,
        unsafe_calls: UnsafeCalls,
    ) -> Result<Self, String> {
        let url = format!("{}{}", base.trim_end_matches('/'), sample_path(&route.path));
        let allowed =
            route.allowed_methods.iter().any(|allowed| allowed == "*" || allowed == method);
        let listed_origin_verdict = if allowed { Verdict::Allowed } else { Verdict::Blocked };
        let mut origins: Vec<(String, Verdict)> = route
            .origins
            .iter()
            .map(|entry| (sample_origin(entry), listed_origin_verdict))
            .collect();
        if !route.origins.iter().any(|entry| entry == "*") {
            origins.push((FOREIGN_PROBE_ORIGIN.to_owned(), Verdict::Blocked));
        }
        let calls: Vec<RouteCall> = origins
            .into_iter()
            .map(|(origin, expected)| {
                let mut request = CorsRequest::new(url.clone(), origin.clone()).with_method(method);
                request.headers = sample_headers(&route.headers);
                request.credentials = route.credentials;
                Plan::new(request).map(|plan| RouteCall { origin, expected, plan })
            })
            .collect::<Result<_, _>>()
            .map_err(|error| format!("{method} {} ({}): {error}", route.path, route.handler))?;
        let is_safe = matches!(method, "GET" | "HEAD");
        let needs_preflight = calls.first().is_some_and(|call| call.plan.needs_preflight());
        let mut check = Self {
            route: route.clone(),
            method: method.to_owned(),
            url,
            calls,
            skipped: None,
            preflight_only: unsafe_calls == UnsafeCalls::PreflightOnly && !is_safe,
        };
        if check.preflight_only && !needs_preflight {
            check.calls.clear();
            check.skipped = Some(format!(
                "not checked: a {method} with these headers needs no preflight, and sending the \
                 call itself would run the handler"
            ));
        }
        Ok(check)
    }

    fn check(&self, call: &RouteCall) -> Check {
        let check = Check::new(call.plan.clone());
        // The foreign origin is one of the calls; refusal probes only sharpen an unexpected fix.
        let check = match call.expected {
            Verdict::Allowed => check.without_foreign_origin_probe(),
            Verdict::Blocked => check.without_probes(),
        };
        if self.preflight_only { check.without_actual_after_preflight() } else { check }
    }

    fn judge(&self, call: &RouteCall, check: &Check) -> CallOutcome {
        let report = check.report();
        let problem = match (call.expected, report.verdict()) {
            (Verdict::Allowed, Verdict::Blocked) => Some(Problem::Blocked),
            (Verdict::Blocked, Verdict::Allowed) => Some(Problem::ForeignOriginAllowed),
            (Verdict::Blocked, Verdict::Blocked) => None,
            (Verdict::Allowed, Verdict::Allowed) => {
                check.responses().actual.as_ref().and_then(|actual| self.unexposed(actual))
            }
        };
        CallOutcome { origin: call.origin.clone(), expected: call.expected, report, problem }
    }

    /// The exposed headers the actual response does not let the page read.
    fn unexposed(&self, actual: &Response) -> Option<Problem> {
        let sent = actual.header("Access-Control-Expose-Headers");
        let listed: Vec<String> = actual
            .header_list("Access-Control-Expose-Headers")
            .map(str::to_ascii_lowercase)
            .collect();
        let wildcard = listed.iter().any(|name| name == "*") && !self.route.credentials;
        let missing: Vec<String> = self
            .route
            .expose
            .iter()
            .filter(|name| !wildcard && !listed.contains(name))
            .cloned()
            .collect();
        (!missing.is_empty()).then_some(Problem::NotExposed { missing, sent })
    }
}

/// How a call went against what the policy says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
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
}

/// One call and how it went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CallOutcome {
    /// The page's origin.
    pub origin: String,
    /// What the policy says.
    pub expected: Verdict,
    /// What the browser would make of the server's answers.
    pub report: Report,
    /// Where the server differs from the policy, if it does.
    pub problem: Option<Problem>,
}

impl CallOutcome {
    /// The problem in one line: the origin, what went wrong (Chromium's message when blocked),
    /// and the fix.
    fn describe(&self, problem: &Problem) -> String {
        let origin = &self.origin;
        match problem {
            Problem::Blocked => match &self.report.failure {
                Some(failure) => format!(
                    "from {origin}: blocked — {}; fix: {}",
                    failure.console_message, failure.fix.cors_attribute
                ),
                None => format!("from {origin}: blocked"),
            },
            Problem::NotExposed { missing, sent } => {
                let sent = match sent {
                    Some(value) => format!("Access-Control-Expose-Headers is '{value}'"),
                    None => "there is no Access-Control-Expose-Headers".to_owned(),
                };
                let names: Vec<String> =
                    missing.iter().map(|name| format!("\"{}\"", header_spelling(name))).collect();
                format!(
                    "from {origin}: allowed, but {sent}, so the page cannot read {}; fix: add {} \
                     to `expose`",
                    missing.join(", "),
                    names.join(", ")
                )
            }
            Problem::ForeignOriginAllowed => format!(
                "from {origin}, which the policy does not list: allowed — the server grants \
                 origins the report does not list; fix: remove the other CORS layer (a proxy, \
                 actix-cors) that grants them, or make the report from the build the server runs"
            ),
        }
    }
}

/// Whether a route's method behaves as its policy says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Every call went as the policy says.
    Ok,
    /// At least one call did not.
    Failed,
    /// Nothing was sent (see [`MethodCheck::skipped`]).
    Skipped,
}

/// One method of one route, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MethodResult {
    /// What was checked.
    pub check: MethodCheck,
    /// Each call, in the order of [`MethodCheck::calls`].
    pub calls: Vec<CallOutcome>,
}

impl MethodResult {
    /// Whether the method behaves as its policy says.
    pub fn status(&self) -> Status {
        if self.check.skipped.is_some() {
            Status::Skipped
        } else if self.calls.iter().any(|call| call.problem.is_some()) {
            Status::Failed
        } else {
            Status::Ok
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
        let route = &self.check.route;
        let mut summary = if route.origins.iter().any(|entry| entry == "*") {
            format!("any origin (tried {FOREIGN_PROBE_ORIGIN})")
        } else {
            let count = route.origins.len();
            let noun = if count == 1 { "origin" } else { "origins" };
            format!("{count} {noun}, foreign origin blocked")
        };
        if self.check.preflight_only {
            summary.push_str(" (preflight only)");
        } else if !route.expose.is_empty() {
            summary.push_str(&format!(", {} exposed", route.expose.join(", ")));
        }
        summary
    }

    /// Each kind of warning once, from any call.
    fn warnings(&self) -> Vec<String> {
        let mut kinds: Vec<WarningKind> = Vec::new();
        let mut warnings = Vec::new();
        for warning in self.calls.iter().flat_map(|call| &call.report.warnings) {
            if !kinds.contains(&warning.kind) {
                kinds.push(warning.kind);
                warnings.push(format!("{}: {}", warning.kind.as_str(), warning.message));
            }
        }
        warnings
    }

    fn to_json(&self) -> Value {
        let check = &self.check;
        json!({
            "handler": check.route.handler,
            "policy": check.route.policy,
            "path": check.route.path,
            "method": check.method,
            "url": check.url,
            "status": match self.status() {
                Status::Ok => "ok",
                Status::Failed => "failed",
                Status::Skipped => "skipped",
            },
            "preflight_only": check.preflight_only,
            "skipped": check.skipped,
            "problems": self.problems(),
            "calls": self.calls.iter().map(|call| json!({
                "origin": call.origin,
                "expected": call.expected.as_str(),
                "passed": call.problem.is_none(),
                "report": call.report.to_json(),
            })).collect::<Vec<_>>(),
        })
    }
}

/// Every route of a report, ready to be checked against a server at a base URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoutesCheck {
    base: String,
    methods: Vec<MethodCheck>,
}

impl RoutesCheck {
    /// Plans the calls for every method of every route. `base` is the server's URL, with the
    /// prefix of a `web::scope(..)` the report does not know (`https://api.example/v2`); it is
    /// empty for the in-process transport ([`crate::actix::check_routes`]).
    pub fn new(
        routes: &[Route],
        base: &str,
        unsafe_calls: UnsafeCalls,
    ) -> Result<Self, RoutesError> {
        let mut methods = Vec::new();
        let mut problems = Vec::new();
        for route in routes {
            for method in &route.methods {
                match MethodCheck::new(route, method, base, unsafe_calls) {
                    Ok(check) => methods.push(check),
                    Err(problem) => problems.push(problem),
                }
            }
        }
        if problems.is_empty() {
            Ok(Self { base: base.to_owned(), methods })
        } else {
            Err(RoutesError { problems })
        }
    }

    /// What is checked, one entry per method of each route.
    pub fn methods(&self) -> &[MethodCheck] {
        &self.methods
    }

    /// Starts sending: ask the run for the next request, send it, record the response, repeat.
    pub fn start(&self) -> RoutesRun<'_> {
        let pending = self
            .methods
            .iter()
            .enumerate()
            .flat_map(|(index, method)| method.calls.iter().map(move |call| (index, call)))
            .collect();
        RoutesRun {
            routes: self,
            pending,
            in_flight: None,
            outcomes: vec![Vec::new(); self.methods.len()],
        }
    }

    /// Runs every call with a blocking `send` function, or stops at the first transport error.
    pub fn run<E>(
        &self,
        send: impl FnMut(&OutgoingRequest) -> Result<Response, E>,
    ) -> Result<RoutesResult, E> {
        let mut run = self.start();
        drive(&mut run, send)?;
        Ok(run.finish())
    }
}

/// A [`RoutesCheck`] in progress, one request at a time, for any transport.
#[derive(Debug)]
pub struct RoutesRun<'a> {
    routes: &'a RoutesCheck,
    pending: VecDeque<(usize, &'a RouteCall)>,
    in_flight: Option<InFlight<'a>>,
    outcomes: Vec<Vec<CallOutcome>>,
}

#[derive(Debug)]
struct InFlight<'a> {
    method_index: usize,
    call: &'a RouteCall,
    check: Check,
}

impl RoutesRun<'_> {
    /// The next request to send, or `None` when every call is done.
    pub fn next_request(&mut self) -> Option<OutgoingRequest> {
        loop {
            let in_flight = match &mut self.in_flight {
                Some(in_flight) => in_flight,
                None => {
                    let (method_index, call) = self.pending.pop_front()?;
                    let check = self.routes.methods[method_index].check(call);
                    self.in_flight.insert(InFlight { method_index, call, check })
                }
            };
            if let Some(request) = in_flight.check.next_request() {
                return Some(request);
            }
            let method = &self.routes.methods[in_flight.method_index];
            let outcome = method.judge(in_flight.call, &in_flight.check);
            self.outcomes[in_flight.method_index].push(outcome);
            self.in_flight = None;
        }
    }

    /// Records the response to the request [`RoutesRun::next_request`] returned.
    ///
    /// # Panics
    ///
    /// When no request is pending.
    pub fn record(&mut self, response: Response) {
        let in_flight = self.in_flight.as_mut().expect("no request is pending");
        in_flight.check.record(response);
    }

    /// The result; call it once [`RoutesRun::next_request`] returns `None`.
    pub fn finish(self) -> RoutesResult {
        let methods = self
            .routes
            .methods
            .iter()
            .cloned()
            .zip(self.outcomes)
            .map(|(check, calls)| MethodResult { check, calls })
            .collect();
        RoutesResult { base: self.routes.base.clone(), methods }
    }
}

impl Conversation for RoutesRun<'_> {
    fn next_request(&mut self) -> Option<OutgoingRequest> {
        RoutesRun::next_request(self)
    }

    fn record(&mut self, response: Response) {
        RoutesRun::record(self, response);
    }
}

/// Every route's method, checked: one line each, then a summary.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoutesResult {
    /// The server's base URL.
    pub base: String,
    /// One entry per method of each route, in the report's order.
    pub methods: Vec<MethodResult>,
}

impl RoutesResult {
    /// Whether every route's method that was checked behaves as its policy says.
    pub fn passed(&self) -> bool {
        self.methods.iter().all(|method| method.status() != Status::Failed)
    }

    fn count(&self, status: Status) -> usize {
        self.methods.iter().filter(|method| method.status() == status).count()
    }

    /// The machine-readable result: `format` (1), `base`, `passed`, `summary` (`{ok, failed,
    /// skipped}`), and `routes`, one object per method of each route with `handler`, `policy`,
    /// `path`, `method`, `url`, `status` (`ok`, `failed`, `skipped`), `preflight_only`,
    /// `skipped` (the reason or null), `problems` (one line each) and `calls` (each `{origin,
    /// expected, passed, report}`, `report` as in [`Report::to_json`]).
    pub fn to_json(&self) -> Value {
        json!({
            "format": 1,
            "base": self.base,
            "passed": self.passed(),
            "summary": {
                "ok": self.count(Status::Ok),
                "failed": self.count(Status::Failed),
                "skipped": self.count(Status::Skipped),
            },
            "routes": self.methods.iter().map(MethodResult::to_json).collect::<Vec<_>>(),
        })
    }
}

impl fmt::Display for RoutesResult {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let width = |column: fn(&MethodCheck) -> &str| {
            self.methods.iter().map(|method| column(&method.check).len()).max().unwrap_or(0)
        };
        let method_width = width(|check| &check.method);
        let path_width = width(|check| &check.route.path);
        let handler_width = width(|check| &check.route.handler);
        for result in &self.methods {
            let check = &result.check;
            let (method, path, handler) = (&check.method, &check.route.path, &check.route.handler);
            match result.status() {
                Status::Ok => writeln!(
                    formatter,
                    "ok   {method:<method_width$} {path:<path_width$} {handler:<handler_width$} {}",
                    result.summary()
                )?,
                Status::Skipped => writeln!(
                    formatter,
                    "skip {method:<method_width$} {path:<path_width$} {handler}: {}",
                    check.skipped.as_deref().unwrap_or_default()
                )?,
                Status::Failed => {
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
        let (ok, failed, skipped) =
            (self.count(Status::Ok), self.count(Status::Failed), self.count(Status::Skipped));
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

#[cfg(test)]
mod tests;
