//! The refusals of a log, per route: each refused value with its count and when it was first
//! and last seen, which ones look like probing, and the edit for the others. Everything kept is
//! bounded: at most [`MAX_ROUTES`] routes, [`MAX_VALUES`] refused values and [`MAX_PATHS`]
//! paths per route; what is past them is counted.

use std::collections::HashMap;

use cors_rules::{Name, Origin};

use super::probe::{self, Suspicion};
use super::record::{Mode, OriginsSetting, Reason, Record, RefusedCall, RouteKey};
use super::value::{LoggedValue, Timestamp};
use crate::vocabulary::Edit;

/// At most this many routes are kept; refusals on others are counted.
pub const MAX_ROUTES: usize = 64;
/// At most this many distinct refused values (origins, methods, headers) per route.
pub const MAX_VALUES: usize = 500;
/// At most this many distinct paths per route.
pub const MAX_PATHS: usize = 16;
/// From this many distinct refused origins on one route, the route is being probed: no page
/// misses that many entries, and no origin fix is suggested for it.
pub const MANY_ORIGINS: usize = 10;

/// What was refused.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Refused {
    /// The origin (`None`: a write sent without `Origin`).
    Origin(Option<LoggedValue>),
    /// The method.
    Method(LoggedValue),
    /// A request header.
    Header(LoggedValue),
    /// `Access-Control-Request-Headers` longer than a browser sends.
    TooManyHeaders,
}

/// One refused value of a route.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RefusedValue {
    /// The value.
    pub refused: Refused,
    /// How many lines refused it, report-only ones included.
    pub count: u64,
    /// How many of them were report-only (would be refused).
    pub report_only: u64,
    /// Which answers refused it, in order.
    pub calls: Vec<RefusedCall>,
    /// When it was first and last refused, from the lines' timestamps.
    pub first: Option<Timestamp>,
    /// See `first`.
    pub last: Option<Timestamp>,
    /// Why it looks like probing, for an origin.
    pub suspicion: Option<Suspicion>,
    setting: OriginsSetting,
}

/// Where a fix is made.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Place {
    /// In `#[cors(...)]` on this handler.
    Attribute(LoggedValue),
    /// In `policy!` of this name.
    Policy(LoggedValue),
    /// In the value of this environment variable (`origins = env(..)`).
    Variable(LoggedValue),
    /// In the origins of this tenant of the set (`origins = tenants(..)`).
    Tenant {
        /// The set's name.
        set: LoggedValue,
        /// The tenant, when the requests named one.
        tenant: Option<LoggedValue>,
    },
}

/// A value a policy can list, to add to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Listed {
    /// An exact origin, as browsers write it.
    Origin(String),
    /// A method `methods` accepts.
    Method(String),
    /// A request header name `headers` accepts, lower-case.
    Header(String),
}

/// The edit that lets a refused value through, for one that looks legitimate.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct LogFix {
    /// The value to add.
    pub add: Listed,
    /// Where.
    pub place: Place,
    /// The refusals it would have spared.
    pub refusals: u64,
}

impl LogFix {
    /// The change as the other fixes' data: [`Edit::AddToKey`], with the entry as written in
    /// `#[cors(...)]` (origins and headers in quotes).
    pub fn edit(&self) -> Edit {
        match &self.add {
            Listed::Origin(origin) => {
                Edit::AddToKey { key: "origins", entry: format!("\"{origin}\"") }
            }
            Listed::Method(method) => Edit::AddToKey { key: "methods", entry: method.clone() },
            Listed::Header(name) => Edit::AddToKey { key: "headers", entry: format!("\"{name}\"") },
        }
    }
}

/// A route on which the refusals look like probing.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ProbeWarning {
    /// Many distinct origins refused: no origin fix is suggested for the route.
    ManyOrigins {
        /// How many were kept.
        distinct: usize,
        /// Whether more were refused, past [`MAX_VALUES`] (which may be other values).
        more: bool,
    },
    /// Refused origins that look like probing ([`Suspicion`]).
    SuspiciousOrigins {
        /// How many distinct ones.
        distinct: usize,
        /// How many refusals.
        refusals: u64,
    },
}

/// The refusals of one route (one policy's place).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RouteRefusals {
    /// The policy that refused.
    pub route: RouteKey,
    /// Refusals logged, report-only ones included.
    pub refusals: u64,
    /// Of which report-only.
    pub report_only: u64,
    /// Refusals the runtime logged at `debug` only, counted by its next `warn` line.
    pub logged_at_debug_only: u64,
    /// The paths (route patterns, where events gave them) and their counts, most first.
    pub paths: Vec<(LoggedValue, u64)>,
    /// Refusals on paths past [`MAX_PATHS`].
    pub paths_dropped: u64,
    /// The refused values, most refused first.
    pub refused: Vec<RefusedValue>,
    /// Refusals of values past [`MAX_VALUES`].
    pub values_dropped: u64,
    /// The policy's allowed origins, as the last line listed them.
    pub allowed: Vec<String>,
    /// The edits, most refusals spared first.
    pub fixes: Vec<LogFix>,
    /// Why some refusals look like probing.
    pub warnings: Vec<ProbeWarning>,
}

/// How many lines were read, and what they were.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct LineCounts {
    /// Lines read.
    pub read: u64,
    /// Refusals (report-only ones included).
    pub refusals: u64,
    /// Refusals written twice, as a `log` line and as its structured event, counted once.
    pub repeated: u64,
    /// Refusals of cors-runtime's in a form this version does not read (a later runtime's).
    pub unread: u64,
    /// cors-runtime's other lines (startup, routes).
    pub other_runtime: u64,
    /// Lines that are not cors-runtime's, skipped.
    pub skipped: u64,
    /// Lines longer than [`MAX_LINE_BYTES`](super::MAX_LINE_BYTES), skipped unread.
    pub too_long: u64,
}

/// The refusals of a whole log, per route.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct LogSummary {
    /// The lines.
    pub lines: LineCounts,
    /// The routes, most refusals first.
    pub routes: Vec<RouteRefusals>,
    /// Refusals on routes past [`MAX_ROUTES`].
    pub routes_dropped: u64,
}

/// The summary as lines arrive.
#[derive(Default)]
pub(super) struct Summarizer {
    pub(super) lines: LineCounts,
    routes: HashMap<RouteKey, RouteRefusals>,
    values: HashMap<RouteKey, HashMap<Refused, RefusedValue>>,
    routes_dropped: u64,
}

impl Summarizer {
    pub(super) fn add(&mut self, record: Record) {
        self.lines.refusals += 1;
        if !self.routes.contains_key(&record.route) && self.routes.len() >= MAX_ROUTES {
            self.routes_dropped += 1;
            return;
        }
        let route = self.routes.entry(record.route.clone()).or_insert_with(|| RouteRefusals {
            route: record.route.clone(),
            refusals: 0,
            report_only: 0,
            logged_at_debug_only: 0,
            paths: Vec::new(),
            paths_dropped: 0,
            refused: Vec::new(),
            values_dropped: 0,
            allowed: Vec::new(),
            fixes: Vec::new(),
            warnings: Vec::new(),
        });
        let report_only = u64::from(record.mode == Mode::ReportOnly);
        route.refusals += 1;
        route.report_only += report_only;
        route.logged_at_debug_only = route.logged_at_debug_only.saturating_add(record.suppressed);
        if !record.allowed.is_empty() {
            route.allowed = record.allowed;
        }
        let path = record.pattern.unwrap_or(record.path);
        match route.paths.iter().position(|(seen, _)| *seen == path) {
            Some(at) => route.paths[at].1 += 1,
            None if route.paths.len() < MAX_PATHS => route.paths.push((path, 1)),
            None => route.paths_dropped += 1,
        }
        let refused = match record.reason {
            Reason::Origin => Refused::Origin(record.origin),
            Reason::Method => {
                Refused::Method(record.method.unwrap_or_else(|| LoggedValue::new("GET")))
            }
            Reason::Header(name) => Refused::Header(name),
            Reason::TooManyHeaders => Refused::TooManyHeaders,
        };
        let values = self.values.entry(record.route).or_default();
        if !values.contains_key(&refused) && values.len() >= MAX_VALUES {
            route.values_dropped += 1;
            return;
        }
        let value = values.entry(refused.clone()).or_insert_with(|| RefusedValue {
            refused,
            count: 0,
            report_only: 0,
            calls: Vec::new(),
            first: None,
            last: None,
            suspicion: None,
            setting: OriginsSetting::Key,
        });
        value.count += 1;
        value.report_only += report_only;
        value.setting = record.setting;
        if !value.calls.contains(&record.call) {
            value.calls.push(record.call);
            value.calls.sort();
        }
        if let Some(at) = record.at {
            if value.first.as_ref().is_none_or(|first| at.is_before(first)) {
                value.first = Some(at.clone());
            }
            if value.last.as_ref().is_none_or(|last| last.is_before(&at)) {
                value.last = Some(at);
            }
        }
    }

    pub(super) fn finish(mut self) -> LogSummary {
        let mut routes: Vec<RouteRefusals> = self
            .routes
            .into_values()
            .map(|mut route| {
                let values = self.values.remove(&route.route).unwrap_or_default();
                route.refused = values.into_values().collect();
                judge(&mut route);
                route
            })
            .collect();
        routes.sort_by(|a, b| b.refusals.cmp(&a.refusals).then_with(|| a.route.cmp(&b.route)));
        LogSummary { lines: self.lines, routes, routes_dropped: self.routes_dropped }
    }
}

/// Flags the probes of `route`, and derives the fixes for the rest.
fn judge(route: &mut RouteRefusals) {
    route.refused.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.refused.cmp(&b.refused)));
    route.paths.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let origins = route.refused.iter().filter(|value| matches!(value.refused, Refused::Origin(_)));
    let distinct = origins.count();
    // Imitated: the allowed origins first, then the refused ones that imitate none of them.
    let mut references: Vec<Origin> =
        route.allowed.iter().filter_map(|entry| probe::reference(entry)).collect();
    let allowed = references.len();
    for value in &mut route.refused {
        if let Refused::Origin(Some(origin)) = &value.refused {
            value.suspicion = probe::suspicion(origin, &references[..allowed]);
            if value.suspicion.is_none()
                && let Some(origin) = probe::listable_origin(origin)
            {
                references.push(origin);
            }
        }
    }
    for value in &mut route.refused {
        if let Refused::Origin(Some(origin)) = &value.refused
            && value.suspicion.is_none()
        {
            let others: Vec<Origin> = references[allowed..]
                .iter()
                .filter(|other| other.to_string().as_bytes() != origin.bytes())
                .cloned()
                .collect();
            value.suspicion = probe::suspicion(origin, &others);
        }
    }
    if distinct >= MANY_ORIGINS {
        route.warnings.push(ProbeWarning::ManyOrigins { distinct, more: route.values_dropped > 0 });
    }
    let suspicious: Vec<&RefusedValue> =
        route.refused.iter().filter(|value| value.suspicion.is_some()).collect();
    if !suspicious.is_empty() {
        route.warnings.push(ProbeWarning::SuspiciousOrigins {
            distinct: suspicious.len(),
            refusals: suspicious.iter().map(|value| value.count).sum(),
        });
    }
    let probed = distinct >= MANY_ORIGINS;
    let mut fixes: Vec<LogFix> =
        route.refused.iter().filter_map(|value| fix(&route.route, value, probed)).collect();
    fixes.sort_by_key(|fix| std::cmp::Reverse(fix.refusals));
    route.fixes = fixes;
}

/// The edit that lets `value` through on `route`, when it is listable and looks legitimate.
fn fix(route: &RouteKey, value: &RefusedValue, probed: bool) -> Option<LogFix> {
    let place_of_policy = || match (&route.policy, &route.handler) {
        (Some(name), _) => Some(Place::Policy(name.clone())),
        (None, Some(handler)) => Some(Place::Attribute(handler.clone())),
        (None, None) => None,
    };
    let (add, place) = match &value.refused {
        Refused::Origin(Some(origin)) if value.suspicion.is_none() && !probed => {
            let origin = probe::listable_origin(origin)?;
            let place = match &value.setting {
                OriginsSetting::Key => place_of_policy()?,
                OriginsSetting::Variable(variable) => Place::Variable(variable.clone()),
                OriginsSetting::Tenant { set, tenant } => {
                    Place::Tenant { set: set.clone(), tenant: tenant.clone() }
                }
            };
            (Listed::Origin(origin.to_string()), place)
        }
        Refused::Method(method) => match cors_rules::check_method(method.as_printable()?) {
            Ok(Name::Listed(method)) => (Listed::Method(method), place_of_policy()?),
            _ => return None,
        },
        Refused::Header(name) => match cors_rules::check_request_header(name.as_printable()?) {
            Ok(Name::Listed(name)) => (Listed::Header(name), place_of_policy()?),
            _ => return None,
        },
        _ => return None,
    };
    Some(LogFix { add, place, refusals: value.count })
}
