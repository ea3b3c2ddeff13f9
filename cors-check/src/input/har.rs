//! A HAR file exported from the Network tab (Chromium's "Export HAR", Firefox's "Save All As
//! HAR"): its cross-origin calls, each read back into the page's call with the answers
//! recorded for it, to send again or to judge offline ([`super::listing`] ranks them).
//!
//! A call is an entry that carries `Origin` (browsers send it on every CORS request, never on
//! an image or a navigation) for another origin than its URL's, or one Chromium marks as
//! `fetch` or `xhr` on another origin than the page's (or, without a page, the referrer's). Its preflight is the `OPTIONS` entry
//! before it for the same URL and method. The page's headers are the safelisted ones and those
//! the preflight names; without a preflight, every header but the browser's own. A call that
//! sent cookies includes credentials, and sends them again when it is replayed.

use serde_json::Value;

use super::{InputError, page_headers};
use crate::request::CorsRequest;
use crate::response::Response;
use crate::safelist::{Safelisting, safelisting};
use crate::url::origin_of;

/// The largest HAR file read: a session's worth of API calls, not of videos.
pub const MAX_HAR_BYTES: usize = 64 * 1024 * 1024;
/// The most entries read from one file.
pub const MAX_HAR_ENTRIES: usize = 10_000;

/// One cross-origin call found in a HAR file.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct HarCall {
    /// The entry's index in `log.entries`, from 0.
    pub entry: usize,
    /// The call as the page made it.
    pub request: CorsRequest,
    /// The recorded answer to its preflight, when the file holds the preflight.
    pub preflight: Option<Response>,
    /// The recorded answer to the call; `None` when none came (status 0: blocked before it,
    /// or the connection failed).
    pub actual: Option<Response>,
    /// What was guessed in reading it back.
    pub notes: Vec<String>,
}

/// The cross-origin calls of a HAR file, in the file's order.
///
/// # Errors
///
/// A file over [`MAX_HAR_BYTES`] or with more than [`MAX_HAR_ENTRIES`] entries, text that is
/// not JSON, or JSON without `log.entries`, each with what to do.
pub fn read_har(text: &str) -> Result<Vec<HarCall>, InputError> {
    if text.len() > MAX_HAR_BYTES {
        return Err(InputError(format!(
            "the HAR file has {} bytes, over the {MAX_HAR_BYTES} read: export only the calls \
             that matter (filter the Network tab, e.g. by Fetch/XHR, before exporting)",
            text.len()
        )));
    }
    let har: Value = serde_json::from_str(text)
        .map_err(|error| InputError(format!("not a HAR file: the JSON is invalid ({error})")))?;
    let entries = har["log"]["entries"].as_array().ok_or_else(|| {
        InputError("not a HAR file: no log.entries list (export it from the Network tab)".into())
    })?;
    if entries.len() > MAX_HAR_ENTRIES {
        return Err(InputError(format!(
            "the HAR file has {} entries, over the {MAX_HAR_ENTRIES} read: export fewer",
            entries.len()
        )));
    }
    let page_origin = har["log"]["pages"][0]["title"].as_str().and_then(origin_of);
    let recorded = entries
        .iter()
        .enumerate()
        .map(|(index, entry)| {
            Recorded::read(entry).ok_or_else(|| {
                InputError(format!("HAR entry {index} has no request method and URL"))
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok((0..recorded.len())
        .filter(|index| !recorded[*index].is_preflight())
        .filter_map(|index| call(index, &recorded, page_origin.as_deref()))
        .collect())
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
}

impl Recorded {
    fn read(entry: &Value) -> Option<Self> {
        let request = &entry["request"];
        let status = entry["response"]["status"].as_u64().unwrap_or(0);
        let response = u16::try_from(status).ok().filter(|status| *status > 0).map(|status| {
            headers(&entry["response"]["headers"])
                .into_iter()
                .fold(Response::new(status), |response, (name, value)| {
                    response.with_header(name, value)
                })
        });
        let headers = headers(&request["headers"]);
        let listed: Vec<String> = request["cookies"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|cookie| {
                Some(format!("{}={}", cookie["name"].as_str()?, cookie["value"].as_str()?))
            })
            .collect();
        let cookie = headers
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case("cookie"))
            .map(|(_, value)| value.clone())
            .or_else(|| (!listed.is_empty()).then(|| listed.join("; ")));
        Some(Self {
            method: request["method"].as_str()?.to_owned(),
            url: request["url"].as_str()?.to_owned(),
            headers,
            cookie,
            resource_type: entry["_resourceType"].as_str().map(str::to_owned),
            response,
        })
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(candidate, _)| candidate.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    fn is_preflight(&self) -> bool {
        self.method.eq_ignore_ascii_case("OPTIONS")
            && self.header("access-control-request-method").is_some()
    }
}

/// `[{name, value}]`, HTTP/2's pseudo-headers (`:authority`, ...) left out.
fn headers(list: &Value) -> Vec<(String, String)> {
    list.as_array()
        .into_iter()
        .flatten()
        .filter_map(|header| Some((header["name"].as_str()?, header["value"].as_str()?)))
        .filter(|(name, _)| !name.starts_with(':'))
        .map(|(name, value)| (name.to_owned(), value.to_owned()))
        .collect()
}

/// The entry at `index` as a cross-origin call, or `None` when it is none.
fn call(index: usize, entries: &[Recorded], page: Option<&str>) -> Option<HarCall> {
    let recorded = &entries[index];
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
    let preflight = entries[..index].iter().rev().find(|earlier| {
        earlier.is_preflight()
            && earlier.url == recorded.url
            && earlier
                .header("access-control-request-method")
                .is_some_and(|method| method.eq_ignore_ascii_case(&recorded.method))
    });
    let mut notes = Vec::new();
    let headers = match preflight
        .as_ref()
        .map(|preflight| preflight.header("access-control-request-headers"))
    {
        Some(requested) => {
            let named: Vec<String> = requested
                .unwrap_or_default()
                .split(',')
                .map(|name| name.trim().to_ascii_lowercase())
                .collect();
            recorded
                .headers
                .iter()
                .filter(|(name, value)| {
                    named.contains(&name.to_ascii_lowercase())
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
            notes.push("no cookie recorded: judged without credentials".to_owned());
            request
        }
    };
    Some(HarCall {
        entry: index,
        request,
        preflight: preflight.and_then(|preflight| preflight.response.clone()),
        actual: recorded.response.clone(),
        notes,
    })
}
