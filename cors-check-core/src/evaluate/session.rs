//! What the user's session does to the call: the answer judged may be the logged-out one (no
//! cookie given), a cookie the browser would not send (no credentials), and the engines'
//! third-party cookie rules, which can drop the cookie given for a cross-site call that CORS
//! lets through.

use super::Responses;
use crate::browser::Browser;
use crate::plan::Plan;
use crate::url::site_of;
use crate::vocabulary::{Warning, WarningKind};

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
    let mut warn = |kind, message: String| warnings.push(Warning { kind, message });
    let refused_or_redirected = chain.iter().find_map(|(_, responses)| {
        let status = responses.actual.as_ref()?.status;
        (matches!(status, 401 | 403) || (300..400).contains(&status)).then_some(status)
    });
    // The browser sends the user's cookies with credentials, and to its own origin.
    let sends_cookies = request.credentials || !first.cors_applies();
    if let (Some(status), None, true) = (refused_or_redirected, &request.cookie, sends_cookies) {
        warn(
            WarningKind::SessionMayBeMissing,
            format!(
                "the answer is {status}, the usual answer to a request without a session, and \
                 cors-check sent no cookie where the browser sends the user's: give them with \
                 --cookie 'name=value' to judge the answer the logged-in user gets"
            ),
        );
    }
    if request.cookie.is_some() && first.cors_applies() && !request.credentials {
        warn(
            WarningKind::CookieWithoutCredentials,
            "the browser sends no cookie on a cross-origin call without credentials: 'include', \
             so the page gets the answer to a call without --cookie; add --credentials if the \
             page sends credentials"
                .to_owned(),
        );
    }
    let page_site = site_of(&request.origin);
    let cross_site = page_site.is_some() && site_of(&request.url) != page_site;
    if allowed && cross_site && request.credentials && request.cookie.is_some() {
        warn(WarningKind::ThirdPartyCookie, third_party_cookie(judge));
    }
    warnings
}

/// What `browser` does with the cookies of a call from one site to another.
fn third_party_cookie(browser: Browser) -> String {
    let engine = match browser {
        Browser::Chromium => {
            "Chromium browsers send them unless the user blocks third-party cookies \
             (Incognito, Chrome's tracking protections, enterprise policy)"
        }
        Browser::Firefox => {
            "Firefox's Total Cookie Protection keeps a separate cookie jar per top-level site, \
             so the cookie the user got on the API's own site is not sent"
        }
        Browser::Safari => "Safari blocks every third-party cookie by default (ITP)",
    };
    format!(
        "CORS lets the credentialed call through, but the page and the API are on different \
         sites, so their cookies are third-party cookies: {engine}. The session then seems \
         missing although CORS passes; serve the API on the page's site (a subdomain of the \
         same registrable domain), or use a token instead of a cookie. A cookie sent \
         cross-site also needs `SameSite=None; Secure`."
    )
}
