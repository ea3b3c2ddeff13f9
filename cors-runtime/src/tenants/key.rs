//! The tenant a request names, and which tenant keys an update may hold.

use actix_web::HttpRequest;
use actix_web::http::header;

/// The longest tenant key: a host name (253 bytes, DNS's cap) or a path segment. A longer
/// `Host` or segment names no tenant, and is not read further.
pub(crate) const MAX_KEY_LEN: usize = 253;

/// What the tenant of a request is read from: something its preflight carries too, since a
/// browser's preflight carries no cookie, token or custom header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TenantKey {
    /// The request's `Host` (or HTTP/2 `:authority`): its name, lower-case, without the port
    /// or a trailing dot. A forwarded host (`X-Forwarded-Host`, `Forwarded`) is never read.
    Host,
    /// The named parameter of the matched path (`{tenant}`), as actix decoded it.
    Path(&'static str),
}

impl TenantKey {
    /// The tenant `request` names: for [`TenantKey::Host`] written into `buffer` in the one
    /// form tenants are stored in.
    pub(crate) fn of_request<'a>(
        self,
        request: &'a HttpRequest,
        buffer: &'a mut [u8; MAX_KEY_LEN],
    ) -> Option<&'a str> {
        match self {
            TenantKey::Host => {
                let host = match request.headers().get(header::HOST) {
                    Some(value) => value.as_bytes(),
                    None => request.uri().authority()?.as_str().as_bytes(),
                };
                host_key(host, buffer)
            }
            TenantKey::Path(name) => {
                let segment = request.match_info().get(name)?;
                (segment.len() <= MAX_KEY_LEN).then_some(segment)
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

/// A `Host` value's name, lower-case, without the port and a trailing dot, written into
/// `buffer`; `None` for bytes no host name holds.
fn host_key<'a>(host: &[u8], buffer: &'a mut [u8; MAX_KEY_LEN]) -> Option<&'a str> {
    let name = match host.first() {
        // An IPv6 literal keeps its brackets, as origins write it.
        Some(b'[') => &host[..=host.iter().position(|&byte| byte == b']')?],
        _ => match host.iter().rposition(|&byte| byte == b':') {
            Some(colon) if host[colon + 1..].iter().all(u8::is_ascii_digit) => &host[..colon],
            Some(_) => return None,
            None => host,
        },
    };
    let name = name.strip_suffix(b".").unwrap_or(name);
    if name.is_empty() || name.len() > MAX_KEY_LEN {
        return None;
    }
    let written = &mut buffer[..name.len()];
    for (slot, &byte) in written.iter_mut().zip(name) {
        if !(byte.is_ascii_alphanumeric()
            || matches!(byte, b'-' | b'.' | b'_' | b'[' | b']' | b':'))
        {
            return None;
        }
        *slot = byte.to_ascii_lowercase();
    }
    std::str::from_utf8(written).ok()
}

fn host_problem(tenant: &str) -> Option<(String, String)> {
    let mut buffer = [0; MAX_KEY_LEN];
    match host_key(tenant.as_bytes(), &mut buffer) {
        Some(key) if key == tenant && !key.contains("..") => None,
        Some(key) if !key.contains("..") => Some((
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
        host_key(host.as_bytes(), &mut buffer).map(str::to_owned)
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
    }

    #[test]
    fn hosts_no_tenant_is_stored_under_name_none() {
        let long = "a".repeat(MAX_KEY_LEN + 1);
        for host in
            ["", ":80", "acme.example:80x", "acme.example/../x", "acme example", &long, "é.example"]
        {
            assert_eq!(key(host), None, "{host}");
        }
    }

    #[test]
    fn update_keys_are_refused_unless_in_the_form_requests_are_matched_in() {
        assert_eq!(TenantKey::Host.problem("api.acme.example"), None);
        let (_, help) = TenantKey::Host.problem("API.acme.example:443").unwrap();
        assert!(help.contains("`api.acme.example`"), "{help}");
        assert!(TenantKey::Host.problem("a..b").is_some());
        assert!(TenantKey::Host.problem("").is_some());
        let path = TenantKey::Path("tenant");
        assert_eq!(path.problem("acme"), None);
        for traversal in ["..", ".", "../acme", "acme/..", "a%2Fb", "", "acme\n"] {
            assert!(path.problem(traversal).is_some(), "{traversal:?}");
        }
    }
}
