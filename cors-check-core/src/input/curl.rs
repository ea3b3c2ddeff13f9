//! "Copy as cURL" in the bash form Chromium ("Copy as cURL (bash)") and Firefox ("Copy as
//! cURL (POSIX)") write: single quotes, `$'...'` for values with control characters or
//! quotes, lines continued with a backslash.

use super::InputError;
use super::copied::Copy;

/// Options that take a value; their value is never the URL.
const WITH_VALUE: [&str; 22] = [
    "-H",
    "--header",
    "-X",
    "--request",
    "-b",
    "--cookie",
    "-d",
    "--data",
    "--data-raw",
    "--data-binary",
    "--data-urlencode",
    "--data-ascii",
    "-u",
    "--user",
    "-A",
    "--user-agent",
    "-e",
    "--referer",
    "-o",
    "--output",
    "-m",
    "--max-time",
];

pub(super) fn parse(text: &str) -> Result<Copy, InputError> {
    let words = split_words(text)?;
    let mut copy = Copy::default();
    let mut url = None;
    let mut words = words.into_iter().skip(1);
    while let Some(word) = words.next() {
        if !word.starts_with('-') || word == "--url" {
            let value = if word == "--url" { words.next() } else { Some(word) };
            if url.is_none() {
                url = value;
            }
            continue;
        }
        if !WITH_VALUE.contains(&word.as_str()) {
            continue; // --compressed, --insecure, -i, -s, ...
        }
        let value = words
            .next()
            .ok_or_else(|| InputError::CurlOptionWithoutValue { option: word.clone() })?;
        match word.as_str() {
            "-H" | "--header" => {
                // Not echoed: without its name, the text may be a bare token.
                let (name, value) = value
                    .split_once(':')
                    .ok_or_else(|| InputError::CurlHeaderWithoutColon { option: word.clone() })?;
                copy.headers.push((name.trim().to_owned(), value.trim().to_owned()));
            }
            "-X" | "--request" => copy.method = Some(value),
            "-b" | "--cookie" => copy.cookie = Some(value),
            "-u" | "--user" => copy.sends_credentials = true,
            "-A" | "--user-agent" => copy.headers.push(("User-Agent".to_owned(), value)),
            "-e" | "--referer" => copy.headers.push(("Referer".to_owned(), value)),
            "-o" | "--output" | "-m" | "--max-time" => {}
            _ => copy.body = true,
        }
    }
    copy.url = url.ok_or(InputError::CurlWithoutUrl)?;
    Ok(copy)
}

/// Splits a bash command line into words as bash would (quotes removed, `$'...'` escapes
/// applied, backslash-newline joined).
fn split_words(text: &str) -> Result<Vec<String>, InputError> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('\n') => {}
                Some('\r') if chars.peek() == Some(&'\n') => {
                    chars.next();
                }
                Some(next) => word.get_or_insert_with(String::new).push(next),
                None => {}
            },
            c if c.is_whitespace() => words.extend(word.take()),
            '\'' => {
                let quoted = until(&mut chars, '\'')?;
                word.get_or_insert_with(String::new).push_str(&quoted);
            }
            '"' => {
                let current = word.get_or_insert_with(String::new);
                loop {
                    match chars.next().ok_or_else(unclosed)? {
                        '"' => break,
                        '\\' if matches!(chars.peek(), Some('"' | '\\' | '$' | '`')) => {
                            current.extend(chars.next());
                        }
                        other => current.push(other),
                    }
                }
            }
            '$' if chars.peek() == Some(&'\'') => {
                chars.next();
                let current = word.get_or_insert_with(String::new);
                ansi_c_quoted(&mut chars, current)?;
            }
            other => word.get_or_insert_with(String::new).push(other),
        }
    }
    words.extend(word);
    Ok(words)
}

fn unclosed() -> InputError {
    InputError::CurlUnclosedQuote
}

fn until(chars: &mut impl Iterator<Item = char>, end: char) -> Result<String, InputError> {
    let mut text = String::new();
    loop {
        match chars.next().ok_or_else(unclosed)? {
            c if c == end => return Ok(text),
            c => text.push(c),
        }
    }
}

/// The rest of a `$'...'` word: `\n`, `\t`, `\r`, `\\`, `\'`, `\"`, `\xHH`, `\uHHHH`.
fn ansi_c_quoted(
    chars: &mut std::iter::Peekable<std::str::Chars<'_>>,
    word: &mut String,
) -> Result<(), InputError> {
    loop {
        match chars.next().ok_or_else(unclosed)? {
            '\'' => return Ok(()),
            '\\' => match chars.next().ok_or_else(unclosed)? {
                'n' => word.push('\n'),
                't' => word.push('\t'),
                'r' => word.push('\r'),
                'x' => word.push(hex(chars, 2)?),
                'u' => word.push(hex(chars, 4)?),
                other => word.push(other),
            },
            other => word.push(other),
        }
    }
}

fn hex(
    chars: &mut std::iter::Peekable<std::str::Chars<'_>>,
    most: usize,
) -> Result<char, InputError> {
    let mut digits = String::new();
    while digits.len() < most && chars.peek().is_some_and(char::is_ascii_hexdigit) {
        digits.extend(chars.next());
    }
    u32::from_str_radix(&digits, 16)
        .ok()
        .and_then(char::from_u32)
        .ok_or(InputError::CurlBadEscape { digits })
}
