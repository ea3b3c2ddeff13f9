//! Named policies: `policy! { pub API(origins = [...], ...); }` and their application to a
//! handler.
//!
//! A policy is a `macro_rules!` macro (so it can be imported, re-exported and named by path
//! like any item) that carries the policy's tokens to `cors_with_policy!` together with the
//! handler, where both are checked as one policy at compile time.

use std::hash::{DefaultHasher, Hash, Hasher};

use proc_macro2::{Group, Span, TokenStream};
use quote::{format_ident, quote};
use syn::parse::{Parse, ParseStream, Parser};
use syn::{Attribute, Error, Ident, LitBool, Token, Visibility, parenthesized};

use cors_rules::{NameList, ValidPolicy, fetch};

use crate::{args, expand, validate};

/// One `[attrs] vis NAME(keys);` entry of `policy!`.
struct Declaration {
    attrs: Vec<Attribute>,
    vis: Visibility,
    name: Ident,
    keys: TokenStream,
}

impl Parse for Declaration {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let attrs = input.call(Attribute::parse_outer)?;
        let vis = input.parse()?;
        let name = input.parse()?;
        let content;
        parenthesized!(content in input);
        let keys = content.parse()?;
        Ok(Declaration { attrs, vis, name, keys })
    }
}

/// Expands `policy! { ... }`: each declaration checked, and defined as a macro.
pub fn declare(input: TokenStream) -> TokenStream {
    let parsed = Parser::parse2(
        |input: ParseStream<'_>| {
            let mut declarations = Vec::new();
            while !input.is_empty() {
                declarations.push(input.parse::<Declaration>()?);
                if !input.is_empty() {
                    input.parse::<Token![;]>()?;
                }
            }
            Ok(declarations)
        },
        input,
    );
    match parsed {
        Ok(declarations) => declarations.iter().map(define).collect(),
        Err(error) => error.to_compile_error(),
    }
}

fn define(declaration: &Declaration) -> TokenStream {
    let Declaration { attrs, vis, name, keys } = declaration;
    let mut errors = Vec::new();
    let policy = args::parse(keys.clone(), &mut errors);
    let checked = validate::named_policy(&policy, &mut errors).filter(|_| errors.is_empty());
    let value = checked.map(|checked| wrapped_value(declaration, checked, policy.variables()));
    let valid = LitBool::new(value.is_some(), Span::call_site());
    let errors = errors.iter().map(Error::to_compile_error);
    let hidden = format_ident!("__cors_policy_{}_{:x}", name, fingerprint(name, keys));
    // A `pub` policy is usable from other crates, which only `#[macro_export]` allows; the
    // `use` below gives it the declared name and path in this crate too.
    let export = matches!(vis, Visibility::Public(_)).then(|| quote!(#[macro_export]));
    quote! {
        #(#errors)*
        #(#attrs)*
        #[doc(hidden)]
        #export
        macro_rules! #hidden {
            ($config:ident ($($handler_keys:tt)*) $($handler:tt)*) => {
                ::cors_runtime::__private::cors_with_policy! {
                    $config #name #valid (#keys) ($($handler_keys)*) $($handler)*
                }
            };
        }
        #(#attrs)*
        #[allow(unused_imports)]
        #vis use #hidden as #name;
        #value
    }
}

/// The policy as a value, for `.wrap(NAME)`: a `static` of the same name, in the value
/// namespace beside the macro, so that one `use` imports both. Without `methods` it allows
/// what browsers send without asking, GET, HEAD and POST (unless they are read at startup).
/// Not emitted for a policy with
/// errors: those are reported where it is declared.
fn wrapped_value(
    declaration: &Declaration,
    mut checked: ValidPolicy,
    variables: args::Variables<'_>,
) -> TokenStream {
    let Declaration { attrs, vis, name, .. } = declaration;
    if checked.methods == NameList::default() && variables.methods.is_none() {
        checked.methods.names = fetch::CORS_SAFELISTED_METHODS.map(str::to_owned).to_vec();
    }
    let applied_as = format!(".wrap({name})");
    let policy_static = expand::policy_static(&applied_as, Some(name), &checked, variables, None);
    quote! {
        #(#attrs)*
        #[allow(non_upper_case_globals)]
        #vis static #name: ::cors_runtime::__private::NamedPolicy = {
            #policy_static
            ::cors_runtime::__private::NamedPolicy::new(&__CORS_POLICY)
        };
    }
}

/// Distinguishes policies of the same name in different modules, whose `#[macro_export]`
/// macros share the crate root.
fn fingerprint(name: &Ident, keys: &TokenStream) -> u64 {
    let mut hasher = DefaultHasher::new();
    name.to_string().hash(&mut hasher);
    keys.to_string().hash(&mut hasher);
    hasher.finish()
}

/// The input of `cors_with_policy!`, as a policy's macro passes it on.
pub struct Application {
    /// The `AppService` parameter of the handler's `register`.
    pub config: Ident,
    /// The policy's name.
    pub name: Ident,
    /// Whether the policy passed its checks where it is declared.
    pub policy_is_valid: bool,
    pub policy_args: TokenStream,
    pub handler_args: TokenStream,
    pub handler: TokenStream,
}

impl Application {
    pub fn parse(input: TokenStream) -> syn::Result<Self> {
        Parser::parse2(
            |input: ParseStream<'_>| {
                let config = input.parse()?;
                let name = input.parse()?;
                let policy_is_valid: LitBool = input.parse()?;
                let policy_args: Group = input.parse()?;
                let handler_args: Group = input.parse()?;
                Ok(Application {
                    config,
                    name,
                    policy_is_valid: policy_is_valid.value,
                    policy_args: policy_args.stream(),
                    handler_args: handler_args.stream(),
                    handler: input.parse()?,
                })
            },
            input,
        )
    }
}
