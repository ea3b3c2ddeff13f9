//! The little of the URL standard a browser's fetch needs here: a URL's origin (to tell a
//! same-origin call from a cross-origin one, and a cross-origin redirect from a same-origin one),
//! userinfo (refused in a CORS redirect), resolving a `Location` against the URL it came from,
//! and which hosts are "potentially trustworthy" (loopback, exempt from mixed-content blocking).
//!
//! In-process checks call paths (`/api/data`); a path has no origin of its own: it is the app's,
//! which is never the page's.

use crate::safelist::is_scheme;

/// An absolute `http(s)` URL cut into the parts fetch looks at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct HttpUrl<'a> {
    /// Lower-case `http` or `https`.
    pub scheme: String,
    /// Whether the authority carries `user[:password]@` (a bare `@` does not count).
    pub has_credentials: bool,
    /// `host[:port]` after any userinfo.
    pub host_and_port: &'a str,
}

impl<'a> HttpUrl<'a> {
    /// `None` for a path, or a URL of another scheme.
    pub(crate) fn parse(url: &'a str) -> Option<Self> {
        let (scheme, rest) = url.split_once("://")?;
        let scheme = scheme.to_ascii_lowercase();
        if !matches!(scheme.as_str(), "http" | "https") {
            return None;
        }
        let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
        let (userinfo, host_and_port) = match authority.rsplit_once('@') {
            Some((userinfo, host)) => (userinfo, host),
            None => ("", authority),
        };
        (!host_and_port.is_empty()).then(|| Self {
            scheme,
            has_credentials: !userinfo.is_empty() && userinfo != ":",
            host_and_port,
        })
    }

    /// The serialized origin (`https://api.example`, default port dropped, host lower-case,
    /// `127.1` read as `127.0.0.1`), as cors-rules serializes the origins of a policy; `None`
    /// when no browser reads the host as one.
    pub(crate) fn origin(&self) -> Option<String> {
        self.canonical().map(|origin| origin.to_string())
    }

    fn canonical(&self) -> Option<cors_rules::Origin> {
        cors_rules::canonical_origin(&format!("{}://{}", self.scheme, self.host_and_port))
    }

    /// The host as written: IPv6 brackets kept, the port left out.
    fn written_host(&self) -> &'a str {
        match self.host_and_port.find(']') {
            Some(close) if self.host_and_port.starts_with('[') => &self.host_and_port[..=close],
            _ => self.host_and_port.rsplit_once(':').map_or(self.host_and_port, |(host, _)| host),
        }
    }

    /// The host as a browser writes it (as written, lower-case, when no browser reads it as a
    /// host), without the port or IPv6 brackets.
    pub(crate) fn host(&self) -> String {
        let host = self
            .canonical()
            .map_or_else(|| self.written_host().to_ascii_lowercase(), |origin| origin.host);
        host.trim_start_matches('[').trim_end_matches(']').to_owned()
    }

    /// Whether the host is loopback, so potentially trustworthy even over `http:` (Secure
    /// Contexts: `127.0.0.0/8`, `::1`, `localhost` and `*.localhost`): cors-rules' rule, which
    /// the attribute applies too, so the tester and the attribute never disagree on a host.
    pub(crate) fn is_loopback(&self) -> bool {
        self.canonical().is_some_and(|origin| origin.is_loopback())
    }
}

/// Where an address is, as Local Network Access sorts them (WICG `local-network-access`): the
/// machine itself, the user's network, or anywhere else.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum AddressSpace {
    /// `127.0.0.0/8`, `::1`, `localhost`.
    Loopback,
    /// RFC 1918, link-local, IPv6 unique-local and link-local addresses.
    Local,
    /// Any other address.
    Public,
}

impl AddressSpace {
    /// The name Chromium's messages use: `loopback`, `local` or `public`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Loopback => "loopback",
            Self::Local => "local",
            Self::Public => "public",
        }
    }

    /// The space of `address`.
    pub(crate) fn of(address: std::net::IpAddr) -> Self {
        use std::net::IpAddr;
        match address {
            IpAddr::V4(v4) if v4.is_loopback() => Self::Loopback,
            IpAddr::V4(v4) if v4.is_private() || v4.is_link_local() => Self::Local,
            IpAddr::V6(v6) if v6.is_loopback() => Self::Loopback,
            // fc00::/7 (unique local) and fe80::/10 (link-local).
            IpAddr::V6(v6) if (v6.segments()[0] & 0xfe00) == 0xfc00 => Self::Local,
            IpAddr::V6(v6) if (v6.segments()[0] & 0xffc0) == 0xfe80 => Self::Local,
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(Self::Public, |v4| Self::of(v4.into())),
            IpAddr::V4(_) => Self::Public,
        }
    }

    /// The space of `url`'s host when it says so itself (an address, or `localhost`), else
    /// `None`: a name's address is known only once resolved.
    pub(crate) fn of_host(url: &str) -> Option<Self> {
        let url = HttpUrl::parse(url)?;
        if url.is_loopback() {
            return Some(Self::Loopback);
        }
        url.host().parse().ok().map(Self::of)
    }
}

/// The origin of `url`, or `None` for a path (the app's own origin, unknown in-process).
pub(crate) fn origin_of(url: &str) -> Option<String> {
    HttpUrl::parse(url)?.origin()
}

/// The site of `url` (scheme and registrable domain, or the host itself when it has none, as
/// an IP address or `localhost`), or `None` for a path.
pub(crate) fn site_of(url: &str) -> Option<String> {
    let url = HttpUrl::parse(url)?;
    let host = url.host();
    let is_address = host.parse::<std::net::IpAddr>().is_ok();
    let domain =
        if is_address { &host } else { cors_rules::registrable_domain(&host).unwrap_or(&host) };
    Some(format!("{}://{domain}", url.scheme))
}

/// `url` with its host as a browser writes it (`http://127.1:8080/api` is
/// `http://127.0.0.1:8080/api`, `https://API.example/` is `https://api.example/`); `None` for a
/// path, or a host no browser reads as one.
pub(crate) fn with_browsers_host(url: &str) -> Option<String> {
    let parsed = HttpUrl::parse(url)?;
    let host = parsed.canonical()?.host;
    // `host_and_port` ends the authority, which `split_base` cuts where `parse` does.
    let (authority, rest) = split_base(url);
    let host_start = authority.len() - parsed.host_and_port.len();
    let port = &authority[host_start + parsed.written_host().len()..];
    Some(format!("{}{host}{port}{rest}", &authority[..host_start]))
}

/// Whether two URLs have the same origin; two paths are on the same app. An absolute URL whose
/// origin cannot be told is same-origin with nothing: were two such URLs the same origin, the
/// cookie and `Authorization` would follow a redirect from one host to any other.
pub(crate) fn same_origin(first: &str, second: &str) -> bool {
    match (origin_of(first), origin_of(second)) {
        (Some(first), Some(second)) => first == second,
        (None, None) => is_path(first) && is_path(second),
        _ => false,
    }
}

/// Whether `url` is a path (`/api/data`, an in-process check's), not an absolute URL.
fn is_path(url: &str) -> bool {
    url.starts_with('/') && !url.starts_with("//")
}

/// `location` resolved against `base` (RFC 3986 §5.2, the forms servers send: an absolute URL,
/// `//host/path`, `/path`, `path` relative to the base's directory, `?query`), without the
/// fragment. `None` when the location is not an `http(s)` URL.
pub(crate) fn resolve(base: &str, location: &str) -> Option<String> {
    let location = location.split('#').next().unwrap_or_default().trim();
    // A host of the location's own is written as the browser's URL parser writes it.
    if location.split_once(':').is_some_and(|(scheme, _)| is_scheme(scheme)) {
        return with_browsers_host(location);
    }
    let (prefix, path_and_query) = split_base(base);
    let base_path = path_and_query.split(['?', '#']).next().unwrap_or_default();
    let resolved = if let Some(rest) = location.strip_prefix("//") {
        let scheme = HttpUrl::parse(base).map_or("http".to_owned(), |url| url.scheme);
        return with_browsers_host(&format!("{scheme}://{rest}"));
    } else if location.starts_with('/') {
        location.to_owned()
    } else if location.starts_with('?') {
        format!("{base_path}{location}")
    } else if location.is_empty() {
        path_and_query.to_owned()
    } else {
        let directory = base_path.rsplit_once('/').map_or("", |(directory, _)| directory);
        format!("{directory}/{location}")
    };
    Some(format!("{prefix}{}", remove_dot_segments(&resolved)))
}

/// `https://host:port` and `/path?query` of an absolute URL, or `""` and the path of a path.
fn split_base(base: &str) -> (&str, &str) {
    match base.split_once("://") {
        Some((scheme, rest)) => {
            let authority_len = rest.find(['/', '?', '#']).unwrap_or(rest.len());
            let at = scheme.len() + 3 + authority_len;
            (&base[..at], &base[at..])
        }
        None => ("", base),
    }
}

/// Removes `.` and `..` segments from a path (the query is kept as is).
fn remove_dot_segments(path_and_query: &str) -> String {
    let (path, query) = match path_and_query.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (path_and_query, None),
    };
    let mut segments: Vec<&str> = Vec::new();
    let parts: Vec<&str> = path.split('/').skip(1).collect();
    for (index, segment) in parts.iter().enumerate() {
        let last = index + 1 == parts.len();
        match *segment {
            "." if last => segments.push(""),
            "." => {}
            ".." => {
                segments.pop();
                if last {
                    segments.push("");
                }
            }
            other => segments.push(other),
        }
    }
    let mut resolved = format!("/{}", segments.join("/"));
    if let Some(query) = query {
        resolved.push('?');
        resolved.push_str(query);
    }
    resolved
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_drop_the_default_port_userinfo_and_case() {
        assert_eq!(
            origin_of("HTTPS://API.example:443/x?y").as_deref(),
            Some("https://api.example")
        );
        assert_eq!(
            origin_of("http://u:p@127.0.0.1:8080/").as_deref(),
            Some("http://127.0.0.1:8080")
        );
        assert_eq!(origin_of("/api/data"), None);
        assert!(same_origin("/a", "/b?c"));
        assert!(!same_origin("http://127.0.0.1:1/", "http://localhost:1/"));
    }

    #[test]
    fn a_url_without_an_origin_is_same_origin_with_nothing() {
        // Hosts no browser reads as one: the URL standard refuses a number over 255 before the
        // last, and a host of raw non-ASCII bytes is not what a browser sends.
        for url in ["http://256.1.1.1:18080/api", "http://b\u{fc}cher.example/"] {
            assert_eq!(origin_of(url), None, "{url}");
            assert!(!same_origin(url, url), "{url}");
            assert!(!same_origin(url, "http://256.1.1.1:18099/steal"), "{url}");
            assert!(!same_origin(url, "/api"), "{url}");
            assert!(!same_origin("/api", url), "{url}");
        }
    }

    #[test]
    fn hosts_the_url_standard_reads_as_addresses_have_the_addresss_origin() {
        for url in ["http://127.1:18080/api", "http://2130706433:18080/", "http://0x7f.1:18080/x"] {
            assert_eq!(origin_of(url).as_deref(), Some("http://127.0.0.1:18080"), "{url}");
            assert!(same_origin(url, "http://127.0.0.1:18080/other"), "{url}");
        }
        assert!(!same_origin("http://127.1:18080/api", "http://2130706433:18099/steal"));
        for (url, browsers) in [
            ("http://127.1:18080/api?x=1", "http://127.0.0.1:18080/api?x=1"),
            ("http://u:p@0x7f.1/", "http://u:p@127.0.0.1/"),
            ("https://API.Example:8443", "https://api.example:8443"),
            ("http://[0:0::1]:3000/a", "http://[::1]:3000/a"),
            ("http://127.0.0.1:8080/a", "http://127.0.0.1:8080/a"),
        ] {
            assert_eq!(with_browsers_host(url).as_deref(), Some(browsers), "{url}");
        }
        assert_eq!(with_browsers_host("http://256.1.1.1/"), None);
        assert_eq!(with_browsers_host("/api"), None);
    }

    #[test]
    fn sites_are_scheme_and_registrable_domain() {
        assert_eq!(
            site_of("https://api.app.example.com/x").as_deref(),
            Some("https://example.com")
        );
        assert_eq!(site_of("https://a.github.io").as_deref(), Some("https://a.github.io"));
        assert_eq!(site_of("http://127.0.0.1:8080/").as_deref(), Some("http://127.0.0.1"));
        assert_eq!(site_of("/api"), None);
    }

    #[test]
    fn address_spaces_are_sorted_as_local_network_access_sorts_them() {
        for (url, space) in [
            ("http://127.0.0.1:8080", Some(AddressSpace::Loopback)),
            ("http://app.localhost", Some(AddressSpace::Loopback)),
            ("http://192.168.1.10", Some(AddressSpace::Local)),
            ("http://10.0.0.2", Some(AddressSpace::Local)),
            ("http://[fd00::1]", Some(AddressSpace::Local)),
            ("http://169.254.1.1", Some(AddressSpace::Local)),
            ("https://93.184.216.34", Some(AddressSpace::Public)),
            ("https://api.example", None),
        ] {
            assert_eq!(AddressSpace::of_host(url), space, "{url}");
        }
        assert!(AddressSpace::Loopback < AddressSpace::Local);
    }

    #[test]
    fn userinfo_counts_unless_it_is_empty() {
        for (url, credentials) in [
            ("http://user:pass@a.example/", true),
            ("http://user@a.example/", true),
            ("http://:pass@a.example/", true),
            ("http://:@a.example/", false),
            ("http://@a.example/", false),
            ("http://a.example/x@y", false),
        ] {
            assert_eq!(HttpUrl::parse(url).unwrap().has_credentials, credentials, "{url}");
        }
    }

    #[test]
    fn loopback_hosts_are_potentially_trustworthy() {
        for url in
            ["http://localhost:3000", "http://api.localhost", "http://127.0.0.2", "http://[::1]:80"]
        {
            assert!(HttpUrl::parse(url).unwrap().is_loopback(), "{url}");
        }
        assert!(HttpUrl::parse("http://2130706433:8080").unwrap().is_loopback());
        for url in ["http://api.example", "http://192.168.1.10", "http://localhost.example"] {
            assert!(!HttpUrl::parse(url).unwrap().is_loopback(), "{url}");
        }
    }

    #[test]
    fn locations_resolve_as_browsers_resolve_them() {
        let base = "http://127.0.0.1:8080/api/items?page=2";
        for (location, resolved) in [
            ("https://sso.example/login", "https://sso.example/login"),
            ("//cdn.example/x", "http://cdn.example/x"),
            ("/ok?case=a", "http://127.0.0.1:8080/ok?case=a"),
            ("other", "http://127.0.0.1:8080/api/other"),
            ("../v2/items/", "http://127.0.0.1:8080/v2/items/"),
            ("?page=3", "http://127.0.0.1:8080/api/items?page=3"),
            ("/ok#top", "http://127.0.0.1:8080/ok"),
            ("http://2130706433:8099/steal", "http://127.0.0.1:8099/steal"),
            ("//0x7f.1/x", "http://127.0.0.1/x"),
        ] {
            assert_eq!(resolve(base, location).as_deref(), Some(resolved), "{location}");
        }
        assert_eq!(resolve("/api/items", "/ok").as_deref(), Some("/ok"));
        assert_eq!(resolve(base, "ftp://files.example/x"), None);
        assert_eq!(resolve(base, "http://256.1.1.1/x"), None);
    }
}
