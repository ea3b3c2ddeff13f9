//! The host and port of an origin as written in a policy, checked against the one form browsers
//! send (lower-case, shortest IPv6, no leading zeros, no default port).

use std::net::{Ipv4Addr, Ipv6Addr};

use crate::Problem;

/// The length of the public suffix that ends `host` (Mozilla's Public Suffix List, which
/// browsers read to tell sites apart: `co.uk`, `github.io`), 0 when the list knows none.
// The list's lookup is a 2.5 MB match that `psl` inlines into each caller: this is its one call
// site in the workspace's crates, so the lookup is compiled once, here (in an optimized build,
// such as the fuzz targets', each further caller took 20 to 30 seconds).
#[inline(never)]
pub fn public_suffix_len(host: &[u8]) -> usize {
    psl::suffix(host).map_or(0, |suffix| suffix.as_bytes().len())
}

/// Whether `host` as a whole is a public suffix (`com`, `github.io`): anyone can register a
/// site below it.
pub(crate) fn is_public_suffix(host: &str) -> bool {
    !host.is_empty() && public_suffix_len(host.as_bytes()) == host.len()
}

/// The registrable domain of `host`: its public suffix and the label before it
/// (`api.myapp.co.uk` -> `myapp.co.uk`, and without a final dot: `myapp.com.` -> `myapp.com`),
/// as browsers compare sites; `None` when `host` is a public suffix or has none.
pub fn registrable_domain(host: &str) -> Option<&str> {
    let host = host.strip_suffix('.').unwrap_or(host);
    let suffix = public_suffix_len(host.as_bytes());
    if suffix == 0 || host.len() < suffix + 2 {
        return None;
    }
    let below = &host[..host.len() - suffix - 1];
    let root_label = below.rsplit('.').next().unwrap_or(below);
    host.get(host.len() - suffix - 1 - root_label.len()..)
}

pub(crate) fn is_host_label_byte(byte: u8) -> bool {
    byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'-' || byte == b'_'
}

pub(crate) fn split_host_and_port(authority: &str) -> Result<(&str, Option<&str>), Problem> {
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

pub(crate) fn parse_port(
    text: &str,
    default_port: u16,
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
    if port == default_port {
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

pub(crate) fn parse_host(
    text: &str,
    deviation: &mut Option<&'static str>,
) -> Result<String, Problem> {
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
    if ends_in_a_number(&domain) {
        let Some(address) = parse_ipv4(&domain) else {
            return Err(Problem::new(
                format!("`{domain}` is not a valid IPv4 address: browsers would read it as one"),
                "write the address as four numbers from 0 to 255, e.g. `http://127.0.0.1:8080`",
            ));
        };
        let canonical = address.to_string();
        if canonical != domain {
            *deviation = deviation.or(Some(
                "browsers read a host such as `127.1`, `2130706433` or `0x7f.0.0.1` as an IPv4 \
                 address and write it as four decimal numbers (`127.0.0.1`), so this never matches",
            ));
        }
        return Ok(canonical);
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

/// Whether the URL standard reads `host` as an IPv4 address: its last label (a trailing empty one
/// aside) is decimal digits or a `0x` number, as in `127.1` or `1.0x1`.
fn ends_in_a_number(host: &str) -> bool {
    let labels = number_labels(host);
    let last = labels.last().copied().unwrap_or_default();
    (!last.is_empty() && last.bytes().all(|byte| byte.is_ascii_digit()))
        || ipv4_number(last).is_some()
}

/// The dot-separated labels of a host read as IPv4, a trailing empty one aside.
fn number_labels(host: &str) -> Vec<&str> {
    let mut labels: Vec<&str> = host.split('.').collect();
    if labels.len() > 1 && labels.last() == Some(&"") {
        labels.pop();
    }
    labels
}

/// The URL standard's IPv4 parser: one to four dot-separated numbers, each decimal, `0x` hex or
/// `0`-prefixed octal, the last filling the bytes the others leave (`127.1` is `127.0.0.1`,
/// `2130706433` too); `None` when the host is no address.
fn parse_ipv4(host: &str) -> Option<Ipv4Addr> {
    let labels = number_labels(host);
    if labels.len() > 4 {
        return None;
    }
    let numbers: Vec<u64> = labels.iter().map(|label| ipv4_number(label)).collect::<Option<_>>()?;
    let (last, leading) = numbers.split_last()?;
    if leading.iter().any(|&number| number > 255) || *last >= 256u64.pow(5 - numbers.len() as u32) {
        return None;
    }
    let leading = leading.iter().enumerate().map(|(at, number)| number << (8 * (3 - at)));
    Some(Ipv4Addr::from((last + leading.sum::<u64>()) as u32))
}

/// One number of an IPv4 host: `0x` hex, `0`-prefixed octal or decimal; `None` when it is none.
fn ipv4_number(text: &str) -> Option<u64> {
    if text.is_empty() {
        return None;
    }
    let (digits, radix) = match text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
        Some(hex) => (hex, 16),
        None if text.len() > 1 && text.starts_with('0') => (&text[1..], 8),
        None => (text, 10),
    };
    if digits.is_empty() {
        return Some(0);
    }
    // `from_str_radix` also takes a sign, which no host number has.
    if !digits.chars().all(|digit| digit.is_digit(radix)) {
        return None;
    }
    u64::from_str_radix(digits, radix).ok()
}
