//! Parsing allowed origins: exact serialized origins, `*`, and patterns (`https://*.example.com`,
//! `https://preview-*.example.com`, `http://localhost:*`; their rules are in `wildcard`).
//!
//! Browsers send the `Origin` header in one canonical form (lower-case scheme and host, no
//! default port, no path), and the Fetch standard compares it byte for byte. An entry written in
//! any other form can never match, so it is rejected with the canonical form as the fix.

use std::fmt;
use std::net::Ipv4Addr;

use crate::Problem;
use crate::host::{parse_host, parse_port, split_host_and_port};
use crate::pattern::Wildcard;

mod wildcard;
use wildcard::{HostWildcard, check_pattern_base, check_port_wildcard, split_host_wildcard};

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
    /// One label directly below a base origin, with a literal start and/or end:
    /// `https://preview-*.myapp.com` is the base `https://myapp.com`, `before` `preview-` and
    /// `after` empty. The `*` stands for one or more characters of that label.
    InLabel {
        /// The origin the label lies below.
        base: Origin,
        /// The label's literal start, lower-case.
        before: String,
        /// The label's literal end, lower-case.
        after: String,
    },
    /// A loopback host (`localhost`, `127.0.0.1` or `[::1]`) on any port: `http://localhost:*`
    /// holds `http://localhost`.
    AnyPort(Origin),
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
    /// A pattern's fixed parts around its `*`, as a runtime
    /// [`OriginPattern`](crate::OriginPattern) matches them: `("https://", Subdomains,
    /// ".myapp.com:8443")`, `("https://preview-", InLabel, ".myapp.com")`,
    /// `("http://localhost:", Port, "")`. `None` for `*` and exact origins.
    pub fn pattern_parts(&self) -> Option<(String, Wildcard, String)> {
        let scheme = |origin: &Origin| format!("{}://", origin.scheme.as_str());
        let below = |origin: &Origin| format!(".{}{}", origin.host, origin.port_suffix());
        match self {
            AllowedOrigin::Any | AllowedOrigin::Exact(_) => None,
            AllowedOrigin::Subdomains(base) => {
                Some((scheme(base), Wildcard::Subdomains, below(base)))
            }
            AllowedOrigin::InLabel { base, before, after } => Some((
                format!("{}{before}", scheme(base)),
                Wildcard::InLabel,
                format!("{after}{}", below(base)),
            )),
            AllowedOrigin::AnyPort(origin) => {
                Some((format!("{origin}:"), Wildcard::Port, String::new()))
            }
        }
    }

    /// The origin, the base origin of a host pattern, or the origin without its port of a
    /// port pattern; `None` for `*`.
    pub fn origin(&self) -> Option<&Origin> {
        match self {
            AllowedOrigin::Any => None,
            AllowedOrigin::Exact(origin)
            | AllowedOrigin::Subdomains(origin)
            | AllowedOrigin::InLabel { base: origin, .. }
            | AllowedOrigin::AnyPort(origin) => Some(origin),
        }
    }
}

impl fmt::Display for AllowedOrigin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self, self.pattern_parts()) {
            (AllowedOrigin::Any, _) => f.write_str("*"),
            (_, Some((prefix, _, suffix))) => write!(f, "{prefix}*{suffix}"),
            (_, None) => self.origin().map_or(Ok(()), |origin| origin.fmt(f)),
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
    let any_port = port_text == Some("*");
    let port = match port_text {
        None | Some("*") => None,
        Some(port_text) => parse_port(port_text, scheme.default_port(), &mut deviation)?,
    };
    let (host_wildcard, host_text) = split_host_wildcard(scheme, host_text, &mut deviation)?;
    let host = parse_host(host_text, &mut deviation)?;
    let origin = Origin { scheme, host, port };
    if any_port {
        check_port_wildcard(&origin, &host_wildcard)?;
        return Ok((AllowedOrigin::AnyPort(origin), deviation));
    }
    let allowed = match host_wildcard {
        HostWildcard::None => AllowedOrigin::Exact(origin),
        HostWildcard::Subdomains => AllowedOrigin::Subdomains(origin),
        HostWildcard::InLabel { before, after } => {
            AllowedOrigin::InLabel { base: origin, before, after }
        }
    };
    check_pattern_base(&allowed)?;
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

#[cfg(test)]
mod tests;
