//! The `#[cors(...)]` attribute and `policy!` for actix-web handlers. Use them through
//! `cors-runtime`, which re-exports them and holds everything the generated code needs; its
//! documentation is there.
//!
//! Each macro is a pipeline: `args` and `handler` parse the attribute and the handler into a
//! model that keeps every token's span, `validate` checks every rule and collects all problems,
//! and `expand` only generates code. When anything is wrong, the errors are emitted with an
//! item that still compiles as a service, so the user sees only our errors.
//!
//! A named policy is a `macro_rules!` macro that `policy!` defines: `#[cors(policy = API)]`
//! calls `API!` with the handler, and `API!` hands its own keys and the handler to
//! `cors_with_policy!`, which checks them together at compile time.

mod args;
mod expand;
mod handler;
mod policy;
mod validate;

use proc_macro::TokenStream;
use proc_macro2::Span;
use quote::quote;
use syn::{Error, Ident};

use crate::expand::Registration;
use crate::handler::{Handler, Route, Routing};

/// Per-route CORS for an actix-web handler, checked at compile time.
///
/// Place it above the route attribute (`#[get]`, `#[post]`, `#[put]`, `#[patch]`,
/// `#[delete]`, `#[head]`, `#[route]`, `#[routes]`). See the `cors-runtime` crate for the keys
/// and what the generated code does.
#[proc_macro_attribute]
pub fn cors(args: TokenStream, item: TokenStream) -> TokenStream {
    expand_cors(args.into(), item.into()).into()
}

fn expand_cors(
    raw_args: proc_macro2::TokenStream,
    item: proc_macro2::TokenStream,
) -> proc_macro2::TokenStream {
    let mut errors = Vec::new();
    let args = args::parse(raw_args.clone(), &mut errors);
    let (handler, routes) = match handler_and_routes(item.clone(), &mut errors) {
        Ok(parsed) => parsed,
        Err(()) => return with_errors(item, errors),
    };
    let config = Ident::new("__config", Span::call_site());
    if let Some(policy) = &args.policy {
        validate::reject_policy_keys(&args, &mut errors);
        if !errors.is_empty() {
            return with_errors(item, errors);
        }
        let policy = &policy.value;
        let body = quote!(#policy! { #config (#raw_args) #item });
        return expand::service(&handler, &config, body);
    }
    // Without a readable `origins` the policy cannot be judged; the argument error says why.
    if args.origins.is_none() && !errors.is_empty() {
        return with_errors(item, errors);
    }
    match validate::validate(&args, None, &routes, &mut errors) {
        Some(policy) if errors.is_empty() => {
            let registration = Registration {
                handler: &handler,
                routes: &routes,
                policy: &policy,
                startup_variable: validate::startup_variable(&args, None),
                policy_name: None,
                config: &config,
            };
            expand::service(&handler, &config, expand::register_body(&registration))
        }
        _ => with_errors(item, errors),
    }
}

/// Declares named CORS policies, checked like `#[cors(...)]`, for handlers to share with
/// `#[cors(policy = NAME)]`: `policy! { pub API(origins = ["https://myapp.com"], credentials); }`.
///
/// Each declaration takes the keys of `#[cors(...)]` (but `policy`), with doc comments and a
/// visibility; a `pub` policy can be used from other crates. A handler using a policy may set
/// only `methods` (to narrow them) and `expose` (to add to them).
#[proc_macro]
pub fn policy(input: TokenStream) -> TokenStream {
    policy::declare(input.into()).into()
}

/// What a named policy's macro expands to: the handler's `register` statements, from the
/// policy's keys and the handler's own. Not for direct use.
#[doc(hidden)]
#[proc_macro]
pub fn cors_with_policy(input: TokenStream) -> TokenStream {
    apply_policy(input.into()).into()
}

fn apply_policy(input: proc_macro2::TokenStream) -> proc_macro2::TokenStream {
    let application = match policy::Application::parse(input) {
        Ok(application) => application,
        Err(error) => return error.to_compile_error(),
    };
    if !application.policy_is_valid {
        // The policy's own errors are reported where it is declared.
        return proc_macro2::TokenStream::new();
    }
    let mut errors = Vec::new();
    let policy_args = args::parse(application.policy_args, &mut errors);
    let handler_args = args::parse(application.handler_args, &mut errors);
    let Ok((handler, routes)) = handler_and_routes(application.handler, &mut errors) else {
        return compile_errors(errors);
    };
    let named = (&application.name, &policy_args);
    match validate::validate(&handler_args, Some(named), &routes, &mut errors) {
        Some(policy) if errors.is_empty() => expand::register_body(&Registration {
            handler: &handler,
            routes: &routes,
            policy: &policy,
            startup_variable: validate::startup_variable(&handler_args, Some(&policy_args)),
            policy_name: Some(&application.name),
            config: &application.config,
        }),
        _ => compile_errors(errors),
    }
}

/// The handler and its route attributes, or `Err` with the reason in `errors`.
fn handler_and_routes(
    item: proc_macro2::TokenStream,
    errors: &mut Vec<Error>,
) -> Result<(Handler, Vec<Route>), ()> {
    let handler = handler::parse(item).map_err(|error| errors.push(error))?;
    for repeated in handler.repeated_cors() {
        errors.push(Error::new_spanned(
            repeated,
            "a handler takes one #[cors(...)]\nhelp: merge the two into one attribute",
        ));
    }
    match handler.routing() {
        Routing::Routes(routes) => Ok((handler, routes)),
        Routing::LeftToActix => Err(()),
        Routing::Missing => {
            errors.push(Error::new(
                Span::call_site(),
                "#[cors] must be placed above the route attribute (#[get], #[post], #[route], #[routes], ...): attributes expand from the top down, so below it #[cors] cannot see the route\nhelp: move #[cors(...)] above #[get(\"/path\")]",
            ));
            Err(())
        }
    }
}

fn compile_errors(errors: impl IntoIterator<Item = Error>) -> proc_macro2::TokenStream {
    let errors = errors.into_iter().map(|error| error.to_compile_error());
    quote!(#(#errors)*)
}

/// The handler as written, plus the errors: its route attribute still makes it a service.
fn with_errors(
    item: proc_macro2::TokenStream,
    errors: impl IntoIterator<Item = Error>,
) -> proc_macro2::TokenStream {
    let errors = compile_errors(errors);
    quote!(#errors #item)
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use proc_macro2::TokenStream;

    use super::*;

    const ARGS: &str = r#"origins = ["https://myapp.com", "https://*.myapp.com", "http://localhost:3000"], methods = [GET, "POST"], headers = ["Content-Type", "*"], expose = ["X-Total-Count"], max_age = 600, credentials = true, dangerously_allow_http_origins, policy = crate::API, origins = env("A_B")"#;
    const ITEM: &str = r#"/// docs
        #[routes] #[get("/a/{id}", name = "a", guard = "g", wrap = "w")] #[post("/a")]
        #[actix_web::route("/b", method = "GET", method = "PURGE")]
        pub(crate) async fn handler(x: web::Json<u8>) -> Result<HttpResponse, Error> { Ok(todo()) }"#;

    /// Every prefix of a token stream, cut at each token: what a user sees mid-typing.
    fn prefixes(text: &str) -> Vec<TokenStream> {
        let tokens: Vec<_> =
            TokenStream::from_str(text).expect("valid tokens").into_iter().collect();
        (0..=tokens.len()).map(|end| tokens[..end].iter().cloned().collect()).collect()
    }

    #[test]
    fn never_panics_on_partial_input() {
        for args in prefixes(ARGS) {
            for item in prefixes(ITEM) {
                // Always the handler back or an error: never nothing, never a panic.
                assert!(!expand_cors(args.clone(), item).is_empty());
            }
        }
    }

    #[test]
    fn never_panics_on_partial_policy_applications() {
        let application = format!("__config API valid ({ARGS}) (methods = [GET]) {ITEM}");
        for input in prefixes(&application) {
            assert!(!apply_policy(input).is_empty());
        }
        for input in prefixes(&format!("/// d\n pub API({ARGS}); B(origins = [\"*\"])")) {
            policy::declare(input);
        }
    }
}
