//! Changing a [`TenantOrigins`]: every origin checked with the rules written origins go
//! through (cors-rules' `Draft::check`), an update with any problem refused whole, and what it
//! may hold bounded.

use std::sync::Arc;

use actix_web::http::header::HeaderValue;
use cors_rules::{AllowedOrigin, Draft, Located};
use foldhash::fast::RandomState;

use cors_rules::fetch::MAX_ORIGIN_LEN;

use super::error::{Problems, TenantUpdateError, cut};
use super::{
    OwnedPattern, SHARDS, Shard, TenantEntry, TenantOrigins, TenantSummary, Tenants, key_hash, put,
    shard_of,
};

/// The most origins and patterns one [`TenantOrigins`] holds, all tenants together: an update
/// past it is refused before its origins are checked, so no update can exhaust memory.
pub const MAX_TENANT_ORIGINS: usize = 500_000;
/// The most tenants one [`TenantOrigins`] holds.
pub const MAX_TENANTS: usize = 250_000;
/// The most origins and patterns one tenant has.
pub const MAX_ORIGINS_PER_TENANT: usize = 1_000;

/// Where a problem of one tenant's origins lies, for `Draft::check`.
#[derive(Clone, Copy)]
enum At<'a> {
    Origin(&'a str),
    /// The tenant's list as a whole.
    List,
    /// The rules the set checks every tenant with (as with `credentials`).
    Setting,
}

fn too_many(what: &str, cap: usize) -> (String, String) {
    (
        format!("the update holds more than {cap} {what}, the most a tenant origin set holds"),
        "split the tenants over several sets (one per policy), or use a pattern such as `https://*.acme.example` for one tenant's many hosts".to_owned(),
    )
}

impl TenantOrigins {
    /// Replaces every tenant's origins with `tenants` (each a tenant and its origins), or
    /// changes nothing when any tenant or origin breaks a rule.
    ///
    /// # Errors
    ///
    /// Every problem, with its fix: an origin that is not in the exact form browsers send, a
    /// pattern on a public suffix, `*`, `null`, `http://` beyond loopback, a tenant key no
    /// request can name, or more than [`MAX_TENANT_ORIGINS`] origins or [`MAX_TENANTS`] tenants.
    pub fn replace_all<T, O>(
        &self,
        tenants: impl IntoIterator<Item = (T, O)>,
    ) -> Result<TenantSummary, TenantUpdateError>
    where
        T: AsRef<str>,
        O: IntoIterator,
        O::Item: AsRef<str>,
    {
        let mut problems = Problems::default();
        let hasher =
            self.current.load().as_ref().map(|tenants| tenants.hasher.clone()).unwrap_or_default();
        let mut shards: Vec<Shard> = (0..SHARDS).map(|_| Shard::default()).collect();
        let (mut given_tenants, mut given_origins) = (0, 0);
        let (mut tenant_count, mut origin_count) = (0, 0);
        for (tenant, origins) in tenants {
            let tenant = tenant.as_ref();
            given_tenants += 1;
            if given_tenants > MAX_TENANTS {
                let (message, help) = too_many("tenants", MAX_TENANTS);
                problems.push(None, None, message, help);
                break;
            }
            let origins = self.read_origins(Some(tenant), origins, &mut problems, given_origins);
            let Some(origins) = origins else { break };
            given_origins += origins.len();
            let Some(entry) = self.check_tenant(tenant, &origins, &mut problems) else { continue };
            if entry.len() == 0 {
                continue;
            }
            origin_count += entry.len();
            tenant_count += 1;
            let hash = key_hash(&hasher, tenant.as_bytes());
            if put(&mut shards[shard_of(hash)], hash, tenant, Some(Arc::new(entry))) {
                let message = format!("tenant `{tenant}` is given twice");
                problems.push(Some(tenant), None, message, "give each tenant once".to_owned());
            }
        }
        problems.into_result(()).inspect_err(|error| self.log_refused(error))?;
        let shards = shards.into_iter().map(Arc::new).collect();
        let tenants = Tenants { hasher, shards, tenants: tenant_count, origins: origin_count };
        let _updating = self.lock();
        self.store(tenants);
        let summary = self.summary();
        self.log_change(
            log::Level::Info,
            "replaced",
            format_args!(
                "CORS tenant origins by {}: {} tenant(s), {} origin(s)",
                self.keyed_by(),
                summary.tenants,
                summary.origins
            ),
        );
        Ok(summary)
    }

    /// Replaces `tenant`'s origins with `origins` (none: the tenant gets no grant), leaving
    /// every other tenant's as they are.
    ///
    /// # Errors
    ///
    /// As [`replace_all`](Self::replace_all); nothing changes.
    pub fn set<O>(&self, tenant: &str, origins: O) -> Result<TenantSummary, TenantUpdateError>
    where
        O: IntoIterator,
        O::Item: AsRef<str>,
    {
        self.change(tenant, |_| {
            origins.into_iter().map(|origin| origin.as_ref().to_owned()).collect()
        })
    }

    /// Adds `origins` to `tenant`'s (those it has already are left as they are).
    ///
    /// # Errors
    ///
    /// As [`replace_all`](Self::replace_all); nothing changes.
    pub fn add<O>(&self, tenant: &str, origins: O) -> Result<TenantSummary, TenantUpdateError>
    where
        O: IntoIterator,
        O::Item: AsRef<str>,
    {
        self.change(tenant, |mut current| {
            for origin in origins {
                let origin = origin.as_ref();
                if !current.iter().any(|have| have == origin) {
                    current.push(origin.to_owned());
                }
            }
            current
        })
    }

    /// Removes `origins` from `tenant`'s (those it does not have are ignored); the next request
    /// from a removed origin gets no grant.
    ///
    /// # Errors
    ///
    /// As [`replace_all`](Self::replace_all) for the tenant key; nothing changes.
    pub fn remove<O>(&self, tenant: &str, origins: O) -> Result<TenantSummary, TenantUpdateError>
    where
        O: IntoIterator,
        O::Item: AsRef<str>,
    {
        let removed: Vec<String> =
            origins.into_iter().map(|origin| origin.as_ref().to_owned()).collect();
        self.change(tenant, |current| {
            current.into_iter().filter(|have| !removed.contains(have)).collect()
        })
    }

    /// Removes `tenant` and all its origins: `true` if it had any.
    pub fn remove_tenant(&self, tenant: &str) -> bool {
        let had = self.origins_of(tenant).is_some();
        if had {
            // An empty set for a key that was stored is always a valid change.
            let _ = self.set(tenant, std::iter::empty::<&str>());
        }
        had
    }

    /// One tenant's origins changed by `change` (given the current ones, as written) and
    /// checked, then swapped in with a copy of that tenant's shard only.
    fn change(
        &self,
        tenant: &str,
        change: impl FnOnce(Vec<String>) -> Vec<String>,
    ) -> Result<TenantSummary, TenantUpdateError> {
        let _updating = self.lock();
        let current = self.current.load_full();
        let before = current.as_ref().and_then(|tenants| tenants.get(tenant.as_bytes()));
        let before_len = before.map_or(0, TenantEntry::len);
        let origins = change(before.map(TenantEntry::entries).unwrap_or_default());
        let mut problems = Problems::default();
        let total = current.as_ref().map_or(0, |tenants| tenants.origins) - before_len;
        let origins = self.read_origins(Some(tenant), origins, &mut problems, total);
        let entry = origins.and_then(|origins| self.check_tenant(tenant, &origins, &mut problems));
        let entry = problems
            .into_result(entry)
            .inspect_err(|error| self.log_refused(error))?
            .unwrap_or_else(TenantEntry::none);
        let (hasher, mut shards): (_, Vec<Arc<Shard>>) = match &current {
            Some(tenants) => (tenants.hasher.clone(), tenants.shards.to_vec()),
            None => (RandomState::default(), (0..SHARDS).map(|_| Arc::default()).collect()),
        };
        let (mut tenant_count, origin_count) =
            (current.as_ref().map_or(0, |tenants| tenants.tenants), total + entry.len());
        let hash = key_hash(&hasher, tenant.as_bytes());
        let stored = (entry.len() > 0).then(|| Arc::new(entry));
        let has = stored.is_some();
        let had = put(Arc::make_mut(&mut shards[shard_of(hash)]), hash, tenant, stored);
        match (had, has) {
            (false, true) => tenant_count += 1,
            (true, false) => tenant_count -= 1,
            _ => {}
        }
        let shards = shards.into_boxed_slice();
        self.store(Tenants { hasher, shards, tenants: tenant_count, origins: origin_count });
        let summary = self.summary();
        self.log_change(
            log::Level::Debug,
            "changed",
            format_args!(
                "CORS tenant origins by {}: tenant `{tenant}` changed; {} tenant(s), {} origin(s)",
                self.keyed_by(),
                summary.tenants,
                summary.origins
            ),
        );
        Ok(summary)
    }

    fn log_refused(&self, error: &TenantUpdateError) {
        self.log_change(
            log::Level::Warn,
            "refused",
            format_args!(
                "CORS tenant origins: an update was refused with {} problem(s); the previous origins stay in force",
                error.count()
            ),
        );
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, ()> {
        // A panic while holding it left no half-made value behind: updates swap whole values.
        self.updating.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// `origins` as owned strings, or `None` (with the problem) past the caps, read no further.
    fn read_origins<O>(
        &self,
        tenant: Option<&str>,
        origins: O,
        problems: &mut Problems,
        total_before: usize,
    ) -> Option<Vec<String>>
    where
        O: IntoIterator,
        O::Item: AsRef<str>,
    {
        let mut read = Vec::new();
        for origin in origins {
            if read.len() == MAX_ORIGINS_PER_TENANT {
                let (message, help) = too_many("origins for one tenant", MAX_ORIGINS_PER_TENANT);
                problems.push(tenant, None, message, help);
                return None;
            }
            if total_before + read.len() == MAX_TENANT_ORIGINS {
                let (message, help) = too_many("origins", MAX_TENANT_ORIGINS);
                problems.push(None, None, message, help);
                return None;
            }
            read.push(cut(origin.as_ref(), MAX_ORIGIN_LEN + 1).to_owned());
        }
        Some(read)
    }

    /// `tenant`'s origins checked as a policy with `credentials` checks written ones, or
    /// `None` with every problem.
    fn check_tenant(
        &self,
        tenant: &str,
        origins: &[String],
        problems: &mut Problems,
    ) -> Option<TenantEntry> {
        let mut ok = true;
        if let Some((message, help)) = self.key.problem(tenant) {
            problems.push(Some(tenant), None, message, help);
            ok = false;
        }
        if origins.is_empty() {
            return ok.then(TenantEntry::none);
        }
        let draft = Draft {
            origins: (origins.iter())
                .map(|origin| (At::Origin(origin.as_str()), origin.clone()))
                .collect(),
            credentials: Some(At::Setting),
            allow_http_origins: self.allow_http_origins.then_some(At::Setting),
            ..Draft::new(At::List)
        };
        let checked = draft.check().map_err(|located| {
            for Located { at, problem } in located {
                match at {
                    At::Origin(origin) => {
                        problems.push(Some(tenant), Some(origin), problem.message, problem.help);
                    }
                    At::List => problems.push(Some(tenant), None, problem.message, problem.help),
                    // The set's own settings: their conflicts are reported at the origin too.
                    At::Setting => {}
                }
            }
        });
        let allowed = checked.ok()?.origins;
        if allowed.contains(&AllowedOrigin::Any) {
            problems.push(
                Some(tenant),
                Some("*"),
                "`*` would let every site read this tenant's responses".to_owned(),
                "list the tenant's own origins, such as `https://shop.acme.example`".to_owned(),
            );
            return None;
        }
        ok.then(|| TenantEntry::from_allowed(&allowed))
    }
}

impl TenantEntry {
    fn none() -> Self {
        TenantEntry { exact: Vec::new(), patterns: Vec::new() }
    }

    fn from_allowed(allowed: &[AllowedOrigin]) -> Self {
        let mut exact: Vec<HeaderValue> = (allowed.iter())
            .filter(|origin| matches!(origin, AllowedOrigin::Exact(_)))
            .filter_map(|origin| HeaderValue::from_str(&origin.to_string()).ok())
            .collect();
        exact.sort_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
        let patterns = allowed.iter().filter_map(|origin| {
            let (prefix, wildcard, suffix) = origin.pattern_parts()?;
            Some(OwnedPattern {
                text: origin.to_string().into(),
                prefix: prefix.into(),
                wildcard,
                suffix: suffix.into(),
            })
        });
        TenantEntry { exact, patterns: patterns.collect() }
    }
}
