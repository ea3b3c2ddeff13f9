//! The policy of one `#[cors]` handler, and how a request is judged against it.

use actix_web::http::header::HeaderValue;

use crate::origins::AllowedOrigins;
use crate::route_log::RouteLog;

/// The longest `Origin` a policy reads; longer values are refused before any matching.
///
/// A browser's origin is `scheme://host[:port]`, with the host in ASCII (IDNs in punycode):
/// DNS caps a name at 253 bytes, so a real origin stays under ~280 bytes
/// (`https://` + 253 + `:65535`). 512 leaves room for any scheme a browser sends
/// (`chrome-extension://` + 32) while bounding what an attacker makes each request compare and
/// each log line quote.
pub const MAX_ORIGIN_LEN: usize = 512;

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
    pub methods: NameList,
    /// Lower-case names.
    pub headers: NameList,
    /// Lower-case names.
    pub expose: NameList,
    /// Seconds.
    pub max_age: Option<u32>,
    pub credentials: bool,
    /// Whether unsafe-method requests a browser sends from an unlisted origin get `403`.
    pub reject_unlisted_writes: bool,
    /// Whether WebSocket handshakes are accepted from any origin.
    pub public_websocket: bool,
    /// The header values, computed from the fields above at compile time.
    pub header_values: HeaderValues,
}

/// The header values of a policy, sent as they are.
#[doc(hidden)]
#[derive(Debug)]
pub struct HeaderValues {
    /// `Access-Control-Allow-Methods`.
    pub allow_methods: HeaderValue,
    /// `Access-Control-Allow-Headers`, when any header is allowed.
    pub allow_headers: Option<HeaderValue>,
    /// `Access-Control-Expose-Headers`.
    pub expose_headers: Option<HeaderValue>,
    /// `Access-Control-Max-Age`.
    pub max_age: Option<HeaderValue>,
}

/// The methods, request headers or exposed headers a policy lists.
#[doc(hidden)]
#[derive(Debug)]
pub struct NameList {
    /// Whether `*` was listed.
    pub wildcard: bool,
    /// The names listed besides `*`.
    pub names: &'static [&'static str],
}

impl NameList {
    /// `*` (when listed) and then the names, as the policy's header value lists them.
    fn entries(&self) -> impl Iterator<Item = &'static str> + Clone + use<> {
        let names = self.names;
        self.wildcard.then_some("*").into_iter().chain(names.iter().copied())
    }
}

/// The policy `#[cors]` generates from `parts`. Hidden from [`Policy`] itself: only the macro,
/// which checked the parts, may build one.
#[doc(hidden)]
pub const fn new_policy(parts: PolicyParts) -> Policy {
    Policy { parts, log: RouteLog::new() }
}

impl Policy {
    pub(crate) fn parts(&self) -> &PolicyParts {
        &self.parts
    }

    pub(crate) fn log(&self) -> &RouteLog {
        &self.log
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
        self.parts.reject_unlisted_writes
    }

    /// Whether WebSocket handshakes are accepted from any origin (`public_websocket`); without
    /// it, a handshake a browser sends from an origin the policy does not allow gets `403`.
    #[must_use]
    pub fn accepts_websockets_from_any_origin(&self) -> bool {
        self.parts.public_websocket
    }

    /// The `Access-Control-Allow-Origin` value for a request from `origin`, or `None` when the
    /// policy does not allow that origin, or `origin` is longer than [`MAX_ORIGIN_LEN`].
    #[must_use]
    pub fn allowed_origin_value(&self, origin: &HeaderValue) -> Option<HeaderValue> {
        if origin.len() > MAX_ORIGIN_LEN {
            return None;
        }
        self.parts.origins.allow_origin_value(origin)
    }

    /// Whether `method` (compared byte for byte: methods are case-sensitive) is allowed.
    #[must_use]
    pub fn allows_method(&self, method: &[u8]) -> bool {
        let methods = &self.parts.methods;
        methods.wildcard || methods.names.iter().any(|name| name.as_bytes() == method)
    }

    /// Whether a page may send the request header `name` (compared case-insensitively).
    ///
    /// `*` covers every name but `Authorization`, which browsers require to be listed by name.
    #[must_use]
    pub fn allows_request_header(&self, name: &[u8]) -> bool {
        let headers = &self.parts.headers;
        headers.names.iter().any(|allowed| allowed.as_bytes().eq_ignore_ascii_case(name))
            || (headers.wildcard && !name.eq_ignore_ascii_case(b"authorization"))
    }

    /// The allowed origins and patterns, as written in the policy (`*` for any origin); for
    /// `origins = env("VAR")`, what was loaded at startup, and none before.
    #[must_use]
    pub fn origins(&self) -> &'static [&'static str] {
        self.parts.origins.entries()
    }

    /// The environment variable the origins are read from at startup, if they are.
    #[must_use]
    pub fn origins_env(&self) -> Option<&'static str> {
        self.parts.origins.origins_env()
    }

    /// The allowed methods (`*` for every method of the route).
    pub fn methods(&self) -> impl Iterator<Item = &'static str> + Clone + use<> {
        self.parts.methods.entries()
    }

    /// The request headers a page may send, lower-case (`*` for any but `authorization`).
    pub fn headers(&self) -> impl Iterator<Item = &'static str> + Clone + use<> {
        self.parts.headers.entries()
    }

    /// The response headers a page may read beyond the safelisted ones, lower-case.
    pub fn exposed_headers(&self) -> impl Iterator<Item = &'static str> + Clone + use<> {
        self.parts.expose.entries()
    }

    /// How long browsers may cache a preflight, in seconds.
    #[must_use]
    pub fn max_age(&self) -> Option<u32> {
        self.parts.max_age
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::origins::ExactOrigins;
    use crate::origins::tests::{EXACT, SUBDOMAINS};
    use cors_rules::OriginIndex;
    pub(crate) static CREDENTIALED: Policy = new_policy(PolicyParts {
        handler: "data",
        policy_name: None,
        origins: AllowedOrigins::Listed {
            exact: ExactOrigins::new(&EXACT, OriginIndex::NONE),
            subdomains: &SUBDOMAINS,
            entries: &["https://myapp.com", "http://localhost:3000", "https://*.myapp.com"],
        },
        methods: NameList { wildcard: false, names: &["GET", "POST"] },
        headers: NameList { wildcard: false, names: &["content-type", "x-request-id"] },
        expose: NameList { wildcard: false, names: &["x-total-count"] },
        max_age: Some(600),
        credentials: true,
        reject_unlisted_writes: true,
        public_websocket: false,
        header_values: HeaderValues {
            allow_methods: HeaderValue::from_static("GET, POST"),
            allow_headers: Some(HeaderValue::from_static("content-type, x-request-id")),
            expose_headers: Some(HeaderValue::from_static("x-total-count")),
            max_age: Some(HeaderValue::from_static("600")),
        },
    });
    pub(crate) static PUBLIC: Policy = new_policy(PolicyParts {
        handler: "public",
        policy_name: None,
        origins: AllowedOrigins::Any,
        methods: NameList { wildcard: true, names: &[] },
        headers: NameList { wildcard: true, names: &[] },
        expose: NameList { wildcard: false, names: &[] },
        max_age: None,
        credentials: false,
        reject_unlisted_writes: false,
        public_websocket: false,
        header_values: HeaderValues {
            allow_methods: HeaderValue::from_static("*"),
            allow_headers: Some(HeaderValue::from_static("*")),
            expose_headers: None,
            max_age: None,
        },
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
