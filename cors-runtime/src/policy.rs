//! The policy of one `#[cors]` handler, and how a request is judged against it.

use actix_web::http::header::HeaderValue;
use cors_rules::SubdomainPattern;

use crate::startup::OriginsAtStartup;

/// The CORS policy of one handler: which origins may call it, with which methods and request
/// headers, which response headers they may read, and whether credentials are allowed.
///
/// `#[cors(...)]` builds one as a `static` at compile time, with every header value already
/// computed, so judging a request compares bytes and allocates nothing.
#[derive(Debug)]
pub struct Policy(PolicyParts);

/// The parts of a [`Policy`], as the `#[cors]` attribute writes them after checking them.
#[doc(hidden)]
#[derive(Debug)]
pub struct PolicyParts {
    /// The handler's function name, for logs.
    pub handler: &'static str,
    /// The named policy the handler uses, if any.
    pub policy_name: Option<&'static str>,
    pub origins: AllowedOrigins,
    pub methods: NameSet,
    /// Lower-case names.
    pub headers: NameSet,
    pub credentials: bool,
    /// `Access-Control-Allow-Methods`.
    pub allow_methods: HeaderValue,
    /// `Access-Control-Allow-Headers`, when any header is allowed.
    pub allow_headers: Option<HeaderValue>,
    /// `Access-Control-Expose-Headers`.
    pub expose_headers: Option<HeaderValue>,
    /// `Access-Control-Max-Age`.
    pub max_age: Option<HeaderValue>,
}

/// The origins a policy allows.
#[doc(hidden)]
#[derive(Debug)]
pub enum AllowedOrigins {
    /// `*`: any origin, answered with `Access-Control-Allow-Origin: *`.
    Any,
    /// Exact origins (answered with the matching value itself) and subdomain patterns
    /// (answered by echoing the request's origin).
    Listed { exact: &'static [HeaderValue], subdomains: &'static [SubdomainPattern<'static>] },
    /// Read from the deployment when the application starts (`origins = env("VAR")`); none is
    /// allowed until they are.
    AtStartup(&'static OriginsAtStartup),
}

impl AllowedOrigins {
    fn allow(&self, origin: &HeaderValue) -> Option<HeaderValue> {
        match self {
            AllowedOrigins::Any => Some(ANY_ORIGIN),
            AllowedOrigins::Listed { exact, subdomains } => {
                let origin_bytes = origin.as_bytes();
                exact.iter().find(|allowed| allowed.as_bytes() == origin_bytes).cloned().or_else(
                    || {
                        subdomains
                            .iter()
                            .any(|pattern| pattern.matches(origin_bytes))
                            .then(|| origin.clone())
                    },
                )
            }
            AllowedOrigins::AtStartup(at_startup) => at_startup.for_request()?.allow(origin),
        }
    }

    /// Each allowed origin or pattern as written in a policy (`*`, `https://*.myapp.com`).
    pub(crate) fn entries(&self) -> Vec<String> {
        match self {
            AllowedOrigins::Any => vec!["*".to_owned()],
            AllowedOrigins::Listed { exact, subdomains } => exact
                .iter()
                .map(|origin| String::from_utf8_lossy(origin.as_bytes()).into_owned())
                .chain(subdomains.iter().map(ToString::to_string))
                .collect(),
            AllowedOrigins::AtStartup(at_startup) => {
                at_startup.loaded().map(Self::entries).unwrap_or_default()
            }
        }
    }
}

/// The methods or request headers a policy allows.
#[doc(hidden)]
#[derive(Debug)]
pub struct NameSet {
    /// Whether `*` was listed.
    pub any: bool,
    pub names: &'static [&'static str],
}

const ANY_ORIGIN: HeaderValue = HeaderValue::from_static("*");

impl Policy {
    #[doc(hidden)]
    pub const fn from_parts(parts: PolicyParts) -> Self {
        Policy(parts)
    }

    pub(crate) fn parts(&self) -> &PolicyParts {
        &self.0
    }

    /// The name of the handler this policy belongs to.
    pub fn handler(&self) -> &'static str {
        self.0.handler
    }

    /// The named policy the handler uses (`#[cors(policy = API)]`), if any.
    pub fn policy_name(&self) -> Option<&'static str> {
        self.0.policy_name
    }

    /// Where a developer changes this policy, for log messages.
    pub(crate) fn where_written(&self) -> String {
        match self.0.policy_name {
            Some(name) => format!("in the policy `{name}` (used by `{}`)", self.0.handler),
            None => format!("in #[cors(...)] on `{}`", self.0.handler),
        }
    }

    /// Where the allowed origins are set, for log messages.
    pub(crate) fn origins_setting(&self) -> String {
        match self.origins_variable() {
            Some(variable) => format!("the {variable} variable read by `origins = env(..)`"),
            None => "`origins`".to_owned(),
        }
    }

    /// Whether credentials (cookies, HTTP authentication) may be sent.
    pub fn allows_credentials(&self) -> bool {
        self.0.credentials
    }

    /// The `Access-Control-Allow-Origin` value for a request from `origin`, or `None` when the
    /// policy does not allow that origin.
    pub fn allow_origin(&self, origin: &HeaderValue) -> Option<HeaderValue> {
        self.0.origins.allow(origin)
    }

    /// Whether `method` (compared byte for byte: methods are case-sensitive) is allowed.
    pub fn allows_method(&self, method: &[u8]) -> bool {
        let methods = &self.0.methods;
        methods.any || methods.names.iter().any(|name| name.as_bytes() == method)
    }

    /// Whether a page may send the request header `name` (compared case-insensitively).
    ///
    /// `*` covers every name but `Authorization`, which browsers require to be listed by name.
    pub fn allows_request_header(&self, name: &[u8]) -> bool {
        let headers = &self.0.headers;
        headers.names.iter().any(|allowed| allowed.as_bytes().eq_ignore_ascii_case(name))
            || (headers.any && !name.eq_ignore_ascii_case(b"authorization"))
    }

    /// The allowed origins and patterns, as written in the policy (`*` for any origin).
    pub fn origins(&self) -> Vec<String> {
        self.0.origins.entries()
    }

    /// The environment variable the origins are read from at startup, if they are.
    pub fn origins_variable(&self) -> Option<&'static str> {
        match self.0.origins {
            AllowedOrigins::AtStartup(at_startup) => Some(at_startup.variable()),
            _ => None,
        }
    }

    /// The allowed methods (`*` for every method of the route).
    pub fn methods(&self) -> Vec<&'static str> {
        self.0.methods.entries()
    }

    /// The request headers a page may send, lower-case (`*` for any but `authorization`).
    pub fn headers(&self) -> Vec<&'static str> {
        self.0.headers.entries()
    }

    /// The response headers a page may read beyond the safelisted ones, lower-case.
    pub fn exposed_headers(&self) -> Vec<&str> {
        let value = self.0.expose_headers.as_ref().and_then(|value| value.to_str().ok());
        value.map(|value| value.split(", ").collect()).unwrap_or_default()
    }

    /// How long browsers may cache a preflight, in seconds.
    pub fn max_age(&self) -> Option<u32> {
        self.0.max_age.as_ref()?.to_str().ok()?.parse().ok()
    }

    /// A human-readable list of the allowed origins, for log messages.
    pub(crate) fn describe_origins(&self) -> String {
        match (self.origins_variable(), self.origins()) {
            (Some(variable), origins) if origins.is_empty() => {
                format!(
                    "none yet: the origins in {variable} were never loaded; call cors_runtime::init() before starting the server"
                )
            }
            (_, origins) => origins.join(", "),
        }
    }
}

impl NameSet {
    fn entries(&self) -> Vec<&'static str> {
        self.any.then_some("*").into_iter().chain(self.names.iter().copied()).collect()
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) static EXACT: [HeaderValue; 2] = [
        HeaderValue::from_static("https://myapp.com"),
        HeaderValue::from_static("http://localhost:3000"),
    ];
    pub(crate) static SUBDOMAINS: [SubdomainPattern<'static>; 1] =
        [SubdomainPattern::from_parts("https://", ".myapp.com")];
    pub(crate) static CREDENTIALED: Policy = Policy::from_parts(PolicyParts {
        handler: "data",
        policy_name: None,
        origins: AllowedOrigins::Listed { exact: &EXACT, subdomains: &SUBDOMAINS },
        methods: NameSet { any: false, names: &["GET", "POST"] },
        headers: NameSet { any: false, names: &["content-type", "x-request-id"] },
        credentials: true,
        allow_methods: HeaderValue::from_static("GET, POST"),
        allow_headers: Some(HeaderValue::from_static("content-type, x-request-id")),
        expose_headers: Some(HeaderValue::from_static("x-total-count")),
        max_age: Some(HeaderValue::from_static("600")),
    });
    pub(crate) static PUBLIC: Policy = Policy::from_parts(PolicyParts {
        handler: "public",
        policy_name: None,
        origins: AllowedOrigins::Any,
        methods: NameSet { any: true, names: &[] },
        headers: NameSet { any: true, names: &[] },
        credentials: false,
        allow_methods: HeaderValue::from_static("*"),
        allow_headers: Some(HeaderValue::from_static("*")),
        expose_headers: None,
        max_age: None,
    });

    fn origin(text: &'static str) -> HeaderValue {
        HeaderValue::from_static(text)
    }

    #[test]
    fn exact_origins_answer_with_the_static_value() {
        let allowed = CREDENTIALED.allow_origin(&origin("https://myapp.com")).unwrap();
        assert_eq!(allowed, "https://myapp.com");
        assert_eq!(
            CREDENTIALED.allow_origin(&origin("https://a.b.myapp.com")).unwrap(),
            "https://a.b.myapp.com"
        );
    }

    #[test]
    fn lookalike_origins_never_match() {
        for lookalike in [
            "https://myapp.com.evil.com",
            "https://evilmyapp.com",
            "http://myapp.com",
            "https://myapp.com:8443",
            "https://MYAPP.com",
            "https://myapp.com/",
            "null",
            "",
        ] {
            assert!(CREDENTIALED.allow_origin(&origin(lookalike)).is_none(), "{lookalike}");
        }
    }

    #[test]
    fn wildcard_policy_answers_star() {
        assert_eq!(PUBLIC.allow_origin(&origin("https://anyone.example")).unwrap(), "*");
    }

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
    fn describes_origins_for_logs() {
        assert_eq!(
            CREDENTIALED.describe_origins(),
            "https://myapp.com, http://localhost:3000, https://*.myapp.com"
        );
    }
}
