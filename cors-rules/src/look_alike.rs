//! Origins made to pass for another: what CORS scanners send to find a policy that matches by
//! prefix, suffix or substring (`https://myapp.com.evil.net`, `https://evilmyapp.com`). A policy
//! here matches exactly, so these are refused; the point is to say so rather than advise adding
//! them, in the runtime's log lines and in `cors-check logs`.

use std::fmt;

use crate::origin::{Origin, Scheme};

/// How a look-alike imitates an origin.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LookAlike {
    /// The host with more labels after it: `myapp.com.evil.net`.
    Extended,
    /// The host with its dots as dashes, inside another: `myapp-com.evil.net`.
    Dashed,
    /// The host glued to a longer name: `evilmyapp.com`.
    Glued,
    /// Characters that read alike swapped: `rnyapp.com`, `myapp.c0m`.
    Homoglyph,
    /// The same host over plain `http`.
    Downgraded,
}

impl LookAlike {
    /// The name in JSON documents.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            LookAlike::Extended => "extended",
            LookAlike::Dashed => "dashed",
            LookAlike::Glued => "glued",
            LookAlike::Homoglyph => "homoglyph",
            LookAlike::Downgraded => "downgraded",
        }
    }
}

impl fmt::Display for LookAlike {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            LookAlike::Extended => "its host with more labels after it",
            LookAlike::Dashed => "its host with dashes for dots, inside another",
            LookAlike::Glued => "its host glued to a longer name",
            LookAlike::Homoglyph => "characters that read alike swapped",
            LookAlike::Downgraded => "the same host over plain http",
        })
    }
}

/// How `candidate` imitates `reference`, if it does. Another site, a subdomain or another port
/// of `reference` is not a look-alike.
#[must_use]
pub fn look_alike(candidate: &Origin, reference: &Origin) -> Option<LookAlike> {
    let (host, imitated) = (candidate.host.as_str(), reference.host.as_str());
    if host == imitated {
        let downgraded = candidate.scheme == Scheme::Http
            && reference.scheme == Scheme::Https
            && candidate.port == reference.port;
        return downgraded.then_some(LookAlike::Downgraded);
    }
    if host.strip_prefix(imitated).is_some_and(|rest| rest.starts_with('.')) {
        return Some(LookAlike::Extended);
    }
    if imitated.contains('.') && host.contains(&imitated.replace('.', "-")) {
        return Some(LookAlike::Dashed);
    }
    if host.strip_suffix(imitated).is_some_and(|before| !before.ends_with('.')) {
        return Some(LookAlike::Glued);
    }
    (skeleton(host) == skeleton(imitated)).then_some(LookAlike::Homoglyph)
}

/// The origin an allowed entry (an origin or a pattern) names, to compare refused ones with:
/// a pattern's base (`https://*.myapp.com` is `https://myapp.com`).
#[must_use]
pub fn imitable(allowed: &str) -> Option<Origin> {
    crate::parse_origin(allowed).ok()?.origin().cloned()
}

/// A host with the characters that read alike made one: `rn` and `m`, `0` and `o`, `1`, `i`
/// and `l`, `vv` and `w`, `cl` and `d`.
fn skeleton(host: &str) -> String {
    host.replace("rn", "m")
        .replace("vv", "w")
        .replace("cl", "d")
        .chars()
        .map(|character| match character {
            '0' => 'o',
            '1' | 'i' => 'l',
            other => other,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn how(origin: &str, allowed: &str) -> Option<LookAlike> {
        let candidate = crate::parse_origin(origin).ok()?.origin().cloned()?;
        look_alike(&candidate, &imitable(allowed)?)
    }

    #[test]
    fn look_alikes_of_an_origin_and_of_a_patterns_base() {
        let allowed = "https://myapp.com";
        assert_eq!(how("https://myapp.com.evil.net", allowed), Some(LookAlike::Extended));
        assert_eq!(how("https://myapp-com.evil.net", allowed), Some(LookAlike::Dashed));
        assert_eq!(how("https://evilmyapp.com", allowed), Some(LookAlike::Glued));
        assert_eq!(how("https://rnyapp.com", allowed), Some(LookAlike::Homoglyph));
        assert_eq!(how("https://myapp.c0m", allowed), Some(LookAlike::Homoglyph));
        assert_eq!(how("http://myapp.com", allowed), Some(LookAlike::Downgraded));
        assert_eq!(
            how("https://myapp.com.evil.net", "https://*.myapp.com"),
            Some(LookAlike::Extended)
        );
    }

    #[test]
    fn other_sites_subdomains_and_ports_are_not_look_alikes() {
        for origin in [
            "https://partner.example",
            "https://staging.myapp.com",
            "https://myapp.com:8443",
            "https://yourapp.com",
        ] {
            assert_eq!(how(origin, "https://myapp.com"), None, "{origin}");
        }
        assert_eq!(how("http://localhost:3000", "http://localhost:5173"), None);
    }
}
