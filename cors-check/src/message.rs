//! Chromium's CORS error kinds and the console messages it prints for them
//! (`cors_error_string.cc`, `GetErrorStringForConsoleMessage`, in recent builds).

use std::fmt;

/// The CORS errors a server can cause, named as Chromium's `network::mojom::CorsError`.
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
}

/// Chromium puts this before the messages of [`CorsErrorKind::is_preflight_error`] kinds.
const PREFLIGHT_PREFIX: &str = "Response to preflight request doesn't pass access control check: ";

/// Chromium's hint after the messages about an `Access-Control-Allow-Origin` value, for `fetch`.
const NO_CORS_INFORMATION: &str = " Have the server send the header with a valid value.";

impl CorsErrorKind {
    /// The name of the kind, as in Chromium's `CorsError` enum without the `k`; stable for JSON.
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

    /// The sentence Chromium prints for this kind; `value` is the failed parameter (the header
    /// value, method or header name that failed; empty when there was none).
    fn sentence(self, value: &str) -> String {
        match self {
            Self::MissingAllowOriginHeader | Self::PreflightMissingAllowOriginHeader => {
                "No 'Access-Control-Allow-Origin' header is present on the requested resource."
                    .to_owned()
            }
            Self::WildcardOriginNotAllowed | Self::PreflightWildcardOriginNotAllowed => {
                "The value of the 'Access-Control-Allow-Origin' header in the response must not \
                 be the wildcard '*' when the request's credentials mode is 'include'."
                    .to_owned()
            }
            Self::MultipleAllowOriginValues | Self::PreflightMultipleAllowOriginValues => format!(
                "The 'Access-Control-Allow-Origin' header contains multiple values '{value}', but \
                 only one is allowed.{NO_CORS_INFORMATION}"
            ),
            Self::InvalidAllowOriginValue | Self::PreflightInvalidAllowOriginValue => format!(
                "The 'Access-Control-Allow-Origin' header contains the invalid value \
                 '{value}'.{NO_CORS_INFORMATION}"
            ),
            Self::AllowOriginMismatch | Self::PreflightAllowOriginMismatch => format!(
                "The 'Access-Control-Allow-Origin' header has a value '{value}' that is not equal \
                 to the supplied origin.{NO_CORS_INFORMATION}"
            ),
            Self::InvalidAllowCredentials | Self::PreflightInvalidAllowCredentials => format!(
                "The value of the 'Access-Control-Allow-Credentials' header in the response is \
                 '{value}' which must be 'true' when the request's credentials mode is 'include'."
            ),
            Self::PreflightInvalidStatus => "It does not have HTTP ok status.".to_owned(),
            Self::PreflightDisallowedRedirect => {
                "Redirect is not allowed for a preflight request.".to_owned()
            }
            Self::InvalidAllowMethodsPreflightResponse => {
                "Cannot parse Access-Control-Allow-Methods response header field in preflight \
                 response."
                    .to_owned()
            }
            Self::InvalidAllowHeadersPreflightResponse => {
                "Cannot parse Access-Control-Allow-Headers response header field in preflight \
                 response."
                    .to_owned()
            }
            Self::MethodDisallowedByPreflightResponse => format!(
                "Method {value} is not allowed by Access-Control-Allow-Methods in preflight \
                 response."
            ),
            Self::HeaderDisallowedByPreflightResponse => format!(
                "Request header field {value} is not allowed by Access-Control-Allow-Headers in \
                 preflight response."
            ),
        }
    }
}

impl fmt::Display for CorsErrorKind {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.as_str())
    }
}

/// The line Chromium prints in the console when a `fetch()` from `origin` to `url` is blocked.
pub fn console_message(kind: CorsErrorKind, url: &str, origin: &str, value: &str) -> String {
    let prefix = if kind.is_preflight_error() { PREFLIGHT_PREFIX } else { "" };
    format!(
        "Access to fetch at '{url}' from origin '{origin}' has been blocked by CORS policy: \
         {prefix}{}",
        kind.sentence(value)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const URL: &str = "https://api.example/data";
    const ORIGIN: &str = "https://app.example";

    #[test]
    fn preflight_access_errors_carry_the_preflight_prefix() {
        assert_eq!(
            console_message(CorsErrorKind::PreflightMissingAllowOriginHeader, URL, ORIGIN, ""),
            "Access to fetch at 'https://api.example/data' from origin 'https://app.example' has \
             been blocked by CORS policy: Response to preflight request doesn't pass access \
             control check: No 'Access-Control-Allow-Origin' header is present on the requested \
             resource."
        );
    }

    #[test]
    fn method_and_header_errors_are_not_prefixed() {
        let message = console_message(
            CorsErrorKind::HeaderDisallowedByPreflightResponse,
            URL,
            ORIGIN,
            "x-custom",
        );
        assert!(message.ends_with(
            "blocked by CORS policy: Request header field x-custom is not allowed by \
             Access-Control-Allow-Headers in preflight response."
        ));
        let message = console_message(
            CorsErrorKind::MethodDisallowedByPreflightResponse,
            URL,
            ORIGIN,
            "PATCH",
        );
        assert!(message.ends_with(
            "blocked by CORS policy: Method PATCH is not allowed by Access-Control-Allow-Methods \
             in preflight response."
        ));
    }

    #[test]
    fn value_errors_quote_the_value_and_add_chromiums_hint() {
        let message = console_message(
            CorsErrorKind::AllowOriginMismatch,
            URL,
            ORIGIN,
            "https://other.example",
        );
        assert!(message.ends_with(
            "The 'Access-Control-Allow-Origin' header has a value 'https://other.example' that \
             is not equal to the supplied origin. Have the server send the header with a valid \
             value."
        ));
        let message = console_message(CorsErrorKind::InvalidAllowCredentials, URL, ORIGIN, "");
        assert!(message.contains("header in the response is '' which must be 'true'"));
    }

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
