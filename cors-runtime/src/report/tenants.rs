//! A run-time tenant origin set in the route report and the table.

use cors_rules::route_report;

use crate::logs::Quoted;
use crate::tenants::{TenantKey, TenantOrigins, TrustedProxies};

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
        forwarded_host_from: set.trusted_proxies().map(TrustedProxies::written).unwrap_or_default(),
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
    let example = set.some_tenants(1).into_iter().find_map(|tenant| {
        let origins = set.origins_of(&tenant)?;
        let first = origins.first()?;
        let more = match origins.len() - 1 {
            0 => String::new(),
            more => format!(" (+{more})"),
        };
        Some(format!("; e.g. tenant {}: {first}{more}", Quoted(tenant.as_bytes())))
    });
    format!(
        "each tenant's, from `{name}` by {}: {} tenant(s), {} origin(s), {changed}{}",
        set.keyed_by(),
        summary.tenants,
        summary.origins,
        example.unwrap_or_default(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_names_a_tenant_to_try() {
        static SET: TenantOrigins = TenantOrigins::by_host();
        assert!(describe(&SET, "SET").ends_with("0 tenant(s), 0 origin(s), never loaded"));
        SET.replace_all([(
            "api.acme.example",
            ["https://shop.acme.example", "https://acme.example"],
        )])
        .expect("valid origins");
        let described = describe(&SET, "SET");
        assert!(
            described.starts_with(
                "each tenant's, from `SET` by host: 1 tenant(s), 2 origin(s), changed "
            ),
            "{described}"
        );
        assert!(
            described
                .ends_with(" s ago; e.g. tenant \"api.acme.example\": https://acme.example (+1)"),
            "{described}"
        );
    }
}
