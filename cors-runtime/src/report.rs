//! The report of every `#[cors]` route: what each allows, for a startup log, a JSON export,
//! and `cors-check routes`, which checks a running server against it.

use std::fmt::Write;

use cors_rules::route_report::{self, RouteReport};

use crate::Policy;

/// One `#[cors]` route: a handler's path and methods, and its policy.
#[derive(Debug)]
pub struct Route {
    path: &'static str,
    methods: &'static [&'static str],
    policy: &'static Policy,
}

inventory::collect!(Route);

impl Route {
    #[doc(hidden)]
    pub const fn new(
        path: &'static str,
        methods: &'static [&'static str],
        policy: &'static Policy,
    ) -> Self {
        Route { path, methods, policy }
    }

    /// The handler function's name.
    pub fn handler(&self) -> &'static str {
        self.policy.handler()
    }

    /// The named policy the handler uses (`#[cors(policy = API)]`), if any.
    pub fn policy_name(&self) -> Option<&'static str> {
        self.policy.policy_name()
    }

    /// The path as written in the route attribute, with the prefix of an enclosing
    /// `#[scope]` module. A `web::scope(..)` prefix is not part of it: it is only known to
    /// the app that registers the handler.
    pub fn path(&self) -> &'static str {
        self.path
    }

    /// The methods the route serves at this path.
    pub fn methods(&self) -> &'static [&'static str] {
        self.methods
    }

    /// The handler's policy.
    pub fn policy(&self) -> &'static Policy {
        self.policy
    }
}

/// Every `#[cors]` route linked into the program, sorted by path, then handler.
pub fn routes() -> Vec<&'static Route> {
    let mut routes: Vec<&'static Route> = inventory::iter::<Route>.into_iter().collect();
    routes.sort_by_key(|route| (route.path, route.handler()));
    routes
}

/// Logs every `#[cors]` route's policy at `info`, one line per route, as a short table.
pub fn log_routes() {
    for line in routes_table().lines() {
        log::info!(target: "cors_runtime::routes", "{line}");
    }
}

/// Every `#[cors]` route's policy as a table, one line per route.
pub fn routes_table() -> String {
    let routes = routes();
    let mut table = format!("CORS policies of {} route(s):\n", routes.len());
    for route in routes {
        let policy = route.policy();
        let origins = match policy.origins_variable() {
            Some(variable) => format!("{} (from {variable})", list_or_none(&policy.origins())),
            None => policy.origins().join(", "),
        };
        let _ = write!(
            table,
            "  {:<12} {:<24} {:<16} origins: {origins}; headers: {}; expose: {}; credentials: {}; max_age: {}",
            route.methods().join(","),
            route.path(),
            route.handler(),
            list_or_none(&policy.headers()),
            list_or_none(&policy.exposed_headers()),
            if policy.allows_credentials() { "yes" } else { "no" },
            policy.max_age().map_or_else(|| "-".to_owned(), |seconds| format!("{seconds}s")),
        );
        table.push('\n');
    }
    table
}

fn list_or_none<T: AsRef<str>>(items: &[T]) -> String {
    if items.is_empty() {
        "-".to_owned()
    } else {
        items.iter().map(AsRef::as_ref).collect::<Vec<_>>().join(", ")
    }
}

/// Every `#[cors]` route's policy as JSON, for tools such as `cors-check routes`, in the
/// format of [`cors_rules::route_report`], which documents each field:
///
/// ```json
/// {"format": 1, "routes": [{"handler": "read_data", "policy": null, "path": "/api/data",
///   "methods": ["GET"], "allowed_methods": ["GET"],
///   "origins": ["https://myapp.com"], "origins_env": null,
///   "headers": ["content-type"], "expose": ["x-total-count"], "credentials": true,
///   "max_age": 600}]}
/// ```
pub fn routes_json() -> String {
    let routes = routes()
        .into_iter()
        .map(|route| {
            let policy = route.policy();
            let strings = |items: &[&str]| items.iter().map(|&item| item.to_owned()).collect();
            route_report::Route {
                handler: route.handler().to_owned(),
                policy: route.policy_name().map(str::to_owned),
                path: route.path().to_owned(),
                methods: strings(route.methods()),
                allowed_methods: strings(&policy.methods()),
                origins: policy.origins(),
                origins_env: policy.origins_variable().map(str::to_owned),
                headers: strings(&policy.headers()),
                expose: strings(&policy.exposed_headers()),
                credentials: policy.allows_credentials(),
                max_age: policy.max_age(),
            }
        })
        .collect();
    serde_json::to_string(&RouteReport::new(routes))
        .expect("a report of strings, booleans and numbers always serializes")
}
