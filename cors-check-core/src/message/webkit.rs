//! Safari's console lines, which WebKit does not translate:
//! `Source/WebCore/loader/CrossOriginAccessControl.cpp` (`passesAccessControlCheck`,
//! `validatePreflightResponse`), `Source/WebCore/loader/CrossOriginPreflightResultCache.cpp`
//! (`CrossOriginPreflightResultCacheItem::create`, `validateMethodAndHeaders`) and
//! `Source/WebKit/NetworkProcess/NetworkCORSPreflightChecker.cpp`
//! (`willPerformHTTPRedirection`). Safari prints the line as an error, followed by the line of
//! [`cannot_load`].

use super::{Blocked, CorsErrorKind};

/// The line Safari prints after the reason, naming the URL (WebCore's
/// `DocumentThreadableLoader.cpp`, `logErrorAndFail`, for a `fetch()`).
pub(super) fn cannot_load(url: &str) -> String {
    format!("Fetch API cannot load {url} due to access control checks.")
}

/// `passesAccessControlCheck` reports several values only when the value holds a comma; any
/// other value but the origin (or `*` without credentials), and no value at all, is "not
/// allowed".
fn names_several_origins(blocked: &Blocked) -> bool {
    blocked.value.contains(',')
}

/// The value the message quotes (the origin and the status aside).
pub(super) fn quoted<'a>(blocked: &Blocked<'a>) -> &'a str {
    use CorsErrorKind::*;
    match blocked.kind {
        WildcardOriginNotAllowed
        | PreflightWildcardOriginNotAllowed
        | MethodDisallowedByPreflightResponse
        | HeaderDisallowedByPreflightResponse => blocked.value,
        InvalidAllowMethodsPreflightResponse | InvalidAllowHeadersPreflightResponse => {
            blocked.header
        }
        _ => "",
    }
}

pub(super) fn message(blocked: &Blocked) -> String {
    use CorsErrorKind::*;
    let Blocked { origin, status, value, header, .. } = *blocked;
    match blocked.kind {
        // CrossOriginAccessControl.cpp, passesAccessControlCheck (the next four arms)
        MultipleAllowOriginValues | PreflightMultipleAllowOriginValues
            if names_several_origins(blocked) =>
        {
            "Access-Control-Allow-Origin cannot contain more than one origin.".to_owned()
        }
        MissingAllowOriginHeader
        | PreflightMissingAllowOriginHeader
        | MultipleAllowOriginValues
        | PreflightMultipleAllowOriginValues
        | InvalidAllowOriginValue
        | PreflightInvalidAllowOriginValue
        | AllowOriginMismatch
        | PreflightAllowOriginMismatch => format!(
            "Origin {origin} is not allowed by Access-Control-Allow-Origin. Status code: {status}"
        ),
        WildcardOriginNotAllowed | PreflightWildcardOriginNotAllowed => {
            "Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true."
                .to_owned()
        }
        InvalidAllowCredentials | PreflightInvalidAllowCredentials => {
            "Credentials flag is true, but Access-Control-Allow-Credentials is not \"true\"."
                .to_owned()
        }
        // validatePreflightResponse; a redirect ends the preflight with the same line
        // (NetworkCORSPreflightChecker.cpp, willPerformHTTPRedirection).
        PreflightInvalidStatus | PreflightDisallowedRedirect => {
            format!("Preflight response is not successful. Status code: {status}")
        }
        // CrossOriginPreflightResultCache.cpp, CrossOriginPreflightResultCacheItem::create
        InvalidAllowMethodsPreflightResponse => {
            format!("Header Access-Control-Allow-Methods has an invalid value: {header}")
        }
        InvalidAllowHeadersPreflightResponse => {
            format!("Header Access-Control-Allow-Headers has an invalid value: {header}")
        }
        // CrossOriginPreflightResultCache.cpp, validateMethodAndHeaders
        MethodDisallowedByPreflightResponse => {
            format!("Method {value} is not allowed by Access-Control-Allow-Methods.")
        }
        HeaderDisallowedByPreflightResponse => {
            format!("Request header field {value} is not allowed by Access-Control-Allow-Headers.")
        }
        // NetworkLoadChecker.cpp, checkRedirection (the reason after the colon not verified)
        RedirectContainsCredentials => format!(
            "Cross-origin redirection to {value} denied by Cross-Origin Resource Sharing policy: \
             the URL contains credentials."
        ),
        // MixedContentChecker.cpp, logWarning
        MixedContent => format!(
            "[blocked] The page at {origin}/ requested insecure content from {}. This content \
             was blocked and must be served over HTTPS.",
            blocked.url
        ),
        TooManyRedirects => "Too many redirects".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocked(kind: CorsErrorKind, status: u16, value: &'static str) -> Blocked<'static> {
        Blocked::example(kind, status, value, 1)
    }

    fn line(kind: CorsErrorKind, status: u16, value: &'static str) -> String {
        message(&blocked(kind, status, value))
    }

    #[test]
    fn a_missing_wrong_or_invalid_allow_origin_is_one_line_with_the_status() {
        for (kind, value) in [
            (CorsErrorKind::PreflightMissingAllowOriginHeader, ""),
            (CorsErrorKind::AllowOriginMismatch, "https://other.example"),
            (CorsErrorKind::InvalidAllowOriginValue, "app.example"),
            (CorsErrorKind::MultipleAllowOriginValues, "https://a.example https://b.example"),
        ] {
            assert_eq!(
                line(kind, 403, value),
                "Origin https://app.example is not allowed by Access-Control-Allow-Origin. \
                 Status code: 403"
            );
            assert_eq!(quoted(&blocked(kind, 403, value)), "");
        }
        assert_eq!(
            line(
                CorsErrorKind::PreflightMultipleAllowOriginValues,
                204,
                "https://a.example, https://b.example"
            ),
            "Access-Control-Allow-Origin cannot contain more than one origin."
        );
    }

    #[test]
    fn wildcard_and_credentials_lines() {
        assert_eq!(
            line(CorsErrorKind::WildcardOriginNotAllowed, 200, "*"),
            "Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true."
        );
        assert_eq!(
            line(CorsErrorKind::PreflightInvalidAllowCredentials, 204, "True"),
            "Credentials flag is true, but Access-Control-Allow-Credentials is not \"true\"."
        );
    }

    #[test]
    fn an_error_status_and_a_redirect_are_both_unsuccessful() {
        assert_eq!(
            line(CorsErrorKind::PreflightInvalidStatus, 403, ""),
            "Preflight response is not successful. Status code: 403"
        );
        assert_eq!(
            line(CorsErrorKind::PreflightDisallowedRedirect, 308, ""),
            "Preflight response is not successful. Status code: 308"
        );
    }

    #[test]
    fn lists_methods_and_headers_are_quoted_as_webkit_reads_them() {
        let unparsable = Blocked {
            header: "GET PUT, DELETE",
            ..blocked(CorsErrorKind::InvalidAllowMethodsPreflightResponse, 204, "GET PUT")
        };
        assert_eq!(quoted(&unparsable), "GET PUT, DELETE");
        assert_eq!(
            message(&unparsable),
            "Header Access-Control-Allow-Methods has an invalid value: GET PUT, DELETE"
        );
        assert_eq!(
            line(CorsErrorKind::InvalidAllowHeadersPreflightResponse, 204, "x-a; x-b"),
            "Header Access-Control-Allow-Headers has an invalid value: x-a; x-b"
        );
        assert_eq!(
            line(CorsErrorKind::MethodDisallowedByPreflightResponse, 204, "PUT"),
            "Method PUT is not allowed by Access-Control-Allow-Methods."
        );
        assert_eq!(
            line(CorsErrorKind::HeaderDisallowedByPreflightResponse, 204, "X-Custom"),
            "Request header field X-Custom is not allowed by Access-Control-Allow-Headers."
        );
    }
}
