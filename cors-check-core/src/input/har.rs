//! A HAR file exported from the Network tab (Chromium's "Export HAR", Firefox's "Save All As
//! HAR"): its cross-origin calls, each read back into the page's call with the answers
//! recorded for it, to send again or to judge offline ([`super::listing`] ranks them).
//!
//! A call is an entry that carries `Origin` (browsers send it on every CORS request, never on
//! an image or a navigation) for another origin than its URL's, or one Chromium marks as
//! `fetch` or `xhr` on another origin than the page's (or, without a page, the referrer's). Its
//! preflight is the `OPTIONS` entry before it for the same URL and method. The page's headers
//! are the safelisted ones and those the preflight names; without a preflight, every header
//! but the browser's own. A call that sent cookies includes credentials, and sends them again
//! when it is replayed.
//!
//! The file is read once, in order, into typed records (what cors-check does not use is
//! skipped without being built), so the work and the memory grow with the file's size only:
//! each preflight is indexed by URL and method as it is read, and its requested headers are
//! read once, within the caps a server reads them with.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use cors_rules::fetch::{
    MAX_REQUEST_HEADER_LINES, MAX_REQUEST_HEADER_NAMES, MAX_REQUEST_HEADERS_BYTES,
    list_elements_str,
};

use super::{InputError, Note, page_headers};
use crate::request::CorsRequest;
use crate::response::Response;
use crate::safelist::{Safelisting, safelisting};
use crate::url::origin_of;

mod model;

/// The largest HAR file read: a session's worth of API calls, not of videos.
pub const MAX_HAR_BYTES: usize = 64 * 1024 * 1024;
/// The most entries read from one file.
pub const MAX_HAR_ENTRIES: usize = 10_000;
/// The most bytes of header names and values a recorded answer may hold: Chromium fails a
/// response whose head is longer (`ERR_RESPONSE_HEADERS_TOO_BIG`, `kMaxHeaderBufSize` in
/// `net/http/http_stream_parser.h`), so no browser records more. Every call judged against a
/// preflight reads that preflight's answer, so this bounds the work per call.
pub const MAX_ANSWER_HEADER_BYTES: usize = 256 * 1024;

/// One cross-origin call found in a HAR file.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct HarCall {
    /// The entry's index in `log.entries`, from 0.
    pub entry: usize,
    /// The call as the page made it.
    pub request: CorsRequest,
    /// The recorded answer to its preflight, when the file holds the preflight; shared by
    /// every call that preflight was for.
    pub preflight: Option<Arc<Response>>,
    /// The recorded answer to the call; `None` when none came (status 0: blocked before it,
    /// or the connection failed).
    pub actual: Option<Response>,
    /// What was guessed in reading it back.
    pub notes: Vec<Note>,
}

/// The cross-origin calls of a HAR file, in the file's order.
///
/// # Errors
///
/// A file over [`MAX_HAR_BYTES`], with more than [`MAX_HAR_ENTRIES`] entries or an answer of
/// more than [`MAX_ANSWER_HEADER_BYTES`] of headers, text that is not JSON, or JSON without
/// `log.entries`, each with what to do.
pub fn read_har(text: &str) -> Result<Vec<HarCall>, InputError> {
    if text.len() > MAX_HAR_BYTES {
        return Err(InputError::HarTooLarge { bytes: text.len() });
    }
    let log = model::read(text)?;
    let page_origin = log.page_title.as_deref().and_then(origin_of);
    // The latest preflight read for each URL and method (upper-case), so that each call finds
    // the one before it at once.
    let mut preflights: HashMap<String, HashMap<String, Preflight>> = HashMap::new();
    let mut calls = Vec::new();
    for (index, entry) in log.entries.into_iter().enumerate() {
        let mut recorded = Recorded::read(index, entry)?;
        match recorded.preflight_for.take() {
            Some(method) => {
                let preflight = Preflight::read(&recorded.headers, recorded.response.take());
                preflights.entry(recorded.url).or_default().insert(method, preflight);
            }
            None => {
                let preflight = preflights
                    .get(&recorded.url)
                    .and_then(|methods| methods.get(&recorded.method.to_ascii_uppercase()));
                calls.extend(call(index, recorded, preflight, page_origin.as_deref()));
            }
        }
    }
    Ok(calls)
}

/// The parts of an entry cors-check reads.
struct Recorded {
    method: String,
    url: String,
    headers: Vec<(String, String)>,
    /// The `Cookie` sent: the header, or the `cookies` list.
    cookie: Option<String>,
    resource_type: Option<String>,
    response: Option<Response>,
    /// For a preflight (`OPTIONS` with `Access-Control-Request-Method`), the method it asked
    /// for, upper-case.
    preflight_for: Option<String>,
}

impl Recorded {
    fn read(index: usize, entry: model::Entry) -> Result<Self, InputError> {
        let request = entry.request.unwrap_or_default();
        let (Some(method), Some(url)) = (request.method, request.url) else {
            return Err(InputError::HarEntryWithoutRequest { index });
        };
        let answer = entry.response.unwrap_or_default();
        let answer_headers = headers(answer.headers.unwrap_or_default());
        let bytes: usize =
            answer_headers.iter().map(|(name, value)| name.len() + value.len()).sum();
        if bytes > MAX_ANSWER_HEADER_BYTES {
            return Err(InputError::HarAnswerTooLarge { index, bytes });
        }
        let status = answer.status.and_then(|status| u16::try_from(status).ok());
        let response = status.filter(|status| *status > 0).map(|status| {
            answer_headers.into_iter().fold(Response::new(status), |response, (name, value)| {
                response.with_header(name, value)
            })
        });
        let headers = headers(request.headers.unwrap_or_default());
        let listed: Vec<String> = request
            .cookies
            .unwrap_or_default()
            .into_iter()
            .map(|cookie| format!("{}={}", cookie.name, cookie.value))
            .collect();
        let cookie = header(&headers, "cookie")
            .map(str::to_owned)
            .or_else(|| (!listed.is_empty()).then(|| listed.join("; ")));
        let preflight_for = method
            .eq_ignore_ascii_case("OPTIONS")
            .then(|| header(&headers, "access-control-request-method"))
            .flatten()
            .map(str::to_ascii_uppercase);
        Ok(Self {
            method,
            url,
            headers,
            cookie,
            resource_type: entry.resource_type,
            response,
            preflight_for,
        })
    }

    fn header(&self, name: &str) -> Option<&str> {
        header(&self.headers, name)
    }
}

/// The first line named `name`, in any case.
fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(candidate, _)| candidate.eq_ignore_ascii_case(name))
        .map(|(_, value)| value.as_str())
}

/// What the calls after a preflight need of it.
struct Preflight {
    /// The header names it asked for, lower-case.
    asked: HashSet<String>,
    /// Whether it asked for more than a browser does (past the caps a server reads): the
    /// names past them are not read.
    past_caps: bool,
    response: Option<Arc<Response>>,
}

impl Preflight {
    fn read(headers: &[(String, String)], response: Option<Response>) -> Self {
        let lines = headers
            .iter()
            .filter(|(name, _)| name.eq_ignore_ascii_case("access-control-request-headers"))
            .map(|(_, value)| value.as_str());
        let (mut asked, mut past_caps, mut bytes) = (HashSet::new(), false, 0);
        'lines: for (count, line) in lines.enumerate() {
            bytes += line.len();
            if count >= MAX_REQUEST_HEADER_LINES || bytes > MAX_REQUEST_HEADERS_BYTES {
                past_caps = true;
                break;
            }
            for name in list_elements_str(line) {
                if asked.len() == MAX_REQUEST_HEADER_NAMES {
                    past_caps = true;
                    break 'lines;
                }
                asked.insert(name.to_ascii_lowercase());
            }
        }
        Self { asked, past_caps, response: response.map(Arc::new) }
    }
}

/// `[{name, value}]`, HTTP/2's pseudo-headers (`:authority`, ...) left out.
fn headers(list: Vec<model::NameValue>) -> Vec<(String, String)> {
    list.into_iter()
        .filter(|header| !header.name.starts_with(':'))
        .map(|header| (header.name, header.value))
        .collect()
}

/// The entry at `index` as a cross-origin call, or `None` when it is none.
fn call(
    index: usize,
    recorded: Recorded,
    preflight: Option<&Preflight>,
    page: Option<&str>,
) -> Option<HarCall> {
    let target = origin_of(&recorded.url)?;
    let scripted = matches!(recorded.resource_type.as_deref(), Some("fetch" | "xhr"));
    // A script's call without `Origin` (a GET Firefox recorded before sending it) is the
    // page's, or the referrer's.
    let referrer = || recorded.header("referer").and_then(origin_of);
    let origin = match recorded.header("origin") {
        Some(origin) => origin.to_owned(),
        None if scripted => page.map(str::to_owned).or_else(referrer)?,
        None => return None,
    };
    if origin == target {
        return None;
    }
    let mut notes = Vec::new();
    let headers = match preflight {
        Some(preflight) => {
            if preflight.past_caps {
                notes.push(Note::PreflightPastCaps);
            }
            recorded
                .headers
                .iter()
                .filter(|(name, value)| {
                    preflight.asked.contains(&name.to_ascii_lowercase())
                        || safelisting(name, value) == Safelisting::Safelisted
                })
                .cloned()
                .collect()
        }
        None => page_headers(&recorded.headers, &mut notes),
    };
    let request = headers.into_iter().fold(
        CorsRequest::new(&recorded.url, origin).with_method(&recorded.method),
        |request, (name, value)| request.with_header(name, value),
    );
    let request = match &recorded.cookie {
        // Sent again, so that the server answers the session the call was made in.
        Some(cookie) => request.with_credentials().with_cookie(cookie),
        None => {
            notes.push(Note::NoCookieRecorded);
            request
        }
    };
    Some(HarCall {
        entry: index,
        request,
        preflight: preflight.and_then(|preflight| preflight.response.clone()),
        actual: recorded.response,
        notes,
    })
}

#[cfg(test)]
mod tests;
