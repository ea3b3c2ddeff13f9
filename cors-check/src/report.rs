//! The outcome of a check: the verdict, every step with the headers that decided it, Chromium's
//! console message, the fix, and warnings; as text for people and as JSON for machines.
//!
//! # JSON format
//!
//! [`Report::to_json`] (and `cors-check --json`) produces one object; fields are only ever added,
//! and `format` changes if one is removed or changes meaning:
//!
//! | field | type | meaning |
//! |---|---|---|
//! | `format` | number | `1` |
//! | `verdict` | string | `"allowed"` or `"blocked"` |
//! | `request` | object | `url`, `origin`, `method` (as sent), `headers` (`[[name, value], ...]`), `credentials` (bool) |
//! | `preflight` | object | `needed` (bool), `reasons` (strings), `access_control_request_headers` (string or null) |
//! | `steps` | array | each `{exchange, check, passed, detail, headers}`: `exchange` is `"preflight"`, `"actual"`, `"foreign-origin-probe"` or `"refusal-probe"` (the requests that found which part of a bare preflight refusal was refused); `check` is `"redirect"`, `"allow-origin"`, `"allow-credentials"`, `"status"`, `"allow-methods"` or `"allow-headers"`; `headers` are the response lines that decided it |
//! | `error` | object or null | `kind` (Chromium's `CorsError` name, e.g. `"PreflightMissingAllowOriginHeader"`), `failed_value` (string), `console_message`, `fix` (`{server, cors_attribute}`) |
//! | `warnings` | array | each `{kind, message}`; kinds are listed in [`WarningKind::as_str`] |

use std::fmt;

use serde_json::{Value, json};

use crate::message::CorsErrorKind;
use crate::plan::{Exchange, Plan, PreflightReason};
use crate::request::CorsRequest;

/// Whether the browser lets the page read the response.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// CORS allows the call.
    Allowed,
    /// CORS blocks the call; the page sees a network error.
    Blocked,
}

impl Verdict {
    /// The stable name used in JSON: `allowed` or `blocked`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Allowed => "allowed",
            Self::Blocked => "blocked",
        }
    }
}

/// Which rule a [`Step`] applied.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CheckKind {
    /// A preflight must not be redirected.
    Redirect,
    /// `Access-Control-Allow-Origin` must grant the page's origin.
    AllowOrigin,
    /// A credentialed call needs `Access-Control-Allow-Credentials: true`.
    AllowCredentials,
    /// A preflight needs a 2xx status.
    Status,
    /// `Access-Control-Allow-Methods` must parse and allow the method.
    AllowMethods,
    /// `Access-Control-Allow-Headers` must parse and allow every unsafe request header.
    AllowHeaders,
}

impl CheckKind {
    /// The stable name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Redirect => "redirect",
            Self::AllowOrigin => "allow-origin",
            Self::AllowCredentials => "allow-credentials",
            Self::Status => "status",
            Self::AllowMethods => "allow-methods",
            Self::AllowHeaders => "allow-headers",
        }
    }
}

impl Exchange {
    /// The stable name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Preflight => "preflight",
            Self::Actual => "actual",
            Self::ForeignOriginProbe => "foreign-origin-probe",
            Self::RefusalProbe(_) => "refusal-probe",
        }
    }
}

/// One rule applied to one response, in the order the browser applies them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// The response the rule was applied to.
    pub exchange: Exchange,
    /// The rule.
    pub check: CheckKind,
    /// Whether the response passed.
    pub passed: bool,
    /// What was found, in words.
    pub detail: String,
    /// The response header lines that decided the step (empty when the header was missing).
    pub headers: Vec<(String, String)>,
}

/// What the server must change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    /// The header (name and value) or status the server must send, and on which response.
    pub server: String,
    /// The change for routes annotated with this project's `#[cors(...)]` attribute.
    pub cors_attribute: String,
}

/// Why the browser blocks the call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    /// The error kind Chromium reports.
    pub kind: CorsErrorKind,
    /// The value Chromium quotes in its message (header value, method or header name), or empty.
    pub failed_value: String,
    /// The exact line Chromium prints in the console.
    pub console_message: String,
    /// How to make the call work.
    pub fix: Fix,
}

/// Something that works today but is fragile or unsafe.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WarningKind {
    /// The server granted an unrelated origin too: it reflects `Origin` without checking it.
    ReflectsAnyOrigin,
    /// `Access-Control-Allow-Origin` depends on the origin but `Vary: Origin` is missing.
    MissingVaryOrigin,
    /// `Access-Control-Max-Age` is above Chromium's 7200-second cap.
    MaxAgeAboveChromiumCap,
    /// `Access-Control-Max-Age` is not a number; browsers use 5 seconds.
    MaxAgeInvalid,
    /// `Access-Control-Allow-Origin: *` with `Access-Control-Allow-Credentials: true`.
    WildcardWithCredentials,
    /// The server grants the `null` origin, which any sandboxed document has.
    NullOriginAllowed,
    /// The method is not upper-case, so `fetch()` sends it as written.
    MethodNotUpperCase,
    /// The actual response redirects; the browser checks the next response too.
    RedirectNotFollowed,
    /// `Authorization` is allowed only by `*` in `Access-Control-Allow-Headers`, which the Fetch
    /// standard says must not cover it; Chromium still lets it through.
    AuthorizationCoveredByWildcard,
}

impl WarningKind {
    /// The stable name used in JSON: `reflects-any-origin`, `missing-vary-origin`,
    /// `max-age-above-chromium-cap`, `max-age-invalid`, `wildcard-with-credentials`,
    /// `null-origin-allowed`, `method-not-upper-case`, `redirect-not-followed`,
    /// `authorization-covered-by-wildcard`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ReflectsAnyOrigin => "reflects-any-origin",
            Self::MissingVaryOrigin => "missing-vary-origin",
            Self::MaxAgeAboveChromiumCap => "max-age-above-chromium-cap",
            Self::MaxAgeInvalid => "max-age-invalid",
            Self::WildcardWithCredentials => "wildcard-with-credentials",
            Self::NullOriginAllowed => "null-origin-allowed",
            Self::MethodNotUpperCase => "method-not-upper-case",
            Self::RedirectNotFollowed => "redirect-not-followed",
            Self::AuthorizationCoveredByWildcard => "authorization-covered-by-wildcard",
        }
    }
}

/// A warning and its explanation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    /// What kind of problem.
    pub kind: WarningKind,
    /// The explanation and what to do.
    pub message: String,
}

/// The full outcome of checking one cross-origin call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    /// The call, as the browser sends it (method normalized).
    pub request: CorsRequest,
    /// Why a preflight was sent; empty when none was.
    pub preflight_reasons: Vec<PreflightReason>,
    /// The preflight's `Access-Control-Request-Headers`, when it has one.
    pub access_control_request_headers: Option<String>,
    /// The rules applied, in order, up to the first that failed.
    pub steps: Vec<Step>,
    /// Why the call is blocked, or `None` when it is allowed.
    pub failure: Option<Failure>,
    /// Fragile or unsafe things found along the way.
    pub warnings: Vec<Warning>,
}

impl Report {
    pub(crate) fn new(
        plan: &Plan,
        steps: Vec<Step>,
        failure: Option<Failure>,
        warnings: Vec<Warning>,
    ) -> Self {
        Self {
            request: plan.request().clone(),
            preflight_reasons: plan.preflight_reasons().to_vec(),
            access_control_request_headers: plan.access_control_request_headers(),
            steps,
            failure,
            warnings,
        }
    }

    /// Whether the browser allows the call.
    pub fn verdict(&self) -> Verdict {
        match self.failure {
            Some(_) => Verdict::Blocked,
            None => Verdict::Allowed,
        }
    }

    /// The kind of error Chromium reports, when the call is blocked.
    pub fn error_kind(&self) -> Option<CorsErrorKind> {
        self.failure.as_ref().map(|failure| failure.kind)
    }

    /// Whether a warning of this kind was raised.
    pub fn has_warning(&self, kind: WarningKind) -> bool {
        self.warnings.iter().any(|warning| warning.kind == kind)
    }

    /// Panics with the full explanation unless the browser allows the call.
    #[track_caller]
    pub fn assert_allowed(&self) {
        assert!(
            self.failure.is_none(),
            "CORS blocks this call, but it was expected to be allowed:\n{self}"
        );
    }

    /// Panics with the full explanation unless the browser blocks the call with `kind`.
    #[track_caller]
    pub fn assert_blocked(&self, kind: CorsErrorKind) {
        assert!(
            self.error_kind() == Some(kind),
            "expected CORS to block this call with {kind}:\n{self}"
        );
    }

    /// The machine-readable report described in the [module documentation](self).
    pub fn to_json(&self) -> Value {
        json!({
            "format": 1,
            "verdict": self.verdict().as_str(),
            "request": {
                "url": self.request.url,
                "origin": self.request.origin,
                "method": self.request.method,
                "headers": pairs(&self.request.headers),
                "credentials": self.request.credentials,
            },
            "preflight": {
                "needed": !self.preflight_reasons.is_empty(),
                "reasons": self.preflight_reasons.iter().map(ToString::to_string).collect::<Vec<_>>(),
                "access_control_request_headers": self.access_control_request_headers,
            },
            "steps": self.steps.iter().map(|step| json!({
                "exchange": step.exchange.as_str(),
                "check": step.check.as_str(),
                "passed": step.passed,
                "detail": step.detail,
                "headers": pairs(&step.headers),
            })).collect::<Vec<_>>(),
            "error": self.failure.as_ref().map(|failure| json!({
                "kind": failure.kind.as_str(),
                "failed_value": failure.failed_value,
                "console_message": failure.console_message,
                "fix": {
                    "server": failure.fix.server,
                    "cors_attribute": failure.fix.cors_attribute,
                },
            })),
            "warnings": self.warnings.iter().map(|warning| json!({
                "kind": warning.kind.as_str(),
                "message": warning.message,
            })).collect::<Vec<_>>(),
        })
    }
}

/// Header lines as JSON pairs `[name, value]`.
fn pairs(headers: &[(String, String)]) -> Vec<[&str; 2]> {
    headers.iter().map(|(name, value)| [name.as_str(), value.as_str()]).collect()
}

impl fmt::Display for Report {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let request = &self.request;
        let verdict = self.verdict().as_str().to_ascii_uppercase();
        let credentials =
            if request.credentials { "with credentials" } else { "without credentials" };
        writeln!(
            formatter,
            "{verdict}: {} {} from origin {} ({credentials})",
            request.method, request.url, request.origin
        )?;
        if self.preflight_reasons.is_empty() {
            writeln!(formatter, "\nNo preflight: a simple request.")?;
        } else {
            writeln!(formatter, "\nPreflight sent because:")?;
            for reason in &self.preflight_reasons {
                writeln!(formatter, "  - {reason}")?;
            }
            writeln!(formatter, "  > Access-Control-Request-Method: {}", request.method)?;
            if let Some(names) = &self.access_control_request_headers {
                writeln!(formatter, "  > Access-Control-Request-Headers: {names}")?;
            }
        }
        writeln!(formatter, "\nSteps:")?;
        for step in &self.steps {
            let mark = if step.passed { "pass" } else { "FAIL" };
            writeln!(
                formatter,
                "  [{mark}] {} {}: {}",
                step.exchange.as_str(),
                step.check.as_str(),
                step.detail
            )?;
            for (name, value) in &step.headers {
                writeln!(formatter, "           < {name}: {value}")?;
            }
        }
        if let Some(failure) = &self.failure {
            writeln!(formatter, "\nChromium console:\n  {}", failure.console_message)?;
            writeln!(formatter, "\nFix:")?;
            writeln!(formatter, "  server:  {}", failure.fix.server)?;
            writeln!(formatter, "  #[cors]: {}", failure.fix.cors_attribute)?;
        }
        if !self.warnings.is_empty() {
            writeln!(formatter, "\nWarnings:")?;
            for warning in &self.warnings {
                writeln!(formatter, "  - {}: {}", warning.kind.as_str(), warning.message)?;
            }
        }
        Ok(())
    }
}
