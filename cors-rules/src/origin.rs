//! Parsing allowed origins: exact serialized origins, `*`, and `https://*.example.com` patterns.
//!
//! Browsers send the `Origin` header in one canonical form (lower-case scheme and host, no
//! default port, no path), and the Fetch standard compares it byte for byte. An entry written in
//! any other form can never match, so it is rejected with the canonical form as the fix.

use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr};

use crate::Problem;

/// One entry of an `origins` list, checked and in canonical form.
#[derive(Debug, Clone, PartialEq, Eq)]
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// `http` or `https`.
    pub scheme: Scheme,
    /// Lower-case ASCII host: a domain, a dotted-quad IPv4 address or a bracketed IPv6 address.
    pub host: String,
    /// The port, absent when it is the scheme's default.
    pub port: Option<u16>,
}

/// The schemes a CORS origin can have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
    /// Whether requests to this origin stay on the machine (`localhost`, `127.0.0.0/8`, `[::1]`),
    /// where plain `http` cannot be intercepted.
    pub fn is_loopback(&self) -> bool {
        self.host == "localhost"
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
    /// The two fixed parts of a subdomain pattern, as a runtime [`SubdomainPattern`] matches
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

/// A subdomain pattern in the form the runtime matches against a request's `Origin` header
/// without allocating: the origin must be `prefix` + one or more host labels + `suffix`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SubdomainPattern<'a> {
    prefix: &'a str,
    suffix: &'a str,
}

impl<'a> SubdomainPattern<'a> {
    /// Builds a pattern from the parts [`AllowedOrigin::subdomain_parts`] returned.
    pub const fn from_parts(prefix: &'a str, suffix: &'a str) -> Self {
        SubdomainPattern { prefix, suffix }
    }

    /// Whether `origin` (a request's `Origin` header) is a subdomain the pattern allows.
    ///
    /// The part between prefix and suffix must be non-empty host labels (`a-z0-9-_`, separated
    /// by single dots), so `https://evil.com#.myapp.com` or `https://.myapp.com` never match.
    /// And the host's registrable domain must be the base's own: where public suffixes lie
    /// below the base (`s3.amazonaws.com` below `amazonaws.com`), a host under one of them
    /// (`https://attacker.s3.amazonaws.com`) is a site someone else registered, and never
    /// matches. Allocation-free: the Public Suffix List lookup works on the bytes.
    pub fn matches(&self, origin: &[u8]) -> bool {
        let Some(rest) = origin.strip_prefix(self.prefix.as_bytes()) else {
            return false;
        };
        let Some(labels) = rest.strip_suffix(self.suffix.as_bytes()) else {
            return false;
        };
        let labels_are_hosts = !labels.is_empty()
            && labels.split(|&byte| byte == b'.').all(|label| {
                !label.is_empty() && label.iter().all(|&byte| is_host_label_byte(byte))
            });
        // `suffix` is `.base` with the port, if any, after it.
        let dot_base = self.suffix.split(':').next().unwrap_or(self.suffix);
        let host = &rest[..labels.len() + dot_base.len()];
        let host_suffix = psl::suffix(host).map_or(0, |suffix| suffix.as_bytes().len());
        // A public suffix as long as the base covers it: the host is registered below it.
        labels_are_hosts && host_suffix < dot_base.len() - 1
    }
}

impl fmt::Display for SubdomainPattern<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}*{}", self.prefix, self.suffix)
    }
}

fn is_host_label_byte(byte: u8) -> bool {
    byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'-' || byte == b'_'
}

/// Parses one entry of an `origins` list.
///
/// Entries that browsers could never send (`https://example.com/`, `HTTPS://Example.com`,
/// `https://example.com:443`) are problems whose help is the canonical form; insecure or
/// meaningless ones (`null`, `file://`, `https://*.co.uk`) are problems that explain the risk.
pub fn parse_origin(text: &str) -> Result<AllowedOrigin, Problem> {
    if text == "*" {
        return Ok(AllowedOrigin::Any);
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
        return Err(canonical_form_problem(
            "an origin has no surrounding white space; browsers send it without, so this never matches",
            &parse_origin(text.trim())?,
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
        Some(port_text) => parse_port(port_text, scheme, &mut deviation)?,
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
    match deviation {
        Some(message) => Err(canonical_form_problem(message, &allowed)),
        None => Ok(allowed),
    }
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

fn split_host_and_port(authority: &str) -> Result<(&str, Option<&str>), Problem> {
    if authority.starts_with('[') {
        let Some(close) = authority.find(']') else {
            return Err(Problem::new(
                "an IPv6 host must be closed with `]`",
                "write it like `http://[::1]:8080`",
            ));
        };
        let (host, after) = authority.split_at(close + 1);
        return match after.strip_prefix(':') {
            Some(port) => Ok((host, Some(port))),
            None if after.is_empty() => Ok((host, None)),
            None => Err(Problem::new(
                format!("`{after}` after the IPv6 address is not a port"),
                "write it like `http://[::1]:8080`",
            )),
        };
    }
    Ok(match authority.rsplit_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (authority, None),
    })
}

fn parse_port(
    text: &str,
    scheme: Scheme,
    deviation: &mut Option<&'static str>,
) -> Result<Option<u16>, Problem> {
    if text.is_empty() {
        *deviation =
            deviation.or(Some("an empty port is dropped by browsers, so this never matches"));
        return Ok(None);
    }
    let port = text
        .bytes()
        .all(|byte| byte.is_ascii_digit())
        .then(|| text.parse::<u32>().ok())
        .flatten()
        .filter(|port| (1..=65535).contains(port));
    let Some(port) = port else {
        return Err(Problem::new(
            format!("`{text}` is not a valid port: a port is a number from 1 to 65535"),
            "write the port the page is served on, e.g. `https://myapp.com:8443`",
        ));
    };
    let port = port as u16;
    if port == scheme.default_port() {
        *deviation = deviation.or(Some(
            "browsers leave the default port out of the `Origin` header, so an origin with an \
             explicit default port never matches",
        ));
        return Ok(None);
    }
    if text != port.to_string() {
        *deviation =
            deviation.or(Some("browsers write ports without leading zeros, so this never matches"));
    }
    Ok(Some(port))
}

fn parse_host(text: &str, deviation: &mut Option<&'static str>) -> Result<String, Problem> {
    if text.is_empty() {
        return Err(Problem::new(
            "this origin has no host",
            "write the scheme and host of the page, e.g. `https://myapp.com`",
        ));
    }
    if !text.is_ascii() {
        return Err(Problem::new(
            format!(
                "`{text}` is not ASCII: browsers send internationalized host names in their \
                 punycode (`xn--`) form, so this never matches"
            ),
            "write the punycode form of the host (e.g. `münchen.de` is `xn--mnchen-3ya.de`); \
             `idn2` or any online IDN converter prints it",
        ));
    }
    if text.contains('*') {
        return Err(Problem::new(
            "`*` can only stand for whole leading labels of the host",
            "write `https://*.example.com` to allow every subdomain of example.com, or list each origin",
        ));
    }
    let lower = text.to_ascii_lowercase();
    if lower != text {
        *deviation = deviation
            .or(Some("browsers send the host of an origin in lower case, so this never matches"));
    }
    if let Some(inner) = lower.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        let Ok(address) = inner.parse::<Ipv6Addr>() else {
            return Err(Problem::new(
                format!("`{text}` is not a valid IPv6 address"),
                "write it like `http://[::1]:8080`",
            ));
        };
        let canonical = format!("[{address}]");
        if canonical != lower {
            *deviation = deviation.or(Some(
                "browsers write IPv6 addresses in their shortest form, so this never matches",
            ));
        }
        return Ok(canonical);
    }
    let domain = match lower.strip_suffix('.') {
        Some(without_dot) => {
            *deviation = deviation.or(Some(
                "a trailing dot makes a different origin from the one browsers normally send",
            ));
            without_dot.to_owned()
        }
        None => lower,
    };
    let ends_in_number =
        domain.rsplit('.').next().is_some_and(|label| label.bytes().all(|b| b.is_ascii_digit()));
    if ends_in_number {
        return match domain.parse::<Ipv4Addr>() {
            Ok(address) => Ok(address.to_string()),
            Err(_) => Err(Problem::new(
                format!("`{domain}` is not a valid IPv4 address: browsers would read it as one"),
                "write the address as four numbers from 0 to 255, e.g. `http://127.0.0.1:8080`",
            )),
        };
    }
    for label in domain.split('.') {
        if label.is_empty() || label.len() > 63 {
            return Err(Problem::new(
                format!(
                    "`{domain}` is not a valid host name: each dot-separated label has 1 to 63 characters"
                ),
                "write the host exactly as in the page's address bar, e.g. `https://app.example.com`",
            ));
        }
        if let Some(bad) = label.bytes().find(|&byte| !is_host_label_byte(byte)) {
            return Err(Problem::new(
                format!("`{}` cannot appear in a host name", bad as char),
                "write the host exactly as in the page's address bar, e.g. `https://app.example.com`",
            ));
        }
    }
    Ok(domain)
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
    fn subdomain_pattern_matches_only_real_subdomains() {
        let pattern = SubdomainPattern::from_parts("https://", ".myapp.com");
        for origin in ["https://a.myapp.com", "https://a.b.myapp.com", "https://x-1.myapp.com"] {
            assert!(pattern.matches(origin.as_bytes()), "{origin}");
        }
        for origin in [
            "https://myapp.com",
            "https://.myapp.com",
            "https://evilmyapp.com",
            "https://a.myapp.com.evil.com",
            "http://a.myapp.com",
            "https://a.myapp.com:8443",
            "https://evil.com/.myapp.com",
            "https://a..myapp.com",
            "https://A.myapp.com",
        ] {
            assert!(!pattern.matches(origin.as_bytes()), "{origin}");
        }
    }

    #[test]
    fn subdomain_patterns_never_reach_public_suffixes_below_their_base() {
        let amazonaws = SubdomainPattern::from_parts("https://", ".amazonaws.com");
        assert!(amazonaws.matches(b"https://a.amazonaws.com"), "its public suffix is `com`");
        for origin in [
            "https://attacker-bucket.s3.amazonaws.com",
            "https://abcd.execute-api.us-east-1.amazonaws.com",
            "https://s3.amazonaws.com",
        ] {
            assert!(!amazonaws.matches(origin.as_bytes()), "{origin}");
        }
        let windows = SubdomainPattern::from_parts("https://", ".windows.net:8443");
        assert!(windows.matches(b"https://portal.windows.net:8443"));
        assert!(!windows.matches(b"https://acct.blob.core.windows.net:8443"));
        let own = SubdomainPattern::from_parts("https://", ".myapp.com");
        assert!(own.matches(b"https://a.b.c.myapp.com"), "depth is the base's own DNS");
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
        for text in ["http://localhost:1", "http://127.0.0.1", "http://127.9.9.9", "http://[::1]"] {
            assert!(parse_origin(text).unwrap().origin().unwrap().is_loopback(), "{text}");
        }
        assert!(!parse_origin("http://myapp.com").unwrap().origin().unwrap().is_loopback());
    }
}
