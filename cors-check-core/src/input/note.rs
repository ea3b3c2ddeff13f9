//! What a call read back from DevTools left open or guessed, as data: the text of each note is
//! rendered by its `Display`, and what settles it is [`Note::leaves_open`], so that a caller
//! drops a settled note by comparing values, never by searching the sentence.

use std::fmt;

use crate::browser::Browser;

/// A part of the call that the caller's options can settle. Exhaustive: a caller that renders
/// or settles each must handle a new one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Open {
    /// The method (`--method`).
    Method,
    /// The headers the page set (`--header`).
    Headers,
    /// Whether the call includes credentials (`--credentials`).
    Credentials,
}

/// What a call needs before it can be checked, and the text did not say. Exhaustive, as
/// [`Open`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Missing {
    /// The URL the page called.
    Url,
    /// The origin of the page that made the call.
    Origin,
}

/// What the text left open or was guessed.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Note {
    /// The method is from Chromium's network line, pasted with the CORS line.
    MethodFromNetworkLine {
        /// That method.
        method: String,
    },
    /// The line names a header, not its value: the call is checked with `name: 1`.
    HeaderValueUnknown {
        /// The header's name.
        name: String,
    },
    /// A preflight was sent, but the line names neither the method nor a header that caused it.
    PreflightCauseUnknown,
    /// The line does not give the method: the call is checked as `GET`.
    MethodUnknown,
    /// The line does not say whether the call includes credentials: checked without.
    CredentialsUnknown,
    /// The reason is none of the CORS checks cors-check judges: the call is checked as that
    /// engine sends it.
    ReasonNotJudged {
        /// The engine whose line it was.
        browser: Browser,
    },
    /// The origin is the referrer's.
    OriginFromReferrer {
        /// The origin.
        origin: String,
        /// The referrer it was taken from.
        referrer: String,
    },
    /// The copy sends no cookie: checked without credentials.
    NoCookieInCopy,
    /// The copy's cookies are sent again with the call.
    CookiesSentAgain,
    /// Recorded headers left out as the browser's own.
    BrowserHeadersLeftOut {
        /// Their names, as recorded.
        names: Vec<String>,
    },
    /// A HAR entry's preflight asks for more headers than a browser does: the names past the
    /// caps were not read.
    PreflightPastCaps,
    /// No cookie recorded: judged without credentials.
    NoCookieRecorded,
}

impl Note {
    /// What in the call this note leaves open: an option that says it settles the note.
    pub fn leaves_open(&self) -> &'static [Open] {
        match self {
            Note::HeaderValueUnknown { .. } | Note::BrowserHeadersLeftOut { .. } => {
                &[Open::Headers]
            }
            Note::PreflightCauseUnknown => &[Open::Method, Open::Headers],
            Note::MethodUnknown => &[Open::Method],
            Note::CredentialsUnknown | Note::NoCookieInCopy => &[Open::Credentials],
            _ => &[],
        }
    }
}

impl fmt::Display for Note {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        use cors_rules::fetch::{
            MAX_REQUEST_HEADER_LINES, MAX_REQUEST_HEADER_NAMES, MAX_REQUEST_HEADERS_BYTES,
        };
        match self {
            Note::MethodFromNetworkLine { method } => {
                write!(formatter, "the method {method} is from Chromium's network line")
            }
            Note::HeaderValueUnknown { name } => write!(
                formatter,
                "the line names the header {name} but not its value: checked with '{name}: 1' \
                 (add --header '{name}: ...' for the page's value, and any other header it sets)"
            ),
            Note::PreflightCauseUnknown => formatter.write_str(
                "a preflight was sent, so the call has a method other than GET, HEAD and POST or \
                 a header that is not CORS-safelisted, which the line does not name: add \
                 --method and --header as the page's code has them",
            ),
            Note::MethodUnknown => formatter
                .write_str("the line does not give the method: checked as GET (add --method)"),
            Note::CredentialsUnknown => formatter.write_str(
                "the line does not say whether the call includes credentials: checked without \
                 (add --credentials for credentials: 'include' or withCredentials)",
            ),
            Note::ReasonNotJudged { browser } => write!(
                formatter,
                "the reason is not one of the CORS checks cors-check judges; the call is checked \
                 as {} would send it",
                browser.name()
            ),
            Note::OriginFromReferrer { origin, referrer } => {
                write!(formatter, "origin {origin} taken from the referrer {referrer}")
            }
            Note::NoCookieInCopy => formatter.write_str(
                "the copy sends no cookie: checked without credentials (add --credentials if the \
                 page's call uses credentials: 'include')",
            ),
            Note::CookiesSentAgain => {
                formatter.write_str("the copy's cookies are sent again with the call (--cookie)")
            }
            Note::BrowserHeadersLeftOut { names } => write!(
                formatter,
                "left out as the browser's own headers: {} (add --header for one the script set)",
                names.join(", ")
            ),
            Note::PreflightPastCaps => write!(
                formatter,
                "its preflight asks for more headers than a browser does (over \
                 {MAX_REQUEST_HEADER_LINES} lines, {MAX_REQUEST_HEADERS_BYTES} bytes or \
                 {MAX_REQUEST_HEADER_NAMES} names): the names past those were not read"
            ),
            Note::NoCookieRecorded => {
                formatter.write_str("no cookie recorded: judged without credentials")
            }
        }
    }
}
