//! The Fetch standard's request rules a page cannot escape: which methods and headers are
//! CORS-safelisted (and so need no preflight), which ones a script may not set at all, and how
//! `fetch()` normalizes a method; and the bits of grammar (tokens, schemes, HTTP whitespace) those
//! rules are written in. The lists both this crate and the `#[cors]` rules need come from
//! `cors_rules::fetch`.

use cors_rules::fetch;
pub(crate) use cors_rules::fetch::{is_forbidden_method, is_token};

/// Headers that are forbidden only when a value names a forbidden method.
const METHOD_OVERRIDE_HEADER_NAMES: [&str; 3] =
    ["x-http-method", "x-http-method-override", "x-method-override"];

/// Longest value a safelisted header may have (`#cors-safelisted-request-header`).
pub(crate) const MAX_SAFELISTED_VALUE_LEN: usize = 128;

/// Above this total of safelisted values, every safelisted header needs a preflight too.
pub(crate) const MAX_SAFELISTED_TOTAL_LEN: usize = 1024;

/// `Content-Type` essences a page may send without a preflight.
const SAFELISTED_CONTENT_TYPES: [&str; 3] =
    ["application/x-www-form-urlencoded", "multipart/form-data", "text/plain"];

/// Whether `text` is a URL scheme (`ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )`).
pub(crate) fn is_scheme(text: &str) -> bool {
    text.starts_with(|character: char| character.is_ascii_alphabetic())
        && text
            .chars()
            .all(|character| character.is_ascii_alphanumeric() || "+-.".contains(character))
}

/// The method as `fetch()` sends it: the six standard methods upper-cased, any other untouched.
pub(crate) fn normalize_method(method: &str) -> String {
    fetch::normalized_method(method).unwrap_or(method).to_owned()
}

/// Whether a script is not allowed to set this header (the browser would drop it).
pub(crate) fn is_forbidden_header(name: &str, value: &str) -> bool {
    let name = name.to_ascii_lowercase();
    fetch::is_forbidden_request_header(&name)
        || (METHOD_OVERRIDE_HEADER_NAMES.contains(&name.as_str())
            && fetch::list_elements_str(value).any(is_forbidden_method))
}

/// HTTP whitespace as Fetch defines it: what is stripped around header values.
pub(crate) fn is_http_whitespace(character: char) -> bool {
    matches!(character, '\t' | '\n' | '\r' | ' ')
}

/// Why a request header does or does not need a preflight.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Safelisting {
    /// The header can be sent without a preflight.
    Safelisted,
    /// The name is not one of the CORS-safelisted request-header names.
    UnsafeName,
    /// The name is safelisted but this value is not (e.g. `Content-Type: application/json`).
    UnsafeValue,
    /// The value is longer than 128 bytes.
    TooLong,
}

/// Classifies one request header by the rules of `#cors-safelisted-request-header`.
pub(crate) fn safelisting(name: &str, value: &str) -> Safelisting {
    safelisting_as(name, value, SafelistExtras::default())
}

/// Where an engine's safelist goes beyond the Fetch standard's.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct SafelistExtras {
    /// A `Range` unit is read in any case (WebKit).
    pub range_unit_any_case: bool,
    /// The client hints Chromium safelists with their values (`cors.cc`
    /// `IsCorsSafelistedHeader`): `device-memory`, `dpr`, `downlink` (a decimal), `width`,
    /// `viewport-width`, `rtt` (digits), `ect` (a connection type), `save-data` (`on`).
    pub client_hints: bool,
}

/// [`safelisting`] as an engine applies it, with its `extras`.
pub(crate) fn safelisting_as(name: &str, value: &str, extras: SafelistExtras) -> Safelisting {
    let name = name.to_ascii_lowercase();
    let value_is_safe = match name.as_str() {
        "device-memory" | "dpr" | "downlink" if extras.client_hints => is_decimal(value),
        "width" | "viewport-width" | "rtt" if extras.client_hints => {
            !value.is_empty() && value.bytes().all(|byte| byte.is_ascii_digit())
        }
        "ect" if extras.client_hints => ["slow-2g", "2g", "3g", "4g"].contains(&value),
        "save-data" if extras.client_hints => value.eq_ignore_ascii_case("on"),
        "accept" => !value.bytes().any(is_unsafe_byte),
        "accept-language" | "content-language" => {
            value.bytes().all(|byte| byte.is_ascii_alphanumeric() || b" *,-.;=".contains(&byte))
        }
        "content-type" => {
            !value.bytes().any(is_unsafe_byte)
                && mime_essence(value)
                    .is_some_and(|essence| SAFELISTED_CONTENT_TYPES.contains(&essence.as_str()))
        }
        "range" if extras.range_unit_any_case => is_simple_range(&value.to_ascii_lowercase()),
        "range" => is_simple_range(value),
        _ => return Safelisting::UnsafeName,
    };
    if value.len() > MAX_SAFELISTED_VALUE_LEN {
        Safelisting::TooLong
    } else if value_is_safe {
        Safelisting::Safelisted
    } else {
        Safelisting::UnsafeValue
    }
}

/// Digits, then at most one `.` followed by digits (Chromium's `IsSimilarToDoubleABNF`).
fn is_decimal(value: &str) -> bool {
    let (whole, fraction) = value.split_once('.').unwrap_or((value, "0"));
    let digits = |text: &str| !text.is_empty() && text.bytes().all(|byte| byte.is_ascii_digit());
    digits(whole) && digits(fraction)
}

/// A CORS-unsafe request-header byte (`#cors-unsafe-request-header-byte`).
fn is_unsafe_byte(byte: u8) -> bool {
    (byte < 0x20 && byte != b'\t') || b"\"():<>?@[\\]{}\x7f".contains(&byte)
}

/// The lower-case `type/subtype` of a MIME type, or `None` when it does not parse
/// (WHATWG MIME Sniffing "parse a MIME type"; parameters never make it fail).
fn mime_essence(value: &str) -> Option<String> {
    let value = value.trim_matches(is_http_whitespace);
    let (media_type, rest) = value.split_once('/')?;
    let subtype = rest.split(';').next().unwrap_or_default().trim_end_matches(is_http_whitespace);
    (is_token(media_type) && is_token(subtype))
        .then(|| format!("{media_type}/{subtype}").to_ascii_lowercase())
}

/// Whether a `Range` value is a single `bytes=start-` or `bytes=start-end` range, the only form
/// that is safelisted (suffix ranges such as `bytes=-500` are not).
fn is_simple_range(value: &str) -> bool {
    let Some((start, end)) = value.strip_prefix("bytes=").and_then(|range| range.split_once('-'))
    else {
        return false;
    };
    let is_number = |text: &str| !text.is_empty() && text.bytes().all(|byte| byte.is_ascii_digit());
    if !is_number(start) {
        return false;
    }
    if end.is_empty() {
        return true;
    }
    // A start beyond the end makes the range unparsable, hence not safelisted.
    is_number(end)
        && match (start.parse::<u64>(), end.parse::<u64>()) {
            (Ok(start), Ok(end)) => start <= end,
            _ => false,
        }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_six_standard_methods_are_upper_cased() {
        assert_eq!(normalize_method("get"), "GET");
        assert_eq!(normalize_method("Delete"), "DELETE");
        assert_eq!(normalize_method("patch"), "patch");
        assert_eq!(normalize_method("PATCH"), "PATCH");
    }

    #[test]
    fn forbidden_headers_include_prefixes_and_method_overrides() {
        assert!(is_forbidden_header("Cookie", "a=b"));
        assert!(is_forbidden_header("Sec-Fetch-Mode", "cors"));
        assert!(is_forbidden_header("Proxy-Authorization", "x"));
        assert!(is_forbidden_header("X-HTTP-Method-Override", "GET, trace"));
        assert!(!is_forbidden_header("X-HTTP-Method-Override", "PATCH"));
        assert!(!is_forbidden_header("Authorization", "Bearer x"));
    }

    #[test]
    fn content_type_is_safelisted_only_for_the_three_form_essences() {
        assert_eq!(safelisting("Content-Type", "text/plain"), Safelisting::Safelisted);
        assert_eq!(
            safelisting("content-type", "Text/Plain;charset=utf-8"),
            Safelisting::Safelisted
        );
        assert_eq!(safelisting("Content-Type", "text/plain;garbage"), Safelisting::Safelisted);
        assert_eq!(
            safelisting("Content-Type", "multipart/form-data; boundary=x"),
            Safelisting::Safelisted
        );
        assert_eq!(safelisting("Content-Type", "application/json"), Safelisting::UnsafeValue);
        assert_eq!(safelisting("Content-Type", "text /plain"), Safelisting::UnsafeValue);
        assert_eq!(safelisting("Content-Type", "text/plain,"), Safelisting::UnsafeValue);
        assert_eq!(safelisting("Content-Type", "text/plain\u{b}"), Safelisting::UnsafeValue);
        assert_eq!(safelisting("Content-Type", "text/html"), Safelisting::UnsafeValue);
    }

    #[test]
    fn accept_and_languages_reject_unsafe_bytes() {
        assert_eq!(safelisting("Accept", "application/json"), Safelisting::Safelisted);
        assert_eq!(safelisting("Accept", "text/html(x)"), Safelisting::UnsafeValue);
        assert_eq!(safelisting("Accept-Language", "en-US,en;q=0.9"), Safelisting::Safelisted);
        assert_eq!(safelisting("Content-Language", "en_US"), Safelisting::UnsafeValue);
    }

    #[test]
    fn values_over_128_bytes_are_too_long() {
        assert_eq!(safelisting("Accept", &"a".repeat(128)), Safelisting::Safelisted);
        assert_eq!(safelisting("Accept", &"a".repeat(129)), Safelisting::TooLong);
    }

    #[test]
    fn only_single_start_ranges_are_safelisted() {
        assert_eq!(safelisting("Range", "bytes=200-"), Safelisting::Safelisted);
        assert_eq!(safelisting("Range", "bytes=0-499"), Safelisting::Safelisted);
        assert_eq!(safelisting("Range", "bytes=-200"), Safelisting::UnsafeValue);
        assert_eq!(safelisting("Range", "bytes 0-"), Safelisting::UnsafeValue);
        assert_eq!(safelisting("Range", "bytes=5-1"), Safelisting::UnsafeValue);
        assert_eq!(safelisting("Range", "bytes=0-1,3-4"), Safelisting::UnsafeValue);
    }

    #[test]
    fn other_names_are_never_safelisted() {
        assert_eq!(safelisting("X-Custom", "1"), Safelisting::UnsafeName);
        assert_eq!(safelisting("Authorization", "Bearer x"), Safelisting::UnsafeName);
    }
}
