//! Reading the route report `cors_runtime::routes_json()` writes, and refusing one that would
//! prove nothing.

use std::fmt;

use cors_rules::route_report::{ReadError, Route, RouteReport};

use crate::request::RequestError;

/// Why the report cannot be checked: every problem found, each naming the route.
#[derive(Debug)]
#[non_exhaustive]
pub enum RoutesError {
    /// The text is not a route report this version reads.
    Unreadable(ReadError),
    /// These routes have no origins, so checking them would prove nothing.
    NoOrigins(Vec<Route>),
    /// These routes read `methods`, `headers`, `expose` or `max_age` when the application
    /// starts, and the report was made before they were loaded: their lists are empty.
    ListsNotLoaded(Vec<Route>),
    /// A browser would not send the calls planned for these methods.
    UnsendableCalls(Vec<UnsendableCall>),
}

/// A method of a route whose call no browser would send, e.g. because a header the route allows
/// is one a page may not set.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct UnsendableCall {
    /// The route.
    pub route: Route,
    /// The method.
    pub method: String,
    /// Why the browser would not send the call.
    pub error: RequestError,
}

impl RoutesError {
    /// Every problem, one sentence each.
    pub fn problems(&self) -> Vec<String> {
        match self {
            Self::Unreadable(error) => vec![error.to_string()],
            Self::NoOrigins(routes) => routes.iter().map(no_origins_problem).collect(),
            Self::ListsNotLoaded(routes) => routes.iter().map(lists_not_loaded_problem).collect(),
            Self::UnsendableCalls(calls) => calls
                .iter()
                .map(|call| {
                    let route = &call.route;
                    format!("{} {} ({}): {}", call.method, route.path, route.handler, call.error)
                })
                .collect(),
        }
    }
}

impl fmt::Display for RoutesError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.problems().as_slice() {
            [problem] => write!(formatter, "the routes report cannot be checked: {problem}"),
            problems => {
                write!(formatter, "the routes report cannot be checked:")?;
                problems.iter().try_for_each(|problem| write!(formatter, "\n  - {problem}"))
            }
        }
    }
}

impl std::error::Error for RoutesError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Unreadable(error) => Some(error),
            Self::UnsendableCalls(calls) if calls.len() == 1 => Some(&calls[0].error),
            Self::NoOrigins(_) | Self::ListsNotLoaded(_) | Self::UnsendableCalls(_) => None,
        }
    }
}

/// Reads the JSON of `cors_runtime::routes_json()`. A route without origins is an error: when
/// they come from a variable, the report was made before `cors_runtime::init()` loaded it, and
/// checking it would prove nothing.
pub fn parse_routes(json: &str) -> Result<Vec<Route>, RoutesError> {
    let report = RouteReport::from_json(json).map_err(RoutesError::Unreadable)?;
    let has_origins = |route: &Route| match &route.tenants {
        Some(set) => !set.sample.is_empty(),
        None => !route.origins.is_empty(),
    };
    let (routes, empty): (Vec<Route>, Vec<Route>) =
        report.routes.into_iter().partition(has_origins);
    if !empty.is_empty() {
        return Err(RoutesError::NoOrigins(empty));
    }
    // Loaded lists always allow a method (the route's own, when `methods` is not read).
    let (unloaded, routes): (Vec<Route>, Vec<Route>) = routes.into_iter().partition(|route| {
        !variables_of_lists(route).is_empty() && route.allowed_methods.is_empty()
    });
    if unloaded.is_empty() { Ok(routes) } else { Err(RoutesError::ListsNotLoaded(unloaded)) }
}

/// The keys besides `origins` a route reads at startup, each with its variable.
fn variables_of_lists(route: &Route) -> Vec<(&'static str, &str)> {
    [
        ("methods", &route.methods_env),
        ("headers", &route.headers_env),
        ("expose", &route.expose_env),
        ("max_age", &route.max_age_env),
    ]
    .into_iter()
    .filter_map(|(key, variable)| Some((key, variable.as_deref()?)))
    .collect()
}

fn lists_not_loaded_problem(route: &Route) -> String {
    let name = format!("{} {} ({})", route.methods.join(","), route.path, route.handler);
    let read: Vec<String> = (variables_of_lists(route).into_iter())
        .map(|(key, variable)| format!("`{key}` from {variable}"))
        .collect();
    format!(
        "{name} reads {} at startup, which were not loaded when the report was made; call \
         cors_runtime::init() (with them set as on the server) before cors_runtime::routes_json()",
        read.join(", ")
    )
}

fn no_origins_problem(route: &Route) -> String {
    let name = format!("{} {} ({})", route.methods.join(","), route.path, route.handler);
    if let Some(set) = &route.tenants {
        return format!(
            "{name} has no tenants: `{}` held none when the report was made; load the tenants' origins before cors_runtime::routes_json()",
            set.name
        );
    }
    match &route.origins_env {
        Some(variable) => format!(
            "{name} has no origins: they come from {variable}, which was not loaded when the \
             report was made; call cors_runtime::init() (with {variable} set as on the server) \
             before cors_runtime::routes_json()"
        ),
        None => format!("{name} has no origins"),
    }
}
