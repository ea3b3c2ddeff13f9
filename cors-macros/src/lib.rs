//! The `#[cors(...)]` attribute and `policy!` for actix-web handlers. Use them through
//! `cors-runtime`, which re-exports them and holds everything the generated code needs; its
//! documentation is there.
//!
//! Each macro is a pipeline: `args` and `handler` parse the attribute and the handler into a
//! model that keeps every token's span, `validate` checks every rule and collects all problems
//! (its module documentation lists them), and `expand` only generates code. When anything is
//! wrong, the errors are emitted with an item that still compiles as a service, so the user sees
//! only our errors.
//!
//! A named policy is a `macro_rules!` macro that `policy!` defines: `#[cors(policy = API)]`
//! calls `API!` with the handler, and `API!` hands its own keys and the handler to
//! `cors_with_policy!`, which checks them together at compile time. Beside the macro, in the
//! value namespace, `policy!` defines a `static` of the same name for `.wrap(API)`.

// No unsafe code in the published crates (why the fuzz targets need no sanitizer:
// fuzz/README.md). Here, not in `[lints]`, which would also cover tests that count allocations.
#![forbid(unsafe_code)]

mod args;
mod expand;
mod handler;
mod keys;
mod policy;
mod validate;

use proc_macro::TokenStream;
use proc_macro2::Span;
use quote::quote;
use syn::{Error, Ident};

use crate::expand::Registration;
use crate::handler::{Handler, RouteAttribute};

/// # Reference
///
/// Per-route CORS for an actix-web handler, checked at compile time. Use it through
/// `cors-runtime`, which re-exports it; its documentation of this attribute has examples of
/// every key.
///
/// ## Syntax
///
/// ```text
/// #[cors(origins = [..], dev_origins = [..], methods = [..], headers = [..], expose = [..],
///        max_age = N, credentials, dangerously_allow_http_origins, reject_unlisted_writes,
///        report_unlisted_writes)]
/// #[cors(origins = env("API_ORIGINS"), headers = env("API_HEADERS"), ..)]  // read at startup
/// #[cors(policy = NAME, methods = [..], expose = [..])]
/// #[get("/path")]  // or #[post], #[put], #[patch], #[delete], #[head], #[route], #[routes]
/// async fn handler(..) -> impl Responder { .. }
/// ```
///
/// `#[cors]` goes **above** the route attribute: attributes expand from the top down, so below
/// it `#[cors]` cannot see the route (and says so). A handler takes one `#[cors]`.
///
/// ## Keys
///
/// | key | forms | what it allows, and what it emits |
/// |---|---|---|
/// | `origins` (required) | `["https://myapp.com", "https://*.myapp.com", "http://localhost:3000"]` | The pages that may call the route: exact serialized origins (scheme, host, non-default port; nothing else), patterns, or `["*"]` alone for every origin (only without `credentials`). Emits `Access-Control-Allow-Origin`: the matching origin, the request's origin for a pattern, or `*`. Also `env("VAR")` (read at startup) or `tenants(SET)`: each tenant's origins from a `static SET: cors_runtime::TenantOrigins`, keyed by the request's `Host` or a path segment, changed while the server runs and checked at each change (`SET` is a path the handlers can reach, such as `crate::CUSTOMERS`; no `dev_origins` beside it). |
/// | | `"https://*.myapp.com"` | Every subdomain at any depth, never `myapp.com` itself. |
/// | | `"https://preview-*.myapp.com"`, `"https://*-staging.myapp.com"` | One `*` inside the leftmost label, beside a literal start and/or end: one or more host-label characters (`a-z`, `0-9`, `-`, `_`), never a dot, so `https://preview-42.myapp.com` but not `https://preview-a.b.myapp.com`. |
/// | | `"http://localhost:*"`, `"http://127.0.0.1:*"`, `"http://[::1]:*"` (`https://` too) | That loopback host on any port, or none, as browsers write it (`http://localhost:5173`, never `:05173`). Only on these three hosts: elsewhere each port can be another service's origin. Loopback `http` needs no opt-out for `credentials`. |
/// | | | A host pattern's base is never a public suffix, where anyone can create a site (`https://*.github.io`, `https://myapp-*.vercel.app` are errors; give previews a custom domain, or list them); a host at or under a public suffix below the base (`https://s3-us-west-2.amazonaws.com` for `https://s3-*.amazonaws.com`) never matches. |
/// | | `env("API_ORIGINS")` | The same list, read from that environment variable (comma-separated) when the application starts, by `cors_runtime::init`, and checked with the same rules; until then no origin is allowed. |
/// | `dev_origins` | `["http://localhost:*"]` | Origins and patterns allowed besides `origins` in debug builds only (`cfg(debug_assertions)`: `cargo run`, `cargo test`), checked with `origins` as one list; a release build (`--release`) does not allow them, nor list them in the route report. Not with `origins = env(..)`: set the variable where you develop instead. |
/// | `policy` | `policy = API`, `policy = crate::policies::API` | Uses a named policy declared with `policy!`; the handler may then set only `methods` (to narrow the policy's) and `expose` (to add to them). |
/// | `methods` | `[GET, POST]`, `["GET", "PATCH"]`, `["*"]`, `env("API_METHODS")` | The methods pages may use; by default those the route attribute serves. Each must be one the route serves. Case-sensitive, like HTTP. `["*"]` (without `credentials`) allows all the route's methods. Emits `Access-Control-Allow-Methods` on preflights for methods other than GET, HEAD and POST. |
/// | `headers` | `["Content-Type", "X-Request-Id"]`, `["*"]`, `env("API_HEADERS")` | Request headers a page may send, matched case-insensitively; list `Content-Type` to accept JSON bodies. `["*"]` (without `credentials`) allows any header but `Authorization`, which browsers require by name. Emits `Access-Control-Allow-Headers` (lower-case, sorted) on preflights that ask for headers. |
/// | `expose` | `["X-Total-Count"]`, `["*"]`, `env("API_EXPOSE")` | Response headers the page may read beyond the always-readable ones (`Content-Type`, `Content-Length`, `Cache-Control`, ...); `["*"]` only without `credentials`. Emits `Access-Control-Expose-Headers` on the route's responses. |
/// | `max_age` | `3600`, `env("API_MAX_AGE")` | Seconds browsers may cache a preflight, 0 to 86400 (Chromium uses at most 7200; without it browsers cache for 5 seconds). Emits `Access-Control-Max-Age` on preflight answers. |
/// | `credentials` | `credentials`, `credentials = true`, `credentials = false` | Allows cookies and HTTP authentication. Emits `Access-Control-Allow-Credentials: true`. Never read from the environment: it decides which values are safe (`*`, `http://` origins), and turning it on deserves a code review. |
/// | `dangerously_allow_http_origins` | `dangerously_allow_http_origins` | Accepts non-loopback `http://` origins together with `credentials` (a closed network you trust). Emits nothing; an error when it changes nothing. |
/// | `reject_unlisted_writes` | `reject_unlisted_writes` | CORS decides who may *read*; a cross-site form or "simple" `fetch` POST still runs the handler with the user's cookies. With this key, a request with a method other than GET, HEAD and OPTIONS that a browser sent from an origin not in `origins` is answered `403` before the handler and the route's `wrap =` middleware run: judged by `Sec-Fetch-Site` (`same-origin` and `none` pass), or without it by `Origin` against the request's `Host` (the scheme ignored, for TLS-terminating proxies). Requests without `Origin` and `Sec-Fetch-Site` (curl, servers) pass. Logged like a refused preflight. Not with `origins = ["*"]`. |
/// | `report_unlisted_writes` | `report_unlisted_writes` | The rollout of `reject_unlisted_writes`: the same writes are judged the same way, then logged (`CORS report-only: ... would be rejected ...`, with the fix) and counted, and let through to the handler. Change the one word to `reject_unlisted_writes` once the logs show only writes you want refused. Not with `reject_unlisted_writes` (they are one setting), nor with `origins = ["*"]`. |
/// | `public_websocket` | `public_websocket` | CORS does not apply to WebSockets: any page may open one, with the user's cookies. So a WebSocket handshake (`GET` with `Upgrade: websocket`) that a browser sends from an origin not in `origins`, `null` included, is answered `403` before the handler runs, and logged like a refused preflight; a handshake without `Origin` (not a browser's) goes on. This key turns that off, for a socket any site may open. Not with `origins = ["*"]`, which accepts every origin already. |
/// | `methods`, `headers`, `expose`, `max_age` | `env("API_HEADERS")`, ... | Read from that variable (a comma-separated list; seconds for `max_age`) when the application starts, by `cors_runtime::init`, and checked with the rules of written values beside the policy's written keys (`*` with `credentials` is refused); methods must be ones the route serves (a named policy's apply where a route serves them). Until then the policy grants nothing. A handler using a named policy reads none itself, and cannot narrow `methods` a policy reads. Each key reads its own variable. |
/// | `preflight_skips_guards` | `preflight_skips_guards` | A route's own key (also beside `policy = NAME`, never in `policy!`). The route's `guard = ..` are asked about its preflights, as about its requests, so a `Host` or tenant guard routes both alike; a guard on what a preflight does not carry (an API key header, a cookie) then refuses every preflight and the browser blocks the call. With this key the route answers the preflights for its methods without asking its guards: write it only when no other handler on the same path and method relies on that guard to keep other origins out. An error on a route without `guard = ..`. |
///
/// ## What it generates
///
/// A unit struct named like the handler, to pass to `App::service`, which registers one
/// resource per route attribute, with the route's path, name, guards and `wrap =` middleware,
/// and the CORS middleware outermost. Its guard also admits the preflights for the route's
/// methods (`OPTIONS` with `Origin` and `Access-Control-Request-Method`). The policy is a
/// `static` whose header values are computed at compile time, and the route is listed in
/// `cors_runtime::routes()`. What the route answers at run time (preflights, refusals, grants,
/// `Vary`, several handlers on one path) is described once, in `cors_runtime::behaviour`.
///
/// ## Errors
///
/// Insecure or malformed policies (`*` with `credentials`, a `null` origin,
/// `https://example.com/`, forbidden methods or headers, a method the route does not serve, ...)
/// are compile errors on the offending token, each saying why it matters and how to fix it; all
/// of them in one compile.
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
    let Some((handler, routes)) = handler_and_routes(item.clone(), &mut errors) else {
        return with_errors(item, errors);
    };
    let config = Ident::new("__config", Span::call_site());
    if let Some(policy) = &args.policy {
        validate::handler_using_policy(&args, &mut errors);
        if !errors.is_empty() {
            return with_errors(item, errors);
        }
        let policy = &policy.value;
        let body = quote!(#policy! { #config (#raw_args) #item });
        return expand::service(&handler, &config, body);
    }
    // Without `origins` the policy cannot be judged; the argument error says why.
    if args.origins.is_none() && !errors.is_empty() {
        return with_errors(item, errors);
    }
    match validate::handler_policy(&args, None, &routes, &mut errors) {
        Some(policy) if errors.is_empty() => {
            let registration = Registration {
                handler: &handler,
                routes: &routes,
                policy: &policy,
                variables: args.variables(),
                policy_name: None,
                preflight_skips_guards: args.preflight_skips_guards.is_some(),
                config: &config,
            };
            expand::service(&handler, &config, expand::register_body(&registration))
        }
        _ => with_errors(item, errors),
    }
}

/// # Reference
///
/// Declares named CORS policies, checked like `#[cors(...)]` where they are declared, for
/// handlers to share with `#[cors(policy = NAME)]`. Use it through `cors-runtime`, which
/// re-exports it.
///
/// ```text
/// policy! {
///     /// Doc comments document the policy.
///     pub API(origins = ["https://myapp.com"], headers = ["Content-Type"], credentials);
///     ADMIN(origins = env("ADMIN_ORIGINS"), methods = [GET, DELETE]);
/// }
/// ```
///
/// Each declaration takes the keys of `#[cors(...)]` but `policy`, and a visibility: a `pub`
/// policy can be used from other crates, by path. A policy's `methods` apply where a route
/// serves them (a route serving none of them is an error); a handler using the policy may set
/// only `methods` (to narrow them) and `expose` (to add to them). A policy's own errors are
/// reported once, where it is declared, not at each handler.
///
/// Each declaration also defines a `static` of the same name (`cors_runtime::NamedPolicy`),
/// so that the one import `use policies::API;` serves both `#[cors(policy = API)]` and
/// actix's `.wrap(API)` on a `web::scope`, a `web::resource` or the `App`. Applied that way,
/// the policy answers the preflights for every path beneath it before actix routes them, for
/// its `methods`, or GET, HEAD and POST without `methods`; every response beneath it gets its
/// grant. A `#[cors]` route beneath it keeps its own policy, for its preflights and its
/// responses: a policy around a route never grants more than the route's own.
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
    let Some((handler, routes)) = handler_and_routes(application.handler, &mut errors) else {
        return compile_errors(errors);
    };
    let named = (&application.name, &policy_args);
    match validate::handler_policy(&handler_args, Some(named), &routes, &mut errors) {
        Some(policy) if errors.is_empty() => expand::register_body(&Registration {
            handler: &handler,
            routes: &routes,
            policy: &policy,
            variables: policy_args.variables(),
            policy_name: Some(&application.name),
            preflight_skips_guards: handler_args.preflight_skips_guards.is_some(),
            config: &application.config,
        }),
        _ => compile_errors(errors),
    }
}

/// The handler and the route attributes to add CORS to, or `None` with the reason in `errors`
/// (none when actix-web's own macro reports it).
fn handler_and_routes(
    item: proc_macro2::TokenStream,
    errors: &mut Vec<Error>,
) -> Option<(Handler, Vec<RouteAttribute>)> {
    let handler = handler::parse(item).map_err(|error| errors.push(error)).ok()?;
    let routes = validate::routes(&handler, errors)?;
    Some((handler, routes))
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

    const ARGS: &str = r#"origins = ["https://myapp.com", "https://*.myapp.com", "http://localhost:3000"], dev_origins = ["http://localhost:*"], methods = [GET, "POST"], headers = ["Content-Type", "*"], expose = ["X-Total-Count"], max_age = 600, credentials = true, dangerously_allow_http_origins, policy = crate::API, origins = env("A_B")"#;
    const ITEM: &str = r#"/// docs
        #[routes] #[get("/a/{id}", name = "a", guard = "g", wrap = "w")] #[post("/a")]
        #[actix_web::route("/b", method = "GET", method = "PURGE")]
        pub(crate) async fn handler(x: web::Json<u8>) -> Result<HttpResponse, Error> { Ok(todo()) }"#;

    fn text(tokens: &str) -> TokenStream {
        TokenStream::from_str(tokens).expect("valid tokens")
    }

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
    fn deeply_nested_values_are_skipped_not_parsed() {
        // Found by the fuzzer: each `||` is a closure whose body is the next one, and parsing
        // the value as an expression recursed until the stack ran out.
        let closures = "|| ".repeat(5000);
        let deep_args = format!(r#"origins = ["*"], tag = {closures} 1"#);
        let item = r#"#[get("/a")] async fn handler() {}"#;
        let expansion = expand_cors(text(&deep_args), text(item)).to_string();
        assert!(expansion.contains("unknown #[cors] option `tag`"), "{expansion}");
        let deep_item = format!(r#"#[get("/a", tag = {closures} 1)] async fn handler() {{}}"#);
        // actix-web's own macro reports a route option that is not a string: the item is
        // handed back to it as written.
        let expansion = expand_cors(text(r#"origins = ["*"]"#), text(&deep_item)).to_string();
        assert!(expansion.starts_with("# [get (\"/a\" , tag = || ||"), "{expansion:.200}");
    }

    #[test]
    fn dev_origins_are_emitted_for_debug_builds_only() {
        let args = r#"origins = ["https://myapp.com"], dev_origins = ["http://localhost:*"]"#;
        let item = r#"#[get("/a")] async fn handler() {}"#;
        let expansion = expand_cors(text(args), text(item)).to_string();
        let debug = expansion.find("# [cfg (debug_assertions)]").expect("a debug list");
        let release = expansion.find("# [cfg (not (debug_assertions))]").expect("a release list");
        let (debug_list, release_list) = expansion[debug..].split_at(release - debug);
        let release_list = &release_list[..release_list.find("__origins }").expect("its end")];
        assert!(
            debug_list.contains(
                "\"http://localhost:\" , :: cors_runtime :: __private :: Wildcard :: Port"
            ),
            "{debug_list}"
        );
        assert!(debug_list.contains("\"https://myapp.com\""), "{debug_list}");
        assert!(release_list.contains("\"https://myapp.com\""), "{release_list}");
        assert!(!release_list.contains("localhost"), "{release_list}");
        // Without `dev_origins`, one list for every build.
        let plain = expand_cors(text(r#"origins = ["https://myapp.com"]"#), text(item)).to_string();
        assert!(!plain.contains("debug_assertions"), "{plain}");
    }

    #[test]
    fn never_panics_on_partial_policy_applications() {
        let application = format!("__config API true ({ARGS}) (methods = [GET]) {ITEM}");
        for input in prefixes(&application) {
            assert!(!apply_policy(input).is_empty());
        }
        for input in prefixes(&format!("/// d\n pub API({ARGS}); B(origins = [\"*\"])")) {
            policy::declare(input);
        }
    }
}
