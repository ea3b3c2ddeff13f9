//! The methods a handler's policy allows, against the methods its routes serve and a named
//! policy's.

use proc_macro2::Span;
use syn::{Error, Ident};

use crate::args::{Args, Keyed, Spanned};
use crate::handler::RouteAttribute;

/// The methods the policy allows: the handler's, each served by a route and allowed by the
/// named policy; else the named policy's that a route serves; else those the routes serve.
pub(super) fn check_methods(
    handler: &Args,
    named: Option<(&Ident, &Args)>,
    routes: &[RouteAttribute],
    errors: &mut Vec<Error>,
) -> Vec<(Span, String)> {
    let served = served_methods(routes);
    // Methods read at startup are checked then, against the routes' methods, which the
    // expansion hands to the runtime.
    if handler.from_env.methods.is_some() {
        return Vec::new();
    }
    if let Some((name, policy)) = named
        && let Some(variable) = &policy.from_env.methods
    {
        if let Some(listed) = &handler.methods {
            errors.push(Error::new(
                listed.key,
                format!(
                    "the policy `{name}` reads its methods from {} when the application starts, so this handler cannot narrow them at compile time\nhelp: remove `methods` here, or give this handler its own #[cors(...)]",
                    variable.value.value
                ),
            ));
        }
        return Vec::new();
    }
    let policy_methods = named.and_then(|(name, policy)| Some((name, policy.methods.as_ref()?)));
    match (&handler.methods, policy_methods) {
        (Some(listed), _) => {
            for method in &listed.value {
                if method.value == "*" {
                    continue;
                }
                if !served.iter().any(|(served, _)| *served == method.value) {
                    errors.push(not_served(method, &served));
                } else if let Some((name, allowed)) = policy_methods
                    && !allowed
                        .value
                        .iter()
                        .any(|entry| entry.value == "*" || entry.value == method.value)
                {
                    errors.push(not_in_policy(method, name, allowed));
                }
            }
            spanned_entries(listed)
        }
        // A shared policy's methods apply where the route serves them.
        (None, Some((name, allowed))) => {
            let applying: Vec<(Span, String)> = spanned_entries(allowed)
                .into_iter()
                .filter(|(_, method)| {
                    method == "*" || served.iter().any(|(served, _)| served == method)
                })
                .collect();
            if applying.is_empty() {
                let served: Vec<&str> = served.iter().map(|(method, _)| method.as_str()).collect();
                errors.push(Error::new(
                    served_span(routes),
                    format!(
                        "the policy `{name}` allows none of this route's methods ({})\nhelp: add them to the policy's `methods`, or give this handler its own #[cors(...)]",
                        served.join(", ")
                    ),
                ));
            }
            applying
        }
        (None, None) => served.iter().map(|(method, span)| (*span, method.clone())).collect(),
    }
}

/// The methods the routes serve, each once, with the token that names it.
fn served_methods(routes: &[RouteAttribute]) -> Vec<(String, Span)> {
    let mut served: Vec<(String, Span)> = Vec::new();
    for (method, span) in routes.iter().flat_map(|route| &route.methods) {
        if !served.iter().any(|(known, _)| known == method) {
            served.push((method.clone(), *span));
        }
    }
    served
}

fn served_span(routes: &[RouteAttribute]) -> Span {
    routes
        .first()
        .and_then(|route| route.methods.first())
        .map_or_else(Span::call_site, |(_, span)| *span)
}

fn not_served(method: &Spanned<String>, served: &[(String, Span)]) -> Error {
    let served: Vec<&str> = served.iter().map(|(method, _)| method.as_str()).collect();
    Error::new(
        method.span,
        format!(
            "`{}` is not a method of this route, which serves {}: its preflight would never reach this handler\nhelp: remove `{}` from `methods`, or serve it with `#[route(\"/path\", method = \"{}\", ...)]`",
            method.value,
            served.join(", "),
            method.value,
            method.value,
        ),
    )
}

fn not_in_policy(
    method: &Spanned<String>,
    name: &Ident,
    allowed: &Keyed<Vec<Spanned<String>>>,
) -> Error {
    let allowed: Vec<&str> = allowed.value.iter().map(|entry| entry.value.as_str()).collect();
    Error::new(
        method.span,
        format!(
            "`{}` is not allowed by the policy `{name}`, which allows {}: a handler can only narrow a policy's methods\nhelp: remove `{}`, or add it to the policy's `methods`",
            method.value,
            allowed.join(", "),
            method.value,
        ),
    )
}

pub(super) fn spanned_entries(keyed: &Keyed<Vec<Spanned<String>>>) -> Vec<(Span, String)> {
    keyed.value.iter().map(|entry| (entry.span, entry.value.clone())).collect()
}
