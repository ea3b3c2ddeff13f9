//! Checking the entries of `methods`, `headers` and `expose`.

use crate::Problem;
use crate::fetch::{is_forbidden_method, is_forbidden_request_header, is_token, normalized_method};

/// One checked entry of a `methods`, `headers` or `expose` list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Name {
    /// `*`, which browsers honour only for requests without credentials.
    Wildcard,
    /// A method as written (methods are case-sensitive), or a header name in lower case.
    Listed(String),
}

/// Checks one entry of `methods`.
pub fn check_method(text: &str) -> Result<Name, Problem> {
    if text == "*" {
        return Ok(Name::Wildcard);
    }
    if !is_token(text) {
        return Err(Problem::new(
            format!("`{text}` is not a valid HTTP method"),
            "write a method name such as `GET`, `POST`, `PUT`, `PATCH` or `DELETE`",
        ));
    }
    let upper = text.to_ascii_uppercase();
    if is_forbidden_method(text) {
        return Err(Problem::new(
            format!(
                "browsers never send `{upper}` from a page (it is a forbidden method), so allowing it has no effect"
            ),
            format!("remove `{text}`"),
        ));
    }
    if upper != text && (normalized_method(text).is_some() || upper == "PATCH") {
        return Err(Problem::new(
            format!(
                "methods are case-sensitive and browsers send `{upper}`, so `{text}` never matches"
            ),
            format!("write `{upper}`"),
        ));
    }
    Ok(Name::Listed(text.to_owned()))
}

/// Checks one entry of `headers`, the request headers a page may send.
pub fn check_request_header(text: &str) -> Result<Name, Problem> {
    let lower = checked_header_name(text)?;
    if lower == "*" {
        return Ok(Name::Wildcard);
    }
    if lower.starts_with("access-control-") {
        return Err(protocol_header_problem(text));
    }
    if is_forbidden_request_header(&lower) {
        return Err(Problem::new(
            format!(
                "browsers never let a page set `{text}` (a forbidden request header); they send it \
                 themselves, so listing it has no effect"
            ),
            format!("remove `{text}`"),
        ));
    }
    Ok(Name::Listed(lower))
}

/// Checks one entry of `expose`, the response headers a page may read.
pub fn check_exposed_header(text: &str) -> Result<Name, Problem> {
    let lower = checked_header_name(text)?;
    if lower == "*" {
        return Ok(Name::Wildcard);
    }
    if lower.starts_with("access-control-") {
        return Err(protocol_header_problem(text));
    }
    if lower == "set-cookie" || lower == "set-cookie2" {
        return Err(Problem::new(
            format!("browsers never let a page read `{text}`, whatever the server exposes"),
            format!(
                "remove `{text}`; cookies reach the browser's cookie store without being exposed"
            ),
        ));
    }
    Ok(Name::Listed(lower))
}

fn checked_header_name(text: &str) -> Result<String, Problem> {
    if text == "*" || is_token(text) {
        Ok(text.to_ascii_lowercase())
    } else {
        Err(Problem::new(
            format!(
                "`{text}` is not a valid header name (letters, digits and `-`, no spaces or `:`)"
            ),
            "write the bare header name, e.g. `Content-Type` or `X-Request-Id`",
        ))
    }
}

fn protocol_header_problem(text: &str) -> Problem {
    Problem::new(
        format!(
            "`{text}` is a header of the CORS protocol itself, which the browser and this crate manage"
        ),
        format!("remove `{text}`"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listed(name: Result<Name, Problem>) -> String {
        match name {
            Ok(Name::Listed(name)) => name,
            other => panic!("expected a listed name, got {other:?}"),
        }
    }

    #[test]
    fn methods_keep_their_case() {
        assert_eq!(listed(check_method("GET")), "GET");
        assert_eq!(listed(check_method("PURGE")), "PURGE");
        assert_eq!(check_method("*"), Ok(Name::Wildcard));
    }

    #[test]
    fn rejects_methods_browsers_never_send() {
        for method in ["CONNECT", "trace", "Track", "get", "Patch", "GE T", "", "GET,POST"] {
            assert!(check_method(method).is_err(), "{method} was accepted");
        }
        assert!(check_method("get").unwrap_err().help.contains("`GET`"));
    }

    #[test]
    fn request_headers_are_lower_cased() {
        assert_eq!(listed(check_request_header("X-Request-Id")), "x-request-id");
        assert_eq!(listed(check_request_header("Authorization")), "authorization");
        assert_eq!(check_request_header("*"), Ok(Name::Wildcard));
    }

    #[test]
    fn rejects_request_headers_a_page_cannot_set() {
        for header in [
            "Cookie",
            "Host",
            "Origin",
            "Content-Length",
            "Sec-Fetch-Mode",
            "Proxy-Authorization",
            "Access-Control-Allow-Origin",
            "Access-Control-Request-Headers",
            "X Custom",
            "X-Custom:",
            "",
        ] {
            assert!(check_request_header(header).is_err(), "{header} was accepted");
        }
    }

    #[test]
    fn rejects_unexposable_response_headers() {
        for header in ["Set-Cookie", "set-cookie2", "Access-Control-Allow-Origin", "bad header"] {
            assert!(check_exposed_header(header).is_err(), "{header} was accepted");
        }
        assert_eq!(listed(check_exposed_header("X-Total-Count")), "x-total-count");
    }
}
