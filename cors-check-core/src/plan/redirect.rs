//! The next request after a redirect, as Fetch's "HTTP-redirect fetch" builds it: the URL
//! resolved from `Location`, the method rewritten for 301/302 `POST` and 303, `Authorization`
//! dropped on a cross-origin hop, the origin tainted to `null` once the chain goes from one foreign
//! origin to another, and the refusals: more than 20 redirects, or a `Location` with a user name
//! or password on a cross-origin call.

use std::collections::BTreeSet;

use super::{Hop, Plan, PreflightReason};
use crate::request::CorsRequest;
use crate::response::Response;
use crate::url::{HttpUrl, origin_of, resolve, same_origin};

/// Fetch's limit: the 21st redirect is a network error.
pub(crate) const MAX_REDIRECTS: usize = 20;

/// The request-body headers dropped when a redirect turns the method into `GET`.
const REQUEST_BODY_HEADERS: [&str; 4] =
    ["content-encoding", "content-language", "content-location", "content-type"];

/// Why the browser does not follow a redirect.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum RedirectRefusal {
    /// The browser refuses it: more than [`MAX_REDIRECTS`] redirects.
    TooMany,
    /// The browser refuses it: the location has a user name or password (the URL).
    Credentials(String),
    /// The browser's answer is not known here: the location is not an `http(s)` URL, or an
    /// in-process check (whose URLs are paths) is sent to another host (the location).
    NotFollowed(String),
}

impl Plan {
    /// The plan of the request the browser sends after `response` (a redirect it follows).
    pub(crate) fn follow(&self, response: &Response) -> Result<Plan, RedirectRefusal> {
        let location = response.redirect_location().unwrap_or_default();
        if self.hop.redirects >= MAX_REDIRECTS {
            return Err(RedirectRefusal::TooMany);
        }
        let current = &self.request.url;
        let next = resolve(current, &location)
            .ok_or_else(|| RedirectRefusal::NotFollowed(location.clone()))?;
        let page = self.request.origin.as_str();
        let leaves_page = origin_of(&next).as_deref() != Some(page);
        let has_credentials = HttpUrl::parse(&next).is_some_and(|url| url.has_credentials);
        if has_credentials && (self.hop.cors || leaves_page) {
            return Err(RedirectRefusal::Credentials(next));
        }
        if HttpUrl::parse(current).is_none() && HttpUrl::parse(&next).is_some() {
            return Err(RedirectRefusal::NotFollowed(next));
        }
        let mut request = CorsRequest { url: next.clone(), ..self.request.clone() };
        let method = request.method.as_str();
        let becomes_get = (matches!(response.status, 301 | 302) && method == "POST")
            || (response.status == 303 && !matches!(method, "GET" | "HEAD"));
        if becomes_get {
            request.method = "GET".to_owned();
            request.body = None;
            request.headers.retain(|(name, _)| {
                !REQUEST_BODY_HEADERS.contains(&name.to_ascii_lowercase().as_str())
            });
        }
        let cross_origin_hop = !same_origin(current, &next);
        if cross_origin_hop {
            request.headers.retain(|(name, _)| !name.eq_ignore_ascii_case("authorization"));
            // The cookie given was the called host's; another host's cookies are not known.
            request.cookie = None;
        }
        let current_is_foreign = origin_of(current).as_deref() != Some(page);
        let hop = Hop {
            initial_url: Some(self.hop.initial_url.clone().unwrap_or_else(|| current.clone())),
            redirects: self.hop.redirects + 1,
            cors: self.hop.cors || leaves_page,
            tainted: self.hop.tainted || (cross_origin_hop && current_is_foreign),
        };
        let mut next = Plan::for_hop(request, hop);
        if self.request.browser.engine().preflights_again_after_redirect
            && self.needs_preflight()
            && next.hop.cors
        {
            next.preflight_reasons.push(PreflightReason::PreflightedBeforeRedirect);
            let mut names: BTreeSet<String> = next.unsafe_header_names.drain(..).collect();
            names.extend(self.unsafe_header_names.iter().cloned());
            next.unsafe_header_names = names.into_iter().collect();
        }
        Ok(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::browser::Browser;

    const PAGE: &str = "https://app.example";

    fn plan(url: &str, method: &str) -> Plan {
        Plan::new(
            CorsRequest::new(url, PAGE)
                .with_method(method)
                .with_header("Content-Type", "application/json")
                .with_header("Authorization", "Bearer t"),
        )
        .unwrap()
    }

    fn redirect(status: u16, location: &str) -> Response {
        Response::new(status).with_header("Location", location)
    }

    #[test]
    fn a_hop_from_a_foreign_origin_to_another_taints_the_origin() {
        let first = plan("https://api.example/a", "GET");
        let same = first.follow(&redirect(302, "/b")).unwrap();
        assert_eq!(same.origin_sent(), PAGE);
        assert_eq!(same.request().url, "https://api.example/b");
        let other = same.follow(&redirect(302, "https://sso.example/login")).unwrap();
        assert_eq!(other.origin_sent(), "null");
        assert_eq!(other.hop().initial_url.as_deref(), Some("https://api.example/a"));
        assert_eq!(other.hop().redirects, 2);
        assert!(!other.request().headers.iter().any(|(name, _)| name == "Authorization"));
        // Back on the page's origin, the request stays a tainted CORS request.
        let back = other.follow(&redirect(302, "https://app.example/x")).unwrap();
        assert!(back.cors_applies());
        assert_eq!(back.origin_sent(), "null");
    }

    #[test]
    fn a_same_origin_call_redirected_away_becomes_cors_without_taint() {
        let first = plan("https://app.example/a", "GET");
        assert!(!first.cors_applies());
        let away = first.follow(&redirect(307, "https://api.example/a")).unwrap();
        assert!(away.cors_applies());
        assert_eq!(away.origin_sent(), PAGE);
        assert!(away.needs_preflight());
    }

    #[test]
    fn post_becomes_get_after_301_302_and_303_but_not_307() {
        for (status, method, expected) in
            [(301, "POST", "GET"), (302, "POST", "GET"), (303, "PUT", "GET"), (307, "POST", "POST")]
        {
            let next =
                plan("https://api.example/a", method).follow(&redirect(status, "/b")).unwrap();
            assert_eq!(next.request().method, expected, "{status} {method}");
            let has_content_type =
                next.request().headers.iter().any(|(name, _)| name == "Content-Type");
            assert_eq!(has_content_type, expected != "GET", "{status} {method}");
        }
    }

    #[test]
    fn firefox_and_safari_preflight_a_redirected_call_again_and_chromium_does_not() {
        let json_post = |browser| {
            let call = CorsRequest::new("https://api.example/a", PAGE)
                .with_method("POST")
                .with_header("Content-Type", "application/json")
                .with_browser(browser);
            Plan::new(call).unwrap().follow(&redirect(303, "/b")).unwrap()
        };
        assert!(!json_post(Browser::Chromium).needs_preflight());
        for browser in [Browser::Firefox, Browser::Safari] {
            let next = json_post(browser);
            assert_eq!(next.request().method, "GET");
            assert_eq!(next.preflight_reasons(), [PreflightReason::PreflightedBeforeRedirect]);
            assert_eq!(next.access_control_request_headers().as_deref(), Some("content-type"));
        }
    }

    #[test]
    fn userinfo_and_the_twenty_first_redirect_are_refused() {
        let first = plan("https://api.example/a", "GET");
        assert_eq!(
            first.follow(&redirect(302, "https://user:pw@api.example/b")),
            Err(RedirectRefusal::Credentials("https://user:pw@api.example/b".to_owned()))
        );
        let mut hop = first;
        for _ in 0..MAX_REDIRECTS {
            hop = hop.follow(&redirect(302, "/again")).unwrap();
        }
        assert_eq!(hop.follow(&redirect(302, "/again")), Err(RedirectRefusal::TooMany));
    }

    #[test]
    fn a_path_sent_to_another_host_or_scheme_is_not_followed() {
        let in_process = Plan::new(CorsRequest::new("/a", PAGE)).unwrap();
        assert_eq!(in_process.follow(&redirect(302, "/b")).unwrap().request().url, "/b");
        assert!(matches!(
            in_process.follow(&redirect(302, "https://sso.example/")),
            Err(RedirectRefusal::NotFollowed(_))
        ));
        assert!(matches!(
            plan("https://api.example/a", "GET").follow(&redirect(302, "ftp://x/")),
            Err(RedirectRefusal::NotFollowed(_))
        ));
    }
}
