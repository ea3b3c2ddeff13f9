//! One request copied from DevTools' Network tab, "Copy as cURL" ([`super::curl`]) or "Copy
//! as fetch" ([`super::fetch`]), read back into the page's call: the browser's own headers set
//! apart, the origin from `Origin` or the referrer, credentials from the cookies or the
//! `credentials` member.

use super::{InputError, Note, Recovered, page_headers};
use crate::browser::Browser;
use crate::url::origin_of;

/// What a copy holds, before it is read as a page's call (no `Debug`: it holds the cookie).
#[derive(Default)]
pub(super) struct Copy {
    pub url: String,
    pub method: Option<String>,
    pub headers: Vec<(String, String)>,
    /// Whether a body was given (curl's `--data*` make the method `POST`).
    pub body: bool,
    /// Whether HTTP authentication was given (curl's `-u`).
    pub sends_credentials: bool,
    /// curl's `-b` (Chromium copies the cookies so).
    pub cookie: Option<String>,
    /// fetch()'s `referrer` member.
    pub referrer: Option<String>,
    /// fetch()'s `credentials` member.
    pub credentials_mode: Option<String>,
}

/// Reads a request copied with "Copy as cURL" (Chromium's and Firefox's bash form) or "Copy as
/// fetch" (Chromium's and Firefox's, browser or Node.js).
///
/// ```
/// use cors_check_core::input::read_copied_request;
///
/// let call = read_copied_request(
///     "curl 'https://api.example/items' -X 'PUT' -H 'origin: https://app.example' \
///      -H 'content-type: application/json' --data-raw '{}'",
/// )?;
/// let request = call.request().unwrap();
/// assert_eq!((request.method(), request.origin()), ("PUT", "https://app.example"));
/// assert_eq!(request.headers(), [("content-type".to_owned(), "application/json".to_owned())]);
/// # Ok::<(), cors_check_core::input::InputError>(())
/// ```
pub fn read_copied_request(text: &str) -> Result<Recovered, InputError> {
    let trimmed = text.trim_start();
    let copy = if trimmed.starts_with("curl") {
        super::curl::parse(trimmed)?
    } else if text.contains("fetch(") {
        super::fetch::parse(text)?
    } else {
        return Err(InputError::NotACopiedRequest);
    };
    Ok(recover(copy))
}

fn recover(copy: Copy) -> Recovered {
    let mut notes = Vec::new();
    let header = |name: &str| {
        copy.headers
            .iter()
            .find(|(candidate, _)| candidate.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.clone())
    };
    let cookie = copy.cookie.clone().or_else(|| header("cookie"));
    let origin = header("origin").or_else(|| {
        let referrer = copy.referrer.clone().or_else(|| header("referer"))?;
        let origin = origin_of(&referrer)?;
        notes.push(Note::OriginFromReferrer { origin: origin.clone(), referrer });
        Some(origin)
    });
    let credentials = match copy.credentials_mode.as_deref() {
        Some("include") => Some(true),
        Some(_) => Some(false),
        None if cookie.is_some() || copy.sends_credentials => Some(true),
        None => {
            notes.push(Note::NoCookieInCopy);
            Some(false)
        }
    };
    let method = copy.method.clone().or_else(|| copy.body.then(|| "POST".to_owned()));
    let headers = page_headers(&copy.headers, &mut notes);
    let browser = Browser::Chromium;
    if cookie.is_some() {
        notes.push(Note::CookiesSentAgain);
    }
    Recovered { url: Some(copy.url), origin, method, headers, credentials, cookie, browser, notes }
}
