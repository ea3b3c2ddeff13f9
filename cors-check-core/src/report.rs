//! The outcome of a check: the verdict, every step with the headers that decided it, the
//! browser's console message, the fix, and warnings; as text for people and as JSON for machines.

use std::fmt;

use serde_json::{Value, json};

use crate::browser::Browser;
use crate::message::CorsErrorKind;
use crate::plan::{Plan, PreflightReason};
use crate::request::CorsRequest;
use crate::vocabulary::{Failure, Fix, Step, Verdict, Warning, WarningKind};

/// The full outcome of checking one cross-origin call.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
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
    /// The engine that judged the answers; the request's is the one that sent them.
    judge: Browser,
}

impl Report {
    pub(crate) fn new(
        plan: &Plan,
        steps: Vec<Step>,
        failure: Option<Failure>,
        warnings: Vec<Warning>,
        judge: Browser,
    ) -> Self {
        Self {
            request: plan.request().clone(),
            preflight_reasons: plan.preflight_reasons().to_vec(),
            access_control_request_headers: plan.access_control_request_headers(),
            steps,
            failure,
            warnings,
            judge,
        }
    }

    /// Whether the browser allows the call; [`Verdict::Inconclusive`] when the answer ends in
    /// a redirect cors-check did not follow (a [`WarningKind::RedirectNotFollowed`] warning
    /// says where it leads).
    pub fn verdict(&self) -> Verdict {
        match self.failure {
            Some(_) => Verdict::Blocked,
            None if self.has_warning(WarningKind::RedirectNotFollowed) => Verdict::Inconclusive,
            None => Verdict::Allowed,
        }
    }

    /// The browser whose verdict this is.
    pub fn browser(&self) -> Browser {
        self.judge
    }

    /// The kind of error the browser reports, when the call is blocked.
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
        let why = match self.verdict() {
            Verdict::Allowed => return,
            Verdict::Blocked => "CORS blocks this call",
            Verdict::Inconclusive => "cors-check could not judge this call",
        };
        panic!("{why}, but it was expected to be allowed:\n{self}");
    }

    /// Panics with the full explanation unless the browser blocks the call with `kind`.
    #[track_caller]
    pub fn assert_blocked(&self, kind: CorsErrorKind) {
        assert!(
            self.error_kind() == Some(kind),
            "expected CORS to block this call with {kind}:\n{self}"
        );
    }

    /// The machine-readable report, pretty-printed: one object, as `cors-check --json` prints
    /// it; fields are only ever added,
    /// and `format` changes if one is removed or changes meaning:
    ///
    /// | field | type | meaning |
    /// |---|---|---|
    /// | `format` | number | `1` |
    /// | `browser` | string | the engine whose verdict this is: `"chromium"`, `"firefox"` or `"safari"` |
    /// | `verdict` | string | `"allowed"`, `"blocked"` or `"inconclusive"` (a redirect cors-check did not follow) |
    /// | `request` | object | `url`, `origin`, `method` (as sent), `headers` (`[[name, value], ...]`; a credential header's value is `"<secret>"` unless [`CorsRequest::with_secrets_shown`]), `credentials` (bool), `cookie` (bool: whether a cookie was sent; its value is never printed) |
    /// | `preflight` | object | `needed` (bool), `reasons` (strings), `access_control_request_headers` (string or null) |
    /// | `steps` | array | each `{exchange, hop, check, passed, detail, headers}`: `exchange` is `"preflight"`, `"actual"`, `"foreign-origin-probe"` or `"refusal-probe"` (the requests that found which part of a bare preflight refusal was refused); `hop` the redirects followed before that request (0: the URL called); `check` is `"redirect"`, `"allow-origin"`, `"allow-credentials"`, `"status"`, `"allow-methods"`, `"allow-headers"`, `"same-origin"`, `"mixed-content"` or `"follow-redirect"`; `headers` are the response lines that decided it |
    /// | `error` | object or null | `kind` (the first check that failed in the browser's order, named as Chromium's `CorsError`, e.g. `"PreflightMissingAllowOriginHeader"`), `failed_value` (string: what the message quotes), `console_message` (the browser's line), `fix` (`{server, cors_attribute}`) |
    /// | `warnings` | array | each `{kind, message}`; kinds are listed in [`WarningKind::as_str`] |
    pub fn to_json(&self) -> String {
        format!("{:#}", self.json())
    }

    /// [`Report::to_json`] as a value, for the routes result that embeds it.
    pub(crate) fn json(&self) -> Value {
        json!({
            "format": 1,
            "browser": self.browser().as_str(),
            "verdict": self.verdict().as_str(),
            "request": {
                "url": self.request.url,
                "origin": self.request.origin,
                "method": self.request.method,
                "headers": self.request.printed_headers(),
                "credentials": self.request.credentials,
                "cookie": self.request.cookie.is_some(),
            },
            "preflight": {
                "needed": !self.preflight_reasons.is_empty(),
                "reasons": self.preflight_reasons.iter().map(ToString::to_string).collect::<Vec<_>>(),
                "access_control_request_headers": self.access_control_request_headers,
            },
            "steps": self.steps.iter().map(|step| json!({
                "exchange": step.sent.as_str(),
                "hop": step.hop,
                "check": step.kind.as_str(),
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
        self.write_call(formatter, &self.verdict().as_str().to_ascii_uppercase())?;
        self.write_preflight(formatter)?;
        self.write_steps(formatter, "Steps")?;
        if let Some(failure) = &self.failure {
            let console = format!("{} console", self.browser().name());
            writeln!(formatter, "\n{console}:\n  {}", failure.console_message)?;
            write_fix(formatter, "Fix", &failure.fix)?;
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

/// The sections of the text report, which a [`Comparison`](crate::Comparison) shares.
impl Report {
    /// `VERDICT: METHOD URL from origin ORIGIN (with|without credentials)`.
    pub(crate) fn write_call(
        &self,
        formatter: &mut fmt::Formatter<'_>,
        verdict: &str,
    ) -> fmt::Result {
        let request = &self.request;
        let mut credentials =
            if request.credentials { "with credentials" } else { "without credentials" }.to_owned();
        if request.cookie.is_some() {
            credentials.push_str(", with the cookie given");
        }
        writeln!(
            formatter,
            "{verdict}: {} {} from origin {} ({credentials})",
            request.method, request.url, request.origin
        )
    }

    /// Why a preflight was sent and what it asked, or that none was.
    pub(crate) fn write_preflight(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.preflight_reasons.is_empty() {
            return writeln!(formatter, "\nNo preflight: a simple request.");
        }
        writeln!(formatter, "\nPreflight sent because:")?;
        for reason in &self.preflight_reasons {
            writeln!(formatter, "  - {reason}")?;
        }
        writeln!(formatter, "  > Access-Control-Request-Method: {}", self.request.method)?;
        if let Some(names) = &self.access_control_request_headers {
            writeln!(formatter, "  > Access-Control-Request-Headers: {names}")?;
        }
        Ok(())
    }

    /// Every step under `heading`, with the response lines that decided it.
    pub(crate) fn write_steps(
        &self,
        formatter: &mut fmt::Formatter<'_>,
        heading: &str,
    ) -> fmt::Result {
        writeln!(formatter, "\n{heading}:")?;
        for step in &self.steps {
            let mark = if step.passed { "pass" } else { "FAIL" };
            let hop = match step.hop {
                0 => String::new(),
                hop => format!("after redirect {hop}: "),
            };
            writeln!(
                formatter,
                "  [{mark}] {hop}{} {}: {}",
                step.sent.as_str(),
                step.kind.as_str(),
                step.detail
            )?;
            for (name, value) in &step.headers {
                writeln!(formatter, "           < {name}: {value}")?;
            }
        }
        Ok(())
    }
}

/// The fix under `heading`.
pub(crate) fn write_fix(
    formatter: &mut fmt::Formatter<'_>,
    heading: &str,
    fix: &Fix,
) -> fmt::Result {
    writeln!(formatter, "\n{heading}:")?;
    writeln!(formatter, "  server:  {}", fix.server)?;
    writeln!(formatter, "  #[cors]: {}", fix.cors_attribute)
}
