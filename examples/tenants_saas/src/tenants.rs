//! The customers' origins: one set per tenant, keyed by the host their API is called on, fed
//! from the database. What a tenant's rows hold is what its set holds; a tenant whose rows
//! break a rule (written by hand, past the admin routes) gets no grant at all until they are
//! fixed, and the log says which rule and the fix.

use std::collections::{BTreeMap, BTreeSet};

use cors_runtime::{TenantOrigins, TenantSummary, TenantUpdateError};

/// The set's settings, written once: the live set and the admin routes' check are the same.
const fn customer_origins() -> TenantOrigins {
    TenantOrigins::by_host()
}

/// Each customer's origins, by the host their API is called on (`api.acme.example`).
pub static CUSTOMERS: TenantOrigins = customer_origins();

/// Checks `origins` as `tenant`'s whole set with the rules the live set applies, without
/// changing it: the admin's change is refused before anything is written.
///
/// # Errors
///
/// Every problem with its fix, in the compiler's words.
pub fn check(tenant: &str, origins: &[String]) -> Result<(), TenantUpdateError> {
    customer_origins().set(tenant, origins).map(drop)
}

/// What a full load made of the database's rows.
#[derive(Debug)]
pub struct Loaded {
    /// The sets now in force.
    pub summary: TenantSummary,
    /// The tenants whose rows break a rule: they get no grant.
    pub closed: Vec<String>,
}

/// Replaces every tenant's origins with `rows` (tenant, origin). A tenant whose rows break a
/// rule is left out (no grant) and logged; the others load.
///
/// # Errors
///
/// A problem no single tenant's rows cause (more tenants or origins than a set holds): then
/// nothing changes and the previous sets stay in force.
pub fn load_all(
    rows: impl IntoIterator<Item = (String, String)>,
) -> Result<Loaded, TenantUpdateError> {
    let mut tenants: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (tenant, origin) in rows {
        tenants.entry(tenant).or_default().push(origin);
    }
    let mut closed = BTreeSet::new();
    loop {
        let open = tenants.iter().filter(|(tenant, _)| !closed.contains(*tenant));
        let error = match CUSTOMERS.replace_all(open) {
            Ok(summary) => return Ok(Loaded { summary, closed: closed.into_iter().collect() }),
            Err(error) => error,
        };
        // An error lists at most 100 problems: the next round finds the others.
        let before = closed.len();
        for problem in error.problems() {
            match &problem.tenant {
                Some(tenant) => closed.insert(tenant.clone()),
                None => return Err(error),
            };
        }
        if closed.len() == before {
            return Err(error);
        }
        log_closed(&error);
    }
}

/// Sets `tenant`'s origins to `rows`, as the database now holds them: when they break a
/// rule, the tenant is closed (no grant) and the error returned.
///
/// # Errors
///
/// The rows' problems, with their fixes.
pub fn apply(tenant: &str, rows: &[String]) -> Result<(), TenantUpdateError> {
    match CUSTOMERS.set(tenant, rows) {
        Ok(_) => Ok(()),
        Err(error) => {
            CUSTOMERS.remove_tenant(tenant);
            log_closed(&error);
            Err(error)
        }
    }
}

fn log_closed(error: &TenantUpdateError) {
    for problem in error.problems() {
        let tenant = problem.tenant.as_deref().unwrap_or_default();
        let origin = problem.origin.as_deref().unwrap_or_default();
        log::error!(
            "tenant `{tenant}` gets no grant until its stored origins are fixed: `{origin}`: {}; help: {}",
            problem.message,
            problem.help
        );
    }
}
