//! The values a log line carries from a request, read back from the runtime's quoting, and the
//! moment a line was written, read from its prefix.

use std::fmt;

/// The most bytes of a value kept: twice what cors-runtime writes of one, so that a forged
/// line of 64 KiB values cannot make each kept value 64 KiB.
pub const MAX_VALUE_BYTES: usize = 256;

/// A value that came from a request (an origin, a path, a method, a header name), or any other
/// text read from the log: the bytes as the runtime saw them (as far as it wrote them), and the
/// full length when it cut them.
///
/// Whoever sent the request chose these bytes, and whoever wrote the log file the rest, so it
/// is only ever shown escaped, as cors-runtime shows it: printable ASCII as it is, every other
/// byte, `"` and `\` as `\xNN` ([`fmt::Display`]).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LoggedValue {
    bytes: Vec<u8>,
    cut_from: Option<u64>,
}

impl LoggedValue {
    /// A value as read, kept up to [`MAX_VALUE_BYTES`]: a longer one is cut there, its full
    /// length kept.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        Self::cut(bytes.into(), None)
    }

    /// `bytes`, of which the log held `cut_from` when it cut them itself, kept up to
    /// [`MAX_VALUE_BYTES`].
    fn cut(mut bytes: Vec<u8>, cut_from: Option<u64>) -> Self {
        if bytes.len() > MAX_VALUE_BYTES {
            let length = cut_from.unwrap_or(bytes.len() as u64);
            bytes.truncate(MAX_VALUE_BYTES);
            bytes.shrink_to_fit();
            return Self { bytes, cut_from: Some(length) };
        }
        Self { bytes, cut_from }
    }

    /// The bytes that were logged (the first 128 of a value cors-runtime cut).
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The value's full length when the log cut it.
    pub fn cut_from(&self) -> Option<u64> {
        self.cut_from
    }

    /// The value as text, when it is whole and printable ASCII: the only values a fix may name.
    pub fn as_printable(&self) -> Option<&str> {
        let printable =
            self.cut_from.is_none() && self.bytes.iter().all(|&byte| is_shown_as_is(byte));
        printable.then(|| std::str::from_utf8(&self.bytes).expect("printable ASCII is UTF-8"))
    }

    /// A value quoted the runtime's way, `"..."` or `"...…" (N bytes)`, at the start of `text`,
    /// and the text after it. `None` when `text` does not start with one.
    pub(super) fn unquote(text: &str) -> Option<(Self, &str)> {
        let inner = text.strip_prefix('"')?;
        // The runtime escapes every `"` inside a value, so the next one closes it.
        let end = inner.find('"')?;
        let (quoted, rest) = (&inner[..end], &inner[end + 1..]);
        let (quoted, cut_from, rest) = match quoted.strip_suffix('…') {
            Some(shown) => {
                let count = rest.strip_prefix(" (")?;
                let digits = count.find(" bytes)")?;
                let length = count[..digits].parse::<u64>().ok()?;
                (shown, Some(length), &count[digits + " bytes)".len()..])
            }
            None => (quoted, None, rest),
        };
        Some((Self::cut(unescape(quoted), cut_from), rest))
    }

    /// A field value of a structured event: escaped like a log line's, without the quotes.
    pub(super) fn from_field(text: &str) -> Self {
        match text.strip_suffix('…') {
            Some(shown) => {
                let bytes = unescape(shown);
                // The event does not carry the full length; at least one byte more was cut.
                let length = bytes.len() as u64 + 1;
                Self::cut(bytes, Some(length))
            }
            None => Self::new(unescape(text)),
        }
    }
}

/// `\xNN` read back into its byte; every other character as its UTF-8 bytes.
fn unescape(text: &str) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(text.len());
    let mut rest = text.as_bytes();
    while let Some((&first, after)) = rest.split_first() {
        let escaped = (first == b'\\' && after.first() == Some(&b'x'))
            .then(|| after.get(1..3))
            .flatten()
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escaped {
            Some(byte) => {
                bytes.push(byte);
                rest = &after[3..];
            }
            None => {
                bytes.push(first);
                rest = after;
            }
        }
    }
    bytes
}

/// Printable ASCII but the quote and the backslash, as cors-runtime's `Quoted` shows them.
pub(super) fn is_shown_as_is(byte: u8) -> bool {
    matches!(byte, b' '..=b'~') && byte != b'"' && byte != b'\\'
}

/// `bytes` shown safely: printable ASCII as is, any other byte as `\xNN`.
pub(super) fn escape(bytes: &[u8], f: &mut fmt::Formatter<'_>) -> fmt::Result {
    for &byte in bytes {
        if is_shown_as_is(byte) {
            f.write_str(std::str::from_utf8(&[byte]).expect("ASCII"))?;
        } else {
            write!(f, "\\x{byte:02x}")?;
        }
    }
    Ok(())
}

impl fmt::Display for LoggedValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        escape(&self.bytes, f)?;
        match self.cut_from {
            Some(length) => write!(f, "… ({length} bytes)"),
            None => Ok(()),
        }
    }
}

/// The moment a line was written: an RFC 3339 timestamp found in its prefix, as written, and
/// the instant it names (for the first and last of several, whatever their offsets).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Timestamp {
    /// As the log wrote it, e.g. `2026-12-07T19:00:00Z`.
    pub text: String,
    /// Nanoseconds since 1970-01-01T00:00:00Z.
    instant: i128,
}

impl Timestamp {
    /// Whether this moment is before `other`.
    pub fn is_before(&self, other: &Timestamp) -> bool {
        self.instant < other.instant
    }

    /// The first RFC 3339 timestamp in `text` (`2026-12-07T19:00:00Z`, `2026-12-07 19:00:00.5+01:00`).
    pub fn find(text: &str) -> Option<Self> {
        let bytes = text.as_bytes();
        (0..bytes.len()).filter(|&at| bytes[at].is_ascii_digit()).find_map(|at| {
            // A timestamp starts a number, not the middle of one.
            if at > 0 && bytes[at - 1].is_ascii_digit() {
                return None;
            }
            Self::parse_at(&text[at..])
        })
    }

    fn parse_at(text: &str) -> Option<Self> {
        let b = text.as_bytes();
        let number = |range: std::ops::Range<usize>| -> Option<i64> {
            let digits = b.get(range)?;
            digits
                .iter()
                .all(u8::is_ascii_digit)
                .then(|| digits.iter().fold(0, |value, digit| value * 10 + i64::from(digit - b'0')))
        };
        let separators = [(4, b'-'), (7, b'-'), (13, b':'), (16, b':')];
        if separators.iter().any(|&(at, separator)| b.get(at) != Some(&separator))
            || !matches!(b.get(10), Some(b'T' | b't' | b' '))
        {
            return None;
        }
        let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
        let (hour, minute, second) = (number(11..13)?, number(14..16)?, number(17..19)?);
        if !(1..=12).contains(&month)
            || !(1..=31).contains(&day)
            || hour > 23
            || minute > 59
            || second > 60
        {
            return None;
        }
        let mut end = 19;
        let mut nanos: i128 = 0;
        if b.get(end) == Some(&b'.') {
            let digits = b[end + 1..].iter().take_while(|byte| byte.is_ascii_digit()).count();
            if digits == 0 {
                return None;
            }
            for (place, digit) in b[end + 1..end + 1 + digits].iter().take(9).enumerate() {
                nanos += i128::from(digit - b'0') * 10i128.pow(8 - place as u32);
            }
            end += 1 + digits;
        }
        let offset_seconds = match b.get(end) {
            Some(b'Z' | b'z') => {
                end += 1;
                0
            }
            Some(sign @ (b'+' | b'-')) if b.get(end + 3) == Some(&b':') => {
                let minutes = number(end + 1..end + 3)? * 60 + number(end + 4..end + 6)?;
                end += 6;
                if *sign == b'+' { minutes * 60 } else { -minutes * 60 }
            }
            _ => return None,
        };
        let seconds =
            days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second
                - offset_seconds;
        Some(Self {
            text: text[..end].to_owned(),
            instant: i128::from(seconds) * 1_000_000_000 + nanos,
        })
    }
}

/// Days from 1970-01-01 to a date of the proleptic Gregorian calendar (Howard Hinnant's
/// `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    /// How many bytes of a request's value cors-runtime quotes.
    const MAX_QUOTED_BYTES: usize = 128;

    #[test]
    fn quoted_values_read_back_into_the_bytes_the_request_sent() {
        let (value, rest) =
            LoggedValue::unquote(r#""https://e.com\xe2\x80\xae\x22\x5c" from"#).unwrap();
        assert_eq!(value.bytes(), "https://e.com\u{202e}\"\\".as_bytes());
        assert_eq!(rest, " from");
        assert_eq!(value.to_string(), r"https://e.com\xe2\x80\xae\x22\x5c");
        assert_eq!(value.as_printable(), None);
    }

    #[test]
    fn a_cut_value_keeps_its_full_length_and_is_never_printable() {
        let text = format!("\"{}…\" (10240 bytes): x", "a".repeat(MAX_QUOTED_BYTES));
        let (value, rest) = LoggedValue::unquote(&text).unwrap();
        assert_eq!(value.cut_from(), Some(10240));
        assert_eq!(value.bytes().len(), MAX_QUOTED_BYTES);
        assert_eq!(rest, ": x");
        assert_eq!(value.as_printable(), None, "a cut origin is no origin to list");
        assert!(value.to_string().ends_with("a… (10240 bytes)"));
    }

    #[test]
    fn a_forged_long_value_is_kept_cut() {
        let text = format!("\"{}\" rest", "b".repeat(60_000));
        let (value, rest) = LoggedValue::unquote(&text).unwrap();
        assert_eq!(
            (value.bytes().len(), value.cut_from(), rest),
            (MAX_VALUE_BYTES, Some(60_000), " rest")
        );
        assert!(value.bytes.capacity() <= MAX_VALUE_BYTES);
        assert_eq!(LoggedValue::new("c".repeat(300)).cut_from(), Some(300));
    }

    #[test]
    fn malformed_quotes_are_not_values() {
        for text in ["no quote", "\"unclosed", "\"a…\" (many bytes)", "\"a…\""] {
            assert_eq!(LoggedValue::unquote(text), None, "{text}");
        }
        // A lone backslash or a short escape is kept as written, never a panic.
        assert_eq!(LoggedValue::from_field(r"a\x4").bytes(), br"a\x4");
    }

    #[test]
    fn timestamps_are_found_in_any_prefix_and_ordered_across_offsets() {
        let utc = Timestamp::find("[2026-12-07T19:00:00Z WARN  cors_runtime::preflight] ").unwrap();
        assert_eq!(utc.text, "2026-12-07T19:00:00Z");
        let earlier = Timestamp::find("2026-12-07 20:59:59.999+02:00 WARN").unwrap();
        assert_eq!(earlier.text, "2026-12-07 20:59:59.999+02:00");
        assert!(earlier.is_before(&utc));
        assert_eq!(Timestamp::find("[WARN 12026-12-07T19:00:00Z] no"), None);
        assert_eq!(Timestamp::find("2026-13-07T19:00:00Z"), None);
        assert_eq!(Timestamp::find("2026-12-07T19:00:00"), None, "no offset, no instant");
    }
}
