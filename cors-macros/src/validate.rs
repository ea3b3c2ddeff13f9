//! Every rule a `#[cors]` policy must follow, checked together so that all problems are
//! reported in one compile, each on its own token.

use cors_rules::{Draft, ValidPolicy};
use proc_macro2::Span;
use syn::{Error, Ident};

use crate::args::{Args, Keyed, Origins, Spanned};
use crate::handler::Route;

/// The keys a handler may add to a named policy; everything else belongs to the policy.
const PER_ROUTE_KEYS: &str = "`methods` (to narrow them) and `expose` (to add to them)";

/// Checks a named policy on its own, where it is declared.
pub fn validate_policy(policy: &Args, errors: &mut Vec<Error>) -> Option<ValidPolicy> {
    if let Some(nested) = &policy.policy {
        errors.push(Error::new(
            nested.key,
            "a named policy cannot use another one\nhelp: write its keys here",
        ));
    }
    let methods = policy.methods.as_ref().map(spanned_entries).unwrap_or_default();
    check(draft(policy, None, methods), errors)
}

/// Checks the policy of a handler: its own keys, or a named policy plus what the handler
/// narrows or adds, against the rules and against the routes it is attached to.
pub fn validate(
    handler: &Args,
    named: Option<(&Ident, &Args)>,
    routes: &[Route],
    errors: &mut Vec<Error>,
) -> Option<ValidPolicy> {
    let served = served_methods(routes);
    let policy_methods = named.and_then(|(name, policy)| Some((name, policy.methods.as_ref()?)));
    let methods = match (&handler.methods, policy_methods) {
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
    };
    let draft = match named {
        Some((_, policy)) => {
            let mut draft = draft(policy, Some(handler), methods);
            draft.expose.extend(handler.expose.as_ref().map(spanned_entries).unwrap_or_default());
            draft
        }
        None => draft(handler, None, methods),
    };
    check(draft, errors)
}

/// The keys of `args` that a handler using a named policy may not set.
pub fn reject_policy_keys(args: &Args, errors: &mut Vec<Error>) {
    let Some(policy) = &args.policy else { return };
    let policy_name = path_text(&policy.value);
    let owned_by_policy = [
        ("origins", args.origins.as_ref().map(|keyed| keyed.key)),
        ("headers", args.headers.as_ref().map(|keyed| keyed.key)),
        ("max_age", args.max_age.as_ref().map(|keyed| keyed.key)),
        ("credentials", args.credentials),
        ("dangerously_allow_http_origins", args.dangerously_allow_http_origins),
    ];
    for (key, span) in owned_by_policy {
        if let Some(span) = span {
            errors.push(Error::new(
                span,
                format!(
                    "`{key}` comes from the policy `{policy_name}`; a handler may set only {PER_ROUTE_KEYS}\nhelp: change `{key}` in the policy, or drop `policy = {policy_name}` and write the whole policy here"
                ),
            ));
        }
    }
}

/// The name of the environment variable the origins are read from, if they are.
pub fn startup_variable<'a>(handler: &'a Args, named: Option<&'a Args>) -> Option<&'a str> {
    match &named.unwrap_or(handler).origins.as_ref()?.value {
        Origins::AtStartup(variable) => Some(&variable.value),
        Origins::Listed(_) => None,
    }
}

fn draft(policy: &Args, handler: Option<&Args>, methods: Vec<(Span, String)>) -> Draft<Span> {
    let origins_at = policy
        .origins
        .as_ref()
        .map(|keyed| keyed.key)
        .or_else(|| handler.and_then(|args| args.policy.as_ref()).map(|keyed| keyed.key))
        .unwrap_or_else(Span::call_site);
    let (origins, origins_at_startup) = match policy.origins.as_ref().map(|keyed| &keyed.value) {
        Some(Origins::Listed(listed)) => {
            (listed.iter().map(|o| (o.span, o.value.clone())).collect(), false)
        }
        Some(Origins::AtStartup(_)) => (Vec::new(), true),
        None => (Vec::new(), false),
    };
    Draft {
        origins_at,
        origins,
        methods,
        headers: policy.headers.as_ref().map(spanned_entries).unwrap_or_default(),
        expose: policy.expose.as_ref().map(spanned_entries).unwrap_or_default(),
        max_age: policy.max_age.as_ref().map(|keyed| (keyed.value.span, keyed.value.value)),
        credentials: policy.credentials,
        allow_http_origins: policy.dangerously_allow_http_origins,
        origins_at_startup,
    }
}

fn check(draft: Draft<Span>, errors: &mut Vec<Error>) -> Option<ValidPolicy> {
    match draft.check() {
        Ok(policy) => Some(policy),
        Err(problems) => {
            errors.extend(
                problems.into_iter().map(|located| Error::new(located.at, located.problem)),
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

fn served_span(routes: &[Route]) -> Span {
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

fn spanned_entries(keyed: &Keyed<Vec<Spanned<String>>>) -> Vec<(Span, String)> {
    keyed.value.iter().map(|entry| (entry.span, entry.value.clone())).collect()
}

fn path_text(path: &syn::Path) -> String {
    quote::ToTokens::to_token_stream(path).to_string().replace(' ', "")
}
