//! Matching a request's `Origin` against a subdomain pattern, as the runtime does on every
//! request: allocation-free, and never across a public-suffix boundary.

use std::fmt;

use crate::host::is_host_label_byte;

/// A subdomain pattern in the form the runtime matches against a request's `Origin` header
/// without allocating: the origin must be `prefix` + one or more host labels + `suffix`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SubdomainPattern<'a> {
    prefix: &'a str,
    suffix: &'a str,
}

impl<'a> SubdomainPattern<'a> {
    /// Builds a pattern from the parts [`AllowedOrigin::subdomain_parts`](crate::AllowedOrigin::subdomain_parts) returned.
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
