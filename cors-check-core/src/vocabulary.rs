//! The words every stage of a check speaks, as data: which request was sent, which rule a step
//! applied and what it found, what failed, what to fix, what to warn about, each with the values
//! that decided it. It depends on nothing but the engines, the error kinds and address spaces,
//! so the browser model, the probes and the report can all use it without using each other; its
//! English is written only in `render`.

use crate::message::CorsErrorKind;

mod finding;
mod fix;
mod warning;

pub use finding::{Finding, OriginNearMiss, OriginOnlyAnswer};
pub use fix::{Edit, Fix, FixKind};
pub use warning::{Warning, WarningKind};

/// Whether the browser lets the page read the response.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// CORS allows the call.
    Allowed,
    /// CORS blocks the call; the page sees a network error.
    Blocked,
    /// cors-check cannot tell: an answer it could not judge (a redirect it did not follow);
    /// the report says what to check by hand.
    Inconclusive,
}

impl Verdict {
    /// The stable name used in JSON: `allowed`, `blocked` or `inconclusive`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Allowed => "allowed",
            Self::Blocked => "blocked",
            Self::Inconclusive => "inconclusive",
        }
    }
}

/// A request the browser sends for one cross-origin call.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Exchange {
    /// The `OPTIONS` preflight.
    Preflight,
    /// The call itself.
    Actual,
}

impl Exchange {
    /// The stable name used in JSON: `preflight` or `actual`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Preflight => "preflight",
            Self::Actual => "actual",
        }
    }
}

/// A request no browser sends, which cors-check adds where the browser's own answer would
/// mislead.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Probe {
    /// A repeat of the cheapest request from `https://cors-check.invalid`, an origin no page
    /// has, to see whether the server grants every origin.
    ForeignOrigin,
    /// A request after a refused preflight that narrows down which part was refused.
    Refusal(RefusalProbe),
}

impl Probe {
    /// The stable name used in JSON: `foreign-origin-probe` or `refusal-probe`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ForeignOrigin => "foreign-origin-probe",
            Self::Refusal(_) => "refusal-probe",
        }
    }
}

/// An extra request cors-check sends after a refused preflight, to find the refused part.
///
/// A server may refuse a preflight with no CORS headers at all, whatever the status (`#[cors]`
/// does for an origin it does not allow, and for any refusal on a path and method several
/// handlers share, told apart by guards). Chromium then
/// only says `Access-Control-Allow-Origin` is missing, which reads like an origin problem even
/// when the origin is granted; these probes ask again the way a developer would with curl, at
/// most `1 +` [`MAX_HEADER_PROBES`](crate::MAX_HEADER_PROBES) requests.
///
/// ```
/// use std::convert::Infallible;
/// use cors_check_core::{Check, CorsRequest, FixKind, Plan, Probe, RefusalProbe, Response, Sent};
///
/// let plan = Plan::new(
///     CorsRequest::new("https://api.example/data", "https://app.example").with_header("X-Debug", "1"),
/// )?;
/// // Like #[cors] on a shared path: the origin and GET are granted, the request header is
/// // refused with a bare 403.
/// let report = Check::new(plan).run(|request| {
///     let asks_for_headers =
///         request.headers.iter().any(|(name, _)| name == "Access-Control-Request-Headers");
///     Ok::<_, Infallible>(match asks_for_headers {
///         true => Response::new(403),
///         false => Response::new(204).with_header("Access-Control-Allow-Origin", "https://app.example"),
///     })
/// })?;
/// let probe = Sent::Probe(Probe::Refusal(RefusalProbe::PreflightWithoutRequestHeaders));
/// assert!(report.steps.iter().any(|step| step.sent == probe && step.passed));
/// // Chromium's message still says the header is missing; the fix names the refused header.
/// let failure = report.failure.unwrap();
/// assert!(failure.console_message.ends_with("No 'Access-Control-Allow-Origin' header is present on the requested resource."));
/// assert!(matches!(&failure.fix.kind, FixKind::AllowHeaders { missing, .. } if missing == &["X-Debug"]));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RefusalProbe {
    /// The preflight again, without `Access-Control-Request-Headers`.
    PreflightWithoutRequestHeaders,
    /// The preflight with only one request-header name: the one at this index of
    /// [`Plan::unsafe_header_names`](crate::Plan::unsafe_header_names).
    PreflightWithOneRequestHeader(usize),
    /// A `GET` with no header but `Origin`, the cheapest question "do you grant this origin?".
    OriginOnly,
}

/// Which request a [`Step`] judged, or an [`OutgoingRequest`](crate::OutgoingRequest) is: one
/// the browser sends, or one of cors-check's probes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sent {
    /// What the browser sends.
    Browser(Exchange),
    /// What cors-check adds.
    Probe(Probe),
}

impl Sent {
    /// The stable name used in JSON: `preflight`, `actual`, `foreign-origin-probe` or
    /// `refusal-probe`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Browser(exchange) => exchange.as_str(),
            Self::Probe(probe) => probe.as_str(),
        }
    }
}

impl From<Exchange> for Sent {
    fn from(exchange: Exchange) -> Self {
        Self::Browser(exchange)
    }
}

impl From<Probe> for Sent {
    fn from(probe: Probe) -> Self {
        Self::Probe(probe)
    }
}

/// Which rule a [`Step`] applied.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum StepKind {
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
    /// The call goes to the page's own origin: CORS does not apply.
    SameOrigin,
    /// An `https:` page may not call an `http:` URL that is not loopback.
    MixedContent,
    /// The browser follows the actual response's redirect, or refuses to.
    FollowRedirect,
}

impl StepKind {
    /// The stable name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Redirect => "redirect",
            Self::AllowOrigin => "allow-origin",
            Self::AllowCredentials => "allow-credentials",
            Self::Status => "status",
            Self::AllowMethods => "allow-methods",
            Self::AllowHeaders => "allow-headers",
            Self::SameOrigin => "same-origin",
            Self::MixedContent => "mixed-content",
            Self::FollowRedirect => "follow-redirect",
        }
    }
}

/// One rule applied to one response, in the order the browser applies them.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Step {
    /// The request whose response the rule was applied to.
    pub sent: Sent,
    /// How many redirects the browser had followed before that request (0: the URL the page
    /// called).
    pub hop: usize,
    /// The rule.
    pub kind: StepKind,
    /// Whether the response passed.
    pub passed: bool,
    /// What was found, with the values that decided it (its `Display` says it in words).
    pub detail: Finding,
    /// The response header lines that decided the step (empty when the header was missing).
    pub headers: Vec<(String, String)>,
}

/// Why the browser blocks the call.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Failure {
    /// The error: which check failed first in the browser's order.
    pub kind: CorsErrorKind,
    /// The value the browser's message quotes besides the URL, the origin and the status (a
    /// header value, method, header name or list item), or empty.
    pub failed_value: String,
    /// The exact line the browser prints in the console (in English, for Firefox).
    pub console_message: String,
    /// How to make the call work.
    pub fix: Fix,
}
