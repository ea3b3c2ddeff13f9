//! A run-time tenant origin set in the route report and the table.

use cors_rules::route_report;

use crate::tenants::{TenantKey, TenantOrigins};

/// How many tenants of a run-time set a report shows with their origins.
const SAMPLED_TENANTS: usize = 3;

/// The set as the route report shows it, with a few tenants to try.
pub(super) fn report(set: &TenantOrigins, name: &str) -> route_report::TenantSet {
    let summary = set.summary();
    let sample = set.some_tenants(SAMPLED_TENANTS).into_iter().filter_map(|tenant| {
        let origins = set.origins_of(&tenant)?;
        Some(route_report::TenantSample { tenant, origins })
    });
    route_report::TenantSet {
        name: name.to_owned(),
        keyed_by: match set.key() {
            TenantKey::Host => route_report::KeyedBy::Host,
            TenantKey::Path(name) => route_report::KeyedBy::Path(name.to_owned()),
        },
        tenants: summary.tenants,
        origins: summary.origins,
        changed: summary.changed.and_then(|changed| {
            changed.duration_since(std::time::UNIX_EPOCH).ok().map(|since| since.as_secs())
        }),
        sample: sample.collect(),
    }
}

/// The set as the table shows it.
pub(super) fn describe(set: &TenantOrigins, name: &str) -> String {
    let summary = set.summary();
    let changed = match summary.changed.and_then(|at| at.elapsed().ok()) {
        Some(ago) => format!("changed {} s ago", ago.as_secs()),
        None if summary.loaded => "loaded".to_owned(),
        None => "never loaded".to_owned(),
    };
    format!(
        "each tenant's, from `{name}` by {}: {} tenant(s), {} origin(s), {changed}",
        set.key().describe(),
        summary.tenants,
        summary.origins
    )
}
