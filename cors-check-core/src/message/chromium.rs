//! Chromium's console lines: `services/network/public/cpp/cors/cors_error_status.cc` and
//! `third_party/blink/renderer/platform/loader/cors/cors_error_string.cc`
//! (`GetErrorStringForConsoleMessage`), in recent builds.

use super::{Blocked, CorsErrorKind};

/// Before the messages of [`CorsErrorKind::is_preflight_error`] kinds.
const PREFLIGHT_PREFIX: &str = "Response to preflight request doesn't pass access control check: ";

/// The hint after the messages about an `Access-Control-Allow-Origin` value, for `fetch`.
const NO_CORS_INFORMATION: &str = " Have the server send the header with a valid value.";

/// Chromium quotes the failed value, except for a list it cannot parse.
pub(super) fn quoted<'a>(blocked: &Blocked<'a>) -> &'a str {
    match blocked.kind {
        CorsErrorKind::InvalidAllowMethodsPreflightResponse
        | CorsErrorKind::InvalidAllowHeadersPreflightResponse
        | CorsErrorKind::MixedContent
        | CorsErrorKind::TooManyRedirects
        | CorsErrorKind::RedirectContainsCredentials => "",
        _ => blocked.value,
    }
}

pub(super) fn message(blocked: &Blocked) -> String {
    match blocked.kind {
        // `MixedContentChecker::LogToConsoleAboutFetch`: the page's URL is not known here, its
        // origin stands for it.
        CorsErrorKind::MixedContent => {
            return format!(
                "Mixed Content: The page at '{}/' was loaded over HTTPS, but requested an \
                 insecure resource '{}'. This request has been blocked; the content must be \
                 served over HTTPS.",
                blocked.origin, blocked.url
            );
        }
        // A network error, logged with the method (the value) and the URL.
        CorsErrorKind::TooManyRedirects => {
            return format!("{} {} net::ERR_TOO_MANY_REDIRECTS", blocked.value, blocked.url);
        }
        _ => {}
    }
    let prefix = if blocked.kind.is_preflight_error() { PREFLIGHT_PREFIX } else { "" };
    let redirected = match blocked.redirected_from {
        Some(initial_url) => format!(" (redirected from '{initial_url}')"),
        None => String::new(),
    };
    format!(
        "Access to fetch at '{}'{redirected} from origin '{}' has been blocked by CORS policy: \
         {prefix}{}",
        blocked.url,
        blocked.origin,
        sentence(blocked.kind, blocked.value)
    )
}

/// The sentence for `kind`; `value` is the failed parameter.
fn sentence(kind: CorsErrorKind, value: &str) -> String {
    use CorsErrorKind::*;
    match kind {
        MissingAllowOriginHeader | PreflightMissingAllowOriginHeader => {
            "No 'Access-Control-Allow-Origin' header is present on the requested resource."
                .to_owned()
        }
        WildcardOriginNotAllowed | PreflightWildcardOriginNotAllowed => {
            "The value of the 'Access-Control-Allow-Origin' header in the response must not be \
             the wildcard '*' when the request's credentials mode is 'include'."
                .to_owned()
        }
        MultipleAllowOriginValues | PreflightMultipleAllowOriginValues => format!(
            "The 'Access-Control-Allow-Origin' header contains multiple values '{value}', but \
             only one is allowed.{NO_CORS_INFORMATION}"
        ),
        InvalidAllowOriginValue | PreflightInvalidAllowOriginValue => format!(
            "The 'Access-Control-Allow-Origin' header contains the invalid value \
             '{value}'.{NO_CORS_INFORMATION}"
        ),
        AllowOriginMismatch | PreflightAllowOriginMismatch => format!(
            "The 'Access-Control-Allow-Origin' header has a value '{value}' that is not equal \
             to the supplied origin.{NO_CORS_INFORMATION}"
        ),
        InvalidAllowCredentials | PreflightInvalidAllowCredentials => format!(
            "The value of the 'Access-Control-Allow-Credentials' header in the response is \
             '{value}' which must be 'true' when the request's credentials mode is 'include'."
        ),
        PreflightInvalidStatus => "It does not have HTTP ok status.".to_owned(),
        PreflightDisallowedRedirect => {
            "Redirect is not allowed for a preflight request.".to_owned()
        }
        InvalidAllowMethodsPreflightResponse => {
            "Cannot parse Access-Control-Allow-Methods response header field in preflight \
             response."
                .to_owned()
        }
        InvalidAllowHeadersPreflightResponse => {
            "Cannot parse Access-Control-Allow-Headers response header field in preflight \
             response."
                .to_owned()
        }
        MethodDisallowedByPreflightResponse => format!(
            "Method {value} is not allowed by Access-Control-Allow-Methods in preflight response."
        ),
        HeaderDisallowedByPreflightResponse => format!(
            "Request header field {value} is not allowed by Access-Control-Allow-Headers in \
             preflight response."
        ),
        // The location is not passed as the message's parameter: Chromium 156 quotes it empty
        // (the browser suite's case `redirect_with_userinfo_is_refused`).
        RedirectContainsCredentials => "Redirect location '' contains a username and password, \
                                        which is disallowed for cross-origin requests."
            .to_owned(),
        MixedContent | TooManyRedirects => unreachable!("not a CORS message"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The line Chromium prints when a `fetch()` from `origin` to `url` is blocked; `value` is
    /// the failed parameter (empty when there was none).
    fn console_message(kind: CorsErrorKind, url: &str, origin: &str, value: &str) -> String {
        message(&Blocked {
            kind,
            url,
            origin,
            status: 0,
            value,
            header: value,
            lines: 1,
            redirected_from: None,
        })
    }

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
    fn an_unparsable_list_is_not_quoted() {
        let blocked = Blocked::example(
            CorsErrorKind::InvalidAllowMethodsPreflightResponse,
            200,
            "GET PUT",
            1,
        );
        assert_eq!(quoted(&blocked), "");
        assert!(message(&blocked).ends_with(
            "Cannot parse Access-Control-Allow-Methods response header field in preflight \
             response."
        ));
    }
}
