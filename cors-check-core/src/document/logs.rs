//! The document of `cors-check logs --json`: a log's refusals per route, with the fixes.
//!
//! Every value read from the log (origins, paths, methods, header names, handler names) is
//! written escaped as cors-runtime writes it: printable ASCII as it is, any other byte, `"` and
//! `\` as `\xNN`, a value the log cut ending in `… (N bytes)`.

use serde::{Deserialize, Serialize};

use super::EditDocument;

/// A log's refusals, per route: `cors-check logs --json`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LogsDocument {
    /// [`FORMAT`](super::FORMAT).
    pub format: u32,
    /// The counts.
    pub summary: LogsSummary,
    /// The routes, most refusals first.
    pub routes: Vec<LogRouteDocument>,
}

/// The counts of a [`LogsDocument`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LogsSummary {
    /// Lines read.
    pub lines: u64,
    /// Refusals, report-only ones included.
    pub refusals: u64,
    /// Refusals written again as their structured event (a subscriber that also writes `log`
    /// records), counted once.
    pub repeated_refusal_lines: u64,
    /// Lines of cors-runtime's refusals in a form this version does not read.
    pub unread_refusal_lines: u64,
    /// cors-runtime's other lines (startup, routes).
    pub other_runtime_lines: u64,
    /// Lines that are not cors-runtime's, skipped.
    pub skipped_lines: u64,
    /// Lines past the longest read, skipped unread.
    pub too_long_lines: u64,
    /// Routes listed.
    pub routes: usize,
    /// Refusals on routes past the most listed.
    pub routes_dropped_refusals: u64,
}

/// The refusals of one route.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LogRouteDocument {
    /// The handler; `null` for a named policy applied with `.wrap(..)`.
    pub handler: Option<String>,
    /// The `policy!` name; `null` for an inline `#[cors(...)]`.
    pub policy: Option<String>,
    /// Refusals, report-only ones included.
    pub refusals: u64,
    /// Of which report-only (would be refused).
    pub report_only: u64,
    /// Refusals the runtime logged at `debug` only (their values unknown).
    pub logged_at_debug_only: u64,
    /// Paths (or route patterns) and their counts.
    pub paths: Vec<CountDocument>,
    /// Refusals on paths past those listed.
    pub paths_dropped_refusals: u64,
    /// The allowed origins, as the log listed them.
    pub allowed: Vec<String>,
    /// The refused values, most refused first.
    pub refused: Vec<RefusedDocument>,
    /// Refusals of values past those listed.
    pub refused_dropped_refusals: u64,
    /// The edits for the values that look legitimate.
    pub fixes: Vec<LogFixDocument>,
    /// Why some refusals look like probing.
    pub warnings: Vec<LogWarningDocument>,
}

/// A value and how often it was seen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CountDocument {
    /// The value, escaped.
    pub value: String,
    /// How often.
    pub count: u64,
}

/// One refused value of a route.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RefusedDocument {
    /// `origin`, `method`, `header` or `request-headers` (past the caps a browser stays within).
    pub refused: String,
    /// The value, escaped; `null` for a write without `Origin` and for `request-headers`.
    pub value: Option<String>,
    /// Refusals, report-only ones included.
    pub count: u64,
    /// Of which report-only.
    pub report_only: u64,
    /// The answers that refused it: `preflight`, `request`, `write`, `websocket`.
    pub calls: Vec<String>,
    /// The first line's timestamp, as written, when the lines had one.
    pub first_seen: Option<String>,
    /// The last line's timestamp.
    pub last_seen: Option<String>,
    /// Why it looks like probing, for an origin that does.
    pub probe: Option<ProbeDocument>,
}

/// Why a refused origin looks like probing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ProbeDocument {
    /// `null`, `wildcard`, `not-an-origin` or `look-alike`.
    pub kind: String,
    /// For a look-alike, the origin it imitates.
    pub of: Option<String>,
    /// For a look-alike: `extended`, `dashed`, `glued`, `homoglyph` or `downgraded`.
    pub how: Option<String>,
    /// In words.
    pub text: String,
}

/// An edit that lets a refused value through.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LogFixDocument {
    /// The change: `add-to-key` with `origins`, `methods` or `headers`.
    pub edit: EditDocument,
    /// Where: `attribute` (`#[cors]` on the handler `name`), `policy` (`policy!` `name`),
    /// `variable` (the environment variable `name`), `tenant` (the set `name`).
    pub place: String,
    /// The handler, policy, variable or tenant set.
    pub name: String,
    /// For `tenant`, the tenant, when the requests named one.
    pub tenant: Option<String>,
    /// The refusals it would have spared.
    pub refusals: u64,
    /// In words.
    pub text: String,
}

/// Why some refusals of a route look like probing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LogWarningDocument {
    /// `many-origins` or `suspicious-origins`.
    pub kind: String,
    /// Distinct origins.
    pub distinct: usize,
    /// In words.
    pub text: String,
}
