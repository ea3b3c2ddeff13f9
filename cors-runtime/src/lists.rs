//! A policy's methods, request headers, exposed headers and `max_age` with their header values:
//! computed by the macro at compile time, or, when a key is read from the deployment
//! (`headers = env("API_HEADERS")`, ...), built once when the application starts.
//!
//! Both `policy` (which reads them for each request) and `env_lists` (which loads the
//! variables) build on this module; it depends on neither.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

use actix_web::http::header::HeaderValue;

/// The lists of a policy and the header values computed from them.
#[doc(hidden)]
#[derive(Debug)]
pub struct Lists {
    pub methods: NameList,
    /// Lower-case names.
    pub headers: NameList,
    /// Lower-case names.
    pub expose: NameList,
    /// Seconds.
    pub max_age: Option<u32>,
    /// The header values, computed from the fields above.
    pub header_values: HeaderValues,
}

impl Lists {
    /// What `key` holds, for the log line that says what was loaded.
    pub(crate) fn describe(&self, key: &str) -> String {
        let list = match key {
            "methods" => &self.methods,
            "headers" => &self.headers,
            "expose" => &self.expose,
            _ => {
                return self
                    .max_age
                    .map_or_else(|| "-".to_owned(), |seconds| format!("{seconds}s"));
            }
        };
        let entries: Vec<&str> = list.entries().collect();
        if entries.is_empty() { "none".to_owned() } else { entries.join(", ") }
    }
}

/// The header values of a policy, sent as they are.
#[doc(hidden)]
#[derive(Debug)]
pub struct HeaderValues {
    /// `Access-Control-Allow-Methods`.
    pub allow_methods: HeaderValue,
    /// `Access-Control-Allow-Headers`, when any header is allowed.
    pub allow_headers: Option<HeaderValue>,
    /// `Access-Control-Expose-Headers`.
    pub expose_headers: Option<HeaderValue>,
    /// `Access-Control-Max-Age`.
    pub max_age: Option<HeaderValue>,
}

/// The methods, request headers or exposed headers a policy lists.
#[doc(hidden)]
#[derive(Debug)]
pub struct NameList {
    /// Whether `*` was listed.
    pub wildcard: bool,
    /// The names listed besides `*`.
    pub names: &'static [&'static str],
}

impl NameList {
    /// `*` (when listed) and then the names, as the policy's header value lists them.
    pub(crate) fn entries(&self) -> impl Iterator<Item = &'static str> + Clone + use<> {
        let names = self.names;
        self.wildcard.then_some("*").into_iter().chain(names.iter().copied())
    }
}

/// Where a policy's lists come from.
#[doc(hidden)]
#[derive(Debug)]
#[allow(
    clippy::large_enum_variant,
    reason = "built in `static`s, where nothing can be boxed; one per policy"
)]
pub enum PolicyLists {
    /// All written in the attribute, header values computed at compile time.
    Written(Lists),
    /// At least one key read from the deployment when the application starts; nothing is
    /// allowed until they are.
    AtStartup(&'static ListsAtStartup),
}

impl PolicyLists {
    /// The lists for judging a request: `None` while keys read at startup are not loaded.
    pub(crate) fn for_request(&self) -> Option<&Lists> {
        match self {
            PolicyLists::Written(lists) => Some(lists),
            PolicyLists::AtStartup(at_startup) => at_startup.for_request(),
        }
    }

    /// The lists for reports, without the warning about unloaded keys.
    pub(crate) fn loaded(&self) -> Option<&Lists> {
        match self {
            PolicyLists::Written(lists) => Some(lists),
            PolicyLists::AtStartup(at_startup) => at_startup.loaded.get(),
        }
    }

    /// The variables the keys are read from, if any.
    pub(crate) fn variables(&self) -> Option<&'static KeysFromEnv> {
        match self {
            PolicyLists::Written(_) => None,
            PolicyLists::AtStartup(at_startup) => Some(&at_startup.keys.env),
        }
    }
}

/// One `methods`, `headers` or `expose` list of a policy with a key read at startup: the
/// entries the attribute wrote (a handler's `expose` added to a named policy's, say), to which
/// those of the variable are added.
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub struct WrittenNames {
    /// Whether `*` was written.
    pub wildcard: bool,
    /// The names written besides `*`, as the macro canonicalized them.
    pub names: &'static [&'static str],
}

/// The environment variables a policy's keys are read from (`None`: written in the attribute).
#[doc(hidden)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct KeysFromEnv {
    pub methods: Option<&'static str>,
    pub headers: Option<&'static str>,
    pub expose: Option<&'static str>,
    pub max_age: Option<&'static str>,
}

impl KeysFromEnv {
    /// Each key read from the deployment with its variable, in the attribute's order.
    pub(crate) fn pairs(&self) -> impl Iterator<Item = (&'static str, &'static str)> + use<> {
        [
            ("methods", self.methods),
            ("headers", self.headers),
            ("expose", self.expose),
            ("max_age", self.max_age),
        ]
        .into_iter()
        .filter_map(|(key, variable)| Some((key, variable?)))
    }
}

/// Everything a policy with keys read at startup needs to check and build its lists.
#[doc(hidden)]
#[derive(Debug)]
pub struct KeysAtStartup {
    /// The handler (or `.wrap(NAME)`) the policy belongs to, for errors.
    pub handler: &'static str,
    /// The variables.
    pub env: KeysFromEnv,
    /// Whether the policy allows credentials, which forbids `*` in every list.
    pub credentials: bool,
    /// The methods the routes serve, which methods read at startup must be among; `None` for a
    /// policy applied with `.wrap(..)`, which serves whatever is beneath it.
    pub served: Option<&'static [&'static str]>,
    /// Whether methods read at startup that a route does not serve are left out rather than
    /// refused: a named policy's methods apply where a route serves them.
    pub methods_apply_where_served: bool,
    pub methods: WrittenNames,
    pub headers: WrittenNames,
    pub expose: WrittenNames,
    pub max_age: Option<u32>,
}

/// The lists of one policy with keys read at startup, empty until they are loaded.
#[doc(hidden)]
#[derive(Debug)]
pub struct ListsAtStartup {
    pub(crate) keys: KeysAtStartup,
    loaded: OnceLock<Lists>,
    reported_unloaded: AtomicBool,
}

/// A [`ListsAtStartup`] for `cors_runtime::init` to load: the macro submits one for each policy
/// with keys read at startup, so loading needs no walk over the routes.
#[doc(hidden)]
#[derive(Debug)]
pub struct ListsToLoad(pub &'static ListsAtStartup);

inventory::collect!(ListsToLoad);

impl ListsAtStartup {
    pub const fn new(keys: KeysAtStartup) -> Self {
        ListsAtStartup { keys, loaded: OnceLock::new(), reported_unloaded: AtomicBool::new(false) }
    }

    /// Every `ListsAtStartup` linked into the program.
    pub(crate) fn all() -> impl Iterator<Item = &'static ListsAtStartup> {
        inventory::iter::<ListsToLoad>.into_iter().map(|to_load| to_load.0)
    }

    /// Keeps `lists` for the life of the program; `false` if lists were loaded before.
    pub(crate) fn load(&self, lists: Lists) -> bool {
        self.loaded.set(lists).is_ok()
    }

    /// The loaded lists; says once, loudly, when there are none. A lock-free read.
    fn for_request(&self) -> Option<&Lists> {
        let loaded = self.loaded.get();
        if loaded.is_none() && !self.reported_unloaded.swap(true, Ordering::Relaxed) {
            let variables: Vec<&str> =
                self.keys.env.pairs().map(|(_, variable)| variable).collect();
            log::error!(
                "CORS settings of `{}` from {} were never loaded, so every cross-origin call to it is refused: call cors_runtime::init() in main before starting the server",
                self.keys.handler,
                variables.join(", "),
            );
        }
        loaded
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) const NONE_WRITTEN: WrittenNames = WrittenNames { wildcard: false, names: &[] };

    /// A handler serving GET and PUT whose request headers come from `TEST_HEADERS`.
    pub(crate) const HEADERS_FROM_ENV: KeysAtStartup = KeysAtStartup {
        handler: "items",
        env: KeysFromEnv {
            methods: None,
            headers: Some("TEST_HEADERS"),
            expose: None,
            max_age: None,
        },
        credentials: false,
        served: Some(&["GET", "PUT"]),
        methods_apply_where_served: false,
        methods: WrittenNames { wildcard: false, names: &["GET", "PUT"] },
        headers: NONE_WRITTEN,
        expose: NONE_WRITTEN,
        max_age: None,
    };

    #[test]
    fn lists_read_at_startup_are_absent_until_loaded_and_loaded_once() {
        static AT_STARTUP: ListsAtStartup = ListsAtStartup::new(HEADERS_FROM_ENV);
        let lists = PolicyLists::AtStartup(&AT_STARTUP);
        assert!(lists.for_request().is_none());
        assert_eq!(
            lists.variables().unwrap().pairs().collect::<Vec<_>>(),
            [("headers", "TEST_HEADERS")]
        );
        let loaded = || Lists {
            methods: NameList { wildcard: false, names: &["GET"] },
            headers: NameList { wildcard: true, names: &[] },
            expose: NameList { wildcard: false, names: &[] },
            max_age: None,
            header_values: HeaderValues {
                allow_methods: HeaderValue::from_static("GET"),
                allow_headers: Some(HeaderValue::from_static("*")),
                expose_headers: None,
                max_age: None,
            },
        };
        assert!(AT_STARTUP.load(loaded()));
        assert!(lists.for_request().unwrap().headers.wildcard);
        assert!(!AT_STARTUP.load(loaded()), "lists are loaded once");
    }
}
