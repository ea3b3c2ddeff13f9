//! What the page does: the cross-origin call to check, as a script would write it with `fetch()`.

use std::fmt;

use crate::browser::Browser;
use crate::safelist::{
    is_forbidden_header, is_forbidden_method, is_http_whitespace, is_scheme, is_token,
    normalize_method,
};
use crate::secrets::{DebugHeaders, HIDDEN, Secrets};

/// A cross-origin call as a page at `origin` would make it with `fetch(url, {method, headers,
/// credentials})`, in the browser whose verdict and messages the check gives (Chromium unless
/// [`CorsRequest::with_browser`] says otherwise).
///
/// ```
/// use cors_check_core::{Browser, CorsRequest};
///
/// let request = CorsRequest::new("https://api.example/data", "https://app.example")
///     .with_method("POST")
///     .with_header("Content-Type", "application/json")
///     .with_credentials()
///     .with_browser(Browser::Safari);
/// assert!(request.credentials());
/// assert_eq!(request.method(), "POST");
/// assert_eq!(request.browser(), Browser::Safari);
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct CorsRequest {
    pub(crate) url: String,
    pub(crate) origin: String,
    pub(crate) method: String,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) credentials: bool,
    pub(crate) browser: Browser,
    pub(crate) cookie: Option<String>,
    pub(crate) body: Option<String>,
    pub(crate) target_address: Option<std::net::IpAddr>,
    pub(crate) secrets: Secrets,
}

// By hand: a derived `Debug` would print the cookie and the credential headers' values.
impl fmt::Debug for CorsRequest {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("CorsRequest")
            .field("url", &self.url)
            .field("origin", &self.origin)
            .field("method", &self.method)
            .field("headers", &DebugHeaders(&self.headers))
            .field("credentials", &self.credentials)
            .field("browser", &self.browser)
            .field("cookie", &self.cookie.as_ref().map(|_| HIDDEN))
            .field("body", &self.body)
            .field("target_address", &self.target_address)
            .field("secrets", &self.secrets)
            .finish()
    }
}

impl CorsRequest {
    /// A `GET` without headers or credentials from `origin` to `url`.
    pub fn new(url: impl Into<String>, origin: impl Into<String>) -> Self {
        Self {
            url: url.into(),
            origin: origin.into(),
            method: "GET".to_owned(),
            headers: Vec::new(),
            credentials: false,
            browser: Browser::Chromium,
            cookie: None,
            body: None,
            target_address: None,
            secrets: Secrets::Hidden,
        }
    }

    /// Uses this method instead of `GET`.
    #[must_use]
    pub fn with_method(mut self, method: impl Into<String>) -> Self {
        self.method = method.into();
        self
    }

    /// Adds a request header set by the script; a name may repeat.
    #[must_use]
    pub fn with_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Includes credentials (cookies, HTTP authentication) in the call.
    #[must_use]
    pub fn with_credentials(mut self) -> Self {
        self.credentials = true;
        self
    }

    /// Sends `name=value` pairs as `Cookie` on the actual request (never on a preflight, which
    /// never carries credentials), so the server answers as it answers the user's session;
    /// several calls add to the same header. The cookie does not change how the answers are
    /// judged: that is [`CorsRequest::with_credentials`].
    #[must_use]
    pub fn with_cookie(mut self, cookie: impl Into<String>) -> Self {
        let cookie = cookie.into();
        self.cookie = Some(match self.cookie.take() {
            Some(earlier) => format!("{earlier}; {cookie}"),
            None => cookie,
        });
        self
    }

    /// Sends `body` with the call, as `fetch(url, {body})` with a string: without a
    /// `Content-Type` of the script's, the browser adds `text/plain;charset=UTF-8` (which needs
    /// no preflight). `fetch()` refuses a body on `GET` and `HEAD`.
    #[must_use]
    pub fn with_body(mut self, body: impl Into<String>) -> Self {
        self.body = Some(body.into());
        self
    }

    /// The address the URL's host resolves to, which tells whether the call reaches the user's
    /// own machine or network (Local Network Access); the command line resolves it.
    #[must_use]
    pub fn with_target_address(mut self, address: std::net::IpAddr) -> Self {
        self.target_address = Some(address);
        self
    }

    /// Prints the cookie and the values of credential headers (`Authorization`, `Cookie`,
    /// `X-Api-Key`, ...: a name with `auth`, `cookie`, `token`, `key`, `secret`, `session` or
    /// `password`) in the report's JSON and the command line that checks the call again
    /// (`--show-secrets`); otherwise they read `<secret>`. They are sent either way.
    ///
    /// ```
    /// use cors_check_core::CorsRequest;
    /// use cors_check_core::input::command_line;
    ///
    /// let request = CorsRequest::new("https://api.example/me", "https://app.example")
    ///     .with_header("Authorization", "Bearer t0k3n");
    /// assert!(command_line(&request).ends_with("--header 'Authorization: <secret>'"));
    /// assert!(!format!("{request:?}").contains("t0k3n"));
    /// let shown = request.with_secrets_shown();
    /// assert!(command_line(&shown).contains("--header 'Authorization: Bearer t0k3n'"));
    /// ```
    #[must_use]
    pub fn with_secrets_shown(mut self) -> Self {
        self.secrets = Secrets::Shown;
        self
    }

    /// Whether the cookie and credential headers are printed
    /// ([`CorsRequest::with_secrets_shown`]).
    pub fn secrets_shown(&self) -> bool {
        self.secrets == Secrets::Shown
    }

    /// The headers as reports print them: credential values hidden unless shown.
    pub(crate) fn printed_headers(&self) -> Vec<[&str; 2]> {
        let secrets = self.secrets;
        self.headers
            .iter()
            .map(|(name, value)| [name.as_str(), secrets.header_value(name, value)])
            .collect()
    }

    /// The body the call carries, if any.
    pub fn body(&self) -> Option<&str> {
        self.body.as_deref()
    }

    /// The `Cookie` the actual request carries, if any.
    pub fn cookie(&self) -> Option<&str> {
        self.cookie.as_deref()
    }

    /// Judges the call as `browser` does: its order of checks, its verdict and its console
    /// messages ([`Browser::Chromium`] by default).
    #[must_use]
    pub fn with_browser(mut self, browser: Browser) -> Self {
        self.browser = browser;
        self
    }

    /// The URL the page calls: absolute for the HTTP transport, a path is enough in-process.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The page's serialized origin (`https://app.example`, or `null` for an opaque origin).
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// The method as the page writes it; `fetch()` upper-cases only the six standard methods
    /// (a [`Plan`](crate::Plan)'s request has the method as `fetch()` sends it).
    pub fn method(&self) -> &str {
        &self.method
    }

    /// The headers the script sets, in order; a name may repeat.
    pub fn headers(&self) -> &[(String, String)] {
        &self.headers
    }

    /// Whether the call includes credentials (`credentials: "include"`, `withCredentials`).
    pub fn credentials(&self) -> bool {
        self.credentials
    }

    /// The browser whose verdict the check gives.
    pub fn browser(&self) -> Browser {
        self.browser
    }

    /// Checks that a browser would send this call at all: a serialized origin, a method token that
    /// is not forbidden, header names that are tokens and that a script may set.
    pub fn validate(&self) -> Result<(), RequestError> {
        validate_origin(&self.origin)?;
        if !is_token(&self.method) {
            return Err(RequestError::InvalidMethod(self.method.clone()));
        }
        if is_forbidden_method(&self.method) {
            return Err(RequestError::ForbiddenMethod(self.method.clone()));
        }
        if self.body.is_some() && matches!(normalize_method(&self.method).as_str(), "GET" | "HEAD")
        {
            return Err(RequestError::BodyWithoutMethod(self.method.clone()));
        }
        if self.cookie.as_deref().is_some_and(|cookie| cookie.contains(['\0', '\r', '\n'])) {
            return Err(RequestError::InvalidHeaderValue("Cookie".to_owned()));
        }
        for (name, value) in &self.headers {
            if !is_token(name) {
                return Err(RequestError::InvalidHeaderName(name.clone()));
            }
            if value.contains(['\0', '\r', '\n']) {
                return Err(RequestError::InvalidHeaderValue(name.clone()));
            }
            if is_forbidden_header(name, value) {
                return Err(RequestError::ForbiddenHeader(name.clone()));
            }
        }
        Ok(())
    }

    /// The headers as `fetch()` sends them: values stripped of surrounding whitespace.
    pub(crate) fn normalized_headers(&self) -> Vec<(String, String)> {
        self.headers
            .iter()
            .map(|(name, value)| (name.clone(), value.trim_matches(is_http_whitespace).to_owned()))
            .collect()
    }
}

/// Why a browser would not send a [`CorsRequest`] as described.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RequestError {
    /// The origin is not a serialized origin; `suggestion` is the form browsers send, if any.
    InvalidOrigin {
        /// The origin as given.
        origin: String,
        /// The serialized origin the given text most likely means.
        suggestion: Option<String>,
    },
    /// The method is not an HTTP token.
    InvalidMethod(String),
    /// `fetch()` refuses CONNECT, TRACE and TRACK.
    ForbiddenMethod(String),
    /// The header name is not an HTTP token.
    InvalidHeaderName(String),
    /// The header value holds NUL, CR or LF.
    InvalidHeaderValue(String),
    /// Browsers do not let scripts set this header (e.g. `Cookie`, `Origin`, `Sec-*`).
    ForbiddenHeader(String),
    /// `fetch()` refuses a body on a `GET` or `HEAD` (the method as written).
    BodyWithoutMethod(String),
}

impl fmt::Display for RequestError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidOrigin { origin, suggestion } => {
                write!(
                    formatter,
                    "invalid origin '{origin}': an origin is scheme://host[:port] with no path, \
                     in lower case (or 'null')"
                )?;
                match suggestion {
                    Some(suggestion) => write!(formatter, "; did you mean '{suggestion}'?"),
                    None => Ok(()),
                }
            }
            Self::InvalidMethod(method) => {
                write!(formatter, "invalid method '{method}': not an HTTP token")
            }
            Self::ForbiddenMethod(method) => write!(
                formatter,
                "forbidden method '{method}': browsers refuse to send CONNECT, TRACE and TRACK"
            ),
            Self::InvalidHeaderName(name) => {
                write!(formatter, "invalid header name '{name}': not an HTTP token")
            }
            Self::InvalidHeaderValue(name) => {
                write!(formatter, "invalid value for header '{name}': it contains NUL, CR or LF")
            }
            Self::BodyWithoutMethod(method) => write!(
                formatter,
                "a body on {method}: fetch() refuses a body on GET and HEAD; give the method \
                 that sends it, e.g. --method POST"
            ),
            Self::ForbiddenHeader(name) => write!(
                formatter,
                "forbidden header '{name}': browsers do not let a page set it (the browser sets \
                 it itself; use --cookie 'name=value' to send the session's cookies)"
            ),
        }
    }
}

impl std::error::Error for RequestError {}

/// Accepts `null` and a serialized origin, the only forms a browser puts in `Origin`; for an
/// `http(s)` origin written another way, the error suggests the serialized form.
fn validate_origin(origin: &str) -> Result<(), RequestError> {
    if origin == "null" {
        return Ok(());
    }
    let suggestion = match cors_rules::canonical_origin(origin) {
        Some(canonical) => Some(canonical.to_string()),
        // A page of another scheme (an extension's, say) sends its origin as it is.
        None => is_serialized_origin_of_another_scheme(origin).then(|| origin.to_owned()),
    };
    if suggestion.as_deref() == Some(origin) {
        Ok(())
    } else {
        Err(RequestError::InvalidOrigin { origin: origin.to_owned(), suggestion })
    }
}

/// `scheme://host[:port]` in lower case, for a scheme other than `http` and `https`.
fn is_serialized_origin_of_another_scheme(text: &str) -> bool {
    text.split_once("://").is_some_and(|(scheme, host)| {
        is_scheme(scheme)
            && !matches!(scheme, "http" | "https")
            && !scheme.bytes().any(|byte| byte.is_ascii_uppercase())
            && !host.is_empty()
            && host.bytes().all(|byte| {
                byte.is_ascii_lowercase() || byte.is_ascii_digit() || b"-._:".contains(&byte)
            })
    })
}

#[cfg(test)]
mod tests;
