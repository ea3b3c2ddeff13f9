//! The proxies a host-keyed [`TenantOrigins`] takes `X-Forwarded-Host` from: exact addresses
//! and CIDR ranges, read once at startup and matched against each request's TCP peer.

use std::fmt;
use std::net::IpAddr;

use actix_web::HttpRequest;
use actix_web::http::header;

use super::error::cut;
use super::{TenantKey, TenantOrigins};

/// An error shows at most this many bytes of the entry it refuses.
const MAX_SHOWN_ENTRY: usize = 100;

/// The proxies whose `X-Forwarded-Host` names a request's tenant
/// ([`TenantOrigins::trust_forwarded_host`]). Shown as written back: `10.0.0.0/8, ::1`.
#[derive(Clone, PartialEq, Eq)]
pub struct TrustedProxies {
    ranges: Box<[ProxyRange]>,
}

/// One address (a range of its full length) or CIDR range. An IPv4-mapped IPv6 range
/// (`::ffff:10.0.0.0/104`) is kept as the IPv4 range it maps, since peers are compared in
/// their IPv4 form too.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ProxyRange {
    V4 { network: u32, prefix: u8 },
    V6 { network: u128, prefix: u8 },
}

/// Why [`TenantOrigins::trust_forwarded_host`] trusted no proxy; the set then reads only
/// `Host`, as before the call.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum TrustedProxyError {
    /// An entry is neither an IP address nor a CIDR range: a host name, a port, brackets.
    NotAnAddress {
        /// The entry as given (cut at 100 bytes).
        entry: String,
    },
    /// A CIDR range's prefix length is not a number of bits its address has.
    BadPrefix {
        /// The entry as given.
        entry: String,
        /// The bits of its address: 32 or 128.
        bits: u8,
    },
    /// A CIDR range's address has bits set past its prefix (`10.0.0.1/8`): it is not clear
    /// whether the range or the one address was meant.
    HostBitsSet {
        /// The entry as given.
        entry: String,
        /// The range its prefix makes (`10.0.0.0/8`).
        range: String,
    },
    /// A range of every address (`0.0.0.0/0`, `::/0`): every client could name any tenant.
    EveryAddress {
        /// The entry as given.
        entry: String,
    },
    /// No proxy was given.
    NoProxies,
    /// The set trusts proxies already: they are given once, in one call.
    AlreadyTrusted {
        /// The proxies it trusts.
        trusted: String,
    },
    /// The set is keyed by a path parameter, where no host is read.
    NotKeyedByHost,
}

impl TenantOrigins {
    /// Names the tenant of a request from a trusted proxy by the host the proxy forwarded, for
    /// an application behind a reverse proxy that rewrites `Host`; other requests keep naming
    /// theirs by `Host`. `proxies` are the addresses the proxies connect to the application
    /// from: IP addresses (`10.0.0.7`, `::1`) or CIDR ranges (`10.0.0.0/8`, `fd00::/8`).
    ///
    /// Only a request whose TCP peer ([`HttpRequest::peer_addr`], never a header) is one of
    /// `proxies` has its `X-Forwarded-Host` read: the last comma-separated value of its last
    /// `X-Forwarded-Host` line, which the proxy next to the application wrote, read as `Host`
    /// is (lower-case, without port or trailing dot). A value that is no host names no tenant,
    /// and `Host` is then not read either; a request of a trusted proxy without the header is
    /// named by its `Host`. `Forwarded` (RFC 7239) is never read. Each proxy must write the
    /// header on every request (nginx's `proxy_set_header` replaces the client's): one that
    /// passes a client's header through lets the client pick the tenant.
    ///
    /// The proxies are set once, best at startup; a call while the server runs holds from the
    /// next request on.
    ///
    /// ```
    /// use cors_runtime::TenantOrigins;
    ///
    /// static CUSTOMERS: TenantOrigins = TenantOrigins::by_host();
    ///
    /// // nginx on this machine and the load balancers' subnet:
    /// // `proxy_set_header X-Forwarded-Host $host;`
    /// CUSTOMERS.trust_forwarded_host(["127.0.0.1", "10.20.0.0/16"])?;
    /// assert_eq!(CUSTOMERS.trusted_proxies().unwrap().to_string(), "127.0.0.1, 10.20.0.0/16");
    ///
    /// let error = CUSTOMERS.trust_forwarded_host(["10.30.0.0/16"]).unwrap_err();
    /// assert!(error.to_string().contains("trusts proxies already"));
    /// # Ok::<(), cors_runtime::TrustedProxyError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`TrustedProxyError`], naming the entry and the fix, for an entry that is not an
    /// address or a range, a range with bits set past its prefix, a range of every address, an
    /// empty list, a set keyed by path, or a second call; the set then trusts no new proxy.
    pub fn trust_forwarded_host<I>(&self, proxies: I) -> Result<(), TrustedProxyError>
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        if let TenantKey::Path(_) = self.key {
            return Err(TrustedProxyError::NotKeyedByHost);
        }
        let already = |trusted: &TrustedProxies| TrustedProxyError::AlreadyTrusted {
            trusted: trusted.to_string(),
        };
        if let Some(trusted) = self.trusted_proxies() {
            return Err(already(trusted));
        }
        let ranges = proxies.into_iter().map(|entry| ProxyRange::parse(entry.as_ref()));
        let ranges = ranges.collect::<Result<Box<[ProxyRange]>, _>>()?;
        if ranges.is_empty() {
            return Err(TrustedProxyError::NoProxies);
        }
        self.proxies.set(TrustedProxies { ranges }).map_err(|_| already(self.proxies.wait()))?;
        log::info!(
            "CORS tenant origins by host: `X-Forwarded-Host` is read from requests of {}",
            self.proxies.wait()
        );
        Ok(())
    }

    /// The proxies whose `X-Forwarded-Host` names a request's tenant, once
    /// [`trust_forwarded_host`](Self::trust_forwarded_host) set them.
    #[must_use]
    pub fn trusted_proxies(&self) -> Option<&TrustedProxies> {
        self.proxies.get()
    }

    /// What the tenant of a request is read from, as reports and log lines say it: `host`,
    /// `host (X-Forwarded-Host from trusted proxies)` or `path {tenant}`.
    pub(crate) fn keyed_by(&self) -> String {
        match self.trusted_proxies() {
            Some(_) => format!("{} (X-Forwarded-Host from trusted proxies)", self.key.describe()),
            None => self.key.describe(),
        }
    }
}

impl TrustedProxies {
    /// Whether `peer` is one of the proxies; an IPv4-mapped IPv6 peer (`::ffff:10.0.0.7`, as a
    /// dual-stack socket reports an IPv4 client) as its IPv4 address.
    #[must_use]
    pub fn contains(&self, peer: IpAddr) -> bool {
        let peer = peer.to_canonical();
        self.ranges.iter().any(|range| range.contains(peer))
    }

    /// The host `request`'s proxy forwarded, as sent: the last value of its last
    /// `X-Forwarded-Host` line, trimmed; `None` when its peer is not trusted or sent none.
    pub(super) fn forwarded_host<'r>(&self, request: &'r HttpRequest) -> Option<&'r [u8]> {
        if !self.contains(request.peer_addr()?.ip()) {
            return None;
        }
        let last_line = request.headers().get_all(header::X_FORWARDED_HOST).last()?;
        let last_value = last_line.as_bytes().rsplit(|&byte| byte == b',').next()?;
        Some(last_value.trim_ascii())
    }

    /// Each address or range, as a report lists them.
    pub(crate) fn written(&self) -> Vec<String> {
        self.ranges.iter().map(ToString::to_string).collect()
    }
}

impl ProxyRange {
    fn parse(entry: &str) -> Result<Self, TrustedProxyError> {
        let shown = || cut(entry, MAX_SHOWN_ENTRY).to_owned();
        let trimmed = entry.trim();
        let (address, prefix) = match trimmed.split_once('/') {
            Some((address, prefix)) => (address, Some(prefix)),
            None => (trimmed, None),
        };
        let address: IpAddr =
            address.parse().map_err(|_| TrustedProxyError::NotAnAddress { entry: shown() })?;
        let bits = if address.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            None => bits,
            // Digits only: `u8`'s parser also takes a sign.
            Some(digits) => (digits.parse().ok())
                .filter(|&prefix| {
                    prefix <= bits && digits.bytes().all(|byte| byte.is_ascii_digit())
                })
                .ok_or_else(|| TrustedProxyError::BadPrefix { entry: shown(), bits })?,
        };
        let range = match address {
            IpAddr::V4(address) => ProxyRange::V4 { network: address.to_bits(), prefix },
            IpAddr::V6(address) => match address.to_ipv4_mapped() {
                Some(mapped) if prefix >= 96 => {
                    ProxyRange::V4 { network: mapped.to_bits(), prefix: prefix - 96 }
                }
                _ => ProxyRange::V6 { network: address.to_bits(), prefix },
            },
        };
        if let ProxyRange::V4 { prefix: 0, .. } | ProxyRange::V6 { prefix: 0, .. } = range {
            return Err(TrustedProxyError::EveryAddress { entry: shown() });
        }
        let masked = range.masked();
        if masked != range {
            return Err(TrustedProxyError::HostBitsSet {
                entry: shown(),
                range: masked.to_string(),
            });
        }
        Ok(range)
    }

    /// The range with the bits past its prefix cleared.
    fn masked(self) -> Self {
        match self {
            ProxyRange::V4 { network, prefix } => {
                let mask = u32::MAX.checked_shl(32 - u32::from(prefix)).unwrap_or(0);
                ProxyRange::V4 { network: network & mask, prefix }
            }
            ProxyRange::V6 { network, prefix } => {
                let mask = u128::MAX.checked_shl(128 - u32::from(prefix)).unwrap_or(0);
                ProxyRange::V6 { network: network & mask, prefix }
            }
        }
    }

    /// Whether `peer`, in its canonical form, is in the range.
    fn contains(self, peer: IpAddr) -> bool {
        let peer = match (self, peer) {
            (ProxyRange::V4 { prefix, .. }, IpAddr::V4(peer)) => {
                ProxyRange::V4 { network: peer.to_bits(), prefix }
            }
            (ProxyRange::V6 { prefix, .. }, IpAddr::V6(peer)) => {
                ProxyRange::V6 { network: peer.to_bits(), prefix }
            }
            _ => return false,
        };
        peer.masked() == self
    }
}

impl fmt::Display for ProxyRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (address, prefix, bits) = match *self {
            ProxyRange::V4 { network, prefix } => {
                (IpAddr::from(std::net::Ipv4Addr::from_bits(network)), prefix, 32)
            }
            ProxyRange::V6 { network, prefix } => {
                (IpAddr::from(std::net::Ipv6Addr::from_bits(network)), prefix, 128)
            }
        };
        match prefix {
            full if full == bits => write!(f, "{address}"),
            prefix => write!(f, "{address}/{prefix}"),
        }
    }
}

impl fmt::Display for TrustedProxies {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, range) in self.ranges.iter().enumerate() {
            if index > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{range}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for TrustedProxies {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TrustedProxies({self})")
    }
}

impl fmt::Display for TrustedProxyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let example = "such as `10.0.0.7`, `::1` or `10.0.0.0/8`";
        match self {
            TrustedProxyError::NotAnAddress { entry } => write!(
                f,
                "trusted proxy `{}` is not an IP address or a CIDR range\n  help: write the \
                 address the proxy connects to the application from, {example}, without a port \
                 or brackets (host names are not resolved)",
                entry.escape_debug()
            ),
            TrustedProxyError::BadPrefix { entry, bits } => write!(
                f,
                "trusted proxy `{}` has a prefix length that is not a number from 1 to {bits}\n  \
                 help: write the range's length in bits after the slash, such as `10.0.0.0/8` \
                 or `fd00::/8`",
                entry.escape_debug()
            ),
            TrustedProxyError::HostBitsSet { entry, range } => write!(
                f,
                "trusted proxy `{}` has address bits set past its prefix length, so it is not \
                 clear whether one address or a range is meant\n  help: write the range as \
                 `{range}`, or the one address without a prefix",
                entry.escape_debug()
            ),
            TrustedProxyError::EveryAddress { entry } => write!(
                f,
                "trusted proxy `{}` is every address: any client could then send \
                 `X-Forwarded-Host` and name any tenant\n  help: list only the addresses of the \
                 proxies in front of the application",
                entry.escape_debug()
            ),
            TrustedProxyError::NoProxies => write!(
                f,
                "no trusted proxy was given\n  help: list the addresses of the proxies in front \
                 of the application, {example}; to read only `Host`, do not call \
                 `trust_forwarded_host`"
            ),
            TrustedProxyError::AlreadyTrusted { trusted } => write!(
                f,
                "the set trusts proxies already ({trusted}); they are set once\n  help: give \
                 every proxy in one call of `trust_forwarded_host`, at startup"
            ),
            TrustedProxyError::NotKeyedByHost => f.write_str(
                "the set is keyed by a path parameter, where no host is read\n  help: trust \
                 proxies on a set declared with `TenantOrigins::by_host()`",
            ),
        }
    }
}

// As for `TenantUpdateError`: a `main` returning it prints `Debug`, which should read as
// `Display`.
impl fmt::Debug for TrustedProxyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for TrustedProxyError {}

#[cfg(test)]
mod tests;
