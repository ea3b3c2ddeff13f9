//! Where an origin entry may hold a `*`, and the guards that keep a pattern to sites its author
//! owns: `https://*.myapp.com` (whole leading labels), `https://preview-*.myapp.com` (inside
//! the leftmost label) and `http://localhost:*` (any port, on loopback only). A host pattern
//! never covers a public suffix, where anyone can create a site.

use super::{AllowedOrigin, Origin, Scheme};
use crate::Problem;
use crate::host::{is_host_label_byte, is_public_suffix};

/// What a `*` in an entry's host stands for.
pub(crate) enum HostWildcard {
    /// No `*`: one host.
    None,
    /// `*.base`: one or more whole labels.
    Subdomains,
    /// `before*after.base`: part of the leftmost label; `before` and `after` lower-case.
    InLabel { before: String, after: String },
}

/// The hosts a port wildcard may follow: every port of them is served by this machine.
const ANY_PORT_HOSTS: [&str; 3] = ["localhost", "127.0.0.1", "[::1]"];

/// What the `*` in `host` (as written) stands for, and the host text left to parse: the whole
/// host, or the base after the wildcard's label.
pub(crate) fn split_host_wildcard<'a>(
    scheme: Scheme,
    host: &'a str,
    deviation: &mut Option<&'static str>,
) -> Result<(HostWildcard, &'a str), Problem> {
    if !host.contains('*') {
        return Ok((HostWildcard::None, host));
    }
    if host.matches('*').count() > 1 {
        return Err(Problem::new(
            format!(
                "`{host}` has more than one `*`: a pattern has one, for the part of the host that changes"
            ),
            "keep one `*`, e.g. `https://*.myapp.com` (every subdomain) or `https://preview-*.myapp.com` (one label), or list each origin",
        ));
    }
    let (label, base) = host.split_once('.').unwrap_or((host, ""));
    if !label.contains('*') {
        let below_star = host[host.find('*').unwrap_or(0)..].split_once('.');
        let help = match below_star {
            Some((_, below)) => format!(
                "write `{}://*.{below}` for every subdomain of `{below}`, or list each origin",
                scheme.as_str()
            ),
            None => "list each origin, as the address bar shows it".to_owned(),
        };
        return Err(Problem::new(
            format!(
                "the `*` of `{host}` is not in its first label: only the leftmost label of a host can change in a pattern"
            ),
            help,
        ));
    }
    if base.is_empty() {
        return Err(Problem::new(
            format!("`{host}` has no domain after its `*` label, so it would match hosts anywhere"),
            "put the `*` in a label below your own domain, e.g. `https://preview-*.myapp.com`",
        ));
    }
    if label == "*" {
        return Ok((HostWildcard::Subdomains, base));
    }
    let (before, after) = label.split_once('*').unwrap_or((label, ""));
    let (before, after) = (label_part(before, deviation)?, label_part(after, deviation)?);
    // A label has at most 63 characters, and the `*` stands for at least one.
    if before.len() + after.len() > 62 {
        return Err(Problem::new(
            format!("`{label}` leaves no room for the `*`: a host label has at most 63 characters"),
            "shorten the fixed part of the label",
        ));
    }
    Ok((HostWildcard::InLabel { before, after }, base))
}

/// A literal part of a label with a `*`, lower-case as browsers send it.
fn label_part(text: &str, deviation: &mut Option<&'static str>) -> Result<String, Problem> {
    if let Some(bad) =
        text.chars().find(|c| !c.is_ascii() || !is_host_label_byte(c.to_ascii_lowercase() as u8))
    {
        return Err(Problem::new(
            format!("`{bad}` cannot appear in a host name"),
            "write the fixed part of the label with letters, digits and `-` as the address bar shows it (internationalized names in their `xn--` form), e.g. `https://preview-*.myapp.com`",
        ));
    }
    let lower = text.to_ascii_lowercase();
    if lower != text {
        *deviation = deviation
            .or(Some("browsers send the host of an origin in lower case, so this never matches"));
    }
    Ok(lower)
}

/// A port wildcard stands on one of the loopback hosts, with nothing else wild.
pub(crate) fn check_port_wildcard(origin: &Origin, host: &HostWildcard) -> Result<(), Problem> {
    let on_loopback = ANY_PORT_HOSTS.contains(&origin.host.as_str());
    if on_loopback && matches!(host, HostWildcard::None) {
        return Ok(());
    }
    Err(Problem::new(
        "a port wildcard (`:*`) is only allowed on `localhost`, `127.0.0.1` and `[::1]`: it is only safe on loopback, where every port is served by the user's own machine, while elsewhere each port can be another service's or another user's origin",
        format!(
            "list the exact origin with its port, e.g. `{}://{}:8443`; for pages served by a local development server, allow `http://localhost:*`",
            origin.scheme.as_str(),
            origin.host
        ),
    ))
}

/// A host pattern's base is a domain of its own, not a public suffix under which anyone can
/// create the hosts it would match. (A public suffix *below* the base is caught when
/// matching, in `pattern`.)
pub(crate) fn check_pattern_base(pattern: &AllowedOrigin) -> Result<(), Problem> {
    let (base, written) = match pattern {
        AllowedOrigin::Subdomains(base) => (base, None),
        AllowedOrigin::InLabel { base, before, after } => (base, Some((before, after))),
        AllowedOrigin::Any | AllowedOrigin::Exact(_) | AllowedOrigin::AnyPort(_) => return Ok(()),
    };
    let host = &base.host;
    if host.starts_with('[') || host.parse::<std::net::Ipv4Addr>().is_ok() {
        return Err(Problem::new(
            "an IP address has no subdomains",
            format!("list the origin itself: `{base}`"),
        ));
    }
    let base_is_suffix = is_public_suffix(host);
    // A wildcard rule directly below the base makes every name there a public suffix.
    let below_is_suffix = is_public_suffix(&format!("x.{host}"));
    match written {
        None if base_is_suffix => Err(Problem::new(
            format!(
                "`*.{host}` covers a public suffix: anyone can register a site under `{host}`, so this would let every one of them call this route"
            ),
            format!(
                "allow the subdomains of your own domain instead, e.g. `{}://*.myapp.{host}`",
                base.scheme.as_str()
            ),
        )),
        None if below_is_suffix => Err(Problem::new(
            format!(
                "`*.{host}` covers public suffixes: the Public Suffix List has a rule `*.{host}`, so every name below `{host}` is a site anyone can create, and this would let every one of them call this route"
            ),
            format!(
                "list the exact origin of each of your own sites under `{host}`, as the address bar shows it"
            ),
        )),
        Some((before, after)) if base_is_suffix || below_is_suffix => {
            let example = format!("{}://{before}git-main{after}.{host}", base.scheme.as_str());
            Err(Problem::new(
                format!(
                    "`{before}*{after}.{host}` lies on a public suffix: anyone can create a site under `{host}`, such as `{before}attacker{after}.{host}`, so this would let sites you do not own call this route"
                ),
                format!(
                    "give these deployments a custom domain of your own and allow a pattern under it (e.g. `{}://{before}*{after}.preview.myapp.com`), or list each deployment's exact origin, e.g. `{example}`",
                    base.scheme.as_str()
                ),
            ))
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use crate::parse_origin;

    #[test]
    fn a_star_inside_the_first_label_is_a_label_pattern() {
        for (text, canonical) in [
            ("https://preview-*.myapp.com", "https://preview-*.myapp.com"),
            ("https://*-staging.myapp.com:8443", "https://*-staging.myapp.com:8443"),
            ("https://pr-*-x.app.myapp.co.uk", "https://pr-*-x.app.myapp.co.uk"),
        ] {
            let pattern = parse_origin(text).unwrap_or_else(|problem| panic!("{text}: {problem}"));
            assert_eq!(pattern.to_string(), canonical);
        }
        let problem = parse_origin("HTTPS://Preview-*.MyApp.com/").unwrap_err();
        assert!(problem.help.contains("`https://preview-*.myapp.com`"), "{problem}");
    }

    #[test]
    fn a_star_elsewhere_than_the_first_label_is_refused() {
        for (text, says) in [
            ("https://app.*.myapp.com", "not in its first label"),
            ("http://a.b*c.myapp.com", "not in its first label"),
            ("https://myapp.co*", "not in its first label"),
            ("https://a*b*.myapp.com", "more than one `*`"),
            ("https://*.*.myapp.com", "more than one `*`"),
            ("https://preview-*", "no domain after"),
            ("https://pr%*.myapp.com", "`%` cannot appear"),
            ("https://prü-*.myapp.com", "`ü` cannot appear"),
        ] {
            let problem = parse_origin(text).expect_err(text);
            assert!(problem.message.contains(says), "{text}: {problem}");
        }
        let problem = parse_origin("http://a.b*c.myapp.com").unwrap_err();
        assert!(problem.help.contains("`http://*.myapp.com` for every subdomain"), "{problem}");
        let long = format!("https://{}*.myapp.com", "a".repeat(63));
        assert!(parse_origin(&long).unwrap_err().message.contains("no room for the `*`"));
        assert!(parse_origin(&format!("https://{}*.myapp.com", "a".repeat(62))).is_ok());
    }

    #[test]
    fn a_label_pattern_on_a_public_suffix_is_refused_with_the_alternatives() {
        for (text, suffix) in [
            ("https://myapp-*.vercel.app", "vercel.app"),
            ("https://*-staging.herokuapp.com", "herokuapp.com"),
            ("https://preview-*.com", "com"),
            ("https://preview-*.github.io", "github.io"),
            ("https://ex*ample.com", "com"),
            // `*.run.app` is a rule: every name below `run.app` is a public suffix.
            ("https://svc-*.run.app", "run.app"),
        ] {
            let problem = parse_origin(text).expect_err(text);
            assert!(problem.message.contains("lies on a public suffix"), "{text}: {problem}");
            assert!(
                problem.message.contains(&format!("anyone can create a site under `{suffix}`"))
            );
            assert!(
                problem.help.contains("custom domain") && problem.help.contains("exact origin")
            );
        }
        let problem = parse_origin("https://myapp-*.vercel.app").unwrap_err();
        assert!(problem.help.contains("`https://myapp-git-main.vercel.app`"), "{problem}");
        // Public suffixes below the base are refused when matching, not here.
        assert!(parse_origin("https://s3-*.amazonaws.com").is_ok());
    }

    #[test]
    fn a_port_wildcard_is_accepted_on_the_three_loopback_hosts_only() {
        for text in
            ["http://localhost:*", "http://127.0.0.1:*", "http://[::1]:*", "https://localhost:*"]
        {
            assert_eq!(parse_origin(text).map(|allowed| allowed.to_string()).as_deref(), Ok(text));
        }
        let problem = parse_origin("HTTP://LocalHost:*").unwrap_err();
        assert!(problem.help.contains("`http://localhost:*`"), "{problem}");
        let problem = parse_origin("http://127.1:*").unwrap_err();
        assert!(problem.help.contains("`http://127.0.0.1:*`"), "{problem}");
        for text in [
            "https://myapp.com:*",
            "http://127.0.0.2:*",
            "http://localhost.myapp.com:*",
            "http://*.localhost:*",
            "http://local*.test:*",
            "http://10.0.0.1:*",
        ] {
            let problem = parse_origin(text).expect_err(text);
            assert!(problem.message.contains("only safe on loopback"), "{text}: {problem}");
        }
        let problem = parse_origin("https://myapp.com:*").unwrap_err();
        assert!(problem.help.contains("`https://myapp.com:8443`"), "{problem}");
    }
}
