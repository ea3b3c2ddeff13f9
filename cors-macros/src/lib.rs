//! The `#[cors(...)]` attribute for actix-web handlers. Use it through `cors-runtime`, which
//! re-exports it and holds everything the generated code needs; its documentation is there.
//!
//! The attribute is a pipeline: [`args`] and [`handler`] parse the attribute and the handler
//! into a model that keeps every token's span, [`validate`] checks every rule and collects all
//! problems, and [`expand`] only generates code. When anything is wrong, the handler is emitted
//! unchanged beside the errors: its route attribute still makes it a service, so the user sees
//! only our errors and no follow-up error where the handler is registered.

mod args;
mod expand;
mod handler;
mod validate;

use proc_macro::TokenStream;
use proc_macro2::Span;
use syn::Error;

use crate::handler::Routing;

/// Per-route CORS for an actix-web handler, checked at compile time.
///
/// Place it above the route attribute (`#[get]`, `#[post]`, `#[put]`, `#[patch]`,
/// `#[delete]`, `#[head]`, `#[route]`, `#[routes]`). See the `cors-runtime` crate for the keys
/// and what the generated code does.
#[proc_macro_attribute]
pub fn cors(args: TokenStream, item: TokenStream) -> TokenStream {
    let item = proc_macro2::TokenStream::from(item);
    let mut errors = Vec::new();
    let args = args::parse(args.into(), &mut errors);
    let handler = match handler::parse(item.clone()) {
        Ok(handler) => handler,
        Err(error) => return with_errors(item, errors.into_iter().chain([error])),
    };
    for repeated in handler.repeated_cors() {
        errors.push(Error::new_spanned(
            repeated,
            "a handler takes one #[cors(...)]\nhelp: merge the two into one attribute",
        ));
    }
    let routes = match handler.routing() {
        Routing::Routes(routes) => routes,
        Routing::LeftToActix => return with_errors(item, errors),
        Routing::Missing => {
            errors.push(Error::new(
                Span::call_site(),
                "#[cors] must be placed above the route attribute (#[get], #[post], #[route], #[routes], ...): attributes expand from the top down, so below it #[cors] cannot see the route\nhelp: move #[cors(...)] above #[get(\"/path\")]",
            ));
            return with_errors(item, errors);
        }
    };
    // Without a readable `origins` the policy cannot be judged; the argument error says why.
    if args.origins.is_none() && !errors.is_empty() {
        return with_errors(item, errors);
    }
    match validate::validate(&args, &routes, &mut errors) {
        Some(policy) if errors.is_empty() => expand::expand(&handler, &routes, &policy).into(),
        _ => with_errors(item, errors),
    }
}

/// The handler as written, plus the errors: its route attribute still makes it a service.
fn with_errors(
    item: proc_macro2::TokenStream,
    errors: impl IntoIterator<Item = Error>,
) -> TokenStream {
    let errors = errors.into_iter().map(|error| error.to_compile_error());
    quote::quote!(#(#errors)* #item).into()
}
