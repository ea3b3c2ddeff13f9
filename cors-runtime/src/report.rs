//! The report of every `#[cors]` route: what each allows, for a startup log, a JSON export,
//! and `cors-check routes`, which checks a running server against it.

use std::fmt::Write;

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

/// Every `#[cors]` route's policy as JSON, for tools such as `cors-check routes`:
///
/// ```json
/// {"routes": [{"handler": "read_data", "policy": null, "path": "/api/data",
///   "methods": ["GET"], "allowed_methods": ["GET"],
///   "origins": ["https://myapp.com"], "origins_from": null,
///   "headers": ["content-type"], "expose": ["x-total-count"], "credentials": true,
///   "max_age": 600}]}
/// ```
///
/// `methods` are the methods the route serves at `path`; `allowed_methods` those its policy
/// allows cross-origin (`*` for every one), so a served method outside it is refused.
/// `origins` lists exact origins, `https://*.domain` patterns or `*`; `origins_from` names the
/// environment variable they were read from at startup (`origins` is empty until then);
/// `max_age` is `null` when not set.
pub fn routes_json() -> String {
    let routes: Vec<String> = routes()
        .into_iter()
        .map(|route| {
            let policy = route.policy();
            format!(
                r#"{{"handler":{},"policy":{},"path":{},"methods":{},"allowed_methods":{},"origins":{},"origins_from":{},"headers":{},"expose":{},"credentials":{},"max_age":{}}}"#,
                json_string(route.handler()),
                route.policy_name().map_or_else(|| "null".to_owned(), json_string),
                json_string(route.path()),
                json_list(route.methods()),
                json_list(&policy.methods()),
                json_list(&policy.origins()),
                policy.origins_variable().map_or_else(|| "null".to_owned(), json_string),
                json_list(&policy.headers()),
                json_list(&policy.exposed_headers()),
                policy.allows_credentials(),
                policy.max_age().map_or_else(|| "null".to_owned(), |seconds| seconds.to_string()),
            )
        })
        .collect();
    format!(r#"{{"routes":[{}]}}"#, routes.join(","))
}

fn json_list<T: AsRef<str>>(items: &[T]) -> String {
    let items: Vec<String> = items.iter().map(|item| json_string(item.as_ref())).collect();
    format!("[{}]", items.join(","))
}

fn json_string(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    for character in text.chars() {
        match character {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            control if u32::from(control) < 0x20 => {
                let _ = write!(quoted, "\\u{:04x}", u32::from(control));
            }
            other => quoted.push(other),
        }
    }
    quoted.push('"');
    quoted
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_strings_are_escaped() {
        assert_eq!(json_string(r#"a"b\c"#), r#""a\"b\\c""#);
        assert_eq!(json_string("line\nbreak"), r#""line\u000abreak""#);
        assert_eq!(json_list(&["GET", "POST"]), r#"["GET","POST"]"#);
    }
}
