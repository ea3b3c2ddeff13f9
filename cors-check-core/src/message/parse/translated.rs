//! Firefox's CORS lines in any language. Firefox translates `security.properties`, but every
//! translation keeps what is not words: the URL, the header names, the quoted values and the
//! status after the reason. The English table, rendered, says which of those each reason
//! holds, and a translated line is matched on them. That tells apart the keys that name a
//! header or give a status (`CORSMissingAllowOrigin2`, `CORSMultipleAllowOriginNotAllowed`,
//! `CORSAllowOriginNotMatchingOrigin`, `CORSNotSupportingCredentials`,
//! `CORSMissingAllowCredentials`, `CORSPreflightDidNotSucceed3`, `CORSInvalidAllowMethod`,
//! `CORSMethodNotFound`, `CORSInvalidAllowHeader`, `CORSMissingAllowHeaderFromPreflight2`);
//! the others (`CORSExternalRedirectNotAllowed`, `CORSDidNotSucceed2`, `CORSDisabled`,
//! `CORSRequestNotHttp`, `CORSOriginHeaderNotAdded`, `CORSUpgradeDisallowed`, ...) hold none
//! of them, so a translated one is read with its URL and no kind.

use std::ops::Range;

use super::{ConsoleError, HEADER, OUTSIDE_CORS, Piece, STATUS, VALUE, templates};
use crate::browser::Browser;
use crate::message::CorsErrorKind;
use cors_rules::fetch::is_token;

/// The headers Firefox's reasons name.
const HEADERS: [&str; 4] = [
    "Access-Control-Allow-Origin",
    "Access-Control-Allow-Credentials",
    "Access-Control-Allow-Methods",
    "Access-Control-Allow-Headers",
];

/// Opening and closing quotes of the languages Firefox is translated into.
const QUOTES: [(char, char); 8] = [
    ('‘', '’'),
    ('\'', '\''),
    ('«', '»'),
    ('„', '“'),
    ('“', '”'),
    ('"', '"'),
    ('‚', '‘'),
    ('»', '«'),
];

/// What a reason holds besides words.
#[derive(Debug, PartialEq, Eq)]
struct Shape {
    /// Which of [`HEADERS`] it names.
    headers: [bool; 4],
    /// Whether it quotes a value other than a header name and `*`.
    quotes_value: bool,
    /// Whether it quotes `*`.
    quotes_star: bool,
    /// Whether a status follows it.
    status: bool,
}

/// A Firefox line, in any language, with its URL and the kinds its shape allows.
pub(super) fn read(text: &str) -> Option<ConsoleError> {
    let (url, reason) = url_and_reason(text)?;
    let names_header = HEADERS.iter().any(|name| contains_ignoring_case(reason, name));
    if !reason.contains("CORS") && !names_header {
        return None;
    }
    let values = quoted(reason);
    let value = values
        .iter()
        .find(|value| *value != "*" && !HEADERS.iter().any(|name| value.eq_ignore_ascii_case(name)))
        .cloned();
    let status = status(reason);
    let shape = Shape {
        headers: HEADERS.map(|name| contains_ignoring_case(reason, name)),
        quotes_value: value.is_some(),
        quotes_star: values.iter().any(|value| value == "*"),
        status: status.is_some(),
    };
    let mut kinds: Vec<CorsErrorKind> = templates()
        .iter()
        .filter(|template| {
            template.browser == Browser::Firefox
                && !OUTSIDE_CORS.contains(&template.kind)
                && english_shape(&template.pieces) == shape
        })
        .map(|template| template.kind)
        .collect();
    kinds.dedup();
    // A name in `Access-Control-Allow-Headers`'s reasons is a header refused; what is not a
    // token is the list's invalid item.
    if value.as_deref().is_some_and(is_token) {
        kinds.retain(|kind| *kind != CorsErrorKind::InvalidAllowHeadersPreflightResponse);
    }
    Some(ConsoleError {
        browser: Browser::Firefox,
        kinds,
        url: Some(url),
        value,
        status,
        translated: true,
        ..ConsoleError::default()
    })
}

/// The shape of an English reason, from its rendered template.
fn english_shape(pieces: &[Piece]) -> Shape {
    let text: String = pieces
        .iter()
        .map(|piece| match piece {
            Piece::Text(text) => text.as_str(),
            Piece::Hole(_) => "",
        })
        .collect();
    let has = |hole: char| pieces.contains(&Piece::Hole(hole));
    Shape {
        headers: HEADERS.map(|name| text.contains(name)),
        quotes_value: has(VALUE) || has(HEADER),
        quotes_star: text.contains("‘*’"),
        status: has(STATUS),
    }
}

/// The first `http(s)://` URL, and the text after it.
fn url_and_reason(text: &str) -> Option<(String, &str)> {
    let start = text.find("https://").or_else(|| text.find("http://"))?;
    let rest = &text[start..];
    let end = rest
        .find(|c: char| {
            c.is_whitespace() || QUOTES.iter().any(|(open, close)| c == *open || c == *close)
        })
        .unwrap_or(rest.len());
    let url = rest[..end].trim_end_matches(['.', ',', ';', ')']);
    // A quoted URL's closing quote is not part of the reason.
    let reason =
        rest[end..].trim_start_matches(|c: char| QUOTES.iter().any(|(_, close)| c == *close));
    Some((url.to_owned(), reason))
}

/// The quoted strings of `reason`, trimmed.
fn quoted(reason: &str) -> Vec<String> {
    quoted_spans(reason).map(|span| reason[span].trim().to_owned()).collect()
}

/// Where `reason`'s quoted strings are, in order, quotes left out.
fn quoted_spans(reason: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut from = 0;
    std::iter::from_fn(move || {
        let rest = &reason[from..];
        let (start, close) = rest.char_indices().find_map(|(at, c)| {
            QUOTES.iter().find(|(open, _)| *open == c).map(|(_, close)| (at + c.len_utf8(), *close))
        })?;
        let length = rest[start..].find(close)?;
        let span = from + start..from + start + length;
        from = span.end + close.len_utf8();
        Some(span)
    })
}

/// The last three-digit number outside quotes (`Status code: 403.`, `Code d’état : 403.`).
fn status(reason: &str) -> Option<u16> {
    let mut unquoted = String::with_capacity(reason.len());
    let mut from = 0;
    for span in quoted_spans(reason) {
        unquoted.push_str(&reason[from..span.start]);
        from = span.end;
    }
    unquoted.push_str(&reason[from..]);
    unquoted
        .split(|c: char| !c.is_ascii_digit())
        .rfind(|digits| digits.len() == 3)
        .and_then(|digits| digits.parse().ok())
}

fn contains_ignoring_case(text: &str, name: &str) -> bool {
    text.to_ascii_lowercase().contains(&name.to_ascii_lowercase())
}
