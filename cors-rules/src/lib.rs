//! The rules a CORS policy must follow, shared by the `#[cors(...)]` attribute (which checks a
//! policy at compile time) and `cors-runtime` (which checks values it reads at startup).
//!
//! A [`Draft`] is a policy as written, each value tagged with where it was written (`L`: a span
//! in the macro, an entry of an environment variable at startup). [`Draft::check`] returns the
//! canonical [`ValidPolicy`], or every [`Problem`] found, each at the value it concerns, so a
//! user sees all mistakes at once.
//!
//! ```
//! use cors_rules::Draft;
//!
//! let draft = Draft {
//!     origins: vec![(0, "https://myapp.com/".to_owned()), (1, "*".to_owned())],
//!     credentials: Some(2),
//!     ..Draft::new(0)
//! };
//! let problems = draft.check().unwrap_err();
//! assert_eq!(problems.len(), 4); // the slash, `*` beside others, `*` and `credentials`
//! assert!(problems[0].problem.help.contains("`https://myapp.com`"));
//! ```

// No unsafe code in the published crates (why the fuzz targets need no sanitizer:
// fuzz/README.md). Here, not in `[lints]`, which would also cover tests that count allocations.
#![forbid(unsafe_code)]

use std::collections::HashSet;

pub mod fetch;
mod host;
mod look_alike;
mod names;
mod origin;
mod origin_index;
mod pattern;
mod problem;
#[cfg(feature = "route-report")]
pub mod route_report;

pub use host::{public_suffix_len, registrable_domain};
pub use look_alike::{LookAlike, imitable, look_alike};
pub use names::{Name, check_exposed_header, check_method, check_request_header};
pub use origin::{AllowedOrigin, Origin, Scheme, canonical_origin, parse_origin};
pub use origin_index::{OriginIndex, Slot, build_index};
pub use pattern::{OriginPattern, Wildcard};
pub use problem::{Located, Problem};

/// The longest preflight cache lifetime browsers honour (Firefox; Chromium caps at 7200 s).
pub const MAX_AGE_LIMIT: u64 = 86_400;

/// A policy as written, before any check; `L` says where each value was written.
#[derive(Debug, Clone)]
pub struct Draft<L> {
    /// Where the origin list as a whole was written (for an empty list).
    pub origins_at: L,
    /// `origins` entries.
    pub origins: Vec<(L, String)>,
    /// `dev_origins` entries: origins allowed only in debug builds, checked with `origins` as
    /// one list.
    pub dev_origins: Vec<(L, String)>,
    /// `methods` entries.
    pub methods: Vec<(L, String)>,
    /// `headers` entries: request headers a page may send.
    pub headers: Vec<(L, String)>,
    /// `expose` entries: response headers a page may read.
    pub expose: Vec<(L, String)>,
    /// `max_age`, in seconds.
    pub max_age: Option<(L, u64)>,
    /// Where `credentials` was switched on, if it was.
    pub credentials: Option<L>,
    /// Where the `dangerously_allow_http_origins` opt-out was written, if it was.
    pub allow_http_origins: Option<L>,
    /// Where `reject_unlisted_writes` or `report_unlisted_writes` was written, and which.
    pub write_guard: Option<(L, WriteGuard)>,
    /// Where `public_websocket` was written, if it was: WebSocket handshakes from any origin.
    pub public_websocket: Option<L>,
    /// Whether the origins are read when the application starts (`origins = env("VAR")`): the
    /// origin rules then run on the values read, with this draft's other keys.
    pub origins_at_startup: bool,
}

impl<L> Draft<L> {
    /// An empty draft whose origin list was written at `origins_at`.
    pub fn new(origins_at: L) -> Self {
        Draft {
            origins_at,
            origins: Vec::new(),
            dev_origins: Vec::new(),
            methods: Vec::new(),
            headers: Vec::new(),
            expose: Vec::new(),
            max_age: None,
            credentials: None,
            allow_http_origins: None,
            write_guard: None,
            public_websocket: None,
            origins_at_startup: false,
        }
    }
}

/// What a policy does with a write (a method other than GET, HEAD and OPTIONS) that a browser
/// sends from an origin the policy does not list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum WriteGuard {
    /// `report_unlisted_writes`: logged and counted as a write it would reject, and let through;
    /// the one word to change to enforce it.
    Report,
    /// `reject_unlisted_writes`: answered `403` before the handler runs.
    Reject,
}

impl WriteGuard {
    /// The `#[cors]` key that sets it.
    #[must_use]
    pub const fn key(self) -> &'static str {
        match self {
            WriteGuard::Report => "report_unlisted_writes",
            WriteGuard::Reject => "reject_unlisted_writes",
        }
    }

    const fn verb(self) -> &'static str {
        match self {
            WriteGuard::Report => "reports",
            WriteGuard::Reject => "rejects",
        }
    }
}

/// A checked policy in canonical form, ready to be turned into header values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidPolicy {
    /// Either `[AllowedOrigin::Any]` alone or exact origins and patterns; empty when the
    /// origins are read at startup.
    pub origins: Vec<AllowedOrigin>,
    /// The origins and patterns allowed besides `origins` in debug builds only.
    pub dev_origins: Vec<AllowedOrigin>,
    /// Methods, as written.
    pub methods: NameList,
    /// Allowed request headers, lower-case and sorted.
    pub headers: NameList,
    /// Exposed response headers, lower-case and sorted.
    pub expose: NameList,
    /// Preflight cache lifetime in seconds.
    pub max_age: Option<u32>,
    /// Whether cookies and HTTP authentication may be sent.
    pub credentials: bool,
    /// Whether `dangerously_allow_http_origins` was given.
    pub allow_http_origins: bool,
    /// What happens to writes (unsafe methods) a browser sends from an origin the policy does
    /// not list: nothing (`None`), reported, or rejected before the handler runs.
    pub write_guard: Option<WriteGuard>,
    /// Whether WebSocket handshakes are accepted from any origin (`public_websocket`); without
    /// it, a handshake a browser sends from an origin the policy does not list is refused.
    pub public_websocket: bool,
}

impl ValidPolicy {
    /// Whether any origin may call (the policy's `origins` is `["*"]`).
    pub fn allows_any_origin(&self) -> bool {
        self.origins == [AllowedOrigin::Any]
    }
}

/// A checked `methods`, `headers` or `expose` list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NameList {
    /// Whether `*` was listed.
    pub wildcard: bool,
    /// The names listed besides `*`.
    pub names: Vec<String>,
}

impl NameList {
    /// The list as one header value (`*, authorization`, `GET, POST`), or `None` when empty.
    pub fn header_value(&self) -> Option<String> {
        let wildcard = self.wildcard.then_some("*");
        let items: Vec<&str> =
            wildcard.into_iter().chain(self.names.iter().map(String::as_str)).collect();
        (!items.is_empty()).then(|| items.join(", "))
    }
}

impl<L: Clone> Draft<L> {
    /// Checks every rule and returns the canonical policy, or all problems found.
    pub fn check(&self) -> Result<ValidPolicy, Vec<Located<L>>> {
        let mut problems = Vec::new();
        let (origins, dev_origins) = self.check_origins(&mut problems);
        let methods = self.check_names("methods", &self.methods, check_method, &mut problems);
        let mut headers =
            self.check_names("headers", &self.headers, check_request_header, &mut problems);
        let mut expose =
            self.check_names("expose", &self.expose, check_exposed_header, &mut problems);
        headers.names.sort();
        expose.names.sort();
        let max_age = self.max_age.as_ref().and_then(|(at, seconds)| {
            let checked = u32::try_from(*seconds).ok().filter(|&s| u64::from(s) <= MAX_AGE_LIMIT);
            if checked.is_none() {
                problems.push(located(at, Problem::new(
                    format!("`max_age` is at most {MAX_AGE_LIMIT} seconds (one day): browsers ignore longer lifetimes (Chromium caps preflight caching at 7200)"),
                    "write a number of seconds from 0 to 86400, e.g. `max_age = 3600`",
                )));
            }
            checked
        });
        if problems.is_empty() {
            Ok(ValidPolicy {
                origins,
                dev_origins,
                methods,
                headers,
                expose,
                max_age,
                credentials: self.credentials.is_some(),
                allow_http_origins: self.allow_http_origins.is_some(),
                write_guard: self.write_guard.as_ref().map(|(_, guard)| *guard),
                public_websocket: self.public_websocket.is_some(),
            })
        } else {
            Err(problems)
        }
    }

    /// The `origins`, then the `dev_origins`, checked as one list: what debug builds allow.
    fn check_origins(
        &self,
        problems: &mut Vec<Located<L>>,
    ) -> (Vec<AllowedOrigin>, Vec<AllowedOrigin>) {
        if self.origins_at_startup {
            return (Vec::new(), Vec::new());
        }
        if self.origins.is_empty() {
            problems.push(located(&self.origins_at, Problem::new(
                "no origin is allowed, so every cross-origin call to this route would be blocked",
                "list the origins of the pages that call this route, e.g. `origins = [\"https://myapp.com\"]`",
            )));
        }
        let mut allowed: Vec<AllowedOrigin> = Vec::new();
        // Beside `allowed`, so that finding duplicates among 100,000 origins read at startup
        // does not take quadratic time.
        let mut seen: HashSet<AllowedOrigin> = HashSet::new();
        let mut needs_http_opt_out = false;
        let entries = self.origins.len() + self.dev_origins.len();
        let mut dev_origins: Vec<AllowedOrigin> = Vec::new();
        for (entry, (at, text)) in self.origins.iter().chain(&self.dev_origins).enumerate() {
            let origin = match parse_origin(text) {
                Ok(origin) => origin,
                Err(problem) => {
                    problems.push(located(at, problem));
                    continue;
                }
            };
            if !seen.insert(origin.clone()) {
                problems.push(located(at, duplicate_problem("origins", &origin.to_string())));
                continue;
            }
            match &origin {
                AllowedOrigin::Any => {
                    if entries > 1 {
                        problems.push(located(at, Problem::new(
                            "`*` already allows every origin, so listing other origins beside it means nothing",
                            "keep `\"*\"` alone for a public route, or remove it and list the origins",
                        )));
                    }
                    if let Some((writes_at, guard)) = &self.write_guard {
                        let key = guard.key();
                        for place in [at, writes_at] {
                            problems.push(located(place, Problem::new(
                                format!("`{key}` {} nothing with `origins = [\"*\"]`: every origin is listed", guard.verb()),
                                format!("list the origins that may write, or remove `{key}`"),
                            )));
                        }
                    }
                    if let Some(websocket_at) = &self.public_websocket {
                        problems.push(located(websocket_at, Problem::new(
                            "`public_websocket` changes nothing with `origins = [\"*\"]`: a page on any origin may already open the route's WebSockets",
                            "remove `public_websocket`",
                        )));
                    }
                    if let Some(credentials_at) = &self.credentials {
                        problems.push(located(at, wildcard_with_credentials("origins", "\"*\"")));
                        problems.push(located(
                            credentials_at,
                            wildcard_with_credentials("origins", "credentials"),
                        ));
                    }
                }
                AllowedOrigin::Exact(base)
                | AllowedOrigin::Subdomains(base)
                | AllowedOrigin::InLabel { base, .. }
                | AllowedOrigin::AnyPort(base) => {
                    // A port pattern's origin is loopback; a host pattern's, its base's scheme.
                    let insecure = base.scheme == Scheme::Http && !base.is_loopback();
                    if insecure && self.credentials.is_some() {
                        needs_http_opt_out = true;
                        if self.allow_http_origins.is_none() {
                            problems.push(located(at, Problem::new(
                                format!("`{origin}` is plain http: anyone on the network path can read or change what it sends, so giving it your users' cookies is unsafe"),
                                format!(
                                    "use `{}`; if plain http is deliberate (a closed network), add `dangerously_allow_http_origins`",
                                    origin.to_string().replacen("http://", "https://", 1)
                                ),
                            )));
                        }
                    }
                }
            }
            if entry < self.origins.len() {
                allowed.push(origin);
            } else {
                dev_origins.push(origin);
            }
        }
        if let (Some(at), false) = (&self.allow_http_origins, needs_http_opt_out) {
            problems.push(located(at, Problem::new(
                "`dangerously_allow_http_origins` has no effect here: it only permits non-loopback `http://` origins together with `credentials`",
                "remove `dangerously_allow_http_origins`",
            )));
        }
        (allowed, dev_origins)
    }

    fn check_names(
        &self,
        key: &str,
        entries: &[(L, String)],
        check: fn(&str) -> Result<Name, Problem>,
        problems: &mut Vec<Located<L>>,
    ) -> NameList {
        let mut list = NameList::default();
        for (at, text) in entries {
            match check(text) {
                Err(problem) => problems.push(located(at, problem)),
                Ok(Name::Wildcard) => {
                    if list.wildcard {
                        problems.push(located(at, duplicate_problem(key, "*")));
                    }
                    list.wildcard = true;
                    if let Some(credentials_at) = &self.credentials {
                        problems.push(located(at, wildcard_with_credentials(key, "\"*\"")));
                        problems.push(located(
                            credentials_at,
                            wildcard_with_credentials(key, "credentials"),
                        ));
                    }
                }
                Ok(Name::Listed(name)) => {
                    if list.names.contains(&name) {
                        problems.push(located(at, duplicate_problem(key, text)));
                    } else {
                        list.names.push(name);
                    }
                }
            }
        }
        list
    }
}

fn located<L: Clone>(at: &L, problem: Problem) -> Located<L> {
    Located { at: at.clone(), problem }
}

fn duplicate_problem(key: &str, entry: &str) -> Problem {
    Problem::new(
        format!("`{entry}` is listed twice in `{key}`"),
        format!("remove the second `{entry}`"),
    )
}

/// The error for `*` in `key` together with `credentials`, worded for the token it sits on.
fn wildcard_with_credentials(key: &str, token: &str) -> Problem {
    let message = if token == "credentials" {
        format!(
            "`credentials` cannot be combined with `*` in `{key}`: browsers refuse the wildcard when a request carries cookies or HTTP authentication, and block the call"
        )
    } else {
        format!(
            "`*` in `{key}` cannot be combined with `credentials`: browsers refuse the wildcard when a request carries cookies or HTTP authentication, and block the call"
        )
    };
    let help = match key {
        "origins" => "list the exact origins, e.g. `origins = [\"https://myapp.com\"]`, or remove `credentials` for a public route".to_owned(),
        _ => format!("list the exact names in `{key}`, or remove `credentials`"),
    };
    Problem::new(message, help)
}

#[cfg(test)]
mod tests;
