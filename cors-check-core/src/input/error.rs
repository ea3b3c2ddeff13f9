//! Why a text from DevTools cannot be read: one variant per cause, with the values that decided
//! it. The words are written only by `Display`, for the command line and the page.

use std::fmt;

use super::{MAX_ANSWER_HEADER_BYTES, MAX_CONSOLE_ERROR_BYTES, MAX_HAR_BYTES, MAX_HAR_ENTRIES};

/// An input that cannot be read.
///
/// ```
/// use cors_check_core::input::{InputError, read_copied_request};
///
/// let error = read_copied_request("curl -H 'X-Debug: 1'").unwrap_err();
/// assert_eq!(error, InputError::CurlWithoutUrl);
/// assert_eq!(error.to_string(), "the cURL command has no URL");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum InputError {
    /// The pasted console text is longer than [`MAX_CONSOLE_ERROR_BYTES`].
    ConsoleErrorTooLong {
        /// Its length in bytes.
        bytes: usize,
    },
    /// The text is no engine's CORS console error.
    NotAConsoleError,
    /// The text is neither "Copy as cURL" nor "Copy as fetch".
    NotACopiedRequest,
    /// A cURL option that takes a value is the last word.
    CurlOptionWithoutValue {
        /// The option, as written (`-H`, `--cookie`, ...).
        option: String,
    },
    /// A cURL header option's value has no `:`.
    CurlHeaderWithoutColon {
        /// The option, as written (`-H` or `--header`).
        option: String,
    },
    /// The cURL command names no URL.
    CurlWithoutUrl,
    /// A quote of the cURL command is never closed.
    CurlUnclosedQuote,
    /// A `\x` or `\u` escape of a `$'...'` word is no character.
    CurlBadEscape {
        /// The hexadecimal digits that followed it.
        digits: String,
    },
    /// The text holds `fetch(` nowhere a call starts.
    FetchWithoutCall,
    /// A part of the `fetch()` call is not JSON as DevTools writes it.
    FetchNotJson {
        /// Which part.
        part: FetchPart,
    },
    /// The HAR file is longer than [`MAX_HAR_BYTES`].
    HarTooLarge {
        /// Its length in bytes.
        bytes: usize,
    },
    /// The file is JSON, but a member HAR defines holds another type.
    HarMemberOfAnotherType {
        /// The JSON reader's own description.
        reason: String,
    },
    /// The file is not JSON.
    HarInvalidJson {
        /// The JSON reader's own description.
        reason: String,
    },
    /// The file has no `log.entries` list.
    HarWithoutEntries,
    /// The file has more than [`MAX_HAR_ENTRIES`] entries.
    HarTooManyEntries {
        /// How many.
        entries: usize,
    },
    /// An entry has no request method and URL.
    HarEntryWithoutRequest {
        /// The entry's index in `log.entries`.
        index: usize,
    },
    /// An entry's answer has more header bytes than [`MAX_ANSWER_HEADER_BYTES`].
    HarAnswerTooLarge {
        /// The entry's index in `log.entries`.
        index: usize,
        /// Its headers' names and values, in bytes.
        bytes: usize,
    },
}

/// The part of a copied `fetch()` call that could not be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FetchPart {
    /// Its first argument.
    Url,
    /// Its second argument.
    Options,
}

impl fmt::Display for InputError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::ConsoleErrorTooLong { bytes } => write!(
                formatter,
                "the text has {bytes} bytes, over the {MAX_CONSOLE_ERROR_BYTES} read: paste the \
                 console error alone"
            ),
            Self::NotAConsoleError => formatter.write_str(
                "not a CORS error from Chromium, Firefox or Safari's console: paste the whole line \
                 (\"Access to fetch at ...\", \"Cross-Origin Request Blocked: ...\", \"Origin ... \
                 is not allowed by Access-Control-Allow-Origin ...\")",
            ),
            Self::NotACopiedRequest => formatter.write_str(
                "neither a cURL command nor a fetch() call: use the Network tab's \"Copy as cURL \
                 (bash)\" or \"Copy as fetch\" on the request",
            ),
            Self::CurlOptionWithoutValue { option } => {
                write!(formatter, "cURL option {option} has no value")
            }
            Self::CurlHeaderWithoutColon { option } => {
                write!(formatter, "a cURL {option} value is not 'Name: value' (it has no ':')")
            }
            Self::CurlWithoutUrl => formatter.write_str("the cURL command has no URL"),
            Self::CurlUnclosedQuote => formatter
                .write_str("the cURL command has an unclosed quote: copy the whole command"),
            Self::CurlBadEscape { digits } => {
                write!(formatter, "bad escape \\x{digits} in a $'...' word")
            }
            Self::FetchWithoutCall => formatter.write_str("no fetch( call"),
            Self::FetchNotJson { part } => {
                let part = match part {
                    FetchPart::Url => "URL",
                    FetchPart::Options => "options",
                };
                write!(formatter, "the fetch() call's {part} is not JSON as DevTools writes it")
            }
            Self::HarTooLarge { bytes } => write!(
                formatter,
                "the HAR file has {bytes} bytes, over the {MAX_HAR_BYTES} read: export only the \
                 calls that matter (filter the Network tab, e.g. by Fetch/XHR, before exporting)"
            ),
            Self::HarMemberOfAnotherType { reason } => {
                write!(formatter, "not a HAR file: {reason}")
            }
            Self::HarInvalidJson { reason } => {
                write!(formatter, "not a HAR file: the JSON is invalid ({reason})")
            }
            Self::HarWithoutEntries => formatter
                .write_str("not a HAR file: no log.entries list (export it from the Network tab)"),
            Self::HarTooManyEntries { entries } => write!(
                formatter,
                "the HAR file has {entries} entries, over the {MAX_HAR_ENTRIES} read: export fewer"
            ),
            Self::HarEntryWithoutRequest { index } => {
                write!(formatter, "HAR entry {index} has no request method and URL")
            }
            Self::HarAnswerTooLarge { index, bytes } => write!(
                formatter,
                "HAR entry {index}'s answer has {bytes} bytes of headers, over the \
                 {MAX_ANSWER_HEADER_BYTES} a browser reads: the file was not recorded by one"
            ),
        }
    }
}

impl std::error::Error for InputError {}
