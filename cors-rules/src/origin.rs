//! Parsing allowed origins: exact serialized origins, `*`, and `https://*.example.com` patterns.
//!
//! Browsers send the `Origin` header in one canonical form (lower-case scheme and host, no
//! default port, no path), and the Fetch standard compares it byte for byte. An entry written in
//! any other form can never match, so it is rejected with the canonical form as the fix.

use std::fmt;
use std::net::Ipv4Addr;

use crate::Problem;
use crate::host::{parse_host, parse_port, split_host_and_port};

/// One entry of an `origins` list, checked and in canonical form.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum AllowedOrigin {
    /// `*`: any origin, only for policies without credentials.
    Any,
    /// One origin, e.g. `https://myapp.com`.
    Exact(Origin),
    /// Every subdomain (one or more labels) of a base origin, never the base itself:
    /// `https://*.myapp.com` holds the base `https://myapp.com`.
    Subdomains(Origin),
}

/// A serialized origin: scheme, host and a non-default port.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Origin {
    /// `http` or `https`.
    pub scheme: Scheme,
    /// Lower-case ASCII host: a domain, a dotted-quad IPv4 address or a bracketed IPv6 address.
    pub host: String,
    /// The port, absent when it is the scheme's default.
    pub port: Option<u16>,
}

/// The schemes a CORS origin can have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scheme {
    /// `http`, insecure outside loopback.
    Http,
    /// `https`.
    Https,
}

impl Scheme {
    /// The scheme as browsers serialize it.
    pub fn as_str(self) -> &'static str {
        match self {
            Scheme::Http => "http",
            Scheme::Https => "https",
        }
    }

    fn default_port(self) -> u16 {
        match self {
            Scheme::Http => 80,
            Scheme::Https => 443,
        }
    }
}

impl Origin {
    /// Whether requests to this origin stay on the machine (`localhost`, `*.localhost`,
    /// `127.0.0.0/8`, `[::1]`: what browsers treat as potentially trustworthy), where plain `http`
    /// cannot be intercepted. The one rule of the attribute and the tester.
    pub fn is_loopback(&self) -> bool {
        self.host == "localhost"
            || self.host.ends_with(".localhost")
            || self.host == "[::1]"
            || self.host.parse::<Ipv4Addr>().is_ok_and(|ip| ip.is_loopback())
    }

    fn port_suffix(&self) -> String {
        self.port.map(|port| format!(":{port}")).unwrap_or_default()
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}://{}{}", self.scheme.as_str(), self.host, self.port_suffix())
    }
}

impl AllowedOrigin {
    /// The two fixed parts of a subdomain pattern, as a runtime [`SubdomainPattern`](crate::SubdomainPattern) matches
    /// them: `("https://", ".myapp.com:8443")`.
    pub fn subdomain_parts(&self) -> Option<(String, String)> {
        match self {
            AllowedOrigin::Subdomains(base) => Some((
                format!("{}://", base.scheme.as_str()),
                format!(".{}{}", base.host, base.port_suffix()),
            )),
            _ => None,
        }
    }

    /// The origin or base origin, unless this is `*`.
    pub fn origin(&self) -> Option<&Origin> {
        match self {
            AllowedOrigin::Any => None,
            AllowedOrigin::Exact(origin) | AllowedOrigin::Subdomains(origin) => Some(origin),
        }
    }
}

impl fmt::Display for AllowedOrigin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AllowedOrigin::Any => f.write_str("*"),
            AllowedOrigin::Exact(origin) => origin.fmt(f),
            AllowedOrigin::Subdomains(base) => {
                write!(f, "{}://*.{}{}", base.scheme.as_str(), base.host, base.port_suffix())
            }
        }
    }
}

/// Parses one entry of an `origins` list.
///
/// Entries that browsers could never send (`https://example.com/`, `HTTPS://Example.com`,
/// `https://example.com:443`) are problems whose help is the canonical form; insecure or
/// meaningless ones (`null`, `file://`, `https://*.co.uk`) are problems that explain the risk.
pub fn parse_origin(text: &str) -> Result<AllowedOrigin, Problem> {
    match read_origin(text)? {
        (allowed, None) => Ok(allowed),
        (allowed, Some(deviation)) => Err(canonical_form_problem(deviation, &allowed)),
    }
}

/// The origin browsers would send for `text`, an `http` or `https` origin written in any form
/// (`HTTPS://App.example:443/path` gives `https://app.example`): the one serialization of an
/// origin, shared with the tester, which suggests it for a mistyped page origin. `None` when
/// `text` names no such origin, or a pattern, `*` or `null`.
pub fn canonical_origin(text: &str) -> Option<Origin> {
    match read_origin(text) {
        Ok((AllowedOrigin::Exact(origin), _)) => Some(origin),
        _ => None,
    }
}

/// The entry in canonical form, and why `text` differs from it, if it does.
fn read_origin(text: &str) -> Result<(AllowedOrigin, Option<&'static str>), Problem> {
    if text == "*" {
        return Ok((AllowedOrigin::Any, None));
    }
    if text.eq_ignore_ascii_case("null") {
        return Err(Problem::new(
            "`null` must not be an allowed origin: browsers send `Origin: null` from sandboxed \
             iframes, `file:` pages and after cross-origin redirects, so allowing it lets any \
             attacker's sandboxed page read the response",
            "list the real origin of the page, e.g. `https://myapp.com`; for local development \
             serve the page from `http://localhost:<port>` and list that",
        ));
    }
    if text.trim().is_empty() {
        return Err(Problem::new(
            "an empty origin never matches: browsers always send a scheme and a host",
            "write the origin of the page that calls this route, e.g. `https://myapp.com`",
        ));
    }
    if text.trim() != text {
        let (allowed, _) = read_origin(text.trim())?;
        return Ok((
            allowed,
            Some(
                "an origin has no surrounding white space; browsers send it without, so this never \
                 matches",
            ),
        ));
    }
    let Some((scheme_text, rest)) = text.split_once("://") else {
        return Err(missing_scheme_problem(text));
    };
    let scheme = parse_scheme(scheme_text)?;
    let mut deviation = (scheme_text != scheme.as_str())
        .then_some("the scheme of an origin is lower-case in the `Origin` header browsers send, so this never matches");

    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    if !tail.is_empty() {
        deviation = deviation.or(Some(if tail == "/" {
            "an origin never ends with a slash: browsers send the `Origin` header without one, so \
             this never matches"
        } else {
            "an origin has no path, query or fragment: browsers send only scheme, host and port, \
             so this never matches"
        }));
    }
    let authority = match authority.rsplit_once('@') {
        Some((_, host_and_port)) => {
            deviation = deviation.or(Some(
                "an origin has no user name or password: browsers never send them in the `Origin` \
                 header, so this never matches",
            ));
            host_and_port
        }
        None => authority,
    };

    let (host_text, port_text) = split_host_and_port(authority)?;
    let port = match port_text {
        None => None,
        Some(port_text) => parse_port(port_text, scheme.default_port(), &mut deviation)?,
    };
    let (any_subdomain, host_text) = match host_text.strip_prefix("*.") {
        Some(base) => (true, base),
        None => (false, host_text),
    };
    let host = parse_host(host_text, &mut deviation)?;
    let origin = Origin { scheme, host, port };
    let allowed = if any_subdomain {
        check_subdomain_base(&origin)?;
        AllowedOrigin::Subdomains(origin)
    } else {
        AllowedOrigin::Exact(origin)
    };
    Ok((allowed, deviation))
}

fn canonical_form_problem(message: &str, canonical: &AllowedOrigin) -> Problem {
    Problem::new(message, format!("write it as browsers send it: `{canonical}`"))
}

fn missing_scheme_problem(text: &str) -> Problem {
    let lower = text.to_ascii_lowercase();
    if lower.starts_with("file:") {
        return file_scheme_problem();
    }
    let host = text.trim_end_matches('/');
    Problem::new(
        "an origin starts with its scheme: browsers send `Origin: https://example.com`, so a bare \
         host never matches",
        format!("write `https://{host}` (or `http://{host}` for a page served over plain http)"),
    )
}

fn file_scheme_problem() -> Problem {
    Problem::new(
        "`file://` pages have no origin a server can allow: browsers send `Origin: null` for them",
        "serve the page over http, e.g. `http://localhost:8000` (`python3 -m http.server`), and list that origin",
    )
}

fn parse_scheme(text: &str) -> Result<Scheme, Problem> {
    match text.to_ascii_lowercase().as_str() {
        "https" => Ok(Scheme::Https),
        "http" => Ok(Scheme::Http),
        "file" => Err(file_scheme_problem()),
        other => Err(Problem::new(
            format!(
                "`{other}` origins cannot take part in CORS: browsers allow cross-origin fetches \
                 only from http and https pages"
            ),
            "list the https origin of the page that calls this route, e.g. `https://myapp.com`",
        )),
    }
}

fn check_subdomain_base(base: &Origin) -> Result<(), Problem> {
    if base.host.starts_with('[') || base.host.parse::<Ipv4Addr>().is_ok() {
        return Err(Problem::new(
            "an IP address has no subdomains",
            format!("list the origin itself: `{base}`"),
        ));
    }
    if psl::suffix_str(&base.host) == Some(base.host.as_str()) {
        return Err(Problem::new(
            format!(
                "`*.{}` covers a public suffix: anyone can register a site under `{}`, so this \
                 would let every one of them call this route",
                base.host, base.host
            ),
            format!(
                "allow the subdomains of your own domain instead, e.g. `{}://*.myapp.{}`",
                base.scheme.as_str(),
                base.host
            ),
        ));
    }
    // A wildcard rule directly below the base makes every name there a public suffix.
    let below = format!("x.{}", base.host);
    if psl::suffix_str(&below) == Some(below.as_str()) {
        return Err(Problem::new(
            format!(
                "`*.{}` covers public suffixes: the Public Suffix List has a rule `*.{}`, so every \
                 name below `{}` is a site anyone can create, and this would let every one of them \
                 call this route",
                base.host, base.host, base.host
            ),
            format!(
                "list the exact origin of each of your own sites under `{}`, as the address bar \
                 shows it",
                base.host
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exact(text: &str) -> String {
        match parse_origin(text) {
            Ok(AllowedOrigin::Exact(origin)) => origin.to_string(),
            other => panic!("{text}: expected an exact origin, got {other:?}"),
        }
    }

    fn fix_for(text: &str) -> String {
        parse_origin(text).expect_err(text).help
    }

    #[test]
    fn accepts_canonical_origins() {
        for text in [
            "https://myapp.com",
            "http://localhost:3000",
            "http://127.0.0.1:8081",
            "http://[::1]:8080",
            "https://a-b.example.co.uk:8443",
        ] {
            assert_eq!(exact(text), text);
        }
    }

    #[test]
    fn suggests_the_canonical_form() {
        let cases = [
            ("https://example.com/", "`https://example.com`"),
            ("https://example.com/api?x#y", "`https://example.com`"),
            ("https://example.com:443", "`https://example.com`"),
            ("http://example.com:80", "`http://example.com`"),
            ("HTTPS://Example.COM", "`https://example.com`"),
            ("https://user:pw@example.com", "`https://example.com`"),
            ("https://example.com:08443", "`https://example.com:8443`"),
            ("https://example.com.", "`https://example.com`"),
            ("http://[0:0:0:0:0:0:0:1]:80", "`http://[::1]`"),
            (" https://example.com", "`https://example.com`"),
            // The URL standard's IPv4 forms, as inet_aton reads them too.
            ("http://127.1:8080", "`http://127.0.0.1:8080`"),
            ("http://2130706433", "`http://127.0.0.1`"),
            ("http://0x7f.1", "`http://127.0.0.1`"),
            ("http://0177.0.0.1", "`http://127.0.0.1`"),
            ("http://0", "`http://0.0.0.0`"),
            ("http://1.0x1", "`http://1.0.0.1`"),
        ];
        for (text, fix) in cases {
            assert!(fix_for(text).contains(fix), "{text}: {}", fix_for(text));
        }
        assert!(fix_for("example.com").contains("`https://example.com`"));
    }

    #[test]
    fn rejects_what_cannot_be_fixed() {
        for text in [
            "null",
            "NULL",
            "",
            "file:///home/me/index.html",
            "ftp://example.com",
            "chrome-extension://abc",
            "https://",
            "https://example.com:0",
            "https://example.com:65536",
            "https://example.com:port",
            "https://exa mple.com",
            "https://a..b",
            "https://bücher.de",
            "https://ex*ample.com",
            "https://256.1.1.1",
            "http://1.2.3.4.5",
            "http://0x100000000",
            "http://1.2.65536",
            "http://09.1",
            "http://[::g]",
            "https://*.com",
            "https://*.co.uk",
            "https://*.github.io",
            "http://*.127.0.0.1",
        ] {
            assert!(parse_origin(text).is_err(), "{text} was accepted");
        }
    }

    #[test]
    fn parses_subdomain_patterns() {
        let pattern = parse_origin("https://*.myapp.com:8443").unwrap();
        assert_eq!(pattern.to_string(), "https://*.myapp.com:8443");
        assert_eq!(
            pattern.subdomain_parts(),
            Some(("https://".to_owned(), ".myapp.com:8443".to_owned()))
        );
    }

    #[test]
    fn a_base_with_a_wildcard_public_suffix_below_is_refused() {
        let problem = parse_origin("https://*.run.app").unwrap_err();
        assert!(problem.message.contains("`*.run.app` covers public suffixes"), "{problem:?}");
        assert!(problem.help.contains("exact origin"), "{problem:?}");
        for accepted in
            ["https://*.amazonaws.com", "https://*.myapp.com", "https://*.a.run.app.x.com"]
        {
            assert!(parse_origin(accepted).is_ok(), "{accepted}");
        }
    }

    #[test]
    fn knows_loopback_hosts() {
        let loopback = ["http://localhost:1", "http://app.localhost:3", "http://127.9.9.9"];
        for text in loopback.into_iter().chain(["http://127.0.0.1", "http://[::1]"]) {
            assert!(parse_origin(text).unwrap().origin().unwrap().is_loopback(), "{text}");
        }
        for text in ["http://myapp.com", "http://localhost.example", "http://mylocalhost"] {
            assert!(!parse_origin(text).unwrap().origin().unwrap().is_loopback(), "{text}");
        }
    }
}
