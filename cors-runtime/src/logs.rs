//! The words of the log lines about a policy: where a developer changes it, and what it allows.
//! They are built only when a line is written, never on the way to a grant.

use std::fmt;

use actix_web::HttpRequest;
use actix_web::http::header;
use cors_rules::{AllowedOrigin, LookAlike, Origin, imitable, look_alike};

use crate::policy::{MAX_ORIGIN_LEN, Policy};
use crate::tenants::{TenantKey, TenantOrigins};

/// How many bytes of a request's value a log line quotes.
const MAX_QUOTED_BYTES: usize = 128;

/// A value from the request, as a log line may show it: in quotes, printable ASCII as it is and
/// every other byte as `\xNN`, and cut after [`MAX_QUOTED_BYTES`] bytes with `…` and the full
/// length.
///
/// Whoever sends the request chooses these bytes: unescaped, U+2028, NEL or a bidi override
/// would let them split or disguise lines in a log viewer, and a 100 KiB header would make
/// every line 100 KiB.
pub(crate) struct Quoted<'a>(pub(crate) &'a [u8]);

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\"{}", Escaped(self.0))?;
        if self.0.len() > MAX_QUOTED_BYTES {
            write!(f, "\" ({} bytes)", self.0.len())
        } else {
            f.write_str("\"")
        }
    }
}

/// A [`Quoted`] value without its quotes and length: what an event's field holds, cut after
/// [`MAX_QUOTED_BYTES`] bytes with `…`.
pub(crate) struct Escaped<'a>(pub(crate) &'a [u8]);

impl fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = &self.0[..self.0.len().min(MAX_QUOTED_BYTES)];
        for printable_or_not in shown.chunk_by(|a, b| is_shown_as_is(*a) == is_shown_as_is(*b)) {
            if is_shown_as_is(printable_or_not[0]) {
                // Printable ASCII only, so always text.
                f.write_str(std::str::from_utf8(printable_or_not).map_err(|_| fmt::Error)?)?;
            } else {
                printable_or_not.iter().try_for_each(|byte| write!(f, "\\x{byte:02x}"))?;
            }
        }
        if shown.len() < self.0.len() { f.write_str("…") } else { Ok(()) }
    }
}

/// Printable ASCII but the quote and the backslash, which would make the quoting ambiguous.
fn is_shown_as_is(byte: u8) -> bool {
    matches!(byte, b' '..=b'~') && byte != b'"' && byte != b'\\'
}

/// `origin` when it is an origin `origins = [..]` accepts as it is, so that a log line may advise
/// adding it; `None` for `*`, a pattern, a URL with a path, `null` or bytes no browser sends,
/// which no change to the policy should be made for.
pub(crate) fn listable_origin(origin: &[u8]) -> Option<&str> {
    if origin.len() > MAX_ORIGIN_LEN {
        return None;
    }
    let text = std::str::from_utf8(origin).ok()?;
    match cors_rules::parse_origin(text) {
        Ok(AllowedOrigin::Exact(parsed)) if parsed.to_string() == text => Some(text),
        _ => None,
    }
}

/// What a log line advises about a refused `Origin`.
pub(crate) enum OriginAdvice<'a> {
    /// An origin a policy can list: adding it is the fix.
    Add(&'a str),
    /// One that imitates an origin the policy allows (`https://myapp.com.evil.net`), as CORS
    /// scanners' probes do: adding it is the fix only if that page is really the developer's.
    Imitation { origin: &'a str, of: Origin, how: LookAlike },
    /// Not an origin a policy can list: nothing to change.
    Unlistable,
}

/// At most this many allowed origins are compared with a refused one: a log line is not worth
/// parsing thousands, whoever sends the requests.
const MAX_IMITATED: usize = 64;

/// What to advise about `origin`, refused by `policy` on `request`.
pub(crate) fn origin_advice<'a>(
    policy: &Policy,
    request: &HttpRequest,
    origin: &'a [u8],
) -> OriginAdvice<'a> {
    let Some(listable) = listable_origin(origin) else { return OriginAdvice::Unlistable };
    let Some(candidate) = imitable(listable) else { return OriginAdvice::Add(listable) };
    let tenant_origins = policy.tenant_origins().and_then(|(set, _)| {
        let tenant = set.tenant_of(request)?;
        set.origins_of(&tenant)
    });
    let allowed: Vec<&str> = match &tenant_origins {
        Some(origins) => origins.iter().map(String::as_str).collect(),
        None => policy.origins().to_vec(),
    };
    let imitated = allowed.into_iter().take(MAX_IMITATED).filter_map(imitable).find_map(|of| {
        let how = look_alike(&candidate, &of)?;
        Some((of, how))
    });
    match imitated {
        Some((of, how)) => OriginAdvice::Imitation { origin: listable, of, how },
        None => OriginAdvice::Add(listable),
    }
}

impl<'a> OriginAdvice<'a> {
    /// The edit a structured event offers: only adding an origin that imitates none.
    pub(crate) fn edit(&self) -> Option<&'a str> {
        match self {
            OriginAdvice::Add(origin) => Some(origin),
            _ => None,
        }
    }

    /// The advice, for a page that would `act` ("call this route"): `None` when there is
    /// nothing to change.
    pub(crate) fn fix(&self, act: &str, policy: &Policy, request: &HttpRequest) -> Option<String> {
        let (setting, place) = (origins_setting(policy, request), where_written(policy));
        match self {
            OriginAdvice::Add(origin) => {
                Some(format!("if that page should {act}, add \"{origin}\" to {setting} {place}"))
            }
            OriginAdvice::Imitation { origin, of, how } => Some(format!(
                "\"{origin}\" imitates {of} ({how}), as CORS scanners' probes do: nothing to change unless that page is really yours and should {act}; then add it to {setting} {place}"
            )),
            OriginAdvice::Unlistable => None,
        }
    }
}

/// Where a developer changes `policy`.
pub(crate) fn where_written(policy: &Policy) -> String {
    match policy.policy_name() {
        Some(name) => format!("in the policy `{name}` (used by `{}`)", policy.handler()),
        None => format!("in #[cors(...)] on `{}`", policy.handler()),
    }
}

/// Where the allowed origins of `policy` are set: for `origins = tenants(..)`, the origins of
/// the tenant `request` names.
pub(crate) fn origins_setting(policy: &Policy, request: &HttpRequest) -> String {
    if let Some((set, name)) = policy.tenant_origins() {
        return match set.tenant_of(request) {
            Some(tenant) => {
                format!("tenant {}'s origins in `{name}`", Quoted(tenant.as_bytes()))
            }
            None => format!("the origins of the request's tenant in `{name}`"),
        };
    }
    match policy.origins_env() {
        Some(origins_env) => format!("the {origins_env} variable read by `origins = env(..)`"),
        None => "`origins`".to_owned(),
    }
}

/// At most this many allowed origins are written into a log line; a longer list (thousands
/// from `env(..)`) is counted instead, so that one refusal cannot write a line of megabytes.
const MAX_LOGGED_ORIGINS: usize = 8;

/// The allowed origins of `policy` for `request`, or why there are none.
pub(crate) fn describe_origins(policy: &Policy, request: &HttpRequest) -> String {
    let Some((set, name)) = policy.tenant_origins() else {
        return describe_origin_list(policy.origins_env(), policy.origins());
    };
    let Some(tenant) = set.tenant_of(request) else {
        let by = set.keyed_by();
        return format!(
            "none: the request names no tenant of `{name}` (tenants are keyed by {by})"
        );
    };
    let tenant_quoted = Quoted(tenant.as_bytes());
    match set.origins_of(&tenant) {
        Some(origins) => {
            let origins: Vec<&str> = origins.iter().map(String::as_str).collect();
            format!("for tenant {tenant_quoted}, {}", describe_origin_list(None, &origins))
        }
        None if !set.summary().loaded => format!(
            "none: `{name}` was never loaded; load the tenants' origins before starting the server"
        ),
        None => format!(
            "none: {tenant_quoted} is not a tenant of `{name}`{}",
            unread_forwarded_host(set, name, request)
        ),
    }
}

/// For a request whose `X-Forwarded-Host` the set did not read, since it came from no proxy
/// the set trusts, what an application behind a proxy (whose requests all name the proxy's
/// `Host`) needs to know; empty for any other request.
fn unread_forwarded_host(set: &TenantOrigins, name: &str, request: &HttpRequest) -> String {
    let from_trusted_proxy = set
        .trusted_proxies()
        .is_some_and(|proxies| request.peer_addr().is_some_and(|peer| proxies.contains(peer.ip())));
    if set.key() != TenantKey::Host
        || from_trusted_proxy
        || !request.headers().contains_key(header::X_FORWARDED_HOST)
    {
        return String::new();
    }
    format!(
        "; its `X-Forwarded-Host` was not read, as it came from no proxy `{name}` trusts (see \
         `{name}.trust_forwarded_host`)"
    )
}

fn describe_origin_list(origins_env: Option<&str>, origins: &[&str]) -> String {
    match (origins_env, origins) {
        (Some(origins_env), []) => format!(
            "none yet: the origins in {origins_env} were never loaded; call cors_runtime::init() before starting the server"
        ),
        (_, origins) if origins.len() > MAX_LOGGED_ORIGINS => {
            format!("{} origins, listed by cors_runtime::routes_table()", origins.len())
        }
        (_, origins) => origins.join(", "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::tests::CREDENTIALED;

    #[test]
    fn quoting_escapes_every_byte_but_printable_ascii() {
        let forged = "https://e.com\u{2028}[INFO] ok\u{85}\u{202e}\u{9b}é\"\\\t".as_bytes();
        assert_eq!(
            Quoted(forged).to_string(),
            r#""https://e.com\xe2\x80\xa8[INFO] ok\xc2\x85\xe2\x80\xae\xc2\x9b\xc3\xa9\x22\x5c\x09""#
        );
    }

    #[test]
    fn only_canonical_exact_origins_are_listable() {
        assert_eq!(listable_origin(b"https://app.example"), Some("https://app.example"));
        for not_listable in [
            &b"*"[..],
            b"null",
            b"https://evil.example/path",
            b"https://*.evil.example",
            b"HTTPS://app.example",
            b"https://app.example:443",
            b"https://app.example\xe2\x80\xa8",
        ] {
            assert_eq!(listable_origin(not_listable), None, "{}", Quoted(not_listable));
        }
    }

    #[test]
    fn quoting_cuts_long_values() {
        let long = "a".repeat(10 * 1024);
        let quoted = Quoted(long.as_bytes()).to_string();
        assert_eq!(quoted, format!("\"{}…\" (10240 bytes)", "a".repeat(MAX_QUOTED_BYTES)));
    }

    #[test]
    fn describes_origins_for_logs() {
        assert_eq!(
            describe_origins(
                &CREDENTIALED,
                &actix_web::test::TestRequest::default().to_http_request()
            ),
            "https://myapp.com, http://localhost:3000, https://*.myapp.com"
        );
    }

    /// A scanner's look-alike of an allowed origin is never advised as a plain fix, and its
    /// event offers no edit; another site is.
    #[test]
    fn look_alikes_of_allowed_origins_are_not_advised_as_plain_fixes() {
        let request = actix_web::test::TestRequest::default().to_http_request();
        let advise =
            |origin: &'static str| origin_advice(&CREDENTIALED, &request, origin.as_bytes());
        for (origin, imitated, how) in [
            ("https://myapp.com.evil.net", "https://myapp.com", LookAlike::Extended),
            ("https://evilmyapp.com", "https://myapp.com", LookAlike::Glued),
            ("http://myapp.com", "https://myapp.com", LookAlike::Downgraded),
            ("http://localhost.evil.net:3000", "http://localhost:3000", LookAlike::Extended),
        ] {
            let advice = advise(origin);
            let OriginAdvice::Imitation { of, how: found, .. } = &advice else {
                panic!("{origin} is not taken for a look-alike");
            };
            assert_eq!((of.to_string().as_str(), *found), (imitated, how), "{origin}");
            assert_eq!(advice.edit(), None, "{origin}");
            let fix = advice.fix("call this route", &CREDENTIALED, &request).unwrap();
            assert_eq!(
                fix,
                format!(
                    "\"{origin}\" imitates {imitated} ({how}), as CORS scanners' probes do: nothing to change unless that page is really yours and should call this route; then add it to `origins` in #[cors(...)] on `data`"
                )
            );
        }
        let partner = advise("https://partner.example");
        assert_eq!(partner.edit(), Some("https://partner.example"));
        assert_eq!(
            partner.fix("call this route", &CREDENTIALED, &request).unwrap(),
            "if that page should call this route, add \"https://partner.example\" to `origins` in #[cors(...)] on `data`"
        );
        assert!(matches!(advise("null"), OriginAdvice::Unlistable));
        assert!(matches!(advise("https://myapp.com/"), OriginAdvice::Unlistable));
    }

    #[test]
    fn a_long_allowlist_is_counted_not_written_out() {
        let origins: Vec<String> =
            (0..10_000).map(|n| format!("https://tenant{n}.example")).collect();
        let origins: Vec<&str> = origins.iter().map(String::as_str).collect();
        let described = describe_origin_list(Some("TENANT_ORIGINS"), &origins);
        assert_eq!(described, "10000 origins, listed by cors_runtime::routes_table()");
    }
}
