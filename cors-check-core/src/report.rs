//! The outcome of a check: the verdict, every step with the headers that decided it, the
//! browser's console message, the fix, and warnings; as text for people and as JSON for machines.

use std::fmt;

use crate::browser::Browser;
use crate::document::{
    self, EditDocument, ErrorDocument, FORMAT, FixDocument, PreflightDocument, ReportDocument,
    RequestDocument, StepDocument, WarningDocument,
};
use crate::message::CorsErrorKind;
use crate::plan::{Plan, PreflightReason};
use crate::request::CorsRequest;
use crate::vocabulary::{Edit, Failure, Fix, Step, Verdict, Warning, WarningKind};

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
        self.warnings.iter().any(|warning| warning.kind() == kind)
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

    /// The machine-readable report, pretty-printed, as `cors-check --json` prints it: a
    /// [`ReportDocument`](crate::document::ReportDocument), whose fields are the schema.
    pub fn to_json(&self) -> String {
        document::pretty(&self.document())
    }

    /// The report as its JSON document.
    pub fn document(&self) -> ReportDocument {
        ReportDocument::from(self)
    }
}

/// An edit as its JSON document.
pub(crate) fn edit_document(edit: &Edit) -> EditDocument {
    match edit {
        Edit::SendHeader { on, name, value } => EditDocument::SendHeader {
            on: on.as_str().to_owned(),
            name: (*name).to_owned(),
            value: value.clone(),
        },
        Edit::PreflightStatusOk { instead_of } => {
            EditDocument::PreflightStatusOk { instead_of: *instead_of }
        }
        Edit::AddToKey { key, entry } => {
            EditDocument::AddToKey { key: (*key).to_owned(), entry: entry.clone() }
        }
        Edit::ReplaceInKey { key, old, new } => EditDocument::ReplaceInKey {
            key: (*key).to_owned(),
            old: old.clone(),
            new: new.clone(),
        },
        Edit::AddFlag { key } => EditDocument::AddFlag { key: (*key).to_owned() },
    }
}

fn pairs<'a>(lines: impl IntoIterator<Item = (&'a str, &'a str)>) -> Vec<[String; 2]> {
    lines.into_iter().map(|(name, value)| [name.to_owned(), value.to_owned()]).collect()
}

impl From<&Report> for ReportDocument {
    fn from(report: &Report) -> Self {
        let request = &report.request;
        Self {
            format: FORMAT,
            browser: report.browser().as_str().to_owned(),
            verdict: report.verdict().as_str().to_owned(),
            request: RequestDocument {
                url: request.url.clone(),
                origin: request.origin.clone(),
                method: request.method.clone(),
                headers: pairs(
                    request.printed_headers().into_iter().map(|[name, value]| (name, value)),
                ),
                credentials: request.credentials,
                cookie: request.cookie.is_some(),
            },
            preflight: PreflightDocument {
                needed: !report.preflight_reasons.is_empty(),
                reasons: report.preflight_reasons.iter().map(ToString::to_string).collect(),
                access_control_request_headers: report.access_control_request_headers.clone(),
            },
            steps: report
                .steps
                .iter()
                .map(|step| StepDocument {
                    exchange: step.sent.as_str().to_owned(),
                    hop: step.hop,
                    check: step.kind.as_str().to_owned(),
                    passed: step.passed,
                    detail: step.detail.to_string(),
                    headers: pairs(step.headers.iter().map(|(n, v)| (n.as_str(), v.as_str()))),
                })
                .collect(),
            error: report.failure.as_ref().map(|failure| ErrorDocument {
                kind: failure.kind.as_str().to_owned(),
                failed_value: failure.failed_value.clone(),
                console_message: failure.console_message.clone(),
                fix: FixDocument {
                    server: failure.fix.server(),
                    cors_attribute: failure.fix.cors_attribute(),
                    edits: failure.fix.edits.iter().map(edit_document).collect(),
                },
            }),
            warnings: report
                .warnings
                .iter()
                .map(|warning| WarningDocument {
                    kind: warning.kind().as_str().to_owned(),
                    message: warning.to_string(),
                })
                .collect(),
        }
    }
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
                writeln!(formatter, "  - {}: {warning}", warning.kind().as_str())?;
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
    writeln!(formatter, "  server:  {}", fix.server())?;
    writeln!(formatter, "  #[cors]: {}", fix.cors_attribute())
}
