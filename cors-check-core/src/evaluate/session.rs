//! What the user's session does to the call: the answer judged may be the logged-out one (no
//! cookie given), a cookie the browser would not send (no credentials), and the engines'
//! third-party cookie rules, which can drop the cookie given for a cross-site call that CORS
//! lets through.

use super::Responses;
use crate::browser::Browser;
use crate::plan::Plan;
use crate::url::site_of;
use crate::vocabulary::Warning;

/// The session warnings for a chain of requests, the page's call first, as `judge` sees them;
/// `allowed` when CORS let the call through.
pub(super) fn warnings(
    chain: &[(&Plan, &Responses)],
    allowed: bool,
    judge: Browser,
) -> Vec<Warning> {
    let (first, _) = chain[0];
    let request = first.request();
    let mut warnings = Vec::new();
    let refused_or_redirected = chain.iter().find_map(|(_, responses)| {
        let status = responses.actual.as_ref()?.status;
        (matches!(status, 401 | 403) || (300..400).contains(&status)).then_some(status)
    });
    // The browser sends the user's cookies with credentials, and to its own origin.
    let sends_cookies = request.credentials || !first.cors_applies();
    if let (Some(status), None, true) = (refused_or_redirected, &request.cookie, sends_cookies) {
        warnings.push(Warning::SessionMayBeMissing { status });
    }
    if request.cookie.is_some() && first.cors_applies() && !request.credentials {
        warnings.push(Warning::CookieWithoutCredentials);
    }
    let page_site = site_of(&request.origin);
    let cross_site = page_site.is_some() && site_of(&request.url) != page_site;
    if allowed && cross_site && request.credentials && request.cookie.is_some() {
        warnings.push(Warning::ThirdPartyCookie { judge });
    }
    warnings
}
