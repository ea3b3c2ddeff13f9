//! `Vary: Origin`, merged into what the handler set.
//!
//! Caches must not serve a response made for one origin (or for a request without `Origin`) to
//! another, so every response of a CORS route carries `Vary: Origin`. `Vary` is a list header:
//! a second field line means the same as a comma-joined one, so appending a line never
//! disturbs the handler's values and needs no string building.

use actix_web::http::header::{HeaderMap, HeaderValue, VARY};
use cors_rules::fetch;

const ORIGIN: HeaderValue = HeaderValue::from_static("Origin");

/// Appends `Origin` to `Vary` unless it is already there (or `Vary: *` covers it).
pub(crate) fn append_origin(headers: &mut HeaderMap) {
    if !headers.get_all(VARY).any(|line| fetch::vary_covers_origin(line.as_bytes())) {
        headers.append(VARY, ORIGIN);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vary_after(existing: &[&'static str]) -> Vec<String> {
        let mut headers = HeaderMap::new();
        for value in existing {
            headers.append(VARY, HeaderValue::from_static(value));
        }
        append_origin(&mut headers);
        headers.get_all(VARY).map(|v| v.to_str().unwrap().to_owned()).collect()
    }

    #[test]
    fn adds_origin_when_absent() {
        assert_eq!(vary_after(&[]), ["Origin"]);
    }

    #[test]
    fn keeps_what_the_handler_set() {
        assert_eq!(vary_after(&["Accept-Encoding"]), ["Accept-Encoding", "Origin"]);
    }

    #[test]
    fn never_duplicates_origin() {
        assert_eq!(vary_after(&["accept-encoding, ORIGIN"]), ["accept-encoding, ORIGIN"]);
        assert_eq!(vary_after(&["*"]), ["*"]);
    }
}
