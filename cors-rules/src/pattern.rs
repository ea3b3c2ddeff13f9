//! Matching a request's `Origin` against an origin pattern, as the runtime does on every
//! request: allocation-free, in time linear in the header's length, and never across a
//! public-suffix boundary.

use std::fmt;

use crate::host::{is_host_label_byte, public_suffix_len};

/// What the `*` of a pattern stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Wildcard {
    /// `https://*.myapp.com`: one or more whole host labels.
    Subdomains,
    /// `https://preview-*.myapp.com`: one or more characters of one host label, never a dot.
    InLabel,
    /// `http://localhost:*`: any port, or none (the scheme's default), as browsers write it.
    Port,
}

/// An origin pattern in the form the runtime matches against a request's `Origin` header
/// without allocating: the origin must be `prefix`, what the [`Wildcard`] stands for, then
/// `suffix`. Written as `prefix*suffix`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OriginPattern<'a> {
    prefix: &'a str,
    wildcard: Wildcard,
    suffix: &'a str,
}

impl<'a> OriginPattern<'a> {
    /// Builds a pattern from the parts [`AllowedOrigin::pattern_parts`](crate::AllowedOrigin::pattern_parts) returned.
    pub const fn from_parts(prefix: &'a str, wildcard: Wildcard, suffix: &'a str) -> Self {
        OriginPattern { prefix, wildcard, suffix }
    }

    /// What the `*` stands for.
    pub fn wildcard(&self) -> Wildcard {
        self.wildcard
    }

    /// Whether `origin` (a request's `Origin` header) is one the pattern allows.
    ///
    /// What the `*` stands for is checked byte by byte: host labels (`a-z0-9-_`, separated by
    /// single dots for [`Wildcard::Subdomains`], no dot at all for [`Wildcard::InLabel`]), so
    /// `https://evil.com#.myapp.com` or `https://.myapp.com` never match; for
    /// [`Wildcard::Port`], nothing or a port from 1 to 65535 without leading zeros, never the
    /// scheme's default, which browsers leave out.
    ///
    /// And a host pattern never reaches a site someone else registered: the host's public
    /// suffix must lie within the pattern's base (`myapp.com` for both `https://*.myapp.com`
    /// and `https://preview-*.myapp.com`). Where public suffixes lie below the base
    /// (`s3.amazonaws.com` and `s3-us-west-2.amazonaws.com` below `amazonaws.com`), a host at
    /// or under one (`https://attacker.s3.amazonaws.com`, `https://s3-us-west-2.amazonaws.com`
    /// for `https://s3-*.amazonaws.com`) never matches. The Public Suffix List lookup works on
    /// the bytes.
    pub fn matches(&self, origin: &[u8]) -> bool {
        match self.wildcard {
            Wildcard::Port => self.matches_port(origin),
            Wildcard::Subdomains | Wildcard::InLabel => self.matches_host(origin),
        }
    }

    fn matches_host(&self, origin: &[u8]) -> bool {
        let Some(rest) = origin.strip_prefix(self.prefix.as_bytes()) else {
            return false;
        };
        let Some(middle) = rest.strip_suffix(self.suffix.as_bytes()) else {
            return false;
        };
        let is_label =
            |label: &[u8]| !label.is_empty() && label.iter().all(|&byte| is_host_label_byte(byte));
        let stands_for_labels = match self.wildcard {
            Wildcard::Subdomains => middle.split(|&byte| byte == b'.').all(is_label),
            _ => is_label(middle),
        };
        stands_for_labels && self.host_is_within_base(origin)
    }

    /// `origin` without the port, or with one a browser writes: the prefix ends with `:`.
    fn matches_port(&self, origin: &[u8]) -> bool {
        let Some(without_port) = self.prefix.strip_suffix(':') else {
            return false;
        };
        if origin == without_port.as_bytes() {
            return true;
        }
        let Some(port) = origin.strip_prefix(self.prefix.as_bytes()) else {
            return false;
        };
        let default_port: &[u8] = if self.prefix.starts_with("https:") { b"443" } else { b"80" };
        let value = port.iter().try_fold(0_u32, |value, &byte| {
            (byte.is_ascii_digit() && value <= 65535).then(|| value * 10 + u32::from(byte - b'0'))
        });
        port.first().is_some_and(|&first| first != b'0')
            && value.is_some_and(|value| value <= 65535)
            && port != default_port
    }

    /// Whether the host of `origin`, which matched prefix and suffix, has its public suffix
    /// within the base, the text after the suffix's first dot (and before the port).
    fn host_is_within_base(&self, origin: &[u8]) -> bool {
        let suffix = self.suffix.as_bytes();
        let port_len =
            suffix.iter().position(|&byte| byte == b':').map_or(0, |at| suffix.len() - at);
        let base_start = suffix.iter().position(|&byte| byte == b'.').map_or(0, |dot| dot + 1);
        let base_len = suffix.len() - port_len - base_start;
        let host_start = self.prefix.find("://").map_or(0, |at| at + 3);
        let host = &origin[host_start..origin.len() - port_len];
        let host_suffix = public_suffix_len(host);
        // A public suffix as long as the base covers it: the host is registered below it.
        host_suffix < base_len
    }
}

impl fmt::Display for OriginPattern<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}*{}", self.prefix, self.suffix)
    }
}

#[cfg(test)]
mod tests;
