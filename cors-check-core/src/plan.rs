//! What the browser sends for a [`CorsRequest`]: whether a preflight comes first, with which
//! `Access-Control-Request-*` headers, and then the actual request.

use std::collections::BTreeSet;
use std::fmt;

use crate::request::{CorsRequest, RequestError};
use crate::safelist::{
    MAX_SAFELISTED_TOTAL_LEN, MAX_SAFELISTED_VALUE_LEN, Safelisting, normalize_method,
    safelisting_as,
};
use crate::secrets::DebugHeaders;
use crate::url::{HttpUrl, origin_of};
use crate::vocabulary::{Exchange, Sent};

mod metadata;
mod redirect;

pub(crate) use redirect::RedirectRefusal;

/// The requests a browser makes for one cross-origin call.
///
/// ```
/// use cors_check_core::{CorsRequest, Plan};
///
/// let plan = Plan::new(
///     CorsRequest::new("https://api.example/data", "https://app.example")
///         .with_method("PUT")
///         .with_header("X-Request-Id", "1")
///         .with_header("Content-Type", "application/json"),
/// )?;
/// assert!(plan.needs_preflight());
/// assert_eq!(
///     plan.access_control_request_headers().as_deref(),
///     Some("content-type,x-request-id")
/// );
/// # Ok::<(), cors_check_core::RequestError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    request: CorsRequest,
    preflight_reasons: Vec<PreflightReason>,
    unsafe_header_names: Vec<String>,
    hop: Hop,
    /// The headers the script set that the engine drops without sending them.
    dropped_headers: Vec<(String, String)>,
}

/// Where a request stands in the chain of redirects the browser follows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Hop {
    /// The URL the page called, once a redirect was followed.
    pub initial_url: Option<String>,
    /// How many redirects were followed to get here.
    pub redirects: usize,
    /// Whether CORS applies (Fetch's response tainting `cors`): the URL is on another origin
    /// than the page's, or was at some point of the chain.
    pub cors: bool,
    /// Whether the request's origin serializes as `null`: a redirect went from a URL on another
    /// origin than the page's to yet another origin (Fetch's redirect-taint).
    pub tainted: bool,
}

/// Why the Fetch standard sends a preflight before the call.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PreflightReason {
    /// The method is not `GET`, `HEAD` or `POST` (after `fetch()`'s normalization).
    Method(String),
    /// The header name is not CORS-safelisted.
    HeaderName(String),
    /// The header name is safelisted but its value is not (e.g. `Content-Type: application/json`).
    HeaderValue {
        /// The header name as the script wrote it.
        name: String,
        /// The value that is not safelisted.
        value: String,
    },
    /// The value of a safelisted header is longer than 128 bytes.
    HeaderValueTooLong(String),
    /// The safelisted values add up to more than 1024 bytes, so all of them count as unsafe.
    SafelistedTotalTooLong(usize),
    /// The call was preflighted before a redirect, and the engine preflights it again at the
    /// new URL, with the same request headers (Firefox, Safari).
    PreflightedBeforeRedirect,
}

impl fmt::Display for PreflightReason {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Method(method) => {
                write!(formatter, "method {method} is not CORS-safelisted (GET, HEAD, POST)")
            }
            Self::HeaderName(name) => write!(formatter, "header {name} is not CORS-safelisted"),
            Self::HeaderValue { name, value } => write!(
                formatter,
                "header {name} is CORS-safelisted only for some values, not '{value}'"
            ),
            Self::HeaderValueTooLong(name) => {
                write!(formatter, "header {name} is longer than {MAX_SAFELISTED_VALUE_LEN} bytes")
            }
            Self::PreflightedBeforeRedirect => formatter.write_str(
                "the call was preflighted before the redirect, and this engine preflights the \
                 new URL again with the same request headers",
            ),
            Self::SafelistedTotalTooLong(total) => write!(
                formatter,
                "the safelisted header values add up to {total} bytes, over \
                 {MAX_SAFELISTED_TOTAL_LEN}"
            ),
        }
    }
}

/// One HTTP request to send, exactly as the browser would send it (its `Debug` hides the values
/// of `Cookie` and the credential headers).
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct OutgoingRequest {
    /// Which request this is: the browser's, or a probe.
    pub sent: Sent,
    /// The method, byte for byte.
    pub method: String,
    /// The URL of the call.
    pub url: String,
    /// The headers, in order.
    pub headers: Vec<(String, String)>,
    /// The body, for the call that has one (never a preflight).
    pub body: Option<String>,
}

impl fmt::Debug for OutgoingRequest {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("OutgoingRequest")
            .field("sent", &self.sent)
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &DebugHeaders(&self.headers))
            .field("body", &self.body)
            .finish()
    }
}

impl Plan {
    /// Works out what a browser sends for `request`, or why it would send nothing.
    pub fn new(request: CorsRequest) -> Result<Self, RequestError> {
        request.validate()?;
        let engine = request.browser.engine();
        let (dropped_names, _) = engine.dropped_request_headers;
        let (dropped_headers, headers): (Vec<_>, Vec<_>) = request
            .normalized_headers()
            .into_iter()
            .partition(|(name, _)| dropped_names.contains(&name.to_ascii_lowercase().as_str()));
        let mut headers = match engine.combines_repeated_headers {
            true => combine_repeated(headers),
            false => headers,
        };
        // A string body gets this type unless the script set one (Fetch's "extract a body").
        let typed = headers.iter().any(|(name, _)| name.eq_ignore_ascii_case("content-type"));
        if request.body.is_some() && !typed {
            headers.push(("Content-Type".to_owned(), "text/plain;charset=UTF-8".to_owned()));
        }
        let request = CorsRequest { method: normalize_method(&request.method), headers, ..request };
        let cors = origin_of(&request.url).as_deref() != Some(request.origin.as_str());
        let hop = Hop { initial_url: None, redirects: 0, cors, tainted: false };
        Ok(Self { dropped_headers, ..Self::for_hop(request, hop) })
    }

    /// The headers the script set that the request's engine drops without a word (Chromium: a
    /// `User-Agent`), so they are neither sent nor preflighted.
    pub fn dropped_headers(&self) -> &[(String, String)] {
        &self.dropped_headers
    }

    /// The plan of `request` (already normalized) at `hop` of the chain.
    pub(crate) fn for_hop(request: CorsRequest, hop: Hop) -> Self {
        let mut preflight_reasons = Vec::new();
        if !cors_rules::fetch::is_cors_safelisted_method(request.method.as_bytes()) {
            preflight_reasons.push(PreflightReason::Method(request.method.clone()));
        }
        let mut unsafe_header_names = BTreeSet::new();
        let mut safelisted_names = Vec::new();
        let mut safelisted_total = 0;
        let extras = request.browser.engine().safelist;
        for (name, value) in &request.headers {
            let reason = match safelisting_as(name, value, extras) {
                Safelisting::Safelisted => {
                    safelisted_total += value.len();
                    safelisted_names.push(name.to_ascii_lowercase());
                    continue;
                }
                Safelisting::UnsafeName => PreflightReason::HeaderName(name.clone()),
                Safelisting::UnsafeValue => {
                    PreflightReason::HeaderValue { name: name.clone(), value: value.clone() }
                }
                Safelisting::TooLong => PreflightReason::HeaderValueTooLong(name.clone()),
            };
            preflight_reasons.push(reason);
            unsafe_header_names.insert(name.to_ascii_lowercase());
        }
        if safelisted_total > MAX_SAFELISTED_TOTAL_LEN {
            preflight_reasons.push(PreflightReason::SafelistedTotalTooLong(safelisted_total));
            unsafe_header_names.extend(safelisted_names);
        }
        if !hop.cors {
            // Same origin: no preflight, whatever the method and headers.
            preflight_reasons.clear();
            unsafe_header_names.clear();
        }
        Self {
            request,
            preflight_reasons,
            // A BTreeSet iterates in byte order: Fetch's "sorted-lowercase set".
            unsafe_header_names: unsafe_header_names.into_iter().collect(),
            hop,
            dropped_headers: Vec::new(),
        }
    }

    /// Whether CORS applies: `false` for a call to the page's own origin (and along a chain of
    /// redirects that never left it), which the browser makes without any CORS check.
    ///
    /// ```
    /// use cors_check_core::{CorsRequest, Plan};
    ///
    /// let plan = Plan::new(CorsRequest::new("http://localhost:3000/api", "http://localhost:3000").with_method("DELETE"))?;
    /// assert!(!plan.cors_applies());
    /// assert!(!plan.needs_preflight());
    /// # Ok::<(), cors_check_core::RequestError>(())
    /// ```
    pub fn cors_applies(&self) -> bool {
        self.hop.cors
    }

    /// Whether the browser blocks the call as mixed content before sending anything: an
    /// `https:` page calling an `http:` URL whose host is not loopback (`127.0.0.0/8`, `[::1]`,
    /// `localhost`, `*.localhost` are potentially trustworthy, so exempt).
    ///
    /// ```
    /// use cors_check_core::{CorsRequest, Plan};
    ///
    /// let blocked = |url: &str| Plan::new(CorsRequest::new(url, "https://app.example")).unwrap().is_mixed_content();
    /// assert!(blocked("http://api.example/data"));
    /// assert!(!blocked("http://localhost:8080/data"));
    /// assert!(!blocked("https://api.example/data"));
    /// ```
    pub fn is_mixed_content(&self) -> bool {
        let page_is_secure =
            HttpUrl::parse(&self.request.origin).is_some_and(|page| page.scheme == "https");
        let target = HttpUrl::parse(&self.request.url);
        page_is_secure && target.is_some_and(|url| url.scheme == "http" && !url.is_loopback())
    }

    /// The request's `Origin` as sent: `null` once the origin is tainted by a redirect.
    pub(crate) fn origin_sent(&self) -> &str {
        if self.hop.tainted { "null" } else { &self.request.origin }
    }

    /// Where this request stands in the chain of redirects.
    pub(crate) fn hop(&self) -> &Hop {
        &self.hop
    }

    /// The call, with the method normalized as `fetch()` sends it.
    pub fn request(&self) -> &CorsRequest {
        &self.request
    }

    /// Whether the browser sends a preflight before the call.
    pub fn needs_preflight(&self) -> bool {
        !self.preflight_reasons.is_empty()
    }

    /// Every reason the call needs a preflight; empty for a "simple" request.
    pub fn preflight_reasons(&self) -> &[PreflightReason] {
        &self.preflight_reasons
    }

    /// The CORS-unsafe request-header names: lower-case, sorted, de-duplicated.
    pub fn unsafe_header_names(&self) -> &[String] {
        &self.unsafe_header_names
    }

    /// The preflight's `Access-Control-Request-Headers`: the unsafe names joined by `,` without
    /// spaces, or `None` when there are none (the header is then not sent).
    pub fn access_control_request_headers(&self) -> Option<String> {
        (!self.unsafe_header_names.is_empty()).then(|| self.unsafe_header_names.join(","))
    }

    /// The script's spelling of a lower-case request-header name, for fixes the user pastes.
    pub(crate) fn header_spelling(&self, lower_case_name: &str) -> String {
        self.request
            .headers
            .iter()
            .map(|(name, _)| name)
            .find(|name| name.eq_ignore_ascii_case(lower_case_name))
            .map_or_else(|| lower_case_name.to_owned(), Clone::clone)
    }

    /// The request the browser sends for `exchange`.
    pub fn outgoing(&self, exchange: Exchange) -> OutgoingRequest {
        let origin = self.origin_sent();
        match exchange {
            Exchange::Preflight => {
                self.preflight_from(exchange.into(), origin, self.access_control_request_headers())
            }
            Exchange::Actual => self.actual_from(exchange.into(), origin),
        }
    }

    /// The call with the script's headers, from `origin`.
    pub(crate) fn actual_from(&self, sent: Sent, origin: &str) -> OutgoingRequest {
        let mut headers = self.request.headers.clone();
        // A same-origin GET or HEAD carries no `Origin` (Fetch's "append a request `Origin`
        // header").
        if self.hop.cors || !matches!(self.request.method.as_str(), "GET" | "HEAD") {
            headers.push(("Origin".to_owned(), origin.to_owned()));
        }
        // The session's cookie goes on the browser's call only, never on a probe.
        if let (Some(cookie), Sent::Browser(Exchange::Actual)) = (&self.request.cookie, sent) {
            headers.push(("Cookie".to_owned(), cookie.clone()));
        }
        headers.extend(self.browser_headers(origin));
        OutgoingRequest {
            sent,
            method: self.request.method.clone(),
            url: self.request.url.clone(),
            headers,
            body: self.request.body.clone(),
        }
    }

    /// The preflight as `#cors-preflight-fetch` builds it, from `origin` with
    /// `request_header_names` as its `Access-Control-Request-Headers`; it never carries
    /// credentials or the script's own headers.
    pub(crate) fn preflight_from(
        &self,
        sent: Sent,
        origin: &str,
        request_header_names: Option<String>,
    ) -> OutgoingRequest {
        let mut headers = vec![
            ("Accept".to_owned(), "*/*".to_owned()),
            ("Access-Control-Request-Method".to_owned(), self.request.method.clone()),
        ];
        if let Some(names) = request_header_names {
            headers.push(("Access-Control-Request-Headers".to_owned(), names));
        }
        headers.push(("Origin".to_owned(), origin.to_owned()));
        headers.extend(self.browser_headers(origin));
        OutgoingRequest {
            sent,
            method: "OPTIONS".to_owned(),
            url: self.request.url.clone(),
            headers,
            body: None,
        }
    }
}

/// The lines of a name the script set more than once joined with ", ", in the place of the
/// first, as Blink's and WebKit's header maps hold them.
fn combine_repeated(headers: Vec<(String, String)>) -> Vec<(String, String)> {
    let mut combined: Vec<(String, String)> = Vec::with_capacity(headers.len());
    for (name, value) in headers {
        match combined.iter_mut().find(|(earlier, _)| earlier.eq_ignore_ascii_case(&name)) {
            Some((_, earlier_value)) => {
                earlier_value.push_str(", ");
                earlier_value.push_str(&value);
            }
            None => combined.push((name, value)),
        }
    }
    combined
}

#[cfg(test)]
mod tests;
