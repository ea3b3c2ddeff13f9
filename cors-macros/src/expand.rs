//! Code generation: the handler's service, its policy as a `static`, and its preflight routes.
//!
//! The handler keeps its route attribute, re-emitted inside our `register` with one more
//! option, `wrap = "...Cors::new(&__CORS_POLICY)"`, so actix-web still owns paths, guards,
//! names and the user's own middleware, and our middleware is the outermost one on the route.

use cors_rules::{AllowedOrigin, NameList, ValidPolicy};
use proc_macro2::TokenStream;
use quote::{ToTokens, quote};
use syn::{Attribute, Ident, LitStr};

use crate::handler::{Handler, Route};

const WRAP_WITH_POLICY: &str = "::cors_runtime::__private::Cors::new(&__CORS_POLICY)";

/// Everything the registration of one handler needs, all of it checked.
pub struct Registration<'a> {
    pub handler: &'a Handler,
    pub routes: &'a [Route],
    pub policy: &'a ValidPolicy,
    /// `origins = env("VAR")`: the variable the origins are read from at startup.
    pub startup_variable: Option<&'a str>,
    /// The named policy the handler uses, for the route report.
    pub policy_name: Option<&'a Ident>,
    /// The `AppService` parameter of the `register` function the statements go in.
    pub config: &'a Ident,
}

/// The handler's service: a unit struct named like the handler, whose `register` runs `body`
/// with `config` as the `AppService`. It exists even when `body` fails to compile, so that
/// `.service(handler)` never adds an error of its own.
pub fn service(handler: &Handler, config: &Ident, body: TokenStream) -> TokenStream {
    let name = &handler.name;
    let docs = handler.attrs.iter().filter(|attr| attr.path().is_ident("doc"));
    quote! {
        #(#docs)*
        #[allow(non_camel_case_types)]
        pub struct #name;

        impl ::cors_runtime::__private::HttpServiceFactory for #name {
            fn register(self, #config: &mut ::cors_runtime::__private::AppService) {
                #body
            }
        }
    }
}

/// The statements of `register`: the policy as a `static`, the handler with its route
/// attribute(s) wrapped, its preflight routes (registered first, so a preflight never pays for
/// the route's method guard), the route itself, and its entries in the route report.
pub fn register_body(registration: &Registration<'_>) -> TokenStream {
    let Registration { handler, routes, policy, startup_variable, policy_name, config } =
        registration;
    let Handler { attrs, vis, name, signature_and_body } = handler;
    let attrs = attrs.iter().enumerate().map(|(index, attr)| {
        match routes.iter().find(|route| route.attr_index == index) {
            Some(route) => with_cors_wrap(attr, route),
            None => attr.to_token_stream(),
        }
    });
    let handler_name = name.to_string();
    let policy_static = policy_static(&handler_name, *policy_name, policy, *startup_variable);
    let paths = preflight_paths(routes);
    let preflights = paths.iter().map(|(path, methods)| {
        quote! {
            ::cors_runtime::__private::register_preflight(#config, #path, &__CORS_POLICY, &[#(#methods),*]);
        }
    });
    let report = paths.iter().map(|(path, methods)| {
        quote! {
            ::cors_runtime::__private::inventory::submit! {
                ::cors_runtime::__private::RouteRecord::new(#path, &[#(#methods),*], &__CORS_POLICY)
            }
        }
    });
    quote! {
        #policy_static
        #(#report)*
        #(#attrs)*
        #vis #signature_and_body
        #(#preflights)*
        ::cors_runtime::__private::HttpServiceFactory::register(#name, #config);
    }
}

/// The route attribute with `wrap = ...` appended after the user's options, making the CORS
/// middleware the outermost (actix applies `wrap`s in order).
fn with_cors_wrap(attr: &Attribute, route: &Route) -> TokenStream {
    let pound = &attr.pound_token;
    let path = attr.path();
    let route_path = &route.path;
    let options = &route.options;
    let wrap = LitStr::new(WRAP_WITH_POLICY, route_path.span());
    quote! { #pound[#path(#route_path, #(#options,)* wrap = #wrap)] }
}

/// Each distinct path with the methods served there, in the order written.
fn preflight_paths(routes: &[Route]) -> Vec<(&LitStr, Vec<&str>)> {
    let mut paths: Vec<(&LitStr, Vec<&str>)> = Vec::new();
    for route in routes {
        let index = match paths.iter().position(|(path, _)| path.value() == route.path.value()) {
            Some(index) => index,
            None => {
                paths.push((&route.path, Vec::new()));
                paths.len() - 1
            }
        };
        for (method, _) in &route.methods {
            if !paths[index].1.contains(&method.as_str()) {
                paths[index].1.push(method);
            }
        }
    }
    paths
}

fn policy_static(
    handler: &str,
    policy_name: Option<&Ident>,
    policy: &ValidPolicy,
    startup_variable: Option<&str>,
) -> TokenStream {
    let policy_name = optional_str(policy_name.map(ToString::to_string));
    let origins = if let Some(variable) = startup_variable {
        let credentials = policy.credentials;
        let allow_http = policy.allows_http_origins;
        quote! {{
            static __CORS_ORIGINS_AT_STARTUP: ::cors_runtime::__private::OriginsAtStartup =
                ::cors_runtime::__private::OriginsAtStartup::new(#variable, #credentials, #allow_http);
            ::cors_runtime::__private::AllowedOrigins::AtStartup(&__CORS_ORIGINS_AT_STARTUP)
        }}
    } else if policy.allows_any_origin() {
        quote!(::cors_runtime::__private::AllowedOrigins::Any)
    } else {
        let exact = policy.origins.iter().filter_map(|origin| match origin {
            AllowedOrigin::Exact(origin) => Some(header_value(&origin.to_string())),
            _ => None,
        });
        let subdomains = policy.origins.iter().filter_map(AllowedOrigin::subdomain_parts).map(|(prefix, suffix)| {
            quote!(::cors_runtime::__private::SubdomainPattern::from_parts(#prefix, #suffix))
        });
        let exact_count = policy
            .origins
            .iter()
            .filter(|origin| matches!(origin, AllowedOrigin::Exact(_)))
            .count();
        quote! {{
            // A separate static: header values hold an atomic, which a constant cannot borrow.
            static __CORS_EXACT_ORIGINS: [::cors_runtime::__private::HeaderValue; #exact_count] = [#(#exact),*];
            ::cors_runtime::__private::AllowedOrigins::Listed {
                exact: &__CORS_EXACT_ORIGINS,
                subdomains: &[#(#subdomains),*],
            }
        }}
    };
    let methods = name_set(&policy.methods);
    let headers = name_set(&policy.headers);
    let credentials = policy.credentials;
    let allow_methods = header_value(&policy.methods.header_value().unwrap_or_default());
    let allow_headers = optional_header_value(policy.headers.header_value());
    let expose_headers = optional_header_value(policy.expose.header_value());
    let max_age = optional_header_value(policy.max_age.map(|seconds| seconds.to_string()));
    quote! {
        static __CORS_POLICY: ::cors_runtime::__private::Policy =
            ::cors_runtime::__private::Policy::from_parts(::cors_runtime::__private::PolicyParts {
                handler: #handler,
                policy_name: #policy_name,
                origins: #origins,
                methods: #methods,
                headers: #headers,
                credentials: #credentials,
                allow_methods: #allow_methods,
                allow_headers: #allow_headers,
                expose_headers: #expose_headers,
                max_age: #max_age,
            });
    }
}

fn name_set(list: &NameList) -> TokenStream {
    let any = list.wildcard;
    let names = &list.names;
    quote!(::cors_runtime::__private::NameSet { any: #any, names: &[#(#names),*] })
}

fn header_value(value: &str) -> TokenStream {
    quote!(::cors_runtime::__private::HeaderValue::from_static(#value))
}

fn optional_str(value: Option<String>) -> TokenStream {
    match value {
        Some(value) => quote!(::core::option::Option::Some(#value)),
        None => quote!(::core::option::Option::None),
    }
}

fn optional_header_value(value: Option<String>) -> TokenStream {
    match value {
        Some(value) => {
            let value = header_value(&value);
            quote!(::core::option::Option::Some(#value))
        }
        None => quote!(::core::option::Option::None),
    }
}
