//! The origins a policy allows, how a request's `Origin` is matched against them, and the
//! origins read from the deployment when the application starts (`origins = env("VAR")`).
//!
//! Both `policy` (which matches requests) and `startup` (which loads the variables) build on
//! this module; it depends on neither.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

use actix_web::HttpRequest;
use actix_web::http::header::HeaderValue;
use cors_rules::{OriginIndex, OriginPattern, WriteGuard};

use crate::tenants::TenantOrigins;

/// The origins a policy allows.
#[doc(hidden)]
#[derive(Debug)]
pub enum AllowedOrigins {
    /// `*`: any origin, answered with `Access-Control-Allow-Origin: *`.
    Any,
    /// Exact origins (answered with the matching value itself) and patterns (answered by
    /// echoing the request's origin).
    Listed {
        exact: ExactOrigins,
        patterns: &'static [OriginPattern<'static>],
        /// The exact origins, then the patterns, as text (`https://*.myapp.com`), for reports.
        entries: &'static [&'static str],
    },
    /// Read from the deployment when the application starts (`origins = env("VAR")`); none is
    /// allowed until they are.
    AtStartup(&'static OriginsAtStartup),
    /// Each tenant's, changed while the server runs (`origins = tenants(NAME)`): a request is
    /// granted only with the origins of the tenant it names.
    Tenants {
        set: &'static TenantOrigins,
        /// The `static`'s name as written, for reports and logs.
        name: &'static str,
    },
}

const ANY_ORIGIN: HeaderValue = HeaderValue::from_static("*");

impl AllowedOrigins {
    /// The `Access-Control-Allow-Origin` value a request from `origin` earns, if any.
    pub(crate) fn allow_origin_value(&self, origin: &HeaderValue) -> Option<HeaderValue> {
        match self {
            AllowedOrigins::Any => Some(ANY_ORIGIN),
            AllowedOrigins::Listed { exact, patterns, .. } => {
                let origin_bytes = origin.as_bytes();
                exact.find(origin_bytes).cloned().or_else(|| {
                    // Patterns stay a scan: a policy has a few, not thousands.
                    patterns
                        .iter()
                        .any(|pattern| pattern.matches(origin_bytes))
                        .then(|| origin.clone())
                })
            }
            AllowedOrigins::AtStartup(at_startup) => {
                at_startup.for_request()?.allow_origin_value(origin)
            }
            // The tenant is the request's: without one, nothing is granted.
            AllowedOrigins::Tenants { .. } => None,
        }
    }

    /// [`allow_origin_value`](Self::allow_origin_value) for `request`, which names the tenant
    /// under `origins = tenants(..)`.
    pub(crate) fn allow_origin_value_on(
        &self,
        origin: &HeaderValue,
        request: &HttpRequest,
    ) -> Option<HeaderValue> {
        match self {
            AllowedOrigins::Tenants { set, .. } => set.allowed_origin_value(origin, request),
            listed => listed.allow_origin_value(origin),
        }
    }

    /// The tenant origin set and its name, under `origins = tenants(..)`.
    pub(crate) fn tenants(&self) -> Option<(&'static TenantOrigins, &'static str)> {
        match self {
            AllowedOrigins::Tenants { set, name } => Some((set, name)),
            _ => None,
        }
    }

    /// Each allowed origin or pattern as written in a policy (`*`, `https://*.myapp.com`);
    /// none while origins read at startup are not loaded yet.
    pub(crate) fn entries(&self) -> &'static [&'static str] {
        match self {
            AllowedOrigins::Any => &["*"],
            AllowedOrigins::Listed { entries, .. } => entries,
            AllowedOrigins::AtStartup(at_startup) => {
                at_startup.loaded().map_or(&[], AllowedOrigins::entries)
            }
            AllowedOrigins::Tenants { .. } => &[],
        }
    }

    /// The environment variable the origins are read from at startup, if they are.
    pub(crate) fn origins_env(&self) -> Option<&'static str> {
        match self {
            AllowedOrigins::AtStartup(at_startup) => Some(at_startup.origins_env),
            _ => None,
        }
    }
}

/// The exact origins of a policy, each the `Access-Control-Allow-Origin` value it earns, and
/// the index that finds a request's origin among them whatever their number (built by the
/// macro at compile time, or at startup for `origins = env(..)`; none for a short list).
#[doc(hidden)]
#[derive(Debug)]
pub struct ExactOrigins {
    values: &'static [HeaderValue],
    index: OriginIndex<'static>,
}

impl ExactOrigins {
    /// `values`, found through `index`, which `cors_rules::build_index` built over them in
    /// this order.
    pub const fn new(values: &'static [HeaderValue], index: OriginIndex<'static>) -> Self {
        ExactOrigins { values, index }
    }

    /// The listed value whose bytes are `origin`'s: browsers send an origin in one canonical
    /// form, and listed origins are in that form, so bytes decide.
    fn find(&self, origin: &[u8]) -> Option<&'static HeaderValue> {
        let values = self.values;
        if self.index.is_none() {
            return values.iter().find(|allowed| allowed.as_bytes() == origin);
        }
        let position = self.index.find(origin, |position| values[position].as_bytes() == origin)?;
        Some(&values[position])
    }
}

/// The origins of one handler's policy that are read at startup, empty until they are loaded.
#[doc(hidden)]
#[derive(Debug)]
pub struct OriginsAtStartup {
    pub(crate) origins_env: &'static str,
    pub(crate) credentials: bool,
    pub(crate) allow_http_origins: bool,
    pub(crate) write_guard: Option<WriteGuard>,
    loaded: OnceLock<AllowedOrigins>,
    reported_unloaded: AtomicBool,
}

/// An [`OriginsAtStartup`] for `cors_runtime::init` to load: the macro submits one for each
/// `origins = env("VAR")` handler, so loading needs no walk over the routes.
#[doc(hidden)]
#[derive(Debug)]
pub struct OriginsToLoad(pub &'static OriginsAtStartup);

inventory::collect!(OriginsToLoad);

impl OriginsAtStartup {
    /// The origins read from `origins_env`, for a policy with those `credentials`,
    /// `dangerously_allow_http_origins` and write guard (`reject_unlisted_writes`, `report_unlisted_writes`) settings, which decide
    /// what values are acceptable.
    pub const fn new(
        origins_env: &'static str,
        credentials: bool,
        allow_http_origins: bool,
        write_guard: Option<WriteGuard>,
    ) -> Self {
        OriginsAtStartup {
            origins_env,
            credentials,
            allow_http_origins,
            write_guard,
            loaded: OnceLock::new(),
            reported_unloaded: AtomicBool::new(false),
        }
    }

    /// Every `OriginsAtStartup` linked into the program.
    pub(crate) fn all() -> impl Iterator<Item = &'static OriginsAtStartup> {
        inventory::iter::<OriginsToLoad>.into_iter().map(|to_load| to_load.0)
    }

    pub(crate) fn loaded(&self) -> Option<&AllowedOrigins> {
        self.loaded.get()
    }

    /// Keeps `origins` for the life of the program; `false` if origins were loaded before.
    pub(crate) fn load(&self, origins: AllowedOrigins) -> bool {
        self.loaded.set(origins).is_ok()
    }

    /// The loaded origins for judging a request; says once, loudly, when there are none.
    fn for_request(&self) -> Option<&AllowedOrigins> {
        let loaded = self.loaded.get();
        if loaded.is_none() && !self.reported_unloaded.swap(true, Ordering::Relaxed) {
            log::error!(
                "CORS origins from {} were never loaded, so no origin is allowed: call cors_runtime::init() in main before starting the server",
                self.origins_env
            );
        }
        loaded
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use cors_rules::Wildcard;

    pub(crate) static EXACT: [HeaderValue; 2] = [
        HeaderValue::from_static("https://myapp.com"),
        HeaderValue::from_static("http://localhost:3000"),
    ];
    pub(crate) static PATTERNS: [OriginPattern<'static>; 1] =
        [OriginPattern::from_parts("https://", Wildcard::Subdomains, ".myapp.com")];
    static LISTED: AllowedOrigins = AllowedOrigins::Listed {
        exact: ExactOrigins::new(&EXACT, OriginIndex::NONE),
        patterns: &PATTERNS,
        entries: &["https://myapp.com", "http://localhost:3000", "https://*.myapp.com"],
    };

    fn origin(text: &'static str) -> HeaderValue {
        HeaderValue::from_static(text)
    }

    #[test]
    fn exact_origins_answer_with_the_static_value() {
        let allowed = LISTED.allow_origin_value(&origin("https://myapp.com")).unwrap();
        assert_eq!(allowed, "https://myapp.com");
        assert_eq!(
            LISTED.allow_origin_value(&origin("https://a.b.myapp.com")).unwrap(),
            "https://a.b.myapp.com"
        );
    }

    #[test]
    fn lookalike_origins_never_match() {
        for lookalike in [
            "https://myapp.com.evil.com",
            "https://evilmyapp.com",
            "http://myapp.com",
            "https://myapp.com:8443",
            "https://MYAPP.com",
            "https://myapp.com/",
            "null",
            "",
        ] {
            assert!(LISTED.allow_origin_value(&origin(lookalike)).is_none(), "{lookalike}");
        }
    }

    #[test]
    fn wildcard_policy_answers_star() {
        let any = AllowedOrigins::Any;
        assert_eq!(any.allow_origin_value(&origin("https://anyone.example")).unwrap(), "*");
    }

    #[test]
    fn origins_at_startup_allow_none_until_loaded() {
        static AT_STARTUP: OriginsAtStartup =
            OriginsAtStartup::new("TEST_ORIGINS", false, false, None);
        let origins = AllowedOrigins::AtStartup(&AT_STARTUP);
        assert!(origins.allow_origin_value(&origin("https://myapp.com")).is_none());
        assert_eq!(origins.entries(), [] as [&str; 0]);
        assert!(AT_STARTUP.load(AllowedOrigins::Any));
        assert_eq!(origins.allow_origin_value(&origin("https://myapp.com")).unwrap(), "*");
        assert_eq!(origins.entries(), ["*"]);
        assert!(!AT_STARTUP.load(AllowedOrigins::Any), "origins are loaded once");
    }
}
