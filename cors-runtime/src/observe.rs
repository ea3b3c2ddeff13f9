//! Where a decision goes besides the response: a `log` line (as ever), a `tracing` event with
//! the decision's fields (feature `tracing`), and counters (feature `metrics`).
//!
//! The field names, label names and their values are a stable interface, documented in
//! `BEHAVIOUR.md` ("Events and metrics"): dashboards and `cors-check logs` read them. Labels
//! never hold what a sender chooses (an origin, a path): only the route's pattern and words
//! from this module, so that no sender can grow a metric's series.

// Without `tracing` a decision's fields and words have no reader but the log line's own text,
// and without `metrics` nothing is counted: both are then compiled out.
#![cfg_attr(not(all(feature = "tracing", feature = "metrics")), allow(dead_code, unused_imports))]

use std::fmt;

use actix_web::HttpRequest;
use actix_web::http::header::HeaderName;

use crate::logs::Escaped;
use crate::policy::Policy;
use crate::route_log::Admitted;

/// What kind of request a decision is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Kind {
    Preflight,
    /// An actual request: its response gets the grant or not.
    Request,
    /// A write judged by `reject_unlisted_writes` or `report_unlisted_writes`.
    Write,
    WebSocket,
    /// A handler's own `Access-Control-*` headers, removed from its response.
    HeadersRemoved,
}

impl Kind {
    pub(crate) const fn as_str(self) -> &'static str {
        match self {
            Kind::Preflight => "preflight",
            Kind::Request => "request",
            Kind::Write => "write",
            Kind::WebSocket => "websocket",
            Kind::HeadersRemoved => "headers_removed",
        }
    }
}

/// What was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Outcome {
    Granted,
    /// No grant: the browser blocks the call (or the handshake got `403`).
    Refused,
    /// A write answered `403` before the handler.
    Rejected,
    /// A request without `Origin`: same-origin, or not from a browser; nothing to decide.
    NoOrigin,
    /// Report-only: the policy would refuse what was let through unchanged.
    WouldRefuse,
    /// Report-only: the write guard would reject what was let through.
    WouldReject,
    Removed,
}

impl Outcome {
    pub(crate) const fn as_str(self) -> &'static str {
        match self {
            Outcome::Granted => "granted",
            Outcome::Refused => "refused",
            Outcome::Rejected => "rejected",
            Outcome::NoOrigin => "no_origin",
            Outcome::WouldRefuse => "would_refuse",
            Outcome::WouldReject => "would_reject",
            Outcome::Removed => "removed",
        }
    }

    /// Whether nothing was changed: the decision is reported, not enforced.
    const fn is_report_only(self) -> bool {
        matches!(self, Outcome::WouldRefuse | Outcome::WouldReject)
    }
}

/// Which part of the request the policy does not allow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Reason {
    Origin,
    Method,
    Header,
    /// More `Access-Control-Request-Headers` than a browser ever sends.
    TooManyHeaders,
}

impl Reason {
    pub(crate) const fn as_str(self) -> &'static str {
        match self {
            Reason::Origin => "origin",
            Reason::Method => "method",
            Reason::Header => "header",
            Reason::TooManyHeaders => "too_many_headers",
        }
    }
}

/// The key of the policy an edit would add a value to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AllowKey {
    Origins,
    Methods,
    Headers,
}

impl AllowKey {
    pub(crate) const fn as_str(self) -> &'static str {
        match self {
            AllowKey::Origins => "origins",
            AllowKey::Methods => "methods",
            AllowKey::Headers => "headers",
        }
    }
}

/// One decision, as a log line and an event describe it.
pub(crate) struct Decision<'a> {
    pub(crate) kind: Kind,
    pub(crate) outcome: Outcome,
    pub(crate) reason: Option<Reason>,
    pub(crate) policy: &'a Policy,
    pub(crate) request: &'a HttpRequest,
    /// The request's method; a preflight's requested one.
    pub(crate) method: &'a [u8],
    pub(crate) origin: Option<&'a [u8]>,
    /// The first requested header the policy does not allow.
    pub(crate) header: Option<&'a [u8]>,
    /// The edit that would allow the request: the key and the exact value to add.
    pub(crate) allow: Option<(AllowKey, &'a str)>,
}

/// Writes `decision` as the log line `message` (target `target`, as before events existed)
/// and as an event with its fields.
pub(crate) fn write(
    target: &str,
    admitted: Admitted,
    decision: &Decision<'_>,
    message: fmt::Arguments<'_>,
) {
    log::log!(target: target, admitted.level, "{message}");
    emit(admitted, decision, message);
}

/// How a line about a `403` reads, enforced or report-only: its start, its verb, and what it
/// ends with.
pub(crate) fn wording(outcome: Outcome) -> (&'static str, &'static str, &'static str) {
    match outcome {
        Outcome::WouldRefuse => {
            ("CORS report-only:", "would be refused", " Let through unchanged.")
        }
        Outcome::WouldReject => {
            ("CORS report-only:", "would be rejected", " Let through unchanged.")
        }
        Outcome::Rejected => ("CORS:", "rejected", ""),
        _ => ("CORS:", "refused", ""),
    }
}

/// Writes, at `debug`, that a handler's own `Access-Control-*` headers were removed (the first
/// `name` of them): a property of the handler's code, so the event names the handler, not a
/// request.
#[cfg_attr(not(feature = "tracing"), allow(unused_variables))]
pub(crate) fn headers_removed(
    target: &str,
    policy: &Policy,
    name: &HeaderName,
    message: fmt::Arguments<'_>,
) {
    log::debug!(target: target, "{message}");
    #[cfg(feature = "tracing")]
    if crate::route_log::tracing_in_use() {
        tracing::debug!(
            target: "cors_runtime::events",
            event = Kind::HeadersRemoved.as_str(),
            outcome = Outcome::Removed.as_str(),
            handler = policy.handler(),
            policy = policy.policy_name(),
            header = name.as_str(),
            "{message}"
        );
    }
}

/// The route pattern the request matched, `(unmatched)` for none: the one label a route gets,
/// whatever path a sender wrote.
pub(crate) fn route_of(request: &HttpRequest) -> String {
    request.match_pattern().unwrap_or_else(|| "(unmatched)".to_owned())
}

/// Counts one request's decision (`cors_requests_total`), or a report-only finding
/// (`cors_report_only_total`), when the `metrics` feature is on.
///
/// Each worker thread keeps the counters it registered, by policy and label values: after a
/// route's first request of each kind, counting is a look-up without a lock or an allocation.
/// So the recorder must be installed before the server starts. The `route` label is the
/// pattern of the route's first counted request for a `#[cors]` handler (one per handler but
/// for a handler mounted at several patterns), and `.wrap(NAME)` for a named policy, whose
/// requests span many routes.
#[cfg_attr(not(feature = "metrics"), allow(unused_variables))]
#[inline]
pub(crate) fn count(
    policy: &Policy,
    kind: Kind,
    outcome: Outcome,
    reason: Option<Reason>,
    request: &HttpRequest,
) {
    #[cfg(feature = "metrics")]
    counters::increment(policy, kind, outcome, reason, request);
}

#[cfg(feature = "metrics")]
mod counters {
    use std::cell::RefCell;
    use std::collections::HashMap;

    use actix_web::HttpRequest;

    use crate::observe::{Kind, Outcome, Reason, route_of};
    use crate::policy::Policy;

    /// A counter's policy (by address: policies are `static`) and label values.
    type CounterKey = (usize, Kind, Outcome, Option<Reason>);

    thread_local! {
        static COUNTERS: RefCell<HashMap<CounterKey, metrics::Counter, foldhash::fast::FixedState>> =
            RefCell::new(HashMap::with_hasher(foldhash::fast::FixedState::default()));
    }

    pub(super) fn increment(
        policy: &Policy,
        kind: Kind,
        outcome: Outcome,
        reason: Option<Reason>,
        request: &HttpRequest,
    ) {
        let key = (std::ptr::from_ref(policy) as usize, kind, outcome, reason);
        COUNTERS.with_borrow_mut(|counters| {
            counters
                .entry(key)
                .or_insert_with(|| register(policy, kind, outcome, reason, request))
                .increment(1);
        });
    }

    fn register(
        policy: &Policy,
        kind: Kind,
        outcome: Outcome,
        reason: Option<Reason>,
        request: &HttpRequest,
    ) -> metrics::Counter {
        let route = match policy.policy_name() {
            Some(_) if policy.handler().starts_with(".wrap(") => policy.handler().to_owned(),
            _ => route_of(request),
        };
        let name =
            if outcome.is_report_only() { "cors_report_only_total" } else { "cors_requests_total" };
        metrics::counter!(
            name,
            "route" => route,
            "kind" => kind.as_str(),
            "outcome" => outcome.as_str(),
            "reason" => reason.map_or("none", Reason::as_str)
        )
    }
}

#[cfg(feature = "tracing")]
fn emit(admitted: Admitted, decision: &Decision<'_>, message: fmt::Arguments<'_>) {
    if !crate::route_log::tracing_in_use() {
        return;
    }
    let policy = decision.policy;
    let tenant = policy.tenant_origins().and_then(|(set, _)| set.tenant_of(decision.request));
    fn escaped(value: Option<&[u8]>) -> Option<tracing::field::DisplayValue<Escaped<'_>>> {
        value.map(|value| tracing::field::display(Escaped(value)))
    }
    macro_rules! event_at {
        ($level:expr) => {
            tracing::event!(
                target: "cors_runtime::events",
                $level,
                event = decision.kind.as_str(),
                outcome = decision.outcome.as_str(),
                reason = decision.reason.map(Reason::as_str),
                route = route_of(decision.request),
                handler = policy.handler(),
                policy = policy.policy_name(),
                method = %Escaped(decision.method),
                path = %Escaped(decision.request.path().as_bytes()),
                origin = escaped(decision.origin),
                header = escaped(decision.header),
                tenant = escaped(tenant.as_deref().map(str::as_bytes)),
                allow_key = decision.allow.map(|(key, _)| key.as_str()),
                allow_value = decision.allow.map(|(_, value)| value),
                suppressed = (admitted.suppressed > 0).then_some(admitted.suppressed),
                "{message}"
            )
        };
    }
    match admitted.level {
        log::Level::Error => event_at!(tracing::Level::ERROR),
        log::Level::Warn => event_at!(tracing::Level::WARN),
        log::Level::Info => event_at!(tracing::Level::INFO),
        log::Level::Debug => event_at!(tracing::Level::DEBUG),
        log::Level::Trace => event_at!(tracing::Level::TRACE),
    }
}

#[cfg(not(feature = "tracing"))]
fn emit(_: Admitted, _: &Decision<'_>, _: fmt::Arguments<'_>) {}
