//! Per-route CORS for actix-web, declared on the handler and checked by the compiler.
//!
//! ```
//! use actix_web::{get, App, HttpResponse};
//! use cors_runtime::cors;
//!
//! #[cors(origins = ["https://myapp.com"], headers = ["Content-Type"], credentials)]
//! #[get("/api/data")]
//! async fn data() -> HttpResponse {
//!     HttpResponse::Ok().body("{}")
//! }
//!
//! // Registers GET /api/data, which also answers its preflight (OPTIONS).
//! let app = App::new().service(data);
//! # drop(app);
//! ```
//!
//! Handlers can share a named policy declared with [`policy!`], narrowing its methods or adding
//! exposed headers; a policy may read its origins from the deployment when the application
//! starts ([`init`]):
//!
//! ```standalone_crate
//! # // A crate of its own: `init_with` loads every `origins = env(..)` policy linked in.
//! use actix_web::{get, post, App, HttpResponse};
//! use cors_runtime::cors;
//!
//! cors_runtime::policy! {
//!     /// The web app's policy: its origins differ per deployment.
//!     pub WEB_APP(origins = env("WEB_APP_ORIGINS"), headers = ["Content-Type"], credentials);
//! }
//!
//! #[cors(policy = WEB_APP)]
//! #[get("/api/items")]
//! async fn list() -> HttpResponse {
//!     HttpResponse::Ok().finish()
//! }
//!
//! #[cors(policy = WEB_APP, expose = ["X-Item-Id"])]
//! #[post("/api/items")]
//! async fn create() -> HttpResponse {
//!     HttpResponse::Created().finish()
//! }
//!
//! // In main, before the server starts: a bad value is one error naming the variable.
//! cors_runtime::init_with(|variable| {
//!     (variable == "WEB_APP_ORIGINS").then(|| "https://app.example.com".to_owned())
//! })
//! .expect("valid origins");
//! let app = App::new().service(list).service(create);
//! # drop(app);
//! print!("{}", cors_runtime::routes_table()); // every #[cors] route and what it allows
//! ```
//!
//! The attribute checks the policy at compile time: insecure or malformed policies (`*` with
//! `credentials`, a `null` origin, `https://example.com/`, forbidden methods or headers, ...) are
//! compile errors on the offending token that say how to fix them. At run time a route answers
//! the preflights for its methods (a refusal answered so that the browser names its cause, and
//! logged through the [`log`](https://docs.rs/log) facade, target `cors_runtime`, at most once a
//! minute at `warn` per route), grants on every one of its responses (error responses too) to
//! the origins it allows, appends `Vary: Origin`, and is the only source of CORS headers on its
//! responses; [`behaviour`] describes it all, once.
//!
//! Routes registered without route macros (`web::resource(..).route(..)`, `configure(..)`,
//! whole `web::scope(..)` trees) take a named policy with actix's own `.wrap(..)`, as an
//! actix-cors `Cors` would ([`NamedPolicy`]):
//!
//! ```
//! use actix_web::{App, HttpResponse, web};
//!
//! cors_runtime::policy! {
//!     pub API(origins = ["https://myapp.com"], methods = [GET, POST, DELETE], credentials);
//! }
//!
//! let app = App::new().service(
//!     web::scope("/api")
//!         .wrap(API)
//!         .route("/items", web::get().to(HttpResponse::Ok))
//!         .route("/items/{id}", web::delete().to(HttpResponse::NoContent)),
//! );
//! # drop(app);
//! ```
//!
//! The reference of every key, with examples, is the documentation of [`cors`]; named policies
//! are declared with [`policy!`]. MIGRATING.md, in the repository, maps every actix-cors builder
//! method to its key here.

// No unsafe code in the published crates (why the fuzz targets need no sanitizer:
// fuzz/README.md). Here, not in `[lints]`, which would also cover tests that count allocations.
#![forbid(unsafe_code)]

/// The run-time behaviour of `#[cors]` routes and `.wrap(..)` policies, described once.
#[doc = include_str!("../BEHAVIOUR.md")]
pub mod behaviour {}

mod actual;
mod applied;
mod env_lists;
mod grant;
mod guard;
mod lists;
mod logs;
mod middleware;
mod nested;
mod observe;
mod origins;
mod policy;
mod preflight;
mod report;
mod report_only;
mod response;
mod route_log;
mod shared;
mod startup;
mod tenants;
mod vary;
mod websocket;
mod wrapped;
mod writes;

/// Per-route CORS for an actix-web handler, checked at compile time: the reference of every key
/// follows the examples.
///
/// # Examples
///
/// A page at `https://myapp.com` (and its subdomains, and a local dev server) may read the
/// response and send JSON with cookies; it may read `X-Total-Count`, and browsers may cache
/// the preflight for an hour:
///
/// ```
/// use actix_web::{App, HttpResponse, post};
/// use cors_runtime::cors;
///
/// #[cors(
///     origins = ["https://myapp.com", "https://*.myapp.com", "http://localhost:3000"],
///     headers = ["Content-Type"],
///     expose = ["X-Total-Count"],
///     max_age = 3600,
///     credentials,
/// )]
/// #[post("/api/items")]
/// async fn create_item() -> HttpResponse {
///     HttpResponse::Created().insert_header(("X-Total-Count", "1")).finish()
/// }
///
/// let app = App::new().service(create_item);
/// # drop(app);
/// ```
///
/// A public route: any origin, any method the route serves, any request header but
/// `Authorization` (no credentials, which browsers refuse with `*`):
///
/// ```
/// use actix_web::{HttpResponse, routes};
/// use cors_runtime::cors;
///
/// #[cors(origins = ["*"], methods = ["*"], headers = ["*"])]
/// #[routes]
/// #[get("/api/status")]
/// #[head("/api/status")]
/// async fn status() -> HttpResponse {
///     HttpResponse::Ok().finish()
/// }
/// ```
///
/// `methods` narrows what the route serves; origins read when the application starts
/// ([`init`]); plain-http origins with credentials on a closed network:
///
/// ```
/// use actix_web::{HttpResponse, route};
/// use cors_runtime::cors;
///
/// #[cors(origins = env("ADMIN_ORIGINS"), methods = [GET])]
/// #[route("/api/users", method = "GET", method = "DELETE")]
/// async fn users() -> HttpResponse {
///     HttpResponse::Ok().finish()
/// }
///
/// #[cors(origins = ["http://intranet.corp"], credentials, dangerously_allow_http_origins)]
/// #[actix_web::get("/api/me")]
/// async fn me() -> HttpResponse {
///     HttpResponse::Ok().finish()
/// }
/// ```
///
/// Preview deployments (`https://preview-42.myapp.com`), and in debug builds only, a page on
/// a local development server, whatever its port (`http://localhost:5173`):
///
/// ```
/// use actix_web::{HttpResponse, get};
/// use cors_runtime::cors;
///
/// #[cors(
///     origins = ["https://myapp.com", "https://preview-*.myapp.com"],
///     dev_origins = ["http://localhost:*"],
///     credentials,
/// )]
/// #[get("/api/profile")]
/// async fn profile() -> HttpResponse {
///     HttpResponse::Ok().finish()
/// }
/// # let route = cors_runtime::routes().into_iter().find(|route| route.handler() == "profile").unwrap();
/// # let listed = route.policy().origins().contains(&"http://localhost:*");
/// # assert_eq!(listed, cfg!(debug_assertions));
/// ```
///
/// A named policy ([`policy!`]), narrowed and extended by one handler:
///
/// ```
/// use actix_web::{HttpResponse, get};
/// use cors_runtime::cors;
///
/// cors_runtime::policy! {
///     pub API(origins = ["https://myapp.com"], methods = [GET, POST], credentials);
/// }
///
/// #[cors(policy = API, methods = [GET], expose = ["X-Item-Id"])]
/// #[get("/api/items/{id}")]
/// async fn item() -> HttpResponse {
///     HttpResponse::Ok().finish()
/// }
/// ```
#[doc(inline)]
pub use cors_macros::cors;
/// Named CORS policies, shared by handlers with `#[cors(policy = NAME)]`.
///
/// # Examples
///
/// ```
/// use actix_web::{App, HttpResponse, get, post};
/// use cors_runtime::cors;
///
/// mod policies {
///     cors_runtime::policy! {
///         /// The web app's own calls.
///         pub API(origins = ["https://myapp.com"], headers = ["Content-Type"], credentials);
///         /// Partners' origins differ per deployment: read by `cors_runtime::init()`.
///         pub(crate) PARTNERS(origins = env("PARTNER_ORIGINS"), methods = [GET]);
///     }
/// }
///
/// #[cors(policy = policies::API)]
/// #[get("/items")]
/// async fn list() -> HttpResponse {
///     HttpResponse::Ok().finish()
/// }
///
/// #[cors(policy = policies::API, expose = ["X-Item-Id"])]
/// #[post("/items")]
/// async fn create() -> HttpResponse {
///     HttpResponse::Created().insert_header(("X-Item-Id", "7")).finish()
/// }
///
/// #[cors(policy = policies::PARTNERS)]
/// #[get("/catalog")]
/// async fn catalog() -> HttpResponse {
///     HttpResponse::Ok().finish()
/// }
///
/// let app = App::new().service(list).service(create).service(catalog);
/// # drop(app);
/// ```
#[doc(inline)]
pub use cors_macros::policy;
pub use policy::{MAX_ORIGIN_LEN, Policy, WriteGuard};
pub use report::{Route, log_routes, routes, routes_json, routes_table};
pub use report_only::{ReportOnly, ReportOnlyMiddleware, Reported};
pub use startup::{StartupError, init, init_with};
pub use tenants::{
    MAX_ORIGINS_PER_TENANT, MAX_TENANT_ORIGINS, MAX_TENANTS, TenantKey, TenantOrigins,
    TenantProblem, TenantSummary, TenantUpdateError, TrustedProxies, TrustedProxyError,
};
pub use wrapped::{NamedPolicy, NamedPolicyMiddleware};

/// What the code generated by `#[cors]` names. Not a public API: it changes without notice.
#[doc(hidden)]
pub mod __private {
    pub use crate::guard::route_admits;
    pub use crate::lists::{
        HeaderValues, KeysAtStartup, KeysFromEnv, Lists, ListsAtStartup, ListsToLoad, NameList,
        PolicyLists, WrittenNames,
    };
    pub use crate::middleware::Cors;
    pub use crate::origins::{AllowedOrigins, ExactOrigins, OriginsAtStartup, OriginsToLoad};
    pub use crate::policy::{Policy, PolicyParts, new_policy};
    pub use crate::report::{Route, new_route};
    pub use crate::tenants::TenantOrigins;
    pub use crate::wrapped::NamedPolicy;
    pub use actix_web::Resource;
    pub use actix_web::dev::{AppService, HttpServiceFactory};
    pub use actix_web::guard::{GuardContext, fn_guard};
    pub use actix_web::http::header::HeaderValue;
    pub use cors_macros::cors_with_policy;
    pub use cors_rules::{OriginIndex, OriginPattern, Slot, Wildcard, WriteGuard};
    pub use inventory;
}

// README.md is the crate's page on crates.io: `cargo test --doc` compiles its example.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeExample;
