//! The Fetch standard's fixed lists and grammar, shared by the policy rules and by the
//! `cors-check` tester (<https://fetch.spec.whatwg.org/>).

/// Methods `fetch()` refuses to send (`#forbidden-method`).
pub const FORBIDDEN_METHODS: [&str; 3] = ["CONNECT", "TRACE", "TRACK"];

/// Methods `fetch()` upper-cases (`#concept-method-normalize`); any other method is sent exactly
/// as the page wrote it, which is why `patch` is not `PATCH`.
pub const NORMALIZED_METHODS: [&str; 6] = ["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"];

/// Methods that never need a preflight (`#cors-safelisted-method`), as `fetch()` sends them
/// (upper-case): a preflight's answer need not list them.
pub const CORS_SAFELISTED_METHODS: [&str; 3] = ["GET", "HEAD", "POST"];

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

/// Whether `method`, as sent (after normalization), is CORS-safelisted; compared byte for byte,
/// as the standard does (`patch` is not `PATCH`, and `get` is never sent by a browser).
pub fn is_cors_safelisted_method(method: &[u8]) -> bool {
    CORS_SAFELISTED_METHODS.iter().any(|safelisted| safelisted.as_bytes() == method)
}

/// Whether `status` is an ok status (`#ok-status`, 200 to 299): what a preflight's answer needs.
pub fn is_ok_status(status: u16) -> bool {
    (200..=299).contains(&status)
}

/// The elements of one line of a comma-separated list header (`Access-Control-Request-Headers`,
/// `Access-Control-Allow-Headers`, `Vary`, ...), each trimmed of HTTP tab or space, empty ones
/// skipped (`#concept-header-list-get-decode-split` with the empty elements every browser
/// ignores). A header sent on several lines means the same as its lines joined with commas, so
/// callers flat-map over the lines. Linear, and allocation-free.
pub fn list_elements(line: &[u8]) -> impl Iterator<Item = &[u8]> {
    line.split(|&byte| byte == b',').map(trim_tab_or_space).filter(|element| !element.is_empty())
}

/// [`list_elements`] of a line already known to be text.
pub fn list_elements_str(line: &str) -> impl Iterator<Item = &str> {
    // Splitting and trimming at ASCII bytes keeps every element on character boundaries.
    list_elements(line.as_bytes()).map(|element| std::str::from_utf8(element).unwrap_or_default())
}

/// Trims HTTP tab or space (`#http-tab-or-space`) only: other bytes are part of the element.
fn trim_tab_or_space(mut element: &[u8]) -> &[u8] {
    while let [b' ' | b'\t', rest @ ..] = element {
        element = rest;
    }
    while let [rest @ .., b' ' | b'\t'] = element {
        element = rest;
    }
    element
}

/// The longest `Origin` a policy reads; longer values are refused before any matching (and a
/// run-time tenant origin set keeps no longer one).
///
/// A browser's origin is `scheme://host[:port]`, with the host in ASCII (IDNs in punycode):
/// DNS caps a name at 253 bytes, so a real origin stays under ~280 bytes
/// (`https://` + 253 + `:65535`). 512 leaves room for any scheme a browser sends
/// (`chrome-extension://` + 32) while bounding what an attacker makes each request compare and
/// each log line quote.
pub const MAX_ORIGIN_LEN: usize = 512;

/// At most this many `Access-Control-Request-Headers` lines of one preflight are read.
/// Browsers send one; a proxy may split it, but not into more than a few.
pub const MAX_REQUEST_HEADER_LINES: usize = 8;

/// At most this many bytes of `Access-Control-Request-Headers`, all lines together, are read.
/// Browsers send the names a page set, each once, lower-case, sorted and comma-joined
/// ("CORS-unsafe request-header names"): 4 KiB is more than 100 names of 40 bytes. Without a
/// cap, the work a preflight costs its reader (a server, or a tester reading a recorded one)
/// would be the sender's to choose.
pub const MAX_REQUEST_HEADERS_BYTES: usize = 4096;

/// At most this many names are requested by one preflight. A page sets a handful of custom
/// headers; each name read costs its reader a look-up.
pub const MAX_REQUEST_HEADER_NAMES: usize = 64;

/// Whether one `Vary` line already makes caches key on `Origin` (`Origin` in any case, or `*`).
pub fn vary_covers_origin(line: &[u8]) -> bool {
    list_elements(line).any(|name| name == b"*" || name.eq_ignore_ascii_case(b"origin"))
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
    fn safelisted_methods_are_compared_as_sent() {
        assert!(is_cors_safelisted_method(b"POST") && is_cors_safelisted_method(b"HEAD"));
        assert!(!is_cors_safelisted_method(b"post") && !is_cors_safelisted_method(b"PUT"));
    }

    #[test]
    fn ok_statuses_are_200_to_299() {
        assert!(is_ok_status(200) && is_ok_status(204) && is_ok_status(299));
        assert!(!is_ok_status(199) && !is_ok_status(300) && !is_ok_status(403));
    }

    #[test]
    fn list_elements_trim_tab_and_space_and_skip_empty_ones() {
        let elements: Vec<&[u8]> = list_elements(b" a ,\tb\t,, ,c").collect();
        assert_eq!(elements, [&b"a"[..], b"b", b"c"]);
        // Only tab and space are HTTP whitespace here: a form feed stays in the element.
        assert_eq!(list_elements(b"x\x0c").collect::<Vec<_>>(), [&b"x\x0c"[..]]);
        assert_eq!(list_elements_str("X-A, é ").collect::<Vec<_>>(), ["X-A", "é"]);
        assert_eq!(list_elements(b"").count(), 0);
    }

    #[test]
    fn vary_covers_origin_in_any_case_or_with_a_star() {
        assert!(vary_covers_origin(b"Accept-Encoding, ORIGIN"));
        assert!(vary_covers_origin(b"*"));
        assert!(!vary_covers_origin(b"Accept-Encoding") && !vary_covers_origin(b"Origins"));
    }

    #[test]
    fn forbidden_request_headers_include_the_prefixes() {
        for name in ["Cookie", "HOST", "Sec-Fetch-Mode", "proxy-authorization", "Via"] {
            assert!(is_forbidden_request_header(name), "{name}");
        }
        assert!(!is_forbidden_request_header("X-Request-Id"));
    }
}
