//! What the browser adds to every request it sends for a page, and which servers with Fetch
//! Metadata or bot rules read (this project's `reject_unlisted_writes` among them): the
//! `Sec-Fetch-*` headers every current engine sends, and its `User-Agent` unless the script set
//! one the engine keeps.

use super::Plan;
use crate::url::site_of;

impl Plan {
    /// The browser's own headers on a request from `origin` (`null` once tainted): `Sec-Fetch-Dest:
    /// empty`, `Sec-Fetch-Mode: cors` (what `fetch()` sends, the preflight too), `Sec-Fetch-Site`
    /// and the engine's `User-Agent` with `cors-check/<version>` after it.
    pub(crate) fn browser_headers(&self, origin: &str) -> Vec<(String, String)> {
        let mut headers = vec![
            ("Sec-Fetch-Dest".to_owned(), "empty".to_owned()),
            ("Sec-Fetch-Mode".to_owned(), "cors".to_owned()),
            ("Sec-Fetch-Site".to_owned(), self.fetch_site(origin).to_owned()),
        ];
        let script_set_one =
            self.request.headers.iter().any(|(name, _)| name.eq_ignore_ascii_case("user-agent"));
        if !script_set_one {
            let user_agent = self.request.browser.engine().user_agent;
            let version = env!("CARGO_PKG_VERSION");
            headers.push(("User-Agent".to_owned(), format!("{user_agent} cors-check/{version}")));
        }
        headers
    }

    /// `Sec-Fetch-Site` (Fetch Metadata): `same-origin` while CORS does not apply, `same-site`
    /// for another origin of the page's site, otherwise `cross-site` (a tainted origin, a path
    /// in-process whose site is not known, or another site).
    fn fetch_site(&self, origin: &str) -> &'static str {
        if !self.hop.cors && origin == self.request.origin {
            return "same-origin";
        }
        let page_site = site_of(origin);
        match page_site.is_some() && page_site == site_of(&self.request.url) {
            true => "same-site",
            false => "cross-site",
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::browser::Browser;
    use crate::plan::Plan;
    use crate::request::CorsRequest;
    use crate::vocabulary::Exchange;

    fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
        headers.iter().find(|(header, _)| header == name).map(|(_, value)| value.as_str())
    }

    fn site(url: &str, origin: &str) -> String {
        let plan = Plan::new(CorsRequest::new(url, origin).with_method("PUT")).unwrap();
        let sent =
            plan.outgoing(if plan.cors_applies() { Exchange::Preflight } else { Exchange::Actual });
        header(&sent.headers, "Sec-Fetch-Site").unwrap().to_owned()
    }

    #[test]
    fn every_request_says_how_far_it_goes() {
        assert_eq!(site("https://app.example/api", "https://app.example"), "same-origin");
        assert_eq!(site("https://api.app.example/x", "https://app.example"), "same-site");
        assert_eq!(site("https://api.example/x", "https://app.example"), "cross-site");
        assert_eq!(site("/api", "https://app.example"), "cross-site");
    }

    #[test]
    fn the_engines_user_agent_is_sent_unless_the_script_keeps_its_own() {
        let call = CorsRequest::new("https://api.example/x", "https://app.example");
        let chromium = Plan::new(call.clone()).unwrap().outgoing(Exchange::Actual);
        let user_agent = header(&chromium.headers, "User-Agent").unwrap();
        assert!(
            user_agent.contains("Chrome/") && user_agent.contains(" cors-check/"),
            "{user_agent}"
        );
        assert_eq!(header(&chromium.headers, "Sec-Fetch-Mode"), Some("cors"));
        let own = call.with_header("User-Agent", "my-app/1.0").with_browser(Browser::Firefox);
        let firefox = Plan::new(own).unwrap().outgoing(Exchange::Actual);
        let agents: Vec<_> =
            firefox.headers.iter().filter(|(name, _)| name == "User-Agent").collect();
        assert_eq!(agents.len(), 1);
        assert_eq!(agents[0].1, "my-app/1.0");
    }
}
