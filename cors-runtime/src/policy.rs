//! The policy of one `#[cors]` handler, and how a request is judged against it.

use actix_web::HttpRequest;
use actix_web::http::header::HeaderValue;

use crate::lists::{KeysFromEnv, Lists, NameList, PolicyLists};
use crate::origins::AllowedOrigins;
use crate::route_log::RouteLog;
use crate::tenants::TenantOrigins;

pub use cors_rules::WriteGuard;
pub use cors_rules::fetch::MAX_ORIGIN_LEN;

/// The CORS policy of one handler: which origins may call it, with which methods and request
/// headers, which response headers they may read, and whether credentials are allowed.
///
/// `#[cors(...)]` builds one as a `static` at compile time, with every header value already
/// computed, so judging a request compares bytes and allocates nothing. Reach it through
/// [`Route::policy`](crate::Route::policy):
///
/// ```
/// use actix_web::{HttpResponse, get};
/// use cors_runtime::cors;
///
/// #[cors(origins = ["https://myapp.com"], expose = ["X-Total-Count"], max_age = 600)]
/// #[get("/api/items")]
/// async fn items() -> HttpResponse {
///     HttpResponse::Ok().finish()
/// }
///
/// let route = cors_runtime::routes().into_iter().find(|route| route.handler() == "items");
/// let policy = route.expect("every #[cors] route is reported").policy();
/// assert_eq!(policy.origins(), ["https://myapp.com"]);
/// assert_eq!(policy.methods().collect::<Vec<_>>(), ["GET"]);
/// assert_eq!(policy.exposed_headers().collect::<Vec<_>>(), ["x-total-count"]);
/// assert_eq!(policy.max_age(), Some(600));
/// assert!(!policy.allows_credentials());
/// ```
#[derive(Debug)]
pub struct Policy {
    parts: PolicyParts,
    /// What the route has logged lately, so that requests cannot flood the log.
    log: RouteLog,
}

/// The parts of a [`Policy`], as the `#[cors]` attribute writes them after checking them.
#[doc(hidden)]
#[derive(Debug)]
pub struct PolicyParts {
    /// The handler's function name, for logs.
    pub handler: &'static str,
    /// The named policy the handler uses, if any.
    pub policy_name: Option<&'static str>,
    pub origins: AllowedOrigins,
    /// The methods, headers, exposed headers and `max_age`, with their header values.
    pub lists: PolicyLists,
    pub credentials: bool,
    /// What happens to unsafe-method requests a browser sends from an unlisted origin.
    pub write_guard: Option<WriteGuard>,
    /// Whether WebSocket handshakes are accepted from any origin.
    pub public_websocket: bool,
}

/// The policy `#[cors]` generates from `parts`. Hidden from [`Policy`] itself: only the macro,
/// which checked the parts, may build one.
#[doc(hidden)]
pub const fn new_policy(parts: PolicyParts) -> Policy {
    Policy { parts, log: RouteLog::new() }
}

impl Policy {
    pub(crate) fn log(&self) -> &RouteLog {
        &self.log
    }

    /// The lists for judging a request: `None` while keys read at startup are not loaded,
    /// when the policy allows nothing.
    pub(crate) fn lists(&self) -> Option<&Lists> {
        self.parts.lists.for_request()
    }

    /// The name of the handler this policy belongs to.
    #[must_use]
    pub fn handler(&self) -> &'static str {
        self.parts.handler
    }

    /// The named policy the handler uses (`#[cors(policy = API)]`), if any.
    #[must_use]
    pub fn policy_name(&self) -> Option<&'static str> {
        self.parts.policy_name
    }

    /// Whether credentials (cookies, HTTP authentication) may be sent.
    #[must_use]
    pub fn allows_credentials(&self) -> bool {
        self.parts.credentials
    }

    /// Whether writes (methods other than GET, HEAD and OPTIONS) that a browser sends from an
    /// origin the policy does not allow are answered `403` before the handler runs
    /// (`reject_unlisted_writes`).
    #[must_use]
    pub fn rejects_unlisted_writes(&self) -> bool {
        self.parts.write_guard == Some(WriteGuard::Reject)
    }

    /// What happens to writes that a browser sends from an origin the policy does not allow:
    /// `None` (they run, and the browser hides the answer), reported and let through
    /// (`report_unlisted_writes`), or rejected (`reject_unlisted_writes`).
    #[must_use]
    pub fn write_guard(&self) -> Option<WriteGuard> {
        self.parts.write_guard
    }

    /// Whether WebSocket handshakes are accepted from any origin (`public_websocket`); without
    /// it, a handshake a browser sends from an origin the policy does not allow gets `403`.
    #[must_use]
    pub fn accepts_websockets_from_any_origin(&self) -> bool {
        self.parts.public_websocket
    }

    /// The `Access-Control-Allow-Origin` value for a request from `origin`, or `None` when the
    /// policy does not allow that origin, or `origin` is longer than [`MAX_ORIGIN_LEN`], or
    /// keys of the policy read at startup are not loaded (it fails closed). For
    /// `origins = tenants(..)`, whose origins depend on the request's tenant, always `None`.
    #[must_use]
    pub fn allowed_origin_value(&self, origin: &HeaderValue) -> Option<HeaderValue> {
        if origin.len() > MAX_ORIGIN_LEN {
            return None;
        }
        self.lists()?;
        self.parts.origins.allow_origin_value(origin)
    }

    /// [`allowed_origin_value`](Self::allowed_origin_value) for `request`, which names the
    /// tenant whose origins decide under `origins = tenants(..)`.
    pub(crate) fn grant(&self, origin: &HeaderValue, request: &HttpRequest) -> Option<HeaderValue> {
        if origin.len() > MAX_ORIGIN_LEN {
            return None;
        }
        self.lists()?;
        self.parts.origins.allow_origin_value_on(origin, request)
    }

    /// Whether `method` (compared byte for byte: methods are case-sensitive) is allowed; none
    /// is while methods read at startup are not loaded.
    #[must_use]
    pub fn allows_method(&self, method: &[u8]) -> bool {
        self.lists().is_some_and(|lists| {
            let methods = &lists.methods;
            methods.wildcard || methods.names.iter().any(|name| name.as_bytes() == method)
        })
    }

    /// Whether a page may send the request header `name` (compared case-insensitively).
    ///
    /// `*` covers every name but `Authorization`, which browsers require to be listed by name.
    #[must_use]
    pub fn allows_request_header(&self, name: &[u8]) -> bool {
        self.lists().is_some_and(|lists| {
            let headers = &lists.headers;
            headers.names.iter().any(|allowed| allowed.as_bytes().eq_ignore_ascii_case(name))
                || (headers.wildcard && !name.eq_ignore_ascii_case(b"authorization"))
        })
    }

    /// The allowed origins and patterns, as written in the policy (`*` for any origin); for
    /// `origins = env("VAR")`, what was loaded at startup, and none before.
    #[must_use]
    pub fn origins(&self) -> &'static [&'static str] {
        self.parts.origins.entries()
    }

    /// The run-time tenant origin set of `origins = tenants(NAME)` and its name, if the
    /// origins come from one.
    #[must_use]
    pub fn tenant_origins(&self) -> Option<(&'static TenantOrigins, &'static str)> {
        self.parts.origins.tenants()
    }

    /// The environment variable the origins are read from at startup, if they are.
    #[must_use]
    pub fn origins_env(&self) -> Option<&'static str> {
        self.parts.origins.origins_env()
    }

    /// The allowed methods (`*` for every method of the route); none until methods read at
    /// startup are loaded.
    pub fn methods(&self) -> impl Iterator<Item = &'static str> + Clone + use<> {
        self.list(|lists| &lists.methods)
    }

    /// The request headers a page may send, lower-case (`*` for any but `authorization`);
    /// none until headers read at startup are loaded.
    pub fn headers(&self) -> impl Iterator<Item = &'static str> + Clone + use<> {
        self.list(|lists| &lists.headers)
    }

    /// The response headers a page may read beyond the safelisted ones, lower-case; none
    /// until they are loaded when read at startup.
    pub fn exposed_headers(&self) -> impl Iterator<Item = &'static str> + Clone + use<> {
        self.list(|lists| &lists.expose)
    }

    /// How long browsers may cache a preflight, in seconds.
    #[must_use]
    pub fn max_age(&self) -> Option<u32> {
        self.parts.lists.loaded()?.max_age
    }

    /// The environment variable each key read when the application starts comes from:
    /// `("headers", "API_HEADERS")`, in the order `methods`, `headers`, `expose`, `max_age`
    /// (`origins`: [`origins_env`](Self::origins_env)).
    pub fn keys_from_env(&self) -> impl Iterator<Item = (&'static str, &'static str)> + use<> {
        self.parts.lists.variables().into_iter().flat_map(KeysFromEnv::pairs)
    }

    fn list(
        &self,
        list: fn(&Lists) -> &NameList,
    ) -> impl Iterator<Item = &'static str> + Clone + use<> {
        self.parts.lists.loaded().map(|lists| list(lists).entries()).into_iter().flatten()
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::lists::HeaderValues;
    use crate::origins::ExactOrigins;
    use crate::origins::tests::{EXACT, PATTERNS};
    use cors_rules::OriginIndex;
    pub(crate) static CREDENTIALED: Policy = new_policy(PolicyParts {
        handler: "data",
        policy_name: None,
        origins: AllowedOrigins::Listed {
            exact: ExactOrigins::new(&EXACT, OriginIndex::NONE),
            patterns: &PATTERNS,
            entries: &["https://myapp.com", "http://localhost:3000", "https://*.myapp.com"],
        },
        lists: PolicyLists::Written(Lists {
            methods: NameList { wildcard: false, names: &["GET", "POST"] },
            headers: NameList { wildcard: false, names: &["content-type", "x-request-id"] },
            expose: NameList { wildcard: false, names: &["x-total-count"] },
            max_age: Some(600),
            header_values: HeaderValues {
                allow_methods: HeaderValue::from_static("GET, POST"),
                allow_headers: Some(HeaderValue::from_static("content-type, x-request-id")),
                expose_headers: Some(HeaderValue::from_static("x-total-count")),
                max_age: Some(HeaderValue::from_static("600")),
            },
        }),
        credentials: true,
        write_guard: Some(WriteGuard::Reject),
        public_websocket: false,
    });
    pub(crate) static PUBLIC: Policy = new_policy(PolicyParts {
        handler: "public",
        policy_name: None,
        origins: AllowedOrigins::Any,
        lists: PolicyLists::Written(Lists {
            methods: NameList { wildcard: true, names: &[] },
            headers: NameList { wildcard: true, names: &[] },
            expose: NameList { wildcard: false, names: &[] },
            max_age: None,
            header_values: HeaderValues {
                allow_methods: HeaderValue::from_static("*"),
                allow_headers: Some(HeaderValue::from_static("*")),
                expose_headers: None,
                max_age: None,
            },
        }),
        credentials: false,
        write_guard: None,
        public_websocket: false,
    });

    #[test]
    fn methods_are_case_sensitive() {
        assert!(CREDENTIALED.allows_method(b"POST"));
        assert!(!CREDENTIALED.allows_method(b"post"));
        assert!(!CREDENTIALED.allows_method(b"DELETE"));
        assert!(PUBLIC.allows_method(b"PURGE"));
    }

    #[test]
    fn request_headers_are_case_insensitive_and_wildcard_skips_authorization() {
        assert!(CREDENTIALED.allows_request_header(b"X-Request-ID"));
        assert!(!CREDENTIALED.allows_request_header(b"x-other"));
        assert!(PUBLIC.allows_request_header(b"x-anything"));
        assert!(!PUBLIC.allows_request_header(b"Authorization"));
    }

    #[test]
    fn getters_list_the_wildcard_first() {
        assert_eq!(PUBLIC.methods().collect::<Vec<_>>(), ["*"]);
        assert_eq!(PUBLIC.headers().collect::<Vec<_>>(), ["*"]);
        assert_eq!(CREDENTIALED.headers().collect::<Vec<_>>(), ["content-type", "x-request-id"]);
        assert_eq!(CREDENTIALED.exposed_headers().collect::<Vec<_>>(), ["x-total-count"]);
        assert_eq!(CREDENTIALED.origins()[2], "https://*.myapp.com");
        assert_eq!(CREDENTIALED.max_age(), Some(600));
    }
}
