//! One refusal as a log line or event recorded it, as typed data.

use super::value::{LoggedValue, Timestamp};

/// Whether the runtime refused, or only reports that it would (report-only rollout).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Mode {
    /// Refused: the browser blocked the call, or the write was answered 403.
    Enforced,
    /// Let through unchanged; the policy being rolled out would refuse it.
    ReportOnly,
}

/// Which of the runtime's answers refused (or would).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RefusedCall {
    /// A preflight refused.
    Preflight,
    /// A route's own request that got no CORS headers (logged at `debug`).
    Request,
    /// A write answered 403 before the handler (`reject_unlisted_writes`).
    Write,
    /// A WebSocket handshake answered 403 before the handler.
    WebSocket,
}

impl RefusedCall {
    /// The name in JSON documents: `preflight`, `request`, `write` or `websocket`.
    pub fn as_str(self) -> &'static str {
        match self {
            RefusedCall::Preflight => "preflight",
            RefusedCall::Request => "request",
            RefusedCall::Write => "write",
            RefusedCall::WebSocket => "websocket",
        }
    }
}

/// What the runtime found missing from the policy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Reason {
    /// The origin (absent for a write without `Origin`).
    Origin,
    /// The method.
    Method,
    /// This request header.
    Header(LoggedValue),
    /// `Access-Control-Request-Headers` past the caps a browser stays within.
    TooManyHeaders,
}

/// Where the allowed origins of the refusing policy are set, as the line says.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum OriginsSetting {
    /// The `origins` key written in the attribute or the `policy!`.
    Key,
    /// The environment variable read by `origins = env(..)`.
    Variable(LoggedValue),
    /// The origins of a tenant in an `origins = tenants(..)` set; the tenant when the request
    /// named one.
    Tenant {
        /// The set's name.
        set: LoggedValue,
        /// The tenant the request named.
        tenant: Option<LoggedValue>,
    },
}

/// The policy that refused: where a developer changes it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RouteKey {
    /// The `policy!` name, for a named policy.
    pub policy: Option<LoggedValue>,
    /// The handler whose `#[cors]` (or named policy) refused; `None` for a named policy applied
    /// with `.wrap(..)`.
    pub handler: Option<LoggedValue>,
}

impl RouteKey {
    /// The key of the policy `policy` used by `handler` as a line names them: a named policy
    /// applied with `.wrap(..)` is used by `.wrap(NAME)`, which is no handler.
    pub(super) fn new(policy: Option<LoggedValue>, handler: Option<LoggedValue>) -> Self {
        let is_handler = |name: &LoggedValue| {
            let name = name.bytes();
            !name.is_empty() && name != b".wrap" && !name.starts_with(b".wrap(")
        };
        Self {
            policy: policy.filter(|policy| !policy.bytes().is_empty()),
            handler: handler.filter(is_handler),
        }
    }
}

/// One refusal (or, report-only, one that would be).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Record {
    pub(super) at: Option<Timestamp>,
    pub(super) mode: Mode,
    pub(super) call: RefusedCall,
    /// The request's method (a preflight's requested method); `None` for a handshake.
    pub(super) method: Option<LoggedValue>,
    pub(super) path: LoggedValue,
    /// The route pattern, when a structured event gave it.
    pub(super) pattern: Option<LoggedValue>,
    /// `None` for a write sent without `Origin`.
    pub(super) origin: Option<LoggedValue>,
    pub(super) reason: Reason,
    pub(super) route: RouteKey,
    pub(super) setting: OriginsSetting,
    /// The policy's allowed origins as the line lists them (at most the runtime's eight).
    pub(super) allowed: Vec<String>,
    /// Refusals on the route since the last `warn` line, logged at `debug` only.
    pub(super) suppressed: u64,
    /// The message, from `CORS` on: the runtime writes one decision as a `log` line and as an
    /// event with the same message, which a subscriber bridging `log` writes one after the other.
    pub(super) message: String,
    /// Whether it is the structured event (target `cors_runtime::events`), not the `log` line.
    pub(super) structured: bool,
}

impl Record {
    /// Whether this is `earlier` written again from the other source: the same message as
    /// a `log` line and as a structured event.
    pub(super) fn repeats(&self, earlier: &Record) -> bool {
        self.structured != earlier.structured && self.message == earlier.message
    }
}

/// What one line is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Line {
    Refusal(Box<Record>),
    /// Past the longest line read: skipped unread.
    TooLong,
    /// A refusal in a form this version does not read (a later runtime's wording).
    Unread,
    /// Another line of cors-runtime's (startup, routes, a handler's headers removed).
    OtherRuntime,
    /// Not cors-runtime's.
    NotRuntime,
}
