//! The Fetch standard's fixed lists and grammar, shared by the policy rules and by the
//! `cors-check` tester (<https://fetch.spec.whatwg.org/>).

/// Methods `fetch()` refuses to send (`#forbidden-method`).
pub const FORBIDDEN_METHODS: [&str; 3] = ["CONNECT", "TRACE", "TRACK"];

/// Methods `fetch()` upper-cases (`#concept-method-normalize`); any other method is sent exactly
/// as the page wrote it, which is why `patch` is not `PATCH`.
pub const NORMALIZED_METHODS: [&str; 6] = ["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"];

/// Request headers a page cannot set (`#forbidden-request-header`), lower-case; names starting
/// with `proxy-` or `sec-` are forbidden too.
const FORBIDDEN_REQUEST_HEADERS: [&str; 21] = [
    "accept-charset",
    "accept-encoding",
    "access-control-request-headers",
    "access-control-request-method",
    "connection",
    "content-length",
    "cookie",
    "cookie2",
    "date",
    "dnt",
    "expect",
    "host",
    "keep-alive",
    "origin",
    "referer",
    "set-cookie",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "via",
];

/// Whether `text` is an HTTP token (RFC 9110 `token`), the grammar of methods and header names.
pub fn is_token(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&byte))
}

/// Whether `fetch()` refuses to send `method`, in any case.
pub fn is_forbidden_method(method: &str) -> bool {
    FORBIDDEN_METHODS.iter().any(|forbidden| forbidden.eq_ignore_ascii_case(method))
}

/// The spelling `fetch()` sends `method` with, when it is one of the six it upper-cases.
pub fn normalized_method(method: &str) -> Option<&'static str> {
    NORMALIZED_METHODS.iter().copied().find(|standard| standard.eq_ignore_ascii_case(method))
}

/// Whether a page may never set the request header `name` (any case), whatever its value.
pub fn is_forbidden_request_header(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    FORBIDDEN_REQUEST_HEADERS.contains(&lower.as_str())
        || lower.starts_with("proxy-")
        || lower.starts_with("sec-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_exclude_spaces_and_separators() {
        assert!(is_token("X-Request-Id") && is_token("*"));
        assert!(!is_token("Bad method") && !is_token("") && !is_token("a,b") && !is_token("x:"));
    }

    #[test]
    fn only_six_methods_are_normalized() {
        assert_eq!(normalized_method("delete"), Some("DELETE"));
        assert_eq!(normalized_method("patch"), None);
        assert!(is_forbidden_method("Track") && !is_forbidden_method("PATCH"));
    }

    #[test]
    fn forbidden_request_headers_include_the_prefixes() {
        for name in ["Cookie", "HOST", "Sec-Fetch-Mode", "proxy-authorization", "Via"] {
            assert!(is_forbidden_request_header(name), "{name}");
        }
        assert!(!is_forbidden_request_header("X-Request-Id"));
    }
}
