//! Every rule of `#[cors(...)]` and `policy!`, apart from parsing (`args`, `handler`) and from
//! code generation (`expand`). The rules on a policy's values (origins, names, `max_age`, and
//! how keys combine) are `cors_rules`', shared with the runtime, which checks origins read at
//! startup with them; the rules here are about where and how the macros are used. (A key given
//! twice, an unknown key and a value of the wrong shape are found while parsing, in `args`.) Each check
//! adds its errors to `errors` and lets the others run, so that all problems are reported in one
//! compile, each on its own token.
//!
//! What each entry point checks, in order:
//!
//! - [`routes`]: the handler has one `#[cors]` ([`check_one_cors`]), placed above a route
//!   attribute ([`check_placement`]) that actix-web accepts, or else actix-web's own error is
//!   left to show ([`actix_accepts`]).
//! - [`handler_using_policy`]: a handler with `policy = NAME` sets only the keys a handler may
//!   ([`check_keys_left_to_policy`]).
//! - [`handler_policy`]: the environment variables' names ([`check_env_variables`]);
//!   `dev_origins` only beside a list of origins ([`check_dev_origins`]); the methods
//!   against the routes and the named policy ([`check_methods`]); `preflight_skips_guards` only
//!   where a route has guards ([`check_preflight_skips_guards`]); then `cors_rules` on the whole
//!   policy ([`check_rules`]).
//! - [`named_policy`]: a policy does not use another one ([`check_not_nested`]) and leaves the
//!   routes' own keys to them ([`check_no_route_keys`]); the environment variables' names and
//!   `dev_origins`, as for a handler; then `cors_rules`.

use cors_rules::{Draft, ValidPolicy};
use proc_macro2::Span;
use syn::{Error, Ident, LitStr};

use crate::args::{Args, Origins};
use crate::handler::{Handler, RouteAttribute};

mod methods;

use methods::{check_methods, spanned_entries};

/// The keys a handler may add to a named policy; everything else belongs to the policy.
const PER_ROUTE_KEYS: &str =
    "`methods` (to narrow them), `expose` (to add to them) and `preflight_skips_guards`";

/// The route attributes `#[cors]` adds CORS to, or `None` when there are none to add it to.
pub fn routes(handler: &Handler, errors: &mut Vec<Error>) -> Option<Vec<RouteAttribute>> {
    check_one_cors(handler, errors);
    // Unreadable route attributes: actix-web's own macro reports them.
    let routes = handler.route_attributes().ok()?;
    check_placement(&routes, errors)?;
    actix_accepts(&routes, handler.under_routes()).then_some(routes)
}

fn check_one_cors(handler: &Handler, errors: &mut Vec<Error>) {
    for repeated in handler.repeated_cors() {
        errors.push(Error::new_spanned(
            repeated,
            "a handler takes one #[cors(...)]\nhelp: merge the two into one attribute",
        ));
    }
}

/// `None` when `#[cors]` sees no route attribute: it is below it (attributes expand from the
/// top down, so the route attribute has already expanded), or there is none.
fn check_placement(routes: &[RouteAttribute], errors: &mut Vec<Error>) -> Option<()> {
    if routes.is_empty() {
        errors.push(Error::new(
            Span::call_site(),
            "#[cors] must be placed above the route attribute (#[get], #[post], #[route], #[routes], ...): attributes expand from the top down, so below it #[cors] cannot see the route\nhelp: move #[cors(...)] above #[get(\"/path\")]",
        ));
        return None;
    }
    Some(())
}

/// Whether actix-web's route macros accept these route attributes. When they do not, the
/// handler is emitted as written, so that actix-web's familiar error shows rather than ours.
fn actix_accepts(routes: &[RouteAttribute], under_routes: bool) -> bool {
    (routes.len() == 1 || under_routes)
        && routes.iter().all(|route| {
            route.unknown_options.is_empty()
                && !route.methods.is_empty()
                && balanced_braces(&route.path)
        })
}

/// The check actix-web makes of a path pattern when it expands a route attribute, so that a
/// pattern it would refuse at compile time is still refused at compile time, by it.
fn balanced_braces(path: &LitStr) -> bool {
    let mut depth = 0_i32;
    for character in path.value().chars() {
        match character {
            '{' => depth += 1,
            '}' => depth -= 1,
            _ => {}
        }
        if depth < 0 {
            return false;
        }
    }
    depth == 0
}

/// A handler using a named policy (`policy = NAME`, in `args`) may set only what a route may
/// change; its own policy is checked with the named one's, by [`handler_policy`].
pub fn handler_using_policy(args: &Args, errors: &mut Vec<Error>) {
    check_keys_left_to_policy(args, errors);
}

/// A named policy, where it is declared.
pub fn named_policy(policy: &Args, errors: &mut Vec<Error>) -> Option<ValidPolicy> {
    check_not_nested(policy, errors);
    check_no_route_keys(policy, errors);
    check_env_variables(policy, errors);
    check_dev_origins(policy, errors);
    let methods = policy.methods.as_ref().map(spanned_entries).unwrap_or_default();
    check_rules(draft(policy, None, methods), errors)
}

fn check_not_nested(policy: &Args, errors: &mut Vec<Error>) {
    if let Some(nested) = &policy.policy {
        errors.push(Error::new(
            nested.key,
            "a named policy cannot use another one\nhelp: write its keys here",
        ));
    }
}

/// A policy is shared by routes whose guards it cannot see: whether a route's guards are asked
/// about its preflights is the route's to say.
fn check_no_route_keys(policy: &Args, errors: &mut Vec<Error>) {
    if let Some(span) = policy.preflight_skips_guards {
        errors.push(Error::new(
            span,
            "`preflight_skips_guards` is a route's choice, not a policy's: it depends on the route's own `guard = ..`\nhelp: write it on the handler: #[cors(policy = NAME, preflight_skips_guards)]",
        ));
    }
}

/// `preflight_skips_guards` changes something only on a route with `guard = ..`.
fn check_preflight_skips_guards(
    handler: &Args,
    routes: &[RouteAttribute],
    errors: &mut Vec<Error>,
) {
    if let Some(span) = handler.preflight_skips_guards
        && routes.iter().all(|route| route.guards.is_empty())
    {
        errors.push(Error::new(
            span,
            "`preflight_skips_guards` has no effect here: no route attribute of this handler has `guard = ..`\nhelp: remove it",
        ));
    }
}

/// Each `key = env("VAR")` names a variable a shell can set, and each key its own variable: an
/// origin list, a method list, a header list and a number of seconds are never the same text.
fn check_env_variables(args: &Args, errors: &mut Vec<Error>) {
    let entries = args.env_entries();
    for (index, (key, variable)) in entries.iter().enumerate() {
        let name = &variable.value;
        let valid = name.bytes().next().is_some_and(|first| !first.is_ascii_digit())
            && name.bytes().all(|byte| byte.is_ascii_alphanumeric() || byte == b'_');
        let example = format!("API_{}", key.to_ascii_uppercase());
        if !valid {
            errors.push(Error::new(
                variable.span,
                format!(
                    "`{name}` is not an environment variable name\nhelp: use letters, digits and `_`, e.g. `env(\"{example}\")`"
                ),
            ));
        } else if let Some((first_key, _)) =
            entries[..index].iter().find(|(_, earlier)| earlier.value == *name)
        {
            errors.push(Error::new(
                variable.span,
                format!(
                    "`{name}` is read by `{first_key}` already: each key needs its own variable, since its value is a different list\nhelp: read `{key}` from its own variable, e.g. `env(\"{example}\")`"
                ),
            ));
        }
    }
}

/// `dev_origins` add to a list written in the attribute: with `origins = env("VAR")`, the
/// variable already differs between development and production.
fn check_dev_origins(args: &Args, errors: &mut Vec<Error>) {
    let Some(dev_origins) = &args.dev_origins else { return };
    if let Some(Origins::Tenants(set)) = args.origins.as_ref().map(|keyed| &keyed.value) {
        let set = path_text(set);
        errors.push(Error::new(
            dev_origins.key,
            format!(
                "`dev_origins` adds to the origins written here, but these are each tenant's, from `{set}`\nhelp: remove `dev_origins` and add the development origins to the tenant you test with, e.g. `{set}.add(\"localhost\", [\"http://localhost:*\"])`"
            ),
        ));
        return;
    }
    let Some(origins_env) = args.origins_env() else { return };
    errors.push(Error::new(
        dev_origins.key,
        format!(
            "`dev_origins` adds to the origins written here, but these are read from {origins_env} when the application starts\nhelp: remove `dev_origins` and add its origins to {origins_env} where you run debug builds, e.g. {origins_env}=\"http://localhost:*\""
        ),
    ));
}

/// The policy of a handler: its own keys, or a named policy plus what the handler narrows or
/// adds, against the rules and against the routes it is attached to.
pub fn handler_policy(
    handler: &Args,
    named: Option<(&Ident, &Args)>,
    routes: &[RouteAttribute],
    errors: &mut Vec<Error>,
) -> Option<ValidPolicy> {
    check_env_variables(handler, errors);
    check_dev_origins(handler, errors);
    check_preflight_skips_guards(handler, routes, errors);
    let methods = check_methods(handler, named, routes, errors);
    let draft = match named {
        Some((_, policy)) => {
            let mut draft = draft(policy, Some(handler), methods);
            draft.expose.extend(handler.expose.as_ref().map(spanned_entries).unwrap_or_default());
            draft
        }
        None => draft(handler, None, methods),
    };
    check_rules(draft, errors)
}

/// The keys of `args` that a handler using a named policy may not set.
fn check_keys_left_to_policy(args: &Args, errors: &mut Vec<Error>) {
    let Some(policy) = &args.policy else { return };
    let policy_name = path_text(&policy.value);
    let from_env = &args.from_env;
    let owned_by_policy = [
        ("origins", args.origins.as_ref().map(|keyed| keyed.key)),
        ("dev_origins", args.dev_origins.as_ref().map(|keyed| keyed.key)),
        ("headers", args.headers.as_ref().map(|keyed| keyed.key)),
        ("headers", from_env.headers.as_ref().map(|keyed| keyed.key)),
        ("max_age", args.max_age.as_ref().map(|keyed| keyed.key)),
        ("max_age", from_env.max_age.as_ref().map(|keyed| keyed.key)),
        ("credentials", args.credentials),
        ("dangerously_allow_http_origins", args.allow_http_origins),
        (
            args.write_guard.as_ref().map_or("reject_unlisted_writes", |guard| guard.value.key()),
            args.write_guard.as_ref().map(|guard| guard.span),
        ),
        ("public_websocket", args.public_websocket),
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
    let narrowing_from_env = [("methods", &from_env.methods), ("expose", &from_env.expose)];
    for (key, variable) in narrowing_from_env {
        if let Some(variable) = variable {
            errors.push(Error::new(
                variable.key,
                format!(
                    "`{key} = env(..)` cannot change the `{key}` of the policy `{policy_name}`: a handler's `{key}` is checked against the policy's at compile time\nhelp: read `{key}` from the environment in the policy itself, or write the names here"
                ),
            ));
        }
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
        Some(Origins::AtStartup(_) | Origins::Tenants(_)) => (Vec::new(), true),
        // Its error is reported already; the other keys are still checked, without it.
        Some(Origins::Unreadable) => (Vec::new(), true),
        None => (Vec::new(), false),
    };
    Draft {
        origins_at,
        origins,
        dev_origins: policy.dev_origins.as_ref().map(spanned_entries).unwrap_or_default(),
        methods,
        headers: policy.headers.as_ref().map(spanned_entries).unwrap_or_default(),
        expose: policy.expose.as_ref().map(spanned_entries).unwrap_or_default(),
        max_age: policy.max_age.as_ref().map(|keyed| (keyed.value.span, keyed.value.value)),
        credentials: policy.credentials,
        allow_http_origins: policy.allow_http_origins,
        write_guard: policy.write_guard.as_ref().map(|guard| (guard.span, guard.value)),
        public_websocket: policy.public_websocket,
        origins_at_startup,
    }
}

/// `cors_rules`' rules on the policy's values, each problem on its token.
fn check_rules(draft: Draft<Span>, errors: &mut Vec<Error>) -> Option<ValidPolicy> {
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

fn path_text(path: &syn::Path) -> String {
    quote::ToTokens::to_token_stream(path).to_string().replace(' ', "")
}
