//! The JSON documents cors-check prints (`--json`), as serde types: this module is their schema,
//! written once. Each document carries `format`, [`FORMAT`]: fields are only ever added, and the
//! number changes if one is removed or changes meaning. A script may read a document back into
//! these types:
//!
//! ```
//! use cors_check_core::document::ReportDocument;
//! use cors_check_core::{Browser, CorsRequest, Plan, Response, Responses, evaluate};
//!
//! let plan = Plan::new(CorsRequest::new("https://api.example/data", "https://app.example"))?;
//! let responses = Responses { actual: Some(Response::new(200)), ..Responses::default() };
//! let json = evaluate(&plan, &responses, Browser::Chromium).to_json();
//! let document: ReportDocument = serde_json::from_str(&json)?;
//! assert_eq!(document.verdict, "blocked");
//! assert_eq!(document.error.unwrap().kind, "MissingAllowOriginHeader");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Values are strings where Rust has an enum, so that a reader need not know every variant of
//! a later version: the names are those of each enum's `as_str`.

mod logs;

use serde::{Deserialize, Serialize};

pub use logs::{
    CountDocument, LogFixDocument, LogRouteDocument, LogWarningDocument, LogsDocument, LogsSummary,
    ProbeDocument, RefusedDocument,
};

/// The version of every document of this module.
pub const FORMAT: u32 = 1;

/// One call judged by one engine: `cors-check <URL> --json`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ReportDocument {
    /// [`FORMAT`].
    pub format: u32,
    /// The engine whose verdict this is: `chromium`, `firefox` or `safari`.
    pub browser: String,
    /// `allowed`, `blocked` or `inconclusive` (a redirect cors-check did not follow).
    pub verdict: String,
    /// The call as the browser sends it.
    pub request: RequestDocument,
    /// Whether a preflight was needed, and why.
    pub preflight: PreflightDocument,
    /// The rules applied, in order, up to the first that failed.
    pub steps: Vec<StepDocument>,
    /// Why the call is blocked; `null` when it is not.
    pub error: Option<ErrorDocument>,
    /// Fragile or unsafe things found along the way.
    pub warnings: Vec<WarningDocument>,
}

/// The call of a [`ReportDocument`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RequestDocument {
    /// The URL called.
    pub url: String,
    /// The page's origin.
    pub origin: String,
    /// The method, as sent.
    pub method: String,
    /// `[name, value]` pairs; a credential header's value is `<secret>` unless secrets are
    /// shown ([`CorsRequest::with_secrets_shown`](crate::CorsRequest::with_secrets_shown)).
    pub headers: Vec<[String; 2]>,
    /// Whether the call includes credentials.
    pub credentials: bool,
    /// Whether a cookie was sent; its value is never printed.
    pub cookie: bool,
}

/// The preflight of a [`ReportDocument`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PreflightDocument {
    /// Whether the browser sends one.
    pub needed: bool,
    /// Why, one sentence each.
    pub reasons: Vec<String>,
    /// Its `Access-Control-Request-Headers`, when it has one.
    pub access_control_request_headers: Option<String>,
}

/// A rule applied to a response.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct StepDocument {
    /// The request whose response it was: `preflight`, `actual` or `refusal-probe` (a probe
    /// after a bare refusal; `passed` means the server granted it) ([`Sent::as_str`](crate::Sent::as_str)).
    pub exchange: String,
    /// The redirects followed before that request (0: the URL called).
    pub hop: usize,
    /// The rule ([`StepKind::as_str`](crate::StepKind::as_str)): `redirect`, `allow-origin`,
    /// `allow-credentials`, `status`, `allow-methods`, `allow-headers`, `same-origin`,
    /// `mixed-content` or `follow-redirect`.
    pub check: String,
    /// Whether the response passed.
    pub passed: bool,
    /// What was found, in words.
    pub detail: String,
    /// The response lines that decided it, `[name, value]`.
    pub headers: Vec<[String; 2]>,
}

/// Why a call is blocked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ErrorDocument {
    /// The first check that failed in the browser's order, named as Chromium's `CorsError`
    /// ([`CorsErrorKind::as_str`](crate::CorsErrorKind::as_str)).
    pub kind: String,
    /// What the browser's message quotes besides the URL, the origin and the status, or empty.
    pub failed_value: String,
    /// The line the browser prints in the console.
    pub console_message: String,
    /// What to change.
    pub fix: FixDocument,
}

/// What the server must change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct FixDocument {
    /// The header or status to send, and on which response.
    pub server: String,
    /// The change for routes annotated with `#[cors(...)]`.
    pub cors_attribute: String,
    /// The same change as data ([`Fix::edits`](crate::Fix::edits)); empty when it is no header
    /// or key.
    pub edits: Vec<EditDocument>,
}

/// One change of a fix, tagged by `edit`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "edit", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum EditDocument {
    /// Send the header `name: value` on the response to `on` (`preflight` or `actual`).
    SendHeader {
        /// `preflight` or `actual`.
        on: String,
        /// The header.
        name: String,
        /// Its whole value.
        value: String,
    },
    /// Answer the preflight with a 2xx status instead of `instead_of`.
    PreflightStatusOk {
        /// The status it got.
        instead_of: u16,
    },
    /// Add `entry` to the `#[cors]` list `key`.
    AddToKey {
        /// `origins`, `methods` or `headers`.
        key: String,
        /// As written in the attribute.
        entry: String,
    },
    /// Replace `old` with `new` in the `#[cors]` list `key`.
    ReplaceInKey {
        /// The key.
        key: String,
        /// The entry to replace.
        old: String,
        /// The entry to write.
        new: String,
    },
    /// Add the `#[cors]` flag `key`.
    AddFlag {
        /// The key.
        key: String,
    },
}

/// Something that works today but is fragile or unsafe.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct WarningDocument {
    /// [`WarningKind::as_str`](crate::WarningKind::as_str).
    pub kind: String,
    /// The explanation.
    pub message: String,
}

/// One call judged by every engine: `cors-check <URL> --browser all --json`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ComparisonDocument {
    /// [`FORMAT`].
    pub format: u32,
    /// Whether the engines reach the same verdict with the same error.
    pub agree: bool,
    /// `blocked` when any engine blocks the call.
    pub verdict: String,
    /// Each engine's report.
    pub reports: Vec<ReportDocument>,
}

/// `document` as cors-check prints it: pretty, one object.
pub(crate) fn pretty(document: &impl Serialize) -> String {
    serde_json::to_string_pretty(document).expect("a document has string keys only")
}

/// Every route of a report checked against a server: `cors-check routes --json`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RoutesDocument {
    /// [`FORMAT`].
    pub format: u32,
    /// The server's base URL.
    pub base: String,
    /// Whether every method checked behaves as its policy says.
    pub passed: bool,
    /// How many methods passed, failed or were skipped.
    pub summary: RoutesSummary,
    /// One per method of each route, in the report's order.
    pub routes: Vec<RouteMethodDocument>,
}

/// The counts of a [`RoutesDocument`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RoutesSummary {
    /// Methods that behave as their policy says.
    pub ok: usize,
    /// Methods that do not.
    pub failed: usize,
    /// Methods not checked.
    pub skipped: usize,
}

/// One method of one route, checked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RouteMethodDocument {
    /// The handler, or `.wrap(NAME)` for a named policy.
    pub handler: String,
    /// The policy's name, when it has one (`policy!`); `null` for an inline `#[cors(...)]`.
    pub policy: Option<String>,
    /// The route's path, as the report gives it.
    pub path: String,
    /// The method.
    pub method: String,
    /// The URL called.
    pub url: String,
    /// `ok`, `failed` or `skipped`.
    pub status: String,
    /// Whether only preflights were sent.
    pub preflight_only: bool,
    /// Why the method was not checked, when it was not.
    pub skipped: Option<String>,
    /// What is wrong, one line each.
    pub problems: Vec<String>,
    /// The calls made, one per origin.
    pub calls: Vec<RouteCallDocument>,
}

/// A call a page from `origin` makes to a route.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RouteCallDocument {
    /// The page's origin.
    pub origin: String,
    /// The verdict the policy expects: `allowed` or `blocked`.
    pub expected: String,
    /// Whether the verdict is the expected one.
    pub passed: bool,
    /// The call's report.
    pub report: ReportDocument,
}

/// The cross-origin calls of a HAR file, judged: `cors-check har --json`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct HarDocument {
    /// [`FORMAT`].
    pub format: u32,
    /// The counts.
    pub summary: HarSummary,
    /// The calls, in the listing's order (blocked first, the most shared cause first).
    pub calls: Vec<HarCallDocument>,
}

/// The counts of a [`HarDocument`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct HarSummary {
    /// Distinct calls.
    pub calls: usize,
    /// Calls the browser blocks.
    pub blocked: usize,
    /// Calls not judged, or judged inconclusive.
    pub without_verdict: usize,
    /// Calls allowed.
    pub allowed: usize,
}

/// One distinct call of a HAR file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct HarCallDocument {
    /// The indexes in `log.entries` of the entries that made it.
    pub entries: Vec<usize>,
    /// `allowed`, `blocked`, `inconclusive` or `not-judged`.
    pub verdict: String,
    /// Why it was not judged, when it was not.
    pub reason: Option<String>,
    /// Its report, when it was judged.
    pub report: Option<ReportDocument>,
    /// What was guessed in reading it back, one sentence each.
    pub notes: Vec<String>,
}
