//! The words every stage of a check speaks: which request was sent, which rule a step applied,
//! what failed, what to fix, what to warn about. It depends on nothing but the engines and the
//! error kinds, so the browser model, the probes and the report can all use it without using each
//! other.

use crate::browser::Browser;
use crate::message::CorsErrorKind;

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
/// use cors_check_core::{Check, CorsRequest, Plan, Probe, RefusalProbe, Response, Sent};
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
/// assert_eq!(failure.fix.cors_attribute, r#"add "X-Debug" to `headers`"#);
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
    /// What was found, in words.
    pub detail: String,
    /// The response header lines that decided the step (empty when the header was missing).
    pub headers: Vec<(String, String)>,
}

/// What the server must change.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Fix {
    /// The header (name and value) or status the server must send, and on which response.
    pub server: String,
    /// The change for routes annotated with this project's `#[cors(...)]` attribute.
    pub cors_attribute: String,
    /// The same change as data, for a program: the headers to send and the `#[cors]` keys to
    /// change. Empty when the fix is no header or key (a redirect, mixed content, a change on
    /// the page), or when it is a choice between several.
    pub edits: Vec<Edit>,
}

/// One change a [`Fix`] asks for.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Edit {
    /// Send the header `name` with `value` on the response to `on`.
    SendHeader {
        /// The response.
        on: Exchange,
        /// The header's name, as the Fetch standard spells it.
        name: &'static str,
        /// Its whole value.
        value: String,
    },
    /// Answer the preflight with a 2xx status, such as 204.
    PreflightStatusOk {
        /// The status it got.
        instead_of: u16,
    },
    /// In `#[cors(...)]`, add `entry` to the list `key` (`origins`, `methods`, `headers`).
    AddToKey {
        /// The key.
        key: &'static str,
        /// The entry, as written in the attribute (origins and headers in quotes).
        entry: String,
    },
    /// In `#[cors(...)]`, replace `old` with `new` in the list `key`.
    ReplaceInKey {
        /// The key.
        key: &'static str,
        /// The entry to replace, as written.
        old: String,
        /// The entry to write instead.
        new: String,
    },
    /// In `#[cors(...)]`, add the flag `key` (`credentials`).
    AddFlag {
        /// The key.
        key: &'static str,
    },
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

/// Something that works today but is fragile or unsafe.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum WarningKind {
    /// The server granted an unrelated origin too: it reflects `Origin` without checking it.
    ReflectsAnyOrigin,
    /// `Access-Control-Allow-Origin` depends on the origin but `Vary: Origin` is missing.
    MissingVaryOrigin,
    /// `Access-Control-Max-Age` is above Chromium's 7200-second cap.
    MaxAgeAboveChromiumCap,
    /// `Access-Control-Max-Age` is above Firefox's 86400-second cap.
    MaxAgeAboveFirefoxCap,
    /// `Access-Control-Max-Age` is above Safari's 600-second cap.
    MaxAgeAboveSafariCap,
    /// `Access-Control-Max-Age` is not a number; Chromium and Safari keep the preflight 5
    /// seconds, Firefox not at all.
    MaxAgeInvalid,
    /// `Access-Control-Allow-Origin: *` with `Access-Control-Allow-Credentials: true`.
    WildcardWithCredentials,
    /// The server grants the `null` origin, which any sandboxed document has.
    NullOriginAllowed,
    /// The method is not upper-case, so `fetch()` sends it as written.
    MethodNotUpperCase,
    /// The actual response redirects and cors-check did not follow it (the verdict is then
    /// [`Verdict::Inconclusive`]).
    RedirectNotFollowed,
    /// `Authorization` is allowed only by `*` in `Access-Control-Allow-Headers`, which the Fetch
    /// standard says must not cover it; Chromium, Firefox and Safari still let it through.
    AuthorizationCoveredByWildcard,
    /// The answer is a 401, 403 or a redirect and no cookie was given: it may be the logged-out
    /// answer, not the user's.
    SessionMayBeMissing,
    /// A cookie was given for a cross-origin call without credentials, which the browser sends
    /// without cookies.
    CookieWithoutCredentials,
    /// The call sends cookies to another site, which the engine's third-party cookie rules may
    /// drop although CORS passes.
    ThirdPartyCookie,
    /// The engine drops a header the script set without a word (Chromium: `User-Agent`).
    HeaderDropped,
    /// A page calls a more private address space than its own (a public page calling the
    /// user's network or machine): Chrome 142+ asks the user's permission, which no server
    /// header grants.
    LocalNetworkAccess,
}

impl WarningKind {
    /// The stable name used in JSON: `reflects-any-origin`, `missing-vary-origin`,
    /// `max-age-above-chromium-cap`, `max-age-above-firefox-cap`, `max-age-above-safari-cap`,
    /// `max-age-invalid`, `wildcard-with-credentials`,
    /// `null-origin-allowed`, `method-not-upper-case`, `redirect-not-followed`,
    /// `authorization-covered-by-wildcard`, `session-may-be-missing`,
    /// `cookie-without-credentials`, `third-party-cookie`, `header-dropped`,
    /// `local-network-access`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ReflectsAnyOrigin => "reflects-any-origin",
            Self::MissingVaryOrigin => "missing-vary-origin",
            Self::MaxAgeAboveChromiumCap => "max-age-above-chromium-cap",
            Self::MaxAgeAboveFirefoxCap => "max-age-above-firefox-cap",
            Self::MaxAgeAboveSafariCap => "max-age-above-safari-cap",
            Self::MaxAgeInvalid => "max-age-invalid",
            Self::WildcardWithCredentials => "wildcard-with-credentials",
            Self::NullOriginAllowed => "null-origin-allowed",
            Self::MethodNotUpperCase => "method-not-upper-case",
            Self::RedirectNotFollowed => "redirect-not-followed",
            Self::AuthorizationCoveredByWildcard => "authorization-covered-by-wildcard",
            Self::SessionMayBeMissing => "session-may-be-missing",
            Self::CookieWithoutCredentials => "cookie-without-credentials",
            Self::ThirdPartyCookie => "third-party-cookie",
            Self::HeaderDropped => "header-dropped",
            Self::LocalNetworkAccess => "local-network-access",
        }
    }
}

impl WarningKind {
    /// `Access-Control-Max-Age` above what `browser` keeps.
    pub(crate) fn max_age_above_cap(browser: Browser) -> Self {
        match browser {
            Browser::Chromium => Self::MaxAgeAboveChromiumCap,
            Browser::Firefox => Self::MaxAgeAboveFirefoxCap,
            Browser::Safari => Self::MaxAgeAboveSafariCap,
        }
    }

    /// Whether this is `Access-Control-Max-Age` above some engine's cap.
    pub fn is_max_age_above_cap(self) -> bool {
        Browser::ALL.iter().any(|browser| self == Self::max_age_above_cap(*browser))
    }
}

/// A warning and its explanation.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Warning {
    /// What kind of problem.
    pub kind: WarningKind,
    /// The explanation and what to do.
    pub message: String,
}
