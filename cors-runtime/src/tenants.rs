//! Origins that change while the server runs, one set per tenant: `origins = tenants(SET)`.
//!
//! A [`TenantOrigins`] is a `static` the application declares and updates through its typed
//! methods (`update` checks every origin with the rules written origins go through); requests
//! read the current sets through an [`ArcSwapOption`], without a lock or an allocation. The
//! sets are spread over shards, so adding one tenant copies one shard, not all of them, and the
//! shards are swapped as one value, so a request sees an update whole or not at all.

mod error;
mod key;
mod proxies;
mod update;

use std::collections::HashMap;
use std::hash::{BuildHasher, BuildHasherDefault, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use actix_web::HttpRequest;
use actix_web::http::header::HeaderValue;
use arc_swap::ArcSwapOption;
use cors_rules::{OriginPattern, Wildcard};

pub use error::{TenantProblem, TenantUpdateError};
pub use key::TenantKey;
pub use proxies::{TrustedProxies, TrustedProxyError};
pub use update::{MAX_ORIGINS_PER_TENANT, MAX_TENANT_ORIGINS, MAX_TENANTS};

/// Each tenant's allowed origins, changed while the server runs, for the policies that say
/// `origins = tenants(NAME)`.
///
/// The tenant of a request is read from what its preflight carries too: the `Host` it was sent
/// to ([`by_host`](Self::by_host); behind a reverse proxy, the host it forwarded, once the set
/// [trusts it](Self::trust_forwarded_host)) or a segment of the matched path
/// ([`by_path`](Self::by_path)), never a header or token a preflight cannot send. A request is
/// granted only with its own tenant's origins; an unknown tenant, or a set never loaded, gets
/// no grant.
///
/// ```
/// use cors_runtime::TenantOrigins;
///
/// /// Each customer's web apps, by the host their API is called on.
/// static CUSTOMERS: TenantOrigins = TenantOrigins::by_host();
///
/// CUSTOMERS.replace_all([("api.acme.example", ["https://shop.acme.example"])])?;
/// CUSTOMERS.add("api.acme.example", ["https://admin.acme.example"])?;
/// // Refused whole, with the rule and its fix: the previous origins stay in force.
/// let error = CUSTOMERS.add("api.acme.example", ["https://admin.acme.example/"]).unwrap_err();
/// assert!(error.to_string().contains("an origin never ends with a slash"));
/// assert_eq!(CUSTOMERS.summary().origins, 2);
/// # Ok::<(), cors_runtime::TenantUpdateError>(())
/// ```
pub struct TenantOrigins {
    key: TenantKey,
    allow_http_origins: bool,
    current: ArcSwapOption<Tenants>,
    /// Updates wait for one another; requests never wait.
    updating: Mutex<()>,
    /// When the sets last changed, in milliseconds since the Unix epoch (0: never).
    changed_ms: AtomicU64,
    /// The name policies know the set by (`tenants(NAME)`), learnt when an app registers a
    /// route of one: the label of its gauges.
    name: OnceLock<&'static str>,
    /// The proxies whose `X-Forwarded-Host` names a request's tenant: set once, or never.
    proxies: OnceLock<TrustedProxies>,
}

impl std::fmt::Debug for TenantOrigins {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let summary = self.summary();
        f.debug_struct("TenantOrigins")
            .field("key", &self.key)
            .field("trusted_proxies", &self.trusted_proxies())
            .field("tenants", &summary.tenants)
            .field("origins", &summary.origins)
            .finish_non_exhaustive()
    }
}

/// How many tenants and origins a [`TenantOrigins`] holds, and when they last changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct TenantSummary {
    /// Whether the sets were ever loaded (before that, no request is granted).
    pub loaded: bool,
    /// The tenants with at least one origin.
    pub tenants: usize,
    /// The origins and patterns of all tenants.
    pub origins: usize,
    /// When they last changed.
    pub changed: Option<SystemTime>,
}

/// The sets at one moment: shards of tenants, each found by its key's hash.
pub(crate) struct Tenants {
    /// Seeded at random once per set and kept across its updates: a request hashes its tenant
    /// once, for its shard and its place there, and neither attacker nor customer can predict it.
    hasher: foldhash::fast::RandomState,
    shards: Box<[Arc<Shard>]>,
    tenants: usize,
    origins: usize,
}

/// The tenants of one shard by their key's hash (see [`Tenants::hasher`]), each hash's tenants
/// in a bucket of their own: nearly always one.
type Shard = HashMap<u64, Bucket, BuildHasherDefault<KnownHash>>;
type Bucket = Vec<(Box<str>, Arc<TenantEntry>)>;

/// Hashes a `u64` that is a hash already into itself.
#[derive(Default)]
struct KnownHash(u64);

impl Hasher for KnownHash {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(byte);
        }
    }

    fn write_u64(&mut self, hash: u64) {
        self.0 = hash;
    }
}

/// Enough shards that changing a tenant among 100,000 copies about 400 entries, not all.
const SHARDS: usize = 256;

/// One tenant's origins.
pub(crate) struct TenantEntry {
    /// Exact origins, each the `Access-Control-Allow-Origin` value it earns.
    exact: Vec<HeaderValue>,
    patterns: Vec<OwnedPattern>,
}

struct OwnedPattern {
    /// As written (`https://*.acme.example`), for reports.
    text: Box<str>,
    prefix: Box<str>,
    wildcard: Wildcard,
    suffix: Box<str>,
}

impl TenantOrigins {
    /// A set keyed by the request's `Host` (its name, lower-case, without the port): for
    /// customers who call the API on a host of their own (`api.acme.example`). Behind a
    /// reverse proxy that rewrites `Host`, see
    /// [`trust_forwarded_host`](Self::trust_forwarded_host).
    #[must_use]
    pub const fn by_host() -> Self {
        Self::new(TenantKey::Host)
    }

    /// A set keyed by the path parameter `name` of the matched route
    /// (`/t/{tenant}/orders` with `by_path("tenant")`).
    #[must_use]
    pub const fn by_path(name: &'static str) -> Self {
        Self::new(TenantKey::Path(name))
    }

    const fn new(key: TenantKey) -> Self {
        TenantOrigins {
            key,
            allow_http_origins: false,
            current: ArcSwapOption::const_empty(),
            updating: Mutex::new(()),
            changed_ms: AtomicU64::new(0),
            name: OnceLock::new(),
            proxies: OnceLock::new(),
        }
    }

    /// Accepts `http://` origins that are not loopback. Tenants' origins are checked as for a
    /// policy with `credentials`, where a page served over plain HTTP can be altered by anyone
    /// on its network; like the key `dangerously_allow_http_origins`, this lifts that rule.
    #[must_use]
    pub const fn dangerously_allow_http_origins(mut self) -> Self {
        self.allow_http_origins = true;
        self
    }

    /// What the tenant of a request is read from.
    #[must_use]
    pub fn key(&self) -> TenantKey {
        self.key
    }

    /// How many tenants and origins the set holds now.
    #[must_use]
    pub fn summary(&self) -> TenantSummary {
        let current = self.current.load();
        let changed_ms = self.changed_ms.load(Ordering::Relaxed);
        TenantSummary {
            loaded: current.is_some(),
            tenants: current.as_ref().map_or(0, |tenants| tenants.tenants),
            origins: current.as_ref().map_or(0, |tenants| tenants.origins),
            changed: (changed_ms > 0).then(|| UNIX_EPOCH + Duration::from_millis(changed_ms)),
        }
    }

    /// The origins and patterns `tenant` is allowed now, exact origins first; `None` for a
    /// tenant without any.
    #[must_use]
    pub fn origins_of(&self, tenant: &str) -> Option<Vec<String>> {
        let current = self.current.load();
        let entry = current.as_ref()?.get(tenant.as_bytes())?;
        Some(entry.entries())
    }

    /// Up to `count` tenants (in no particular order), for reports and samples.
    #[must_use]
    pub fn some_tenants(&self, count: usize) -> Vec<String> {
        let current = self.current.load();
        let Some(tenants) = current.as_ref() else { return Vec::new() };
        let buckets = tenants.shards.iter().flat_map(|shard| shard.values());
        let keys = buckets.flat_map(|bucket| bucket.iter().map(|(key, _)| key));
        keys.take(count).map(|key| key.to_string()).collect()
    }

    /// The `Access-Control-Allow-Origin` value `origin` earns on `request`, from the tenant
    /// the request names; `None` for another tenant's origin, an unknown tenant, or sets never
    /// loaded. Reads without a lock and without allocating.
    #[must_use]
    pub fn allowed_origin_value(
        &self,
        origin: &HeaderValue,
        request: &HttpRequest,
    ) -> Option<HeaderValue> {
        let current = self.current.load();
        let tenants = current.as_ref()?;
        let mut buffer = [0; key::MAX_KEY_LEN];
        let tenant = self.key.of_request(request, self.trusted_proxies(), &mut buffer)?;
        tenants.get(tenant)?.allow_origin_value(origin)
    }

    /// The tenant `request` names, for log lines (a copy, made only when a line is written).
    pub(crate) fn tenant_of(&self, request: &HttpRequest) -> Option<String> {
        let mut buffer = [0; key::MAX_KEY_LEN];
        let tenant = self.key.of_request(request, self.trusted_proxies(), &mut buffer)?;
        Some(String::from_utf8_lossy(tenant).into_owned())
    }

    fn store(&self, tenants: Tenants) {
        self.current.store(Some(Arc::new(tenants)));
        let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
        let now_ms = u64::try_from(now.as_millis()).unwrap_or(u64::MAX).max(1);
        self.changed_ms.store(now_ms, Ordering::Relaxed);
        self.measure();
    }

    /// Logs a change of the sets (or a refused one) as a line and, with the `tracing` feature,
    /// as the event `tenants_changed` with the set's name and sizes.
    #[cfg_attr(not(feature = "tracing"), allow(unused_variables))]
    pub(crate) fn log_change(
        &self,
        level: log::Level,
        outcome: &str,
        message: std::fmt::Arguments<'_>,
    ) {
        log::log!(level, "{message}");
        #[cfg(feature = "tracing")]
        if crate::route_log::tracing_in_use() {
            let summary = self.summary();
            macro_rules! event_at {
                ($level:expr) => {
                    tracing::event!(
                        target: "cors_runtime::events",
                        $level,
                        event = "tenants_changed",
                        outcome,
                        set = self.name.get().copied(),
                        keyed_by = %self.keyed_by(),
                        tenants = summary.tenants,
                        origins = summary.origins,
                        "{message}"
                    )
                };
            }
            match level {
                log::Level::Warn | log::Level::Error => event_at!(tracing::Level::WARN),
                log::Level::Info => event_at!(tracing::Level::INFO),
                log::Level::Debug | log::Level::Trace => event_at!(tracing::Level::DEBUG),
            }
        }
    }

    /// Names the set as policies know it; from then on its sizes are gauges.
    pub(crate) fn name_as(&self, name: &'static str) {
        if self.name.set(name).is_ok() {
            self.measure();
        }
    }

    /// Sets the gauges `cors_tenants` and `cors_tenant_origins` (feature `metrics`) once the
    /// set is named.
    fn measure(&self) {
        #[cfg(feature = "metrics")]
        if let Some(name) = self.name.get() {
            let summary = self.summary();
            // Both are capped far below 2^52, where an `f64` starts to round.
            #[allow(clippy::cast_precision_loss)]
            {
                metrics::gauge!("cors_tenants", "set" => *name).set(summary.tenants as f64);
                metrics::gauge!("cors_tenant_origins", "set" => *name).set(summary.origins as f64);
            }
        }
    }
}

impl Tenants {
    fn hash(&self, tenant: &[u8]) -> u64 {
        key_hash(&self.hasher, tenant)
    }

    fn get(&self, tenant: &[u8]) -> Option<&TenantEntry> {
        let hash = self.hash(tenant);
        let bucket = self.shards[shard_of(hash)].get(&hash)?;
        let found = bucket.iter().find(|(key, _)| key.as_bytes() == tenant);
        found.map(|(_, entry)| entry.as_ref())
    }
}

/// Sets `tenant`'s entry (its key hashing to `hash`) in `shard`, or removes the tenant for
/// `None`; whether the tenant was there before.
fn put(shard: &mut Shard, hash: u64, tenant: &str, entry: Option<Arc<TenantEntry>>) -> bool {
    let bucket = shard.entry(hash).or_default();
    let position = bucket.iter().position(|(key, _)| &**key == tenant);
    match (position, entry) {
        (Some(position), Some(entry)) => bucket[position].1 = entry,
        (Some(position), None) => drop(bucket.swap_remove(position)),
        (None, Some(entry)) => bucket.push((tenant.into(), entry)),
        (None, None) => {}
    }
    if bucket.is_empty() {
        shard.remove(&hash);
    }
    position.is_some()
}

/// The hash of a tenant key, its bytes alone: `hash_one` would also hash the slice's length,
/// which every request would pay for and no lookup needs (keys are compared in full).
fn key_hash(hasher: &foldhash::fast::RandomState, tenant: &[u8]) -> u64 {
    let mut state = hasher.build_hasher();
    state.write(tenant);
    state.finish()
}

/// A hash's shard, from bits the maps do not use: their buckets come from the low bits, their
/// tags from the top ones.
fn shard_of(hash: u64) -> usize {
    // Truncation is the point: these bits pick the shard.
    #[allow(clippy::cast_possible_truncation)]
    let shard = (hash >> 32) as usize % SHARDS;
    shard
}

/// Above this many exact origins a tenant's are found through a hash map, not a scan.
const SCANNED_ORIGINS: usize = 8;

impl TenantEntry {
    fn allow_origin_value(&self, origin: &HeaderValue) -> Option<HeaderValue> {
        let bytes = origin.as_bytes();
        // The values are kept sorted, so a long list is searched in logarithmic time.
        let exact = if self.exact.len() <= SCANNED_ORIGINS {
            self.exact.iter().find(|allowed| allowed.as_bytes() == bytes)
        } else {
            let found = self.exact.binary_search_by(|allowed| allowed.as_bytes().cmp(bytes));
            found.ok().map(|position| &self.exact[position])
        };
        exact.cloned().or_else(|| {
            self.patterns
                .iter()
                .any(|pattern| {
                    OriginPattern::from_parts(&pattern.prefix, pattern.wildcard, &pattern.suffix)
                        .matches(bytes)
                })
                .then(|| origin.clone())
        })
    }

    fn len(&self) -> usize {
        self.exact.len() + self.patterns.len()
    }

    fn entries(&self) -> Vec<String> {
        let exact = self.exact.iter().filter_map(|value| value.to_str().ok());
        exact.chain(self.patterns.iter().map(|pattern| &*pattern.text)).map(str::to_owned).collect()
    }
}

#[cfg(test)]
mod tests;
