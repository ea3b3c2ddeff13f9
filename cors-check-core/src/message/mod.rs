//! The CORS error kinds, one per cause, and the console line each engine prints for them: one
//! table per engine ([`chromium`], [`firefox`], [`webkit`]), each citing the engine's source.

use std::fmt;

use crate::browser::Browser;

/// The CORS errors a server can cause, one per cause, named as Chromium's
/// `network::mojom::CorsError`; every engine's message for each is in its own table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CorsErrorKind {
    /// The actual response has no `Access-Control-Allow-Origin`.
    MissingAllowOriginHeader,
    /// The actual response allows `*` but the call includes credentials.
    WildcardOriginNotAllowed,
    /// The actual response's `Access-Control-Allow-Origin` holds several values.
    MultipleAllowOriginValues,
    /// The actual response's `Access-Control-Allow-Origin` is not an origin.
    InvalidAllowOriginValue,
    /// The actual response allows another origin.
    AllowOriginMismatch,
    /// The actual response lacks `Access-Control-Allow-Credentials: true` for a credentialed call.
    InvalidAllowCredentials,
    /// The preflight response has no `Access-Control-Allow-Origin`.
    PreflightMissingAllowOriginHeader,
    /// The preflight response allows `*` but the call includes credentials.
    PreflightWildcardOriginNotAllowed,
    /// The preflight response's `Access-Control-Allow-Origin` holds several values.
    PreflightMultipleAllowOriginValues,
    /// The preflight response's `Access-Control-Allow-Origin` is not an origin.
    PreflightInvalidAllowOriginValue,
    /// The preflight response allows another origin.
    PreflightAllowOriginMismatch,
    /// The preflight lacks `Access-Control-Allow-Credentials: true` for a credentialed call.
    PreflightInvalidAllowCredentials,
    /// The preflight response's status is not 2xx.
    PreflightInvalidStatus,
    /// The preflight response is a redirect.
    PreflightDisallowedRedirect,
    /// `Access-Control-Allow-Methods` holds something that is not a method token.
    InvalidAllowMethodsPreflightResponse,
    /// `Access-Control-Allow-Headers` holds something that is not a header name.
    InvalidAllowHeadersPreflightResponse,
    /// The method is not in `Access-Control-Allow-Methods`.
    MethodDisallowedByPreflightResponse,
    /// A request header is not in `Access-Control-Allow-Headers`.
    HeaderDisallowedByPreflightResponse,
    /// A redirect of a cross-origin call points at a URL with a user name or password
    /// (`kRedirectContainsCredentials`).
    RedirectContainsCredentials,
    /// Not a CORS error: an `https:` page called an `http:` URL that is not loopback, and the
    /// browser blocked it as mixed content before sending anything.
    MixedContent,
    /// Not a CORS error: the call was redirected more than 20 times (`net::ERR_TOO_MANY_REDIRECTS`).
    TooManyRedirects,
}

impl CorsErrorKind {
    /// Every kind, in the order they are declared (for reading console lines back as kinds).
    pub(crate) const ALL: [CorsErrorKind; 21] = {
        use CorsErrorKind::*;
        [
            MissingAllowOriginHeader,
            WildcardOriginNotAllowed,
            MultipleAllowOriginValues,
            InvalidAllowOriginValue,
            AllowOriginMismatch,
            InvalidAllowCredentials,
            PreflightMissingAllowOriginHeader,
            PreflightWildcardOriginNotAllowed,
            PreflightMultipleAllowOriginValues,
            PreflightInvalidAllowOriginValue,
            PreflightAllowOriginMismatch,
            PreflightInvalidAllowCredentials,
            PreflightInvalidStatus,
            PreflightDisallowedRedirect,
            InvalidAllowMethodsPreflightResponse,
            InvalidAllowHeadersPreflightResponse,
            MethodDisallowedByPreflightResponse,
            HeaderDisallowedByPreflightResponse,
            RedirectContainsCredentials,
            MixedContent,
            TooManyRedirects,
        ]
    };

    /// The name of the kind, as in Chromium's `CorsError` enum without the `k` (`MixedContent`
    /// and `TooManyRedirects` are blocks before CORS); stable for JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::MissingAllowOriginHeader => "MissingAllowOriginHeader",
            Self::WildcardOriginNotAllowed => "WildcardOriginNotAllowed",
            Self::MultipleAllowOriginValues => "MultipleAllowOriginValues",
            Self::InvalidAllowOriginValue => "InvalidAllowOriginValue",
            Self::AllowOriginMismatch => "AllowOriginMismatch",
            Self::InvalidAllowCredentials => "InvalidAllowCredentials",
            Self::PreflightMissingAllowOriginHeader => "PreflightMissingAllowOriginHeader",
            Self::PreflightWildcardOriginNotAllowed => "PreflightWildcardOriginNotAllowed",
            Self::PreflightMultipleAllowOriginValues => "PreflightMultipleAllowOriginValues",
            Self::PreflightInvalidAllowOriginValue => "PreflightInvalidAllowOriginValue",
            Self::PreflightAllowOriginMismatch => "PreflightAllowOriginMismatch",
            Self::PreflightInvalidAllowCredentials => "PreflightInvalidAllowCredentials",
            Self::PreflightInvalidStatus => "PreflightInvalidStatus",
            Self::PreflightDisallowedRedirect => "PreflightDisallowedRedirect",
            Self::InvalidAllowMethodsPreflightResponse => "InvalidAllowMethodsPreflightResponse",
            Self::InvalidAllowHeadersPreflightResponse => "InvalidAllowHeadersPreflightResponse",
            Self::MethodDisallowedByPreflightResponse => "MethodDisallowedByPreflightResponse",
            Self::HeaderDisallowedByPreflightResponse => "HeaderDisallowedByPreflightResponse",
            Self::RedirectContainsCredentials => "RedirectContainsCredentials",
            Self::MixedContent => "MixedContent",
            Self::TooManyRedirects => "TooManyRedirects",
        }
    }

    /// Whether Chromium prefixes the message with "Response to preflight request doesn't pass
    /// access control check" (`IsPreflightError`); the method and header kinds are not prefixed.
    pub fn is_preflight_error(self) -> bool {
        matches!(
            self,
            Self::PreflightMissingAllowOriginHeader
                | Self::PreflightWildcardOriginNotAllowed
                | Self::PreflightMultipleAllowOriginValues
                | Self::PreflightInvalidAllowOriginValue
                | Self::PreflightAllowOriginMismatch
                | Self::PreflightInvalidAllowCredentials
                | Self::PreflightInvalidStatus
                | Self::PreflightDisallowedRedirect
        )
    }

    /// The same access-check failure found on a preflight response instead of the actual one.
    pub(crate) fn on_preflight(self) -> Self {
        match self {
            Self::MissingAllowOriginHeader => Self::PreflightMissingAllowOriginHeader,
            Self::WildcardOriginNotAllowed => Self::PreflightWildcardOriginNotAllowed,
            Self::MultipleAllowOriginValues => Self::PreflightMultipleAllowOriginValues,
            Self::InvalidAllowOriginValue => Self::PreflightInvalidAllowOriginValue,
            Self::AllowOriginMismatch => Self::PreflightAllowOriginMismatch,
            Self::InvalidAllowCredentials => Self::PreflightInvalidAllowCredentials,
            other => other,
        }
    }
}

impl fmt::Display for CorsErrorKind {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.as_str())
    }
}

/// What failed, with everything an engine's message may quote.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Blocked<'a> {
    pub kind: CorsErrorKind,
    /// The URL the page called.
    pub url: &'a str,
    /// The page's origin.
    pub origin: &'a str,
    /// The status of the response that failed.
    pub status: u16,
    /// The value that failed: the header value (lines joined with ", "), the method, the
    /// request-header name, or the list item that is not a token; empty when there is none.
    pub value: &'a str,
    /// The whole header the value came from, lines joined (WebKit quotes it whole).
    pub header: &'a str,
    /// How many lines that header came in (Firefox tells several `Access-Control-Allow-Origin`
    /// lines from one line holding several values).
    pub lines: usize,
    /// The URL the page called, when the call was redirected to `url`: Chromium names both
    /// (`Access to fetch at 'url' (redirected from 'initial') from origin …`,
    /// `cors_error_string.cc`); Firefox and Safari name the URL they were loading.
    pub redirected_from: Option<&'a str>,
}

impl Blocked<'_> {
    /// The value `browser`'s message quotes (neither the URL, the origin nor the status), or
    /// empty.
    pub(crate) fn quoted(&self, browser: Browser) -> &str {
        match browser {
            Browser::Chromium => chromium::quoted(self),
            Browser::Firefox => firefox::quoted(self),
            Browser::Safari => webkit::quoted(self),
        }
    }

    /// The line `browser` prints in the console.
    pub(crate) fn console_message(&self, browser: Browser) -> String {
        match browser {
            Browser::Chromium => chromium::message(self),
            Browser::Firefox => firefox::message(self),
            Browser::Safari => webkit::message(self),
        }
    }
}

#[cfg(test)]
impl Blocked<'static> {
    /// A failure of a call from `https://app.example` to `https://api.example/data`, for the
    /// tables' tests; `value` is also the whole header.
    pub(crate) fn example(
        kind: CorsErrorKind,
        status: u16,
        value: &'static str,
        lines: usize,
    ) -> Self {
        let (url, origin) = ("https://api.example/data", "https://app.example");
        Self { kind, url, origin, status, value, header: value, lines, redirected_from: None }
    }
}

mod chromium;
mod firefox;
mod parse;
mod webkit;

pub(crate) use parse::read_console_error;
pub use parse::{ConsoleError, MAX_CONSOLE_ERROR_BYTES};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_access_kind_maps_to_its_preflight_kind() {
        for kind in [
            CorsErrorKind::MissingAllowOriginHeader,
            CorsErrorKind::WildcardOriginNotAllowed,
            CorsErrorKind::MultipleAllowOriginValues,
            CorsErrorKind::InvalidAllowOriginValue,
            CorsErrorKind::AllowOriginMismatch,
            CorsErrorKind::InvalidAllowCredentials,
        ] {
            assert!(!kind.is_preflight_error());
            let preflight_kind = kind.on_preflight();
            assert!(preflight_kind.is_preflight_error());
            assert_eq!(preflight_kind.as_str(), format!("Preflight{}", kind.as_str()));
        }
    }
}
