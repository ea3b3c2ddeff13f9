//! Each [`Warning`]'s explanation and what to do.

use std::fmt;

use crate::browser::Browser;
use crate::url::AddressSpace;
use crate::vocabulary::Warning;

impl fmt::Display for Warning {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::ReflectsAnyOrigin { granted, with_credentials } => {
                let consequence = if *with_credentials {
                    "together with `Access-Control-Allow-Credentials: true`, any website can read \
                     this endpoint with the visitor's cookies"
                } else {
                    "the origin check grants every site"
                };
                write!(
                    formatter,
                    "the server also granted the unrelated origin {granted}: it echoes Origin \
                     without checking it; {consequence}. List the allowed origins instead"
                )
            }
            Self::MissingVaryOrigin => formatter.write_str(
                "the response names the origin in Access-Control-Allow-Origin but lacks \
                 `Vary: Origin`, so a shared cache may serve it to another origin; append \
                 `Vary: Origin` (#[cors] does)",
            ),
            Self::MaxAgeAboveCap { judge, seconds } => {
                let engine = judge.engine();
                let (cap, source) = engine.max_age_cap;
                let caps: Vec<String> = Browser::ALL
                    .iter()
                    .map(|other| format!("{} {} s", other.name(), other.engine().max_age_cap.0))
                    .collect();
                write!(
                    formatter,
                    "Access-Control-Max-Age: {seconds} is above what {} keeps ({cap} s, \
                     {source}), so it preflights again after {cap} s; send at most {cap} \
                     (`max_age = {cap}`) if that is what you mean (browsers keep {})",
                    engine.name,
                    caps.join(", ")
                )
            }
            Self::MaxAgeInvalid { judge, value } => {
                let engine = judge.engine();
                let kept = match engine.unparsable_max_age {
                    Some(seconds) => format!("keeps the preflight for {seconds} s only"),
                    None => "does not keep the preflight at all".to_owned(),
                };
                write!(
                    formatter,
                    "Access-Control-Max-Age: '{value}' is not a number of seconds, so {} {kept}",
                    engine.name
                )
            }
            Self::WildcardWithCredentials => formatter.write_str(
                "`Access-Control-Allow-Origin: *` with `Access-Control-Allow-Credentials: true` \
                 grants nothing more: the same call with credentials is blocked; send the exact \
                 origin if credentials are meant to work",
            ),
            Self::NullOriginAllowed => formatter.write_str(
                "the server grants the `null` origin, which every sandboxed iframe and data: \
                 document has, so any site can obtain it",
            ),
            Self::MethodNotUpperCase { method } => write!(
                formatter,
                "fetch() sends '{method}' exactly as written and methods are case-sensitive; \
                 servers and #[cors] list methods in upper case"
            ),
            Self::RedirectNotFollowed { location, origin } => write!(
                formatter,
                "the response redirects to {location}; the browser follows it and checks that \
                 response too, which cors-check did not fetch, so there is no verdict: call \
                 {location} from the page's origin by hand (cors-check {location} --origin \
                 {origin})"
            ),
            Self::AuthorizationCoveredByWildcard { judge } => {
                let engine = judge.engine();
                write!(
                    formatter,
                    "only `*` in Access-Control-Allow-Headers lets Authorization through: {} \
                     accepts that today ({}), but the Fetch standard says `*` never covers \
                     Authorization and future versions may refuse it; list Authorization by name \
                     (add \"Authorization\" to `headers`)",
                    engine.name, engine.authorization_by_wildcard
                )
            }
            Self::SessionMayBeMissing { status } => write!(
                formatter,
                "the answer is {status}, the usual answer to a request without a session, and \
                 cors-check sent no cookie where the browser sends the user's: give them with \
                 --cookie 'name=value' to judge the answer the logged-in user gets"
            ),
            Self::CookieWithoutCredentials => formatter.write_str(
                "the browser sends no cookie on a cross-origin call without credentials: \
                 'include', so the page gets the answer to a call without --cookie; add \
                 --credentials if the page sends credentials",
            ),
            Self::ThirdPartyCookie { judge } => write!(
                formatter,
                "CORS lets the credentialed call through, but the page and the API are on \
                 different sites, so their cookies are third-party cookies: {}. The session then \
                 seems missing although CORS passes; serve the API on the page's site (a \
                 subdomain of the same registrable domain), or use a token instead of a cookie. \
                 A cookie sent cross-site also needs `SameSite=None; Secure`.",
                third_party_cookies(*judge)
            ),
            Self::HeaderDropped { browser, name } => {
                let engine = browser.engine();
                write!(
                    formatter,
                    "{} drops the {name} header a script sets, without an error ({}): it is not \
                     sent, and needs no preflight; Firefox and Safari send it, and preflight the \
                     call for it",
                    engine.name, engine.dropped_request_headers.1
                )
            }
            Self::LocalNetworkAccess { page, target, secure_page, judge } => {
                let page = match page {
                    Some(space) => format!("a `{}` page", space.as_str()),
                    None => "a page taken as `public` (a host name)".to_owned(),
                };
                let engine = match judge {
                    Browser::Chromium => chromium_local_network_access(*target, *secure_page),
                    Browser::Firefox => {
                        "Firefox is rolling out a prompt of its own (policy `LocalNetworkAccess`)"
                            .to_owned()
                    }
                    Browser::Safari => "Safari does not ask yet; Chrome 142+ does".to_owned(),
                };
                write!(
                    formatter,
                    "{page} calls the more private `{}` address space: {engine}. No server header \
                     grants it",
                    target.as_str()
                )
            }
        }
    }
}

/// What `browser` does with the cookies of a call from one site to another.
fn third_party_cookies(browser: Browser) -> &'static str {
    match browser {
        Browser::Chromium => {
            "Chromium browsers send them unless the user blocks third-party cookies \
             (Incognito, Chrome's tracking protections, enterprise policy)"
        }
        Browser::Firefox => {
            "Firefox's Total Cookie Protection keeps a separate cookie jar per top-level site, \
             so the cookie the user got on the API's own site is not sent"
        }
        Browser::Safari => "Safari blocks every third-party cookie by default (ITP)",
    }
}

/// What Chrome 142+ does with a call from a less private space into `target`.
fn chromium_local_network_access(target: AddressSpace, secure_page: bool) -> String {
    let denied = format!(
        "refused: `Permission was denied for this request to access the `{}` address space.`",
        target.as_str()
    );
    match secure_page {
        true => format!(
            "Chrome 142+ asks the user's permission first ({denied}); the user, an enterprise \
             policy (`LocalNetworkAccessAllowedForUrls`) or a page in the same space does"
        ),
        false => format!(
            "Chrome 142+ gives the permission to https: pages only, so it refuses this one \
             (unless in the \"Local Network Access from Non-Secure Contexts\" trial; {denied})"
        ),
    }
}
