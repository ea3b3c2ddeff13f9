//! Firefox's console lines: the CORS strings of Gecko's
//! `dom/locales/en-US/chrome/security/security.properties` (named by key below), which
//! `netwerk/protocol/http/nsCORSListenerProxy.cpp` (`LogBlockedRequest`) fills with the URL as
//! `%1$S` and, for some keys, a parameter as `%2$S`. Firefox translates them; these are the
//! English ones, with their typographic quotes.

use super::{Blocked, CorsErrorKind};

/// Every key but `CORSNotSupportingCredentials` starts so, then the URL as it is.
const BLOCKED_AT: &str =
    "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at";

/// The reason in a message, and whether ` Status code: N.` follows it.
struct Reason {
    text: String,
    with_status: bool,
}

impl Reason {
    fn new(text: impl Into<String>) -> Self {
        Self { text: text.into(), with_status: false }
    }

    fn with_status(text: &str) -> Self {
        Self { text: text.to_owned(), with_status: true }
    }
}

/// Whether Firefox reports the several values of `Access-Control-Allow-Origin` as such: it
/// counts header lines (`CheckOriginHeader`); one line holding a list fails the comparison with
/// the origin instead.
fn several_lines(blocked: &Blocked) -> bool {
    blocked.lines > 1
}

/// The value the reason quotes as `%2$S` (the status aside).
pub(super) fn quoted<'a>(blocked: &Blocked<'a>) -> &'a str {
    use CorsErrorKind::*;
    match blocked.kind {
        MultipleAllowOriginValues | PreflightMultipleAllowOriginValues
            if several_lines(blocked) =>
        {
            ""
        }
        MultipleAllowOriginValues
        | PreflightMultipleAllowOriginValues
        | InvalidAllowOriginValue
        | PreflightInvalidAllowOriginValue
        | AllowOriginMismatch
        | PreflightAllowOriginMismatch
        | WildcardOriginNotAllowed
        | PreflightWildcardOriginNotAllowed
        | InvalidAllowMethodsPreflightResponse
        | InvalidAllowHeadersPreflightResponse
        | HeaderDisallowedByPreflightResponse => blocked.value,
        RedirectContainsCredentials
        | MixedContent
        | TooManyRedirects
        | MissingAllowOriginHeader
        | PreflightMissingAllowOriginHeader
        | InvalidAllowCredentials
        | PreflightInvalidAllowCredentials
        | PreflightInvalidStatus
        | PreflightDisallowedRedirect
        | MethodDisallowedByPreflightResponse => "",
    }
}

pub(super) fn message(blocked: &Blocked) -> String {
    use CorsErrorKind::*;
    let value = blocked.value;
    let reason = match blocked.kind {
        // `security.properties` (mixed content) `BlockMixedActiveContent`
        MixedContent => return format!("Blocked loading mixed active content “{}”", blocked.url),
        // No console line of its own: the page's promise rejects with this.
        TooManyRedirects => {
            return "TypeError: NetworkError when attempting to fetch resource.".to_owned();
        }
        // `nsCORSListenerProxy::UpdateChannel` refuses the redirect (CORSExternalRedirectNotAllowed)
        RedirectContainsCredentials => Reason::new("CORS request external redirect not allowed"),
        // CORSMissingAllowOrigin2
        MissingAllowOriginHeader | PreflightMissingAllowOriginHeader => {
            Reason::with_status("CORS header ‘Access-Control-Allow-Origin’ missing")
        }
        // CORSMultipleAllowOriginNotAllowed
        MultipleAllowOriginValues | PreflightMultipleAllowOriginValues
            if several_lines(blocked) =>
        {
            Reason::new("Multiple CORS header ‘Access-Control-Allow-Origin’ not allowed")
        }
        // CORSAllowOriginNotMatchingOrigin: any value but the origin (or `*` without
        // credentials), a list on one line or not an origin at all.
        MultipleAllowOriginValues
        | PreflightMultipleAllowOriginValues
        | InvalidAllowOriginValue
        | PreflightInvalidAllowOriginValue
        | AllowOriginMismatch
        | PreflightAllowOriginMismatch => Reason::new(format!(
            "CORS header ‘Access-Control-Allow-Origin’ does not match ‘{value}’"
        )),
        // CORSNotSupportingCredentials (the only key that quotes the URL), built below.
        WildcardOriginNotAllowed | PreflightWildcardOriginNotAllowed => {
            return format!(
                "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the \
                 remote resource at ‘{}’. (Reason: Credential is not supported if the CORS \
                 header ‘Access-Control-Allow-Origin’ is ‘*’).",
                blocked.url
            );
        }
        // CORSMissingAllowCredentials
        InvalidAllowCredentials | PreflightInvalidAllowCredentials => {
            Reason::new("expected ‘true’ in CORS header ‘Access-Control-Allow-Credentials’")
        }
        // CORSPreflightDidNotSucceed3
        PreflightInvalidStatus => Reason::with_status("CORS preflight response did not succeed"),
        // CORSExternalRedirectNotAllowed
        PreflightDisallowedRedirect => Reason::new("CORS request external redirect not allowed"),
        // CORSInvalidAllowMethod
        InvalidAllowMethodsPreflightResponse => Reason::new(format!(
            "invalid token ‘{value}’ in CORS header ‘Access-Control-Allow-Methods’"
        )),
        // CORSInvalidAllowHeader
        InvalidAllowHeadersPreflightResponse => Reason::new(format!(
            "invalid token ‘{value}’ in CORS header ‘Access-Control-Allow-Headers’"
        )),
        // CORSMethodNotFound
        MethodDisallowedByPreflightResponse => {
            Reason::new("Did not find method in CORS header ‘Access-Control-Allow-Methods’")
        }
        // CORSMissingAllowHeaderFromPreflight2
        HeaderDisallowedByPreflightResponse => Reason::new(format!(
            "header ‘{value}’ is not allowed according to header ‘Access-Control-Allow-Headers’ \
             from CORS preflight response"
        )),
    };
    let mut message = format!("{BLOCKED_AT} {}. (Reason: {}).", blocked.url, reason.text);
    if reason.with_status {
        message.push_str(&format!(" Status code: {}.", blocked.status));
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    const URL: &str = "https://api.example/data";

    fn blocked(
        kind: CorsErrorKind,
        status: u16,
        value: &'static str,
        lines: usize,
    ) -> Blocked<'static> {
        Blocked::example(kind, status, value, lines)
    }

    fn reason(kind: CorsErrorKind, status: u16, value: &'static str) -> String {
        let message = message(&blocked(kind, status, value, 1));
        let prefix = format!("{BLOCKED_AT} {URL}. (Reason: ");
        message.strip_prefix(&prefix).unwrap_or_else(|| panic!("not framed: {message}")).to_owned()
    }

    #[test]
    fn a_missing_allow_origin_gives_the_status_on_the_call_and_the_preflight() {
        assert_eq!(
            message(&blocked(CorsErrorKind::PreflightMissingAllowOriginHeader, 403, "", 1)),
            "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote \
             resource at https://api.example/data. (Reason: CORS header \
             ‘Access-Control-Allow-Origin’ missing). Status code: 403."
        );
        assert_eq!(
            reason(CorsErrorKind::MissingAllowOriginHeader, 200, ""),
            "CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 200."
        );
    }

    #[test]
    fn several_lines_are_multiple_but_a_list_on_one_line_does_not_match() {
        let kind = CorsErrorKind::MultipleAllowOriginValues;
        let two_lines = blocked(kind, 200, "https://a.example, https://b.example", 2);
        assert_eq!(quoted(&two_lines), "");
        assert!(message(&two_lines).ends_with(
            "(Reason: Multiple CORS header ‘Access-Control-Allow-Origin’ not allowed)."
        ));
        let one_line = blocked(kind, 200, "https://a.example https://b.example", 1);
        assert_eq!(quoted(&one_line), "https://a.example https://b.example");
        assert_eq!(
            reason(kind, 200, "https://a.example https://b.example"),
            "CORS header ‘Access-Control-Allow-Origin’ does not match ‘https://a.example \
             https://b.example’)."
        );
        for kind in [CorsErrorKind::AllowOriginMismatch, CorsErrorKind::InvalidAllowOriginValue] {
            assert_eq!(
                reason(kind, 200, "app.example"),
                "CORS header ‘Access-Control-Allow-Origin’ does not match ‘app.example’)."
            );
        }
    }

    #[test]
    fn the_wildcard_with_credentials_quotes_the_url() {
        assert_eq!(
            message(&blocked(CorsErrorKind::PreflightWildcardOriginNotAllowed, 204, "*", 1)),
            "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote \
             resource at ‘https://api.example/data’. (Reason: Credential is not supported if the \
             CORS header ‘Access-Control-Allow-Origin’ is ‘*’)."
        );
    }

    #[test]
    fn credentials_status_and_redirect_reasons() {
        assert_eq!(
            reason(CorsErrorKind::InvalidAllowCredentials, 200, "True"),
            "expected ‘true’ in CORS header ‘Access-Control-Allow-Credentials’)."
        );
        assert_eq!(
            reason(CorsErrorKind::PreflightInvalidStatus, 500, ""),
            "CORS preflight response did not succeed). Status code: 500."
        );
        assert_eq!(
            reason(CorsErrorKind::PreflightDisallowedRedirect, 307, ""),
            "CORS request external redirect not allowed)."
        );
    }

    #[test]
    fn list_method_and_header_reasons_quote_what_firefox_names() {
        assert_eq!(
            reason(CorsErrorKind::InvalidAllowMethodsPreflightResponse, 204, "GET PUT"),
            "invalid token ‘GET PUT’ in CORS header ‘Access-Control-Allow-Methods’)."
        );
        assert_eq!(
            reason(CorsErrorKind::InvalidAllowHeadersPreflightResponse, 204, "x-a; x-b"),
            "invalid token ‘x-a; x-b’ in CORS header ‘Access-Control-Allow-Headers’)."
        );
        let method = blocked(CorsErrorKind::MethodDisallowedByPreflightResponse, 204, "PATCH", 1);
        assert_eq!(quoted(&method), "");
        assert_eq!(
            reason(CorsErrorKind::MethodDisallowedByPreflightResponse, 204, "PATCH"),
            "Did not find method in CORS header ‘Access-Control-Allow-Methods’)."
        );
        assert_eq!(
            reason(CorsErrorKind::HeaderDisallowedByPreflightResponse, 204, "x-custom"),
            "header ‘x-custom’ is not allowed according to header \
             ‘Access-Control-Allow-Headers’ from CORS preflight response)."
        );
    }
}
