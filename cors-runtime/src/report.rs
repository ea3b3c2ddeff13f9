//! The report of every `#[cors]` route: what each allows, for a startup log, a JSON export,
//! and `cors-check routes`, which checks a running server against it.

use std::fmt::Write;

use actix_web::guard::GuardContext;
use cors_rules::WriteGuard;
use cors_rules::route_report::{self, RouteReport};

use crate::applied;
use crate::policy::Policy;

mod tenants;

/// One `#[cors]` route: a handler's path and methods, and its policy.
///
/// ```
/// use actix_web::{HttpResponse, delete};
/// use cors_runtime::cors;
///
/// #[cors(origins = ["https://admin.myapp.com"])]
/// #[delete("/api/cache")]
/// async fn clear_cache() -> HttpResponse {
///     HttpResponse::NoContent().finish()
/// }
///
/// let routes = cors_runtime::routes();
/// let route = routes.iter().find(|route| route.handler() == "clear_cache").unwrap();
/// assert_eq!((route.path(), route.methods()), ("/api/cache", &["DELETE"][..]));
/// assert_eq!(route.policy_name(), None);
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Route {
    path: &'static str,
    methods: &'static [&'static str],
    policy: &'static Policy,
    /// The route attribute's own `guard = ..`s, all of which must accept; none without any.
    guards: Option<UserGuards>,
}

/// The user's guards of one route attribute, as one function.
type UserGuards = for<'a, 'b> fn(&'a GuardContext<'b>) -> bool;

inventory::collect!(Route);

/// The report entry `#[cors]` submits for one route attribute. Hidden from [`Route`] itself:
/// only the macro, which checked the route, may build one.
#[doc(hidden)]
pub const fn new_route(
    path: &'static str,
    methods: &'static [&'static str],
    policy: &'static Policy,
    guards: Option<UserGuards>,
) -> Route {
    Route { path, methods, policy, guards }
}

impl Route {
    /// The handler function's name.
    #[must_use]
    pub fn handler(&self) -> &'static str {
        self.policy.handler()
    }

    /// The named policy the handler uses (`#[cors(policy = API)]`), if any.
    #[must_use]
    pub fn policy_name(&self) -> Option<&'static str> {
        self.policy.policy_name()
    }

    /// The path as written in the route attribute, with the prefix of an enclosing
    /// `#[scope]` module. A `web::scope(..)` prefix is not part of it: it is only known to
    /// the app that registers the handler.
    #[must_use]
    pub fn path(&self) -> &'static str {
        self.path
    }

    /// The methods the route serves at this path.
    #[must_use]
    pub fn methods(&self) -> &'static [&'static str] {
        self.methods
    }

    /// The handler's policy.
    #[must_use]
    pub fn policy(&self) -> &'static Policy {
        self.policy
    }

    /// Whether the route's own `guard = ..`s accept the request of `ctx` (a route without any
    /// accepts every request).
    pub(crate) fn guards_accept(&self, ctx: &GuardContext<'_>) -> bool {
        self.guards.is_none_or(|guards| guards(ctx))
    }
}

/// Whether any `#[cors]` route linked into the program satisfies `test`; no allocation.
pub(crate) fn any_route(test: impl FnMut(&'static Route) -> bool) -> bool {
    inventory::iter::<Route>.into_iter().any(test)
}

/// Every `#[cors]` route linked into the program, sorted by path, then handler.
#[must_use]
pub fn routes() -> Vec<&'static Route> {
    let mut routes: Vec<&'static Route> = inventory::iter::<Route>.into_iter().collect();
    routes.sort_by_key(|route| (route.path, route.handler()));
    routes
}

/// Logs every `#[cors]` route's policy at `info`, one line per route, as a short table
/// ([`routes_table`]), with the target `cors_runtime::routes`; and, at `warn`, each path and
/// method that several handlers serve with different policies, which only get preflights all
/// of them allow:
///
/// ```
/// // In main, once the logger is set up and before the server starts:
/// cors_runtime::log_routes();
/// ```
pub fn log_routes() {
    let routes = routes();
    for line in policies_table(&routes).lines() {
        log::info!(target: "cors_runtime::routes", "{line}");
    }
    for note in shared_path_notes(&routes) {
        log::warn!(target: "cors_runtime::routes", "{note}");
    }
}

/// Every `#[cors]` route's policy as a table, one line per route, followed by a note on each
/// path and method that several handlers serve with different policies.
///
/// Such handlers are told apart by their `guard = ..` (a `Host`, an API version, a tenant),
/// which route the real request but not its preflight (which carries no cookies or
/// credentials); so a preflight there is granted only when every one of those policies allows
/// it, with only what all of them allow. The handlers are matched by path pattern as written
/// (`{id}` and `{item_id}` alike): a `web::scope(..)` prefix is not known here, so handlers
/// under different scopes are counted together, which can only refuse more.
///
/// ```
/// use actix_web::{HttpResponse, get};
/// use cors_runtime::cors;
///
/// #[cors(origins = ["https://myapp.com"], credentials)]
/// #[get("/api/me")]
/// async fn me() -> HttpResponse {
///     HttpResponse::Ok().finish()
/// }
///
/// let table = cors_runtime::routes_table();
/// assert!(table.starts_with("CORS policies of "));
/// let line = table.lines().find(|line| line.contains("/api/me")).expect("one line per route");
/// assert!(line.contains("origins: https://myapp.com;") && line.contains("credentials: yes"));
/// ```
#[must_use]
pub fn routes_table() -> String {
    let routes = routes();
    let mut table = policies_table(&routes);
    for note in shared_path_notes(&routes) {
        table.push_str(&note);
        table.push('\n');
    }
    table
}

fn policies_table(routes: &[&'static Route]) -> String {
    let applied = applied::applied();
    let mut table = format!(
        "CORS policies of {} route(s) and {} policy(ies) applied with .wrap(..):\n",
        routes.len(),
        applied.len()
    );
    for route in routes {
        policy_line(&mut table, &route.methods().join(","), route.path(), route.policy());
    }
    for (policy, prefixes) in &applied {
        if prefixes.is_empty() {
            policy_line(&mut table, &wrapped_methods(policy).join(","), "(no request yet)", policy);
        }
        for prefix in prefixes {
            let covered = format!("{}/*", prefix.trim_end_matches('/'));
            policy_line(&mut table, &wrapped_methods(policy).join(","), &covered, policy);
        }
    }
    table
}

fn policy_line(table: &mut String, methods: &str, path: &str, policy: &Policy) {
    let origins = match (policy.tenant_origins(), policy.origins_env()) {
        (Some((set, name)), _) => tenants::describe(set, name),
        (None, Some(origins_env)) => {
            format!("{} (from {origins_env})", list_or_none(policy.origins()))
        }
        (None, None) => policy.origins().join(", "),
    };
    // Each value read at startup names its variable, as the origins do.
    let from = |key: &str| {
        let variable = policy.keys_from_env().find(|(read, _)| *read == key);
        variable.map_or_else(String::new, |(_, variable)| format!(" (from {variable})"))
    };
    let methods_from = policy.keys_from_env().find(|(key, _)| *key == "methods").map_or_else(
        String::new,
        |(_, variable)| {
            format!("; allowed methods: {} (from {variable})", list_or_none(policy.methods()))
        },
    );
    let _ = write!(
        table,
        "  {methods:<12} {path:<24} {:<16} origins: {origins}; headers: {}{}; expose: {}{}; credentials: {}; max_age: {}{}{methods_from}{}{}{}",
        policy.handler(),
        list_or_none(policy.headers()),
        from("headers"),
        list_or_none(policy.exposed_headers()),
        from("expose"),
        if policy.allows_credentials() { "yes" } else { "no" },
        policy.max_age().map_or_else(|| "-".to_owned(), |seconds| format!("{seconds}s")),
        from("max_age"),
        match policy.write_guard() {
            Some(WriteGuard::Reject) => "; rejects unlisted writes",
            Some(WriteGuard::Report) => "; reports unlisted writes",
            None => "",
        },
        if policy.accepts_websockets_from_any_origin() {
            "; WebSockets from any origin"
        } else {
            ""
        },
        if policy.log().seen_under_wrap() {
            "; beneath a .wrap(..), which its own policy overrides here"
        } else {
            ""
        },
    );
    table.push('\n');
}

/// The methods to report for a policy applied with `.wrap(..)`, which serves whatever the
/// routes beneath it serve: the ones it allows (GET for `*`).
fn wrapped_methods(policy: &Policy) -> Vec<&'static str> {
    let methods: Vec<&'static str> = policy.methods().filter(|method| *method != "*").collect();
    if methods.is_empty() { vec!["GET"] } else { methods }
}

/// One line for each method and path pattern that handlers serve with policies that answer
/// preflights differently, naming the handlers and what their preflights get.
fn shared_path_notes(routes: &[&'static Route]) -> Vec<String> {
    let mut notes = Vec::new();
    let mut reported: Vec<(&str, &str)> = Vec::new();
    for route in routes {
        for &method in route.methods() {
            let serves = |other: &&&'static Route| {
                other.methods().contains(&method) && same_pattern(other.path(), route.path())
            };
            if reported
                .iter()
                .any(|&(seen, path)| seen == method && same_pattern(path, route.path()))
            {
                continue;
            }
            reported.push((method, route.path()));
            let sharing: Vec<&'static Route> = routes.iter().filter(serves).copied().collect();
            if sharing.iter().all(|other| same_preflight_rules(other.policy(), route.policy())) {
                continue;
            }
            let handlers: Vec<String> =
                sharing.iter().map(|other| format!("`{}`", other.handler())).collect();
            notes.push(format!(
                "  {method} {}: handlers {} serve it with different policies; each answers the preflights its guards accept, with its own policy. A guard on the Host or the path routes a preflight as it routes the real call. A guard on what a preflight does not carry (a header, a cookie) does not: its handler gets no preflight, and a preflight that several of these handlers' guards accept is granted only when all of their policies allow it. Tell them apart by Host or path, or give them the same policy for {method} here (handlers under different web::scope(..) prefixes count together: prefixes are not visible to #[cors]).",
                route.path(),
                handlers.join(", "),
            ));
        }
    }
    notes
}

/// Whether two policies answer every preflight alike.
fn same_preflight_rules(a: &Policy, b: &Policy) -> bool {
    let set = |policy: &Policy| policy.tenant_origins().map(|(set, _)| std::ptr::from_ref(set));
    a.origins() == b.origins()
        && set(a) == set(b)
        && a.origins_env() == b.origins_env()
        && a.keys_from_env().eq(b.keys_from_env())
        && a.methods().eq(b.methods())
        && a.headers().eq(b.headers())
        && a.allows_credentials() == b.allows_credentials()
        && a.max_age() == b.max_age()
}

/// Whether two path patterns match the same paths: written alike but for the names of their
/// parameters (`/items/{id}` and `/items/{item_id}`).
pub(crate) fn same_pattern(a: &str, b: &str) -> bool {
    a == b || without_parameter_names(a).eq(without_parameter_names(b))
}

/// The characters of `pattern` with each `{name}` and `{name:regex}` read as `{}` and `{:regex}`
/// (braces inside a regex are the regex's own).
fn without_parameter_names(pattern: &str) -> impl Iterator<Item = char> + '_ {
    let mut depth = 0_usize;
    let mut in_name = false;
    pattern.chars().filter(move |&character| match character {
        '{' if !in_name => {
            depth += 1;
            in_name = depth == 1;
            true
        }
        '}' => {
            depth = depth.saturating_sub(1);
            in_name = false;
            true
        }
        ':' if in_name => {
            in_name = false;
            true
        }
        _ => !in_name,
    })
}

fn list_or_none<S: AsRef<str>>(items: impl IntoIterator<Item = S>) -> String {
    let list = owned(items).join(", ");
    if list.is_empty() { "-".to_owned() } else { list }
}

fn owned<S: AsRef<str>>(items: impl IntoIterator<Item = S>) -> Vec<String> {
    items.into_iter().map(|item| item.as_ref().to_owned()).collect()
}

/// Every `#[cors]` route's policy as JSON, for tools such as `cors-check routes`, in the
/// format of [`cors_rules::route_report`], which documents each field:
///
/// ```text
/// {"format": 1, "routes": [{"handler": "read_data", "policy": null, "path": "/api/data",
///   "methods": ["GET"], "allowed_methods": ["GET"],
///   "origins": ["https://myapp.com"], "origins_env": null,
///   "headers": ["content-type"], "expose": ["x-total-count"], "credentials": true,
///   "max_age": 600}]}
/// ```
#[must_use]
pub fn routes_json() -> String {
    let mut routes: Vec<route_report::Route> = routes()
        .into_iter()
        .map(|route| report_entry(route.policy(), route.path(), owned(route.methods()), false))
        .collect();
    for (policy, prefixes) in applied::applied() {
        let methods = owned(wrapped_methods(policy));
        if prefixes.is_empty() {
            routes.push(report_entry(policy, "", methods.clone(), true));
        }
        for prefix in &prefixes {
            let prefix = if prefix.is_empty() { "/" } else { prefix };
            routes.push(report_entry(policy, prefix, methods.clone(), true));
        }
    }
    serde_json::to_string(&RouteReport::new(routes))
        .expect("a report of strings, booleans and numbers always serializes")
}

fn report_entry(
    policy: &Policy,
    path: &str,
    methods: Vec<String>,
    wrapped: bool,
) -> route_report::Route {
    let variable = |key: &str| {
        let mut keys = policy.keys_from_env();
        keys.find(|(read, _)| *read == key).map(|(_, variable)| variable.to_owned())
    };
    route_report::Route {
        handler: policy.handler().to_owned(),
        policy: policy.policy_name().map(str::to_owned),
        path: path.to_owned(),
        methods,
        allowed_methods: owned(policy.methods()),
        origins: owned(policy.origins()),
        origins_env: policy.origins_env().map(str::to_owned),
        methods_env: variable("methods"),
        headers_env: variable("headers"),
        expose_env: variable("expose"),
        max_age_env: variable("max_age"),
        headers: owned(policy.headers()),
        expose: owned(policy.exposed_headers()),
        credentials: policy.allows_credentials(),
        max_age: policy.max_age(),
        reject_unlisted_writes: policy.write_guard() == Some(WriteGuard::Reject),
        report_unlisted_writes: policy.write_guard() == Some(WriteGuard::Report),
        wrapped,
        under_wrap: policy.log().seen_under_wrap(),
        public_websocket: policy.accepts_websockets_from_any_origin(),
        tenants: policy.tenant_origins().map(|(set, name)| tenants::report(set, name)),
    }
}

#[cfg(test)]
mod tests {
    use super::same_pattern;

    #[test]
    fn patterns_are_the_same_whatever_their_parameters_are_named() {
        assert!(same_pattern("/items/{id}", "/items/{item_id}"));
        assert!(same_pattern("/v1/{id:\\d{2}}/x", "/v1/{n:\\d{2}}/x"));
        assert!(!same_pattern("/v1/{id:\\d{2}}", "/v1/{id:\\d{3}}"));
        assert!(!same_pattern("/items/{id}", "/items/{id}/"));
        assert!(!same_pattern("/items/{id}", "/items/new"));
        assert!(!same_pattern("/items/{id}", "/items/{id:\\d+}"));
    }
}
