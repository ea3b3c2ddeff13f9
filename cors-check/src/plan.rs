//! What the browser sends for a [`CorsRequest`]: whether a preflight comes first, with which
//! `Access-Control-Request-*` headers, and then the actual request.

use std::collections::BTreeSet;
use std::fmt;

use crate::browser::Browser;
use crate::request::{CorsRequest, RequestError};
use crate::safelist::{
    MAX_SAFELISTED_TOTAL_LEN, MAX_SAFELISTED_VALUE_LEN, Safelisting, normalize_method, safelisting,
};
use crate::vocabulary::{Exchange, Sent};

/// The requests a browser makes for one cross-origin call.
///
/// ```
/// use cors_check::{CorsRequest, Plan};
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
/// # Ok::<(), cors_check::RequestError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    request: CorsRequest,
    preflight_reasons: Vec<PreflightReason>,
    unsafe_header_names: Vec<String>,
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
            Self::SafelistedTotalTooLong(total) => write!(
                formatter,
                "the safelisted header values add up to {total} bytes, over \
                 {MAX_SAFELISTED_TOTAL_LEN}"
            ),
        }
    }
}

/// One HTTP request to send, exactly as the browser would send it.
#[derive(Clone, Debug, PartialEq, Eq)]
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
}

impl Plan {
    /// Works out what a browser sends for `request`, or why it would send nothing.
    pub fn new(request: CorsRequest) -> Result<Self, RequestError> {
        request.validate()?;
        let request = CorsRequest {
            method: normalize_method(&request.method),
            headers: request.normalized_headers(),
            ..request
        };
        let mut preflight_reasons = Vec::new();
        if !cors_rules::fetch::is_cors_safelisted_method(request.method.as_bytes()) {
            preflight_reasons.push(PreflightReason::Method(request.method.clone()));
        }
        let mut unsafe_header_names = BTreeSet::new();
        let mut safelisted_names = Vec::new();
        let mut safelisted_total = 0;
        for (name, value) in &request.headers {
            let reason = match safelisting(name, value) {
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
        Ok(Self {
            request,
            preflight_reasons,
            // A BTreeSet iterates in byte order: Fetch's "sorted-lowercase set".
            unsafe_header_names: unsafe_header_names.into_iter().collect(),
        })
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

    /// The same plan, judged as `browser` does (the requests are the same).
    pub(crate) fn with_browser(&self, browser: Browser) -> Self {
        let mut plan = self.clone();
        plan.request.browser = browser;
        plan
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
        let origin = &self.request.origin;
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
        headers.push(("Origin".to_owned(), origin.to_owned()));
        OutgoingRequest {
            sent,
            method: self.request.method.clone(),
            url: self.request.url.clone(),
            headers,
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
        OutgoingRequest {
            sent,
            method: "OPTIONS".to_owned(),
            url: self.request.url.clone(),
            headers,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(request: CorsRequest) -> Plan {
        Plan::new(request).expect("valid request")
    }

    fn from_app() -> CorsRequest {
        CorsRequest::new("https://api.example/data", "https://app.example")
    }

    #[test]
    fn get_with_safelisted_headers_needs_no_preflight() {
        let plan = plan(
            from_app()
                .with_header("Accept", "application/json")
                .with_header("Content-Type", "text/plain;charset=utf-8"),
        );
        assert!(!plan.needs_preflight());
        assert_eq!(plan.access_control_request_headers(), None);
    }

    #[test]
    fn lower_case_post_is_normalized_and_stays_simple() {
        let plan = plan(from_app().with_method("post"));
        assert_eq!(plan.request().method, "POST");
        assert!(!plan.needs_preflight());
    }

    #[test]
    fn lower_case_patch_is_sent_as_written() {
        let plan = plan(from_app().with_method("patch"));
        assert_eq!(plan.preflight_reasons(), [PreflightReason::Method("patch".to_owned())]);
        let preflight = plan.outgoing(Exchange::Preflight);
        assert!(
            preflight
                .headers
                .contains(&("Access-Control-Request-Method".to_owned(), "patch".to_owned()))
        );
    }

    #[test]
    fn json_content_type_needs_a_preflight() {
        let plan =
            plan(from_app().with_method("POST").with_header("Content-Type", "application/json"));
        assert_eq!(
            plan.preflight_reasons(),
            [PreflightReason::HeaderValue {
                name: "Content-Type".to_owned(),
                value: "application/json".to_owned()
            }]
        );
        assert_eq!(plan.access_control_request_headers().as_deref(), Some("content-type"));
    }

    #[test]
    fn request_headers_are_lower_case_sorted_deduplicated_without_spaces() {
        let plan = plan(
            from_app()
                .with_header("X-Request-Id", "1")
                .with_header("authorization", "Bearer t")
                .with_header("x-request-id", "2")
                .with_header("Accept", "text/html"),
        );
        assert_eq!(
            plan.access_control_request_headers().as_deref(),
            Some("authorization,x-request-id")
        );
    }

    #[test]
    fn a_long_safelisted_value_needs_a_preflight() {
        let plan = plan(from_app().with_header("Accept", "a".repeat(129)));
        assert_eq!(
            plan.preflight_reasons(),
            [PreflightReason::HeaderValueTooLong("Accept".to_owned())]
        );
    }

    #[test]
    fn safelisted_values_over_1024_bytes_in_total_all_become_unsafe() {
        let value = "a".repeat(128);
        let mut request = from_app();
        for name in ["Accept", "Accept-Language", "Content-Language"] {
            for _ in 0..3 {
                request = request.with_header(name, value.clone());
            }
        }
        let plan = plan(request);
        assert_eq!(plan.preflight_reasons(), [PreflightReason::SafelistedTotalTooLong(9 * 128)]);
        assert_eq!(
            plan.access_control_request_headers().as_deref(),
            Some("accept,accept-language,content-language")
        );
    }

    #[test]
    fn the_preflight_carries_origin_and_request_headers_but_not_the_scripts_headers() {
        let plan = plan(from_app().with_method("DELETE").with_header("X-Token", "secret"));
        let preflight = plan.outgoing(Exchange::Preflight);
        assert_eq!(preflight.method, "OPTIONS");
        assert_eq!(
            preflight.headers,
            [
                ("Accept".to_owned(), "*/*".to_owned()),
                ("Access-Control-Request-Method".to_owned(), "DELETE".to_owned()),
                ("Access-Control-Request-Headers".to_owned(), "x-token".to_owned()),
                ("Origin".to_owned(), "https://app.example".to_owned()),
            ]
        );
        let actual = plan.outgoing(Exchange::Actual);
        assert_eq!(actual.method, "DELETE");
        assert_eq!(
            actual.headers,
            [
                ("X-Token".to_owned(), "secret".to_owned()),
                ("Origin".to_owned(), "https://app.example".to_owned()),
            ]
        );
    }
}
