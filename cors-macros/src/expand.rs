//! Code generation: the handler's service, its policy as a `static`, and its resources.
//!
//! Each route attribute becomes the resource actix-web's own macro would build (path, name,
//! the user's guards and middleware), with two differences that make CORS work: the guard
//! admits the preflights for the route's methods as well (actix's method guard would turn them
//! away before any middleware sees them), and the CORS middleware wraps the resource outermost,
//! where it answers preflights and adds the grant to every response.

use cors_rules::{AllowedOrigin, NameList, Slot, ValidPolicy, Wildcard, WriteGuard, build_index};
use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Attribute, Ident, LitStr};

use crate::args::Variables;
use crate::handler::{Handler, RouteAttribute, is_routes_attribute};

/// Everything the registration of one handler needs, all of it checked.
pub struct Registration<'a> {
    pub handler: &'a Handler,
    pub routes: &'a [RouteAttribute],
    pub policy: &'a ValidPolicy,
    /// `origins = env("VAR")`, `headers = env("VAR")`, ...: the variables read at startup.
    pub variables: Variables<'a>,
    /// The named policy the handler uses, for the route report.
    pub policy_name: Option<&'a Ident>,
    /// `preflight_skips_guards`: the routes' `guard = ..` are not asked about preflights.
    pub preflight_skips_guards: bool,
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
        // `pub` whatever the handler's visibility, as actix-web's route macros make it (their
        // default `compat-routing-macros-force-pub`), so that moving to #[cors] changes nothing.
        #[allow(non_camel_case_types)]
        pub struct #name;

        impl ::cors_runtime::__private::HttpServiceFactory for #name {
            fn register(self, #config: &mut ::cors_runtime::__private::AppService) {
                #body
            }
        }
    }
}

/// The statements of `register`: the policy as a `static`, its entries in the route report,
/// the handler itself (without its route attributes), and one resource per route attribute.
pub fn register_body(registration: &Registration<'_>) -> TokenStream {
    let Registration {
        handler,
        routes,
        policy,
        variables,
        policy_name,
        preflight_skips_guards,
        config,
    } = registration;
    let Handler { attrs, vis, name, signature_and_body } = handler;
    let is_route_attribute = |index: usize, attr: &Attribute| {
        is_routes_attribute(attr) || routes.iter().any(|route| route.attr_index == index)
    };
    let (route_attrs, attrs): (Vec<_>, Vec<_>) =
        attrs.iter().enumerate().partition(|(index, attr)| is_route_attribute(*index, attr));
    let attrs = attrs.into_iter().map(|(_, attr)| attr);
    // The route attributes are replaced, not expanded; naming the outer one keeps the user's
    // `use actix_web::get;` in use, as it is without #[cors]. (Under `#[routes]`, actix reads
    // the method attributes as plain markers, which need no import.)
    let outer_route_attr = route_attrs
        .iter()
        .map(|(_, attr)| *attr)
        .find(|attr| is_routes_attribute(attr))
        .or_else(|| route_attrs.first().map(|(_, attr)| *attr));
    let route_attr_path = outer_route_attr.map(|attr| attr.path()).into_iter();
    let served: Vec<String> = routes
        .iter()
        .flat_map(|route| &route.methods)
        .map(|(method, _)| method.clone())
        .fold(Vec::new(), |mut served, method| {
            if !served.contains(&method) {
                served.push(method);
            }
            served
        });
    let policy_static =
        policy_static(&name.to_string(), *policy_name, policy, *variables, Some(&served));
    let report = routes.iter().map(|route| {
        let path = &route.path;
        let methods = route.methods.iter().map(|(method, _)| method);
        let guards = &route.guards;
        // A route that answers every preflight for its methods stands, for its neighbours on
        // the path, as one without guards.
        let guards = if guards.is_empty() || *preflight_skips_guards {
            quote!(::core::option::Option::None)
        } else {
            quote!(::core::option::Option::Some(
                |__ctx: &::cors_runtime::__private::GuardContext<'_>| #(#guards(__ctx))&&*
            ))
        };
        quote! {
            ::cors_runtime::__private::inventory::submit! {
                ::cors_runtime::__private::new_route(#path, &[#(#methods),*], &__CORS_POLICY, #guards)
            }
        }
    });
    let resources =
        routes.iter().map(|route| resource(route, name, *preflight_skips_guards, config));
    quote! {
        #(#[allow(unused_imports)] use #route_attr_path as _;)*
        #policy_static
        #(#report)*
        #(#attrs)*
        #vis #signature_and_body
        #(#resources)*
    }
}

/// The resource of one route attribute, registered on `config`.
fn resource(
    route: &RouteAttribute,
    handler: &Ident,
    preflight_skips_guards: bool,
    config: &Ident,
) -> TokenStream {
    let RouteAttribute { path, methods, name, guards, wraps, .. } = route;
    let name = name.clone().unwrap_or_else(|| LitStr::new(&handler.to_string(), handler.span()));
    let methods = methods.iter().map(|(method, _)| method);
    let user_guards = if guards.is_empty() { quote!(true) } else { quote!(#(#guards(__ctx))&&*) };
    quote! {
        let __resource = ::cors_runtime::__private::Resource::new(#path)
            .name(#name)
            .guard(::cors_runtime::__private::fn_guard(|__ctx: &::cors_runtime::__private::GuardContext<'_>| {
                ::cors_runtime::__private::route_admits(__ctx, &[#(#methods),*], #preflight_skips_guards, |__ctx| #user_guards)
            }))
            #(.wrap(#wraps))*
            .wrap(::cors_runtime::__private::Cors::registered(&__CORS_POLICY, #path))
            .to(#handler);
        ::cors_runtime::__private::HttpServiceFactory::register(__resource, #config);
    }
}

/// The policy as `static __CORS_POLICY`, with every header value computed here, unless a key is
/// read at startup (from `variables`). `handler` is what logs say the policy belongs to: the
/// handler's name, or `.wrap(NAME)`; `served`, the methods of its routes (none for `.wrap`).
pub fn policy_static(
    handler: &str,
    policy_name: Option<&Ident>,
    policy: &ValidPolicy,
    variables: Variables<'_>,
    served: Option<&[String]>,
) -> TokenStream {
    let lists = if variables.reads_lists() {
        lists_at_startup(handler, policy_name.is_some(), policy, variables, served)
    } else {
        written_lists(policy)
    };
    let policy_name = optional_str(policy_name.map(ToString::to_string));
    let origins = if let Some(set) = variables.tenants {
        let name = set.segments.last().map(|segment| segment.ident.to_string()).unwrap_or_default();
        // Spanned on the path, so that naming something other than a set is an error there.
        let set = quote_spanned!(set.span()=> {
            let set: &'static ::cors_runtime::__private::TenantOrigins = &#set;
            set
        });
        quote!(::cors_runtime::__private::AllowedOrigins::Tenants { set: #set, name: #name })
    } else if let Some(origins_env) = variables.origins {
        let credentials = policy.credentials;
        let allow_http_origins = policy.allow_http_origins;
        let write_guard = write_guard(policy.write_guard);
        quote! {{
            static __CORS_ORIGINS_AT_STARTUP: ::cors_runtime::__private::OriginsAtStartup =
                ::cors_runtime::__private::OriginsAtStartup::new(#origins_env, #credentials, #allow_http_origins, #write_guard);
            ::cors_runtime::__private::inventory::submit! {
                ::cors_runtime::__private::OriginsToLoad(&__CORS_ORIGINS_AT_STARTUP)
            }
            ::cors_runtime::__private::AllowedOrigins::AtStartup(&__CORS_ORIGINS_AT_STARTUP)
        }}
    } else if policy.allows_any_origin() {
        quote!(::cors_runtime::__private::AllowedOrigins::Any)
    } else if policy.dev_origins.is_empty() {
        listed_origins(&policy.origins)
    } else {
        let release = listed_origins(&policy.origins);
        let debug: Vec<AllowedOrigin> =
            policy.origins.iter().chain(&policy.dev_origins).cloned().collect();
        let debug = listed_origins(&debug);
        // The build's profile decides, which a macro cannot see: both lists are emitted.
        quote! {{
            #[cfg(debug_assertions)]
            let __origins = #debug;
            #[cfg(not(debug_assertions))]
            let __origins = #release;
            __origins
        }}
    };
    let credentials = policy.credentials;
    let write_guard = write_guard(policy.write_guard);
    let public_websocket = policy.public_websocket;
    quote! {
        static __CORS_POLICY: ::cors_runtime::__private::Policy =
            ::cors_runtime::__private::new_policy(::cors_runtime::__private::PolicyParts {
                handler: #handler,
                policy_name: #policy_name,
                origins: #origins,
                lists: #lists,
                credentials: #credentials,
                write_guard: #write_guard,
                public_websocket: #public_websocket,
            });
    }
}

fn write_guard(guard: Option<WriteGuard>) -> TokenStream {
    match guard {
        None => quote!(::core::option::Option::None),
        Some(WriteGuard::Report) => {
            quote!(::core::option::Option::Some(::cors_runtime::__private::WriteGuard::Report))
        }
        Some(WriteGuard::Reject) => {
            quote!(::core::option::Option::Some(::cors_runtime::__private::WriteGuard::Reject))
        }
    }
}

/// The lists as written, with their header values computed here.
fn written_lists(policy: &ValidPolicy) -> TokenStream {
    let methods = name_list(&policy.methods);
    let headers = name_list(&policy.headers);
    let expose = name_list(&policy.expose);
    let allow_methods = header_value(&policy.methods.header_value().unwrap_or_default());
    let allow_headers = optional_header_value(policy.headers.header_value());
    let expose_headers = optional_header_value(policy.expose.header_value());
    let max_age_value = optional_header_value(policy.max_age.map(|seconds| seconds.to_string()));
    let max_age = optional_u32(policy.max_age);
    quote! {
        ::cors_runtime::__private::PolicyLists::Written(::cors_runtime::__private::Lists {
            methods: #methods,
            headers: #headers,
            expose: #expose,
            max_age: #max_age,
            header_values: ::cors_runtime::__private::HeaderValues {
                allow_methods: #allow_methods,
                allow_headers: #allow_headers,
                expose_headers: #expose_headers,
                max_age: #max_age_value,
            },
        })
    }
}

/// Lists with keys read at startup: what was written, the variables, and what the values read
/// are checked against, for `cors_runtime::init` to load.
fn lists_at_startup(
    handler: &str,
    uses_named_policy: bool,
    policy: &ValidPolicy,
    variables: Variables<'_>,
    served: Option<&[String]>,
) -> TokenStream {
    let env = |variable: Option<&str>| optional_str(variable.map(str::to_owned));
    let (methods_env, headers_env, expose_env, max_age_env) = (
        env(variables.methods),
        env(variables.headers),
        env(variables.expose),
        env(variables.max_age),
    );
    let credentials = policy.credentials;
    let served = match served {
        Some(served) => quote!(::core::option::Option::Some(&[#(#served),*])),
        None => quote!(::core::option::Option::None),
    };
    let written = |list: &NameList| {
        let wildcard = list.wildcard;
        let names = &list.names;
        quote!(::cors_runtime::__private::WrittenNames { wildcard: #wildcard, names: &[#(#names),*] })
    };
    let (methods, headers, expose) =
        (written(&policy.methods), written(&policy.headers), written(&policy.expose));
    let max_age = optional_u32(policy.max_age);
    quote! {{
        static __CORS_LISTS_AT_STARTUP: ::cors_runtime::__private::ListsAtStartup =
            ::cors_runtime::__private::ListsAtStartup::new(::cors_runtime::__private::KeysAtStartup {
                handler: #handler,
                env: ::cors_runtime::__private::KeysFromEnv {
                    methods: #methods_env,
                    headers: #headers_env,
                    expose: #expose_env,
                    max_age: #max_age_env,
                },
                credentials: #credentials,
                served: #served,
                methods_apply_where_served: #uses_named_policy,
                methods: #methods,
                headers: #headers,
                expose: #expose,
                max_age: #max_age,
            });
        ::cors_runtime::__private::inventory::submit! {
            ::cors_runtime::__private::ListsToLoad(&__CORS_LISTS_AT_STARTUP)
        }
        ::cors_runtime::__private::PolicyLists::AtStartup(&__CORS_LISTS_AT_STARTUP)
    }}
}

fn optional_u32(value: Option<u32>) -> TokenStream {
    match value {
        Some(value) => quote!(::core::option::Option::Some(#value)),
        None => quote!(::core::option::Option::None),
    }
}

/// `AllowedOrigins::Listed` for `origins`: the exact ones, with their index, and the patterns.
fn listed_origins(origins: &[AllowedOrigin]) -> TokenStream {
    let is_exact = |origin: &&AllowedOrigin| matches!(origin, AllowedOrigin::Exact(_));
    let exact: Vec<String> = origins.iter().filter(is_exact).map(ToString::to_string).collect();
    let index = exact_index(&exact);
    let exact_count = exact.len();
    let exact = exact.iter().map(|origin| header_value(origin));
    let patterns = origins.iter().filter_map(AllowedOrigin::pattern_parts).map(
        |(prefix, wildcard, suffix)| {
            let wildcard = match wildcard {
                Wildcard::Subdomains => quote!(Subdomains),
                Wildcard::InLabel => quote!(InLabel),
                Wildcard::Port => quote!(Port),
            };
            quote!(::cors_runtime::__private::OriginPattern::from_parts(
                #prefix,
                ::cors_runtime::__private::Wildcard::#wildcard,
                #suffix,
            ))
        },
    );
    let entries = (origins.iter().filter(is_exact))
        .chain(origins.iter().filter(|origin| !is_exact(origin)))
        .map(ToString::to_string);
    quote! {{
        // A separate static: header values hold an atomic, which a constant cannot borrow.
        static __CORS_EXACT_ORIGINS: [::cors_runtime::__private::HeaderValue; #exact_count] = [#(#exact),*];
        ::cors_runtime::__private::AllowedOrigins::Listed {
            exact: ::cors_runtime::__private::ExactOrigins::new(&__CORS_EXACT_ORIGINS, #index),
            patterns: &[#(#patterns),*],
            entries: &[#(#entries),*],
        }
    }}
}

/// The index that finds a request's origin among `exact` (in that order) in constant time,
/// built here once rather than at every start; none for a list short enough to scan.
fn exact_index(exact: &[String]) -> TokenStream {
    let bytes: Vec<&[u8]> = exact.iter().map(String::as_bytes).collect();
    let Some((slots, probes)) = build_index(&bytes) else {
        return quote!(::cors_runtime::__private::OriginIndex::NONE);
    };
    let slots = slots.into_iter().map(|slot| {
        if slot == Slot::EMPTY {
            return quote!(::cors_runtime::__private::Slot::EMPTY);
        }
        let (tag, position) = slot.parts();
        quote!(::cors_runtime::__private::Slot::from_parts(#tag, #position))
    });
    quote!(::cors_runtime::__private::OriginIndex::from_parts(&[#(#slots),*], #probes))
}

fn name_list(list: &NameList) -> TokenStream {
    let wildcard = list.wildcard;
    let names = &list.names;
    quote!(::cors_runtime::__private::NameList { wildcard: #wildcard, names: &[#(#names),*] })
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
