//! The tenant a request names, and which tenant keys an update may hold.

use actix_web::HttpRequest;
use actix_web::http::header;

use super::TrustedProxies;

/// The longest tenant key: a host name (253 bytes, DNS's cap) or a path segment. A longer
/// `Host` or segment names no tenant, and is not read further.
pub(crate) const MAX_KEY_LEN: usize = 253;

/// What the tenant of a request is read from: something its preflight carries too, since a
/// browser's preflight carries no cookie, token or custom header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TenantKey {
    /// The request's `Host` (or HTTP/2 `:authority`): its name, lower-case, without the port
    /// or a trailing dot. A forwarded host is read only from the proxies the set trusts
    /// ([`TenantOrigins::trust_forwarded_host`](super::TenantOrigins::trust_forwarded_host)),
    /// and only from `X-Forwarded-Host`; `Forwarded` is never read.
    Host,
    /// The named parameter of the matched path (`{tenant}`), as actix decoded it.
    Path(&'static str),
}

impl TenantKey {
    /// The tenant `request` names: for [`TenantKey::Host`] in `buffer` when it must be lowered,
    /// in the one form tenants are stored in. A host forwarded by one of `proxies` is read in
    /// place of `Host`, even when it is no host name: that request then names no tenant.
    // Inlined into the request path as before it took `proxies` (a call of its own cost more).
    #[inline]
    pub(crate) fn of_request<'a>(
        self,
        request: &'a HttpRequest,
        proxies: Option<&TrustedProxies>,
        buffer: &'a mut [u8; MAX_KEY_LEN],
    ) -> Option<&'a [u8]> {
        match self {
            TenantKey::Host => {
                let host = match proxies.and_then(|proxies| proxies.forwarded_host(request)) {
                    Some(forwarded) => forwarded,
                    None => match request.headers().get(header::HOST) {
                        Some(value) => value.as_bytes(),
                        None => request.uri().authority()?.as_str().as_bytes(),
                    },
                };
                host_key(host, buffer)
            }
            TenantKey::Path(name) => {
                let segment = request.match_info().get(name)?;
                (segment.len() <= MAX_KEY_LEN).then_some(segment.as_bytes())
            }
        }
    }

    /// What is wrong with `tenant` as a key an update stores, and the fix; `None` when it is
    /// one a request can name.
    pub(crate) fn problem(self, tenant: &str) -> Option<(String, String)> {
        match self {
            TenantKey::Host => host_problem(tenant),
            TenantKey::Path(_) => path_problem(tenant),
        }
    }

    /// How the key reads in reports: `host`, or `path {tenant}`.
    #[must_use]
    pub fn describe(self) -> String {
        match self {
            TenantKey::Host => "host".to_owned(),
            TenantKey::Path(name) => format!("path {{{name}}}"),
        }
    }
}

/// A `Host` value's name, lower-case, without the port and a trailing dot: `host` itself when
/// it is in that form already (as browsers send it), else a lower-case copy in `buffer`; `None`
/// for bytes no host name holds. Every request of a tenant set comes through here, so it reads
/// each byte once, through a table.
fn host_key<'a>(host: &'a [u8], buffer: &'a mut [u8; MAX_KEY_LEN]) -> Option<&'a [u8]> {
    if host.first() == Some(&b'[') {
        return ipv6_key(host);
    }
    if host.len() > MAX_HOST_LEN {
        return None;
    }
    // Every byte's class, name and port together, without a branch per byte: the colon is
    // looked for only when there is one (browsers leave default ports out).
    let classes = host.iter().fold(0, |classes, &byte| classes | HOST_BYTES[usize::from(byte)]);
    let end = match classes & COLON {
        0 => host.len(),
        _ => host.iter().position(|&byte| byte == b':').unwrap_or(host.len()),
    };
    // A byte no host name holds, in the name or the port, or a port that is not digits.
    if classes & INVALID != 0 || !host[end..].iter().skip(1).all(u8::is_ascii_digit) {
        return None;
    }
    let name = &host[..end];
    let name = name.strip_suffix(b".").unwrap_or(name);
    if name.is_empty() || name.len() > MAX_KEY_LEN {
        return None;
    }
    if classes & UPPER == 0 {
        return Some(name);
    }
    let lowered = &mut buffer[..name.len()];
    for (slot, &byte) in lowered.iter_mut().zip(name) {
        *slot = byte.to_ascii_lowercase();
    }
    Some(lowered)
}

/// `[::1]:8080` names `[::1]`; an IPv6 literal is written in lower case already by browsers, so
/// one in another case names no tenant.
fn ipv6_key(host: &[u8]) -> Option<&[u8]> {
    let end = host.iter().position(|&byte| byte == b']')?;
    let (name, port) = host.split_at(end + 1);
    let port_ok = port.is_empty() || (port[0] == b':' && port[1..].iter().all(u8::is_ascii_digit));
    let literal_ok =
        name[1..end].iter().all(|&byte| matches!(byte, b'0'..=b'9' | b'a'..=b'f' | b':' | b'.'));
    (port_ok && literal_ok && name.len() <= MAX_KEY_LEN).then_some(name)
}

/// The longest `Host` that can name a tenant: a name at the cap, a trailing dot and a port.
const MAX_HOST_LEN: usize = MAX_KEY_LEN + ".:65535".len();

const UPPER: u8 = 1;
const INVALID: u8 = 2;
const COLON: u8 = 4;

/// Each byte's class in a host name: `0` as stored (lower-case letters, digits, `-`, `.`, `_`),
/// [`UPPER`], [`COLON`] (before a port), or [`INVALID`].
static HOST_BYTES: [u8; 256] = {
    let mut table = [INVALID; 256];
    let mut byte = 0;
    while byte < 256 {
        let b = byte as u8;
        if b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'.' | b'_') {
            table[byte] = 0;
        } else if b.is_ascii_uppercase() {
            table[byte] = UPPER;
        } else if b == b':' {
            table[byte] = COLON;
        }
        byte += 1;
    }
    table
};

fn host_problem(tenant: &str) -> Option<(String, String)> {
    // Labels are never empty.
    let well_formed = |key: &str| !key.contains("..") && !key.starts_with('.');
    let mut buffer = [0; MAX_KEY_LEN];
    let key = host_key(tenant.as_bytes(), &mut buffer);
    match key.and_then(|key| std::str::from_utf8(key).ok()) {
        Some(key) if key == tenant && well_formed(key) => None,
        Some(key) if well_formed(key) => Some((
            format!("`{tenant}` is not a host in the form requests are matched in"),
            format!(
                "write it as `{key}`: the tenant's host name, lower-case, without a port or a trailing dot"
            ),
        )),
        _ => Some((
            format!("`{tenant}` is not a host name"),
            "a tenant keyed by host is the name the API is called on, such as `api.acme.example`"
                .to_owned(),
        )),
    }
}

/// Path segments are matched as written (paths are case-sensitive), from the characters a
/// segment holds unescaped, never `.` or `..`.
fn path_problem(tenant: &str) -> Option<(String, String)> {
    let allowed =
        |byte: u8| byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~');
    if !tenant.is_empty()
        && tenant.len() <= MAX_KEY_LEN
        && tenant.bytes().all(allowed)
        && tenant != "."
        && tenant != ".."
    {
        return None;
    }
    Some((
        format!("`{}` is not a tenant a path segment names", tenant.escape_debug()),
        format!(
            "a tenant keyed by path is one segment of 1 to {MAX_KEY_LEN} letters, digits, `-`, `_`, `.` or `~`, never `.` or `..`, such as `acme`"
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(host: &str) -> Option<String> {
        let mut buffer = [0; MAX_KEY_LEN];
        host_key(host.as_bytes(), &mut buffer).map(|key| String::from_utf8(key.to_vec()).unwrap())
    }

    #[test]
    fn a_host_is_its_name_lower_case_without_port_or_trailing_dot() {
        for host in
            ["api.acme.example", "API.Acme.Example", "api.acme.example:8443", "api.acme.example."]
        {
            assert_eq!(key(host).as_deref(), Some("api.acme.example"), "{host}");
        }
        assert_eq!(key("[::1]:8080").as_deref(), Some("[::1]"));
        assert_eq!(key("127.0.0.1:80").as_deref(), Some("127.0.0.1"));
        // A name at the cap, with a trailing dot and the longest port.
        let longest = format!("{}.example", "a".repeat(MAX_KEY_LEN - ".example".len()));
        assert_eq!(key(&format!("{longest}.:65535")), Some(longest));
    }

    #[test]
    fn hosts_no_tenant_is_stored_under_name_none() {
        let long = "a".repeat(MAX_KEY_LEN + 1);
        for host in
            ["", ":80", "acme.example:80x", "acme.example/../x", "acme example", &long, "é.example"]
                .into_iter()
                .chain([
                    "acme.example:8:80",
                    "acme.example:8/",
                    "ACME.example:80A",
                    // Past the longest name, dot and port, whatever it holds.
                    &format!("acme.example:{}", "8".repeat(MAX_KEY_LEN)),
                ])
        {
            assert_eq!(key(host), None, "{host}");
        }
    }

    #[test]
    fn update_keys_are_refused_unless_in_the_form_requests_are_matched_in() {
        assert_eq!(TenantKey::Host.problem("api.acme.example"), None);
        let (_, help) = TenantKey::Host.problem("API.acme.example:443").unwrap();
        assert!(help.contains("`api.acme.example`"), "{help}");
        for malformed in ["a..b", ".acme.example", "a]b.example", "acme:example"] {
            assert!(TenantKey::Host.problem(malformed).is_some(), "{malformed}");
        }
        assert_eq!(TenantKey::Host.problem("[::1]"), None);
        assert!(TenantKey::Host.problem("").is_some());
        let path = TenantKey::Path("tenant");
        assert_eq!(path.problem("acme"), None);
        for traversal in ["..", ".", "../acme", "acme/..", "a%2Fb", "", "acme\n"] {
            assert!(path.problem(traversal).is_some(), "{traversal:?}");
        }
    }
}
