//! A log's summary in words (`cors-check logs`) and as its JSON document (`--json`). Every value
//! read from the log is written through [`LoggedValue`]'s escaping.

use std::fmt;

use super::probe::Suspicion;
use super::record::RouteKey;
use super::summary::{
    Listed, LogFix, LogSummary, Place, ProbeWarning, Refused, RefusedValue, RouteRefusals,
};
use super::value::LoggedValue;
use crate::document::{
    self, CountDocument, FORMAT, LogFixDocument, LogRouteDocument, LogWarningDocument,
    LogsDocument, LogsSummary, ProbeDocument, RefusedDocument,
};
use crate::report::edit_document;

impl fmt::Display for RouteKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.policy, &self.handler) {
            (Some(policy), Some(handler)) => {
                write!(f, "the policy `{policy}` (used by `{handler}`)")
            }
            (Some(policy), None) => write!(f, "the policy `{policy}` applied with .wrap(..)"),
            (None, Some(handler)) => write!(f, "#[cors(...)] on `{handler}`"),
            (None, None) => f.write_str("a policy the log does not name"),
        }
    }
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refused::Origin(Some(origin)) => write!(f, "origin \"{origin}\""),
            Refused::Origin(None) => f.write_str("a write without Origin"),
            Refused::Method(method) => write!(f, "method \"{method}\""),
            Refused::Header(name) => write!(f, "request header \"{name}\""),
            Refused::TooManyHeaders => {
                f.write_str("Access-Control-Request-Headers longer than a browser sends")
            }
        }
    }
}

impl fmt::Display for Suspicion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Suspicion::Null => f.write_str(
                "`null` is the origin of sandboxed and file: pages and of redirected calls, never one to list",
            ),
            Suspicion::Wildcard => f.write_str("`*` is no origin a browser sends"),
            Suspicion::NotAnOrigin => f.write_str("not an origin as a browser writes one"),
            Suspicion::LookAlike { of, how } => write!(f, "a look-alike of {of}: {how}"),
        }
    }
}

impl fmt::Display for LogFix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (key, entry, bare) = match &self.add {
            Listed::Origin(origin) => ("origins", format!("\"{origin}\""), origin),
            Listed::Method(method) => ("methods", method.clone(), method),
            Listed::Header(name) => ("headers", format!("\"{name}\""), name),
        };
        match &self.place {
            Place::Attribute(handler) => {
                write!(f, "add {entry} to `{key}` in #[cors(...)] on `{handler}`")
            }
            Place::Policy(name) => write!(f, "add {entry} to `{key}` in the policy `{name}`"),
            Place::Variable(variable) => {
                write!(f, "add {bare} to the {variable} variable read by `origins = env(..)`")
            }
            Place::Tenant { set, tenant: Some(tenant) } => {
                write!(f, "add {bare} to the origins of tenant \"{tenant}\" in `{set}`")
            }
            Place::Tenant { set, tenant: None } => {
                write!(f, "add {bare} to the origins of the requests' tenant in `{set}`")
            }
        }
    }
}

impl fmt::Display for ProbeWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProbeWarning::ManyOrigins { distinct, more } => write!(
                f,
                "{}{distinct} distinct origins refused: this looks like probing (a scanner trying \
                 origins), not a missing entry, so no origin fix is suggested for this route",
                if *more { "at least " } else { "" },
            ),
            ProbeWarning::SuspiciousOrigins { distinct, refusals } => write!(
                f,
                "{distinct} refused origin{} ({refusals} refusal{}) look{} like probing rather \
                 than a page the policy forgot (marked probe above); no fix is suggested for {}",
                plural(*distinct as u64),
                plural(*refusals),
                if *distinct == 1 { "s" } else { "" },
                if *distinct == 1 { "it" } else { "them" },
            ),
        }
    }
}

fn plural(count: u64) -> &'static str {
    if count == 1 { "" } else { "s" }
}

fn calls(value: &RefusedValue) -> Vec<&'static str> {
    value.calls.iter().map(|call| call.as_str()).collect()
}

impl RefusedValue {
    fn describe(&self) -> String {
        let mut line = format!("{}: {} ({})", self.refused, self.count, calls(self).join(", "));
        if self.report_only > 0 {
            line.push_str(&format!(", {} report-only", self.report_only));
        }
        match (&self.first, &self.last) {
            (Some(first), Some(last)) if first == last => {
                line.push_str(&format!(", at {}", first.text))
            }
            (Some(first), Some(last)) => {
                line.push_str(&format!(", {} to {}", first.text, last.text))
            }
            _ => {}
        }
        if let Some(suspicion) = &self.suspicion {
            line.push_str(&format!("; probe: {suspicion}"));
        }
        line
    }
}

impl fmt::Display for RouteRefusals {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {} refusal{}", self.route, self.refusals, plural(self.refusals))?;
        if self.report_only > 0 {
            write!(f, " ({} report-only: let through, would be refused)", self.report_only)?;
        }
        writeln!(f)?;
        let paths: Vec<String> =
            self.paths.iter().map(|(path, count)| format!("{path} ({count})")).collect();
        write!(f, "  paths: {}", paths.join(", "))?;
        if self.paths_dropped > 0 {
            write!(f, ", {} refusals on other paths", self.paths_dropped)?;
        }
        writeln!(f)?;
        if !self.allowed.is_empty() {
            writeln!(f, "  allowed: {}", self.allowed.join(", "))?;
        }
        for value in &self.refused {
            writeln!(f, "  refused {}", value.describe())?;
        }
        if self.values_dropped > 0 {
            writeln!(
                f,
                "  and {} refusals of other values (past the {} kept)",
                self.values_dropped,
                super::MAX_VALUES
            )?;
        }
        if self.logged_at_debug_only > 0 {
            writeln!(
                f,
                "  and {} refusals logged at debug only (values not in this log)",
                self.logged_at_debug_only
            )?;
        }
        for fix in &self.fixes {
            writeln!(f, "  fix: {fix}")?;
        }
        for warning in &self.warnings {
            writeln!(f, "  warning: {warning}")?;
        }
        Ok(())
    }
}

impl fmt::Display for LogSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let lines = &self.lines;
        write!(
            f,
            "{} refusal{} on {} route{}, in {} line{}",
            lines.refusals,
            plural(lines.refusals),
            self.routes.len(),
            plural(self.routes.len() as u64),
            lines.read,
            plural(lines.read),
        )?;
        let mut others = Vec::new();
        if lines.repeated > 0 {
            others.push(format!(
                "{} refusal{} written again as an event, counted once",
                lines.repeated,
                plural(lines.repeated)
            ));
        }
        if lines.unread > 0 {
            others.push(format!(
                "{} refusal{} in a form this cors-check cannot read: update it",
                lines.unread,
                plural(lines.unread)
            ));
        }
        if lines.other_runtime > 0 {
            others.push(format!(
                "{} other cors-runtime line{}",
                lines.other_runtime,
                plural(lines.other_runtime)
            ));
        }
        if lines.skipped > 0 {
            others.push(format!("{} not cors-runtime's, skipped", lines.skipped));
        }
        if lines.too_long > 0 {
            others.push(format!(
                "{} longer than {} bytes, skipped",
                lines.too_long,
                super::MAX_LINE_BYTES
            ));
        }
        if !others.is_empty() {
            write!(f, " ({})", others.join("; "))?;
        }
        writeln!(f)?;
        if self.routes_dropped > 0 {
            writeln!(
                f,
                "{} refusals on routes past the {} listed",
                self.routes_dropped,
                super::MAX_ROUTES
            )?;
        }
        for route in &self.routes {
            writeln!(f)?;
            write!(f, "{route}")?;
        }
        Ok(())
    }
}

impl LogSummary {
    /// Whether anything was refused (or would be).
    pub fn any_refused(&self) -> bool {
        self.lines.refusals > 0
    }

    /// The summary, pretty-printed, as `cors-check logs --json` prints it: a [`LogsDocument`].
    pub fn to_json(&self) -> String {
        document::pretty(&self.document())
    }

    /// The summary as its JSON document.
    pub fn document(&self) -> LogsDocument {
        let lines = &self.lines;
        LogsDocument {
            format: FORMAT,
            summary: LogsSummary {
                lines: lines.read,
                refusals: lines.refusals,
                unread_refusal_lines: lines.unread,
                repeated_refusal_lines: lines.repeated,
                other_runtime_lines: lines.other_runtime,
                skipped_lines: lines.skipped,
                too_long_lines: lines.too_long,
                routes: self.routes.len(),
                routes_dropped_refusals: self.routes_dropped,
            },
            routes: self.routes.iter().map(route_document).collect(),
        }
    }
}

fn text(value: &LoggedValue) -> String {
    value.to_string()
}

fn route_document(route: &RouteRefusals) -> LogRouteDocument {
    LogRouteDocument {
        handler: route.route.handler.as_ref().map(text),
        policy: route.route.policy.as_ref().map(text),
        refusals: route.refusals,
        report_only: route.report_only,
        logged_at_debug_only: route.logged_at_debug_only,
        paths: route
            .paths
            .iter()
            .map(|(path, count)| CountDocument { value: text(path), count: *count })
            .collect(),
        paths_dropped_refusals: route.paths_dropped,
        allowed: route.allowed.clone(),
        refused: route.refused.iter().map(refused_document).collect(),
        refused_dropped_refusals: route.values_dropped,
        fixes: route.fixes.iter().map(fix_document).collect(),
        warnings: route
            .warnings
            .iter()
            .map(|warning| {
                let (kind, distinct) = match warning {
                    ProbeWarning::ManyOrigins { distinct, .. } => ("many-origins", *distinct),
                    ProbeWarning::SuspiciousOrigins { distinct, .. } => {
                        ("suspicious-origins", *distinct)
                    }
                };
                LogWarningDocument { kind: kind.to_owned(), distinct, text: warning.to_string() }
            })
            .collect(),
    }
}

fn refused_document(value: &RefusedValue) -> RefusedDocument {
    let (refused, shown) = match &value.refused {
        Refused::Origin(origin) => ("origin", origin.as_ref().map(text)),
        Refused::Method(method) => ("method", Some(text(method))),
        Refused::Header(name) => ("header", Some(text(name))),
        Refused::TooManyHeaders => ("request-headers", None),
    };
    RefusedDocument {
        refused: refused.to_owned(),
        value: shown,
        count: value.count,
        report_only: value.report_only,
        calls: calls(value).into_iter().map(str::to_owned).collect(),
        first_seen: value.first.as_ref().map(|at| at.text.clone()),
        last_seen: value.last.as_ref().map(|at| at.text.clone()),
        probe: value.suspicion.as_ref().map(|suspicion| {
            let (of, how) = match suspicion {
                Suspicion::LookAlike { of, how } => {
                    (Some(of.clone()), Some(how.as_str().to_owned()))
                }
                _ => (None, None),
            };
            ProbeDocument {
                kind: suspicion.as_str().to_owned(),
                of,
                how,
                text: suspicion.to_string(),
            }
        }),
    }
}

fn fix_document(fix: &LogFix) -> LogFixDocument {
    let (place, name, tenant) = match &fix.place {
        Place::Attribute(handler) => ("attribute", text(handler), None),
        Place::Policy(name) => ("policy", text(name), None),
        Place::Variable(variable) => ("variable", text(variable), None),
        Place::Tenant { set, tenant } => ("tenant", text(set), tenant.as_ref().map(text)),
    };
    LogFixDocument {
        edit: edit_document(&fix.edit()),
        place: place.to_owned(),
        name,
        tenant,
        refusals: fix.refusals,
        text: fix.to_string(),
    }
}
