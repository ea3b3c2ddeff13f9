//! Where a developer starts: the error in the console, the request copied from the Network
//! tab ("Copy as cURL", "Copy as fetch"), or a HAR file of a whole session. Each is read back
//! into the call a page made ([`Recovered`]), with what the text did not say and the flag that
//! says it, so the call can be checked again.

mod command_line;
mod console;
mod copied;
mod curl;
mod error;
mod fetch;
mod har;
mod listing;
mod note;

use std::fmt;

pub use crate::message::ConsoleError;
pub use crate::message::MAX_CONSOLE_ERROR_BYTES;
pub use command_line::{arguments, command_line, printed};
pub use console::{Explanation, explain};
pub use copied::read_copied_request;
pub use error::{FetchPart, InputError};
pub use har::{HarCall, MAX_ANSWER_HEADER_BYTES, MAX_HAR_BYTES, MAX_HAR_ENTRIES, read_har};
pub use listing::{HarResult, HarRow, judge_live, judge_offline};
pub use note::{Missing, Note, Open};

use crate::browser::Browser;
use crate::request::CorsRequest;
use crate::safelist::is_forbidden_header;
use crate::secrets::{DebugHeaders, HIDDEN};

/// Reads a console error pasted from Chromium, Firefox (English, or another language where
/// its structure tells the reason) or Safari; `None` when it is none of theirs.
///
/// ```
/// use cors_check_core::CorsErrorKind;
/// use cors_check_core::input::read_console_error;
///
/// let error = read_console_error(
///     "Access to fetch at 'https://api.example/data' from origin 'https://app.example' has \
///      been blocked by CORS policy: Method PUT is not allowed by Access-Control-Allow-Methods \
///      in preflight response.",
/// )
/// .unwrap();
/// assert_eq!(error.kinds, [CorsErrorKind::MethodDisallowedByPreflightResponse]);
/// assert_eq!(error.value.as_deref(), Some("PUT"));
/// assert_eq!(error.origin.as_deref(), Some("https://app.example"));
/// ```
pub fn read_console_error(text: &str) -> Option<ConsoleError> {
    crate::message::read_console_error(text)
}

/// A call read back from what DevTools showed: what the text said, and what it left open (its
/// `Debug` hides the cookie and the values of credential headers).
#[derive(Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Recovered {
    /// The URL the page called.
    pub url: Option<String>,
    /// The page's origin.
    pub origin: Option<String>,
    /// The method, when the text says it.
    pub method: Option<String>,
    /// The headers the page set, as far as the text tells them from the browser's own.
    pub headers: Vec<(String, String)>,
    /// Whether the call included credentials, when the text tells.
    pub credentials: Option<bool>,
    /// The cookies the browser sent with it (a copied request's or a HAR entry's `Cookie`),
    /// sent again with the call so that the server answers the user's session.
    pub cookie: Option<String>,
    /// The engine whose text it was.
    pub browser: Browser,
    /// What the text left open or was guessed.
    pub notes: Vec<Note>,
}

impl fmt::Debug for Recovered {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("Recovered")
            .field("url", &self.url)
            .field("origin", &self.origin)
            .field("method", &self.method)
            .field("headers", &DebugHeaders(&self.headers))
            .field("credentials", &self.credentials)
            .field("cookie", &self.cookie.as_ref().map(|_| HIDDEN))
            .field("browser", &self.browser)
            .field("notes", &self.notes)
            .finish()
    }
}

impl Recovered {
    /// The call to check, once the URL and the origin are known (a method the text did not
    /// give is `GET`, unknown credentials are left out).
    pub fn request(&self) -> Option<CorsRequest> {
        let mut request = CorsRequest::new(self.url.clone()?, self.origin.clone()?)
            .with_method(self.method.clone().unwrap_or_else(|| "GET".to_owned()))
            .with_browser(self.browser);
        for (name, value) in &self.headers {
            request = request.with_header(name, value);
        }
        if let Some(cookie) = &self.cookie {
            request = request.with_cookie(cookie);
        }
        Some(if self.credentials == Some(true) { request.with_credentials() } else { request })
    }

    /// What is still needed before the call can be checked.
    pub fn missing(&self) -> Vec<Missing> {
        let mut missing = Vec::new();
        if self.url.is_none() {
            missing.push(Missing::Url);
        }
        if self.origin.is_none() {
            missing.push(Missing::Origin);
        }
        missing
    }
}

/// Headers a browser adds on its own, which a copied request or a HAR entry records beside
/// the page's: the forbidden ones (`Cookie`, `Origin`, `Referer`, `Sec-*`, ...), those a
/// script rarely sets but the browser always does, and the `no-cache` pair DevTools adds while
/// "Disable cache" is on.
fn is_browser_header(name: &str, value: &str) -> bool {
    let name = name.to_ascii_lowercase();
    is_forbidden_header(&name, value)
        || ["user-agent", "priority", "dnt"].contains(&name.as_str())
        || (["pragma", "cache-control"].contains(&name.as_str()) && value == "no-cache")
}

/// The page's headers among recorded ones, and a note naming those left out.
fn page_headers(recorded: &[(String, String)], notes: &mut Vec<Note>) -> Vec<(String, String)> {
    let (browser, page): (Vec<_>, Vec<_>) =
        recorded.iter().cloned().partition(|(name, value)| is_browser_header(name, value));
    // Cookies are not headers of the page's: a note of their own says what becomes of them.
    let names: Vec<String> = browser
        .into_iter()
        .map(|(name, _)| name)
        .filter(|name| !name.eq_ignore_ascii_case("cookie"))
        .collect();
    if !names.is_empty() {
        notes.push(Note::BrowserHeadersLeftOut { names });
    }
    page
}

#[cfg(test)]
mod tests;
