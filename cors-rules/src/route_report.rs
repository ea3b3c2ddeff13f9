//! The route report: what every `#[cors]` route of a program allows, as JSON.
//!
//! `cors-runtime` writes it (`routes_json()`) and `cors-check routes` reads it, so its one
//! definition lives here, between the two. `format` changes whenever a reader of the previous
//! format would misread a report; fields added with a default do not change it.
//!
//! ```
//! use cors_rules::route_report::{FORMAT, Route, RouteReport};
//!
//! let report = RouteReport::new(vec![Route {
//!     handler: "read_data".to_owned(),
//!     policy: None,
//!     path: "/api/data".to_owned(),
//!     methods: vec!["GET".to_owned()],
//!     allowed_methods: vec!["GET".to_owned()],
//!     origins: vec!["https://myapp.com".to_owned()],
//!     origins_env: None,
//!     methods_env: None,
//!     headers_env: None,
//!     expose_env: None,
//!     max_age_env: None,
//!     headers: vec!["content-type".to_owned()],
//!     expose: vec![],
//!     credentials: true,
//!     max_age: Some(600),
//!     reject_unlisted_writes: false,
//!     report_unlisted_writes: false,
//!     wrapped: false,
//!     under_wrap: false,
//!     public_websocket: false,
//!     tenants: None,
//! }]);
//! let json = serde_json::to_string(&report)?;
//! assert!(json.starts_with(&format!(r#"{{"format":{FORMAT},"routes":[{{"handler":"read_data""#)));
//! assert_eq!(RouteReport::from_json(&json).unwrap(), report);
//! # Ok::<(), serde_json::Error>(())
//! ```

use std::fmt;

use serde::{Deserialize, Serialize};

/// The format this crate writes and reads.
pub const FORMAT: u32 = 1;

/// Every `#[cors]` route of a program, sorted by path, then handler.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RouteReport {
    /// The report's format: [`FORMAT`] when written by this version.
    pub format: u32,
    /// One entry per route.
    pub routes: Vec<Route>,
}

/// One `#[cors]` route: where it is served and what its policy allows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Route {
    /// The handler function's name.
    pub handler: String,
    /// The named policy the handler uses (`#[cors(policy = API)]`), if any.
    pub policy: Option<String>,
    /// The path as written in the route attribute, parameters included (`/items/{id}`), with
    /// the prefix of an enclosing `#[scope]` module (a `web::scope(..)` prefix is not known).
    pub path: String,
    /// The methods the route serves at `path`.
    pub methods: Vec<String>,
    /// The methods its policy allows cross-origin (`*` for every one): a served method outside
    /// them is refused.
    pub allowed_methods: Vec<String>,
    /// Exact origins, `https://*.domain` patterns, or `*`; empty until the origins of
    /// `origins_env` are loaded.
    pub origins: Vec<String>,
    /// The environment variable the origins are read from at startup (`origins = env("VAR")`).
    pub origins_env: Option<String>,
    /// The environment variable `allowed_methods` is read from at startup
    /// (`methods = env("VAR")`); empty until it is loaded.
    #[serde(default)]
    pub methods_env: Option<String>,
    /// The environment variable `headers` is read from at startup; empty until it is loaded.
    #[serde(default)]
    pub headers_env: Option<String>,
    /// The environment variable `expose` is read from at startup; empty until it is loaded.
    #[serde(default)]
    pub expose_env: Option<String>,
    /// The environment variable `max_age` is read from at startup; `None` until it is loaded.
    #[serde(default)]
    pub max_age_env: Option<String>,
    /// The request headers a page may send, lower-case (`*` for any).
    pub headers: Vec<String>,
    /// The response headers a page may read, lower-case.
    pub expose: Vec<String>,
    /// Whether the page may send credentials.
    pub credentials: bool,
    /// How long, in seconds, browsers may cache a preflight's answer, when set.
    pub max_age: Option<u32>,
    /// Whether writes a browser sends from an origin the policy does not list are rejected
    /// with `403` before the handler runs (`reject_unlisted_writes`).
    #[serde(default)]
    pub reject_unlisted_writes: bool,
    /// Whether such writes are only logged and counted, and let through
    /// (`report_unlisted_writes`: the write guard's rollout).
    #[serde(default)]
    pub report_unlisted_writes: bool,
    /// Whether this entry is a named policy applied with `.wrap(..)` rather than a handler:
    /// `handler` is then `.wrap(NAME)`, `path` the prefix it covers (`/` for a whole app;
    /// empty when no request had come through it when the report was made), and `methods`
    /// the methods it allows.
    #[serde(default)]
    pub wrapped: bool,
    /// Whether a request reached this `#[cors]` route beneath a named policy applied with
    /// `.wrap(..)`: the route's own policy still decides for its requests and preflights, so
    /// the policy around it grants nothing more there. Learnt from requests, like a wrap's
    /// prefix.
    #[serde(default)]
    pub under_wrap: bool,
    /// Whether WebSocket handshakes are accepted from any origin (`public_websocket`); without
    /// it, a handshake a browser sends from an origin not in `origins` gets `403`.
    #[serde(default)]
    pub public_websocket: bool,
    /// The run-time set the origins come from, one list per tenant (`origins = tenants(NAME)`);
    /// `origins` is then empty.
    #[serde(default)]
    pub tenants: Option<TenantSet>,
}

/// A run-time tenant origin set, as a route report shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TenantSet {
    /// The `static` named in `tenants(..)`.
    pub name: String,
    /// What a request's tenant is read from.
    pub keyed_by: KeyedBy,
    /// For a set keyed by host: the proxies (addresses and CIDR ranges) whose
    /// `X-Forwarded-Host` names the tenant of their requests in place of `Host`. Empty, and
    /// left out of the JSON, when only `Host` is read.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub forwarded_host_from: Vec<String>,
    /// How many tenants have origins (0 while the set was never loaded).
    pub tenants: usize,
    /// How many origins and patterns they have together.
    pub origins: usize,
    /// When the set last changed, in seconds since the Unix epoch.
    pub changed: Option<u64>,
    /// A few tenants and their origins, for a checker to try: each tenant's origins must be
    /// granted on its own host or path, and refused on another's.
    pub sample: Vec<TenantSample>,
}

/// What a request's tenant is read from: `"host"`, or `{"path": "tenant"}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyedBy {
    /// The request's `Host`: its name, lower-case, without the port (or, from the proxies in
    /// [`TenantSet::forwarded_host_from`], their `X-Forwarded-Host`).
    Host,
    /// The named parameter of the matched path.
    Path(String),
}

/// One tenant of a [`TenantSet`] and its origins.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TenantSample {
    /// The tenant: a host, or a path segment.
    pub tenant: String,
    /// Its origins and patterns.
    pub origins: Vec<String>,
}

impl RouteReport {
    /// A report of `routes` in the current [`FORMAT`].
    pub fn new(routes: Vec<Route>) -> Self {
        Self { format: FORMAT, routes }
    }

    /// Reads a report written in the current [`FORMAT`].
    ///
    /// # Errors
    ///
    /// When `json` is not a report, or one of another format; the error says how to make one.
    pub fn from_json(json: &str) -> Result<Self, ReadError> {
        #[derive(Deserialize)]
        struct Versioned {
            format: Option<u32>,
        }
        let versioned: Versioned = serde_json::from_str(json).map_err(ReadError::Json)?;
        match versioned.format {
            Some(FORMAT) => serde_json::from_str(json).map_err(ReadError::Json),
            other => Err(ReadError::Format(other)),
        }
    }
}

/// Why a route report cannot be read.
#[derive(Debug)]
#[non_exhaustive]
pub enum ReadError {
    /// It is not JSON, or not a report of this shape.
    Json(serde_json::Error),
    /// It is a report of another format (`None`: written before reports had one).
    Format(Option<u32>),
}

impl fmt::Display for ReadError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Json(error) => {
                let what = match error.classify() {
                    serde_json::error::Category::Data => "a route report",
                    _ => "JSON",
                };
                write!(
                    formatter,
                    "it is not {what} ({error}); make it with cors_runtime::routes_json()"
                )
            }
            Self::Format(None) => write!(
                formatter,
                "it has no `format` field, so an older cors-runtime wrote it; make it again with \
                 this version's cors_runtime::routes_json()"
            ),
            Self::Format(Some(format)) => write!(
                formatter,
                "it is in format {format}, and this version reads format {FORMAT}; use the \
                 cors-check of the same release as the cors-runtime that wrote it"
            ),
        }
    }
}

impl std::error::Error for ReadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Json(error) => Some(error),
            Self::Format(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_of_another_format_are_refused_with_the_reason() {
        let old = r#"{"routes": []}"#;
        assert!(matches!(RouteReport::from_json(old), Err(ReadError::Format(None))));
        let newer = r#"{"format": 2, "routes": []}"#;
        let error = RouteReport::from_json(newer).unwrap_err();
        assert!(error.to_string().contains("format 2"), "{error}");
    }

    #[test]
    fn a_missing_field_is_named() {
        let json = r#"{"format": 1, "routes": [{"handler": "h"}]}"#;
        let error = RouteReport::from_json(json).unwrap_err().to_string();
        assert!(error.starts_with("it is not a route report (missing field `path`"), "{error}");
    }

    #[test]
    fn a_set_reading_only_host_is_written_as_before_trusted_proxies_existed() {
        let mut set = TenantSet {
            name: "CUSTOMERS".to_owned(),
            keyed_by: KeyedBy::Host,
            forwarded_host_from: Vec::new(),
            tenants: 0,
            origins: 0,
            changed: None,
            sample: Vec::new(),
        };
        let before = r#"{"name":"CUSTOMERS","keyed_by":"host","tenants":0,"origins":0,"changed":null,"sample":[]}"#;
        assert_eq!(serde_json::to_string(&set).unwrap(), before);
        assert_eq!(serde_json::from_str::<TenantSet>(before).unwrap(), set);
        set.forwarded_host_from = vec!["10.0.0.0/8".to_owned()];
        let json = serde_json::to_string(&set).unwrap();
        assert!(
            json.contains(r#""keyed_by":"host","forwarded_host_from":["10.0.0.0/8"],"#),
            "{json}"
        );
        assert_eq!(serde_json::from_str::<TenantSet>(&json).unwrap(), set);
    }

    #[test]
    fn not_json_says_how_to_make_a_report() {
        let error = RouteReport::from_json("routes").unwrap_err().to_string();
        assert!(error.starts_with("it is not JSON ("), "{error}");
        assert!(error.ends_with("make it with cors_runtime::routes_json()"), "{error}");
    }
}
