//! Every rule a `#[cors]` policy must follow, checked together so that all problems are
//! reported in one compile, each on its own token.

use cors_rules::{Draft, ValidPolicy};
use proc_macro2::Span;
use syn::Error;

use crate::args::{Args, Spanned};
use crate::handler::Route;

/// Checks the policy against the rules and against the routes it is attached to.
pub fn validate(args: &Args, routes: &[Route], errors: &mut Vec<Error>) -> Option<ValidPolicy> {
    let route_methods = served_methods(routes);
    let methods = match &args.methods {
        Some(listed) => {
            for method in &listed.value {
                if method.value != "*"
                    && !route_methods
                        .iter()
                        .any(|(served, _)| *served == method.value)
                {
                    errors.push(not_served(method, &route_methods));
                }
            }
            listed
                .value
                .iter()
                .map(|method| (method.span, method.value.clone()))
                .collect()
        }
        None => route_methods
            .iter()
            .map(|(method, span)| (*span, method.clone()))
            .collect(),
    };
    let draft = Draft {
        origins_at: args
            .origins
            .as_ref()
            .map_or_else(Span::call_site, |origins| origins.key),
        origins: entries(args.origins.as_ref().map(|keyed| &keyed.value)),
        methods,
        headers: entries(args.headers.as_ref().map(|keyed| &keyed.value)),
        expose: entries(args.expose.as_ref().map(|keyed| &keyed.value)),
        max_age: args
            .max_age
            .as_ref()
            .map(|keyed| (keyed.value.span, keyed.value.value)),
        credentials: args.credentials,
        allow_http_origins: args.dangerously_allow_http_origins,
    };
    match draft.check() {
        Ok(policy) => Some(policy),
        Err(problems) => {
            errors.extend(
                problems
                    .into_iter()
                    .map(|located| Error::new(located.at, located.problem)),
            );
            None
        }
    }
}

/// The methods the routes serve, each once, with the token that names it.
fn served_methods(routes: &[Route]) -> Vec<(String, Span)> {
    let mut served: Vec<(String, Span)> = Vec::new();
    for (method, span) in routes.iter().flat_map(|route| &route.methods) {
        if !served.iter().any(|(known, _)| known == method) {
            served.push((method.clone(), *span));
        }
    }
    served
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

fn entries(list: Option<&Vec<Spanned<String>>>) -> Vec<(Span, String)> {
    list.into_iter()
        .flatten()
        .map(|entry| (entry.span, entry.value.clone()))
        .collect()
}
