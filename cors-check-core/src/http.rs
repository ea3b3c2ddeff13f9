//! The blocking HTTP(S) transport: sends a [`Plan`](crate::Plan)'s requests to a live server.
//! Redirects are never followed (the browser never follows one for a preflight, and checks each
//! hop of an actual request on its own), and every status is a response, not an error.

use std::error::Error;
use std::fmt;
use std::io::ErrorKind;
use std::time::Duration;

use ureq::Agent;
use ureq::http::{Request, Uri};
use ureq::tls::{Certificate, PemItem, RootCerts, TlsConfig, parse_pem};

use crate::plan::OutgoingRequest;
use crate::response::Response;
use crate::url::with_browsers_host;

/// Sends requests with a blocking client that behaves like a browser's CORS fetch.
///
/// ```no_run
/// use std::time::Duration;
/// use cors_check_core::http::HttpTransport;
/// use cors_check_core::{Check, CorsRequest, Plan};
///
/// let plan = Plan::new(CorsRequest::new("https://api.example/data", "https://app.example"))?;
/// let transport = HttpTransport::new(Duration::from_secs(10));
/// let report = Check::new(plan).run(|request| transport.send(request))?;
/// println!("{report}");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct HttpTransport {
    agent: Agent,
    timeout: Duration,
}

/// Which server certificates an [`HttpTransport`] trusts: the public web's roots by default,
/// the system's ([`Trust::system`]), a PEM file's ([`Trust::authorities_from_pem`]), both
/// ([`Trust::and`]), or anything ([`Trust::anything`]). Opaque, so that the TLS stack's types
/// stay out of this crate's API.
#[derive(Clone, Debug, Default)]
pub struct Trust(Authorities);

#[derive(Clone, Debug, Default)]
enum Authorities {
    /// The Mozilla root certificates, the public web's (the default).
    #[default]
    Public,
    /// Only these certificate authorities: the system's bundle, a PEM file such as mkcert's
    /// `rootCA.pem` or a company's proxy authority, or both.
    Listed(Vec<Certificate<'static>>),
    /// Any certificate, unchecked (`--insecure`).
    Anything,
}

/// Where systems keep the certificate authorities they trust, as one PEM bundle: Debian and
/// Ubuntu (`update-ca-certificates`, which `mkcert -install` and company CAs go through), Fedora
/// and RHEL, Alpine and the BSDs. `SSL_CERT_FILE`, OpenSSL's override, comes first.
const SYSTEM_BUNDLES: [&str; 3] =
    ["/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt", "/etc/ssl/cert.pem"];

impl Trust {
    /// The certificate authorities the system trusts, as the browser on it does: the PEM bundle
    /// `SSL_CERT_FILE` names, or else the first of the usual bundles that exists; `None` when
    /// there is none, or it holds no certificate.
    pub fn system() -> Option<Self> {
        let named = std::env::var_os("SSL_CERT_FILE").map(std::path::PathBuf::from);
        let bundle = named
            .into_iter()
            .chain(SYSTEM_BUNDLES.iter().map(std::path::PathBuf::from))
            .find(|path| path.is_file())?;
        Self::authorities_from_pem(&std::fs::read(bundle).ok()?).ok()
    }

    /// Any certificate, unchecked (`--insecure`): for a server whose certificate the browser
    /// was told to accept.
    pub fn anything() -> Self {
        Self(Authorities::Anything)
    }

    /// This trust and the authorities of `more` (`--cacert` on top of the system's).
    #[must_use]
    pub fn and(self, more: Trust) -> Self {
        Self(match (self.0, more.0) {
            (Authorities::Anything, _) | (_, Authorities::Anything) => Authorities::Anything,
            (Authorities::Listed(mut ours), Authorities::Listed(theirs)) => {
                ours.extend(theirs);
                Authorities::Listed(ours)
            }
            (Authorities::Public, more) | (more, Authorities::Public) => more,
        })
    }

    /// The authorities of a PEM file's `CERTIFICATE` blocks.
    pub fn authorities_from_pem(pem: &[u8]) -> Result<Self, TransportError> {
        let certificates: Vec<Certificate<'static>> = parse_pem(pem)
            .filter_map(|item| match item {
                Ok(PemItem::Certificate(certificate)) => Some(Ok(certificate)),
                Ok(_) => None,
                Err(error) => Some(Err(error)),
            })
            .collect::<Result<_, _>>()
            .map_err(|error| TransportError {
                kind: TransportErrorKind::Tls,
                message: format!("cannot read the certificates: {error}"),
                source: Some(Box::new(error)),
            })?;
        if certificates.is_empty() {
            return Err(TransportError {
                kind: TransportErrorKind::Tls,
                message: "no CERTIFICATE block in the PEM file".to_owned(),
                source: None,
            });
        }
        Ok(Self(Authorities::Listed(certificates)))
    }
}

impl HttpTransport {
    /// A transport that gives up on a request after `timeout` (connect, TLS, send and receive).
    pub fn new(timeout: Duration) -> Self {
        Self::trusting(timeout, Trust::default())
    }

    /// [`HttpTransport::new`], trusting the server certificates `trust` says.
    pub fn trusting(timeout: Duration, trust: Trust) -> Self {
        let tls = match trust.0 {
            Authorities::Public => TlsConfig::builder(),
            Authorities::Listed(certificates) => {
                TlsConfig::builder().root_certs(RootCerts::new_with_certs(&certificates))
            }
            Authorities::Anything => TlsConfig::builder().disable_verification(true),
        };
        let agent = Agent::config_builder()
            .max_redirects(0)
            .http_status_as_error(false)
            // fetch() may use any token as a method, e.g. `patch` or `PROPFIND`.
            .allow_non_standard_methods(true)
            .timeout_global(Some(timeout))
            .user_agent("cors-check")
            .tls_config(tls.build())
            .build()
            .into();
        Self { agent, timeout }
    }

    /// Sends one request and returns the status and header lines of the response.
    pub fn send(&self, request: &OutgoingRequest) -> Result<Response, TransportError> {
        let uri = parse_uri(&request.url)?;
        let host = uri.host().unwrap_or_default().to_owned();
        let mut builder = Request::builder().method(request.method.as_bytes()).uri(uri);
        for (name, value) in &request.headers {
            builder = builder.header(name, value);
        }
        let invalid = |error: ureq::http::Error| TransportError {
            kind: TransportErrorKind::InvalidRequest,
            message: format!("cannot build the {} request: {error}", request.method),
            source: Some(Box::new(error)),
        };
        let sent = match &request.body {
            Some(body) => self.agent.run(builder.body(body.as_str()).map_err(invalid)?),
            None => self.agent.run(builder.body(()).map_err(invalid)?),
        };
        let response = sent.map_err(|error| self.describe(error, &request.url, &host))?;
        Ok(Response {
            status: response.status().as_u16(),
            headers: response
                .headers()
                .iter()
                .map(|(name, value)| {
                    (
                        name.as_str().to_owned(),
                        String::from_utf8_lossy(value.as_bytes()).into_owned(),
                    )
                })
                .collect(),
        })
    }

    /// Turns the client's error into a sentence that says what to check.
    fn describe(&self, error: ureq::Error, url: &str, host: &str) -> TransportError {
        let (kind, message) = match &error {
            ureq::Error::HostNotFound => (
                TransportErrorKind::Unreachable,
                format!("host '{host}' not found: the name does not resolve"),
            ),
            ureq::Error::Io(io) if io.kind() == ErrorKind::ConnectionRefused => (
                TransportErrorKind::Unreachable,
                format!("connection refused by {url}: nothing listens on that host and port"),
            ),
            ureq::Error::Io(io) if io.kind() == ErrorKind::TimedOut => (
                TransportErrorKind::Timeout,
                format!("no answer from {url} within {} s", self.timeout.as_secs_f64()),
            ),
            ureq::Error::Timeout(phase) => (
                TransportErrorKind::Timeout,
                format!(
                    "no answer from {url} within {} s (timed out at: {phase})",
                    self.timeout.as_secs_f64()
                ),
            ),
            // rustls reports a failed handshake through the stream, as invalid data.
            ureq::Error::Io(io)
                if io.kind() == ErrorKind::InvalidData && url.starts_with("https://") =>
            {
                (TransportErrorKind::Tls, format!("TLS with {host} failed: {io}"))
            }
            ureq::Error::Io(io) => {
                (TransportErrorKind::Unreachable, format!("cannot reach {url}: {io}"))
            }
            ureq::Error::ConnectionFailed => {
                (TransportErrorKind::Unreachable, format!("cannot connect to {url}"))
            }
            ureq::Error::Tls(_) | ureq::Error::Rustls(_) | ureq::Error::Pem(_) => {
                (TransportErrorKind::Tls, format!("TLS with {host} failed: {error}"))
            }
            ureq::Error::BadUri(detail) => {
                (TransportErrorKind::InvalidUrl, format!("invalid URL '{url}': {detail}"))
            }
            _ => (TransportErrorKind::InvalidResponse, format!("request to {url} failed: {error}")),
        };
        TransportError { kind, message, source: Some(Box::new(error)) }
    }
}

/// The first address `url`'s host resolves to, for
/// [`CorsRequest::with_target_address`](crate::CorsRequest::with_target_address); `None` when it
/// does not resolve (the request then says why).
pub fn resolve_host(url: &str) -> Option<std::net::IpAddr> {
    use std::net::ToSocketAddrs;
    let uri = parse_uri(url).ok()?;
    let host = uri.host()?.trim_start_matches('[').trim_end_matches(']');
    let default_port = if uri.scheme_str() == Some("https") { 443 } else { 80 };
    let port = uri.port_u16().unwrap_or(default_port);
    (host, port).to_socket_addrs().ok()?.next().map(|address| address.ip())
}

/// Accepts only absolute `http://` and `https://` URLs with a host written as a browser writes
/// it, the URLs [`HttpTransport::send`] can call: the origin cors-check judges is then the one
/// it calls (`http://127.1/` is refused: a browser calls `http://127.0.0.1/`, which the error
/// suggests).
///
/// ```
/// use cors_check_core::http::validate_url;
///
/// assert!(validate_url("http://127.0.0.1:8080/api").is_ok());
/// let error = validate_url("http://127.1:8080/api").unwrap_err();
/// assert!(error.to_string().contains("use http://127.0.0.1:8080/api"));
/// ```
pub fn validate_url(url: &str) -> Result<(), TransportError> {
    parse_uri(url).map(drop)
}

fn parse_uri(url: &str) -> Result<Uri, TransportError> {
    let invalid = |why: &str| TransportError {
        kind: TransportErrorKind::InvalidUrl,
        message: format!("invalid URL '{url}': {why}"),
        source: None,
    };
    let uri: Uri = url.parse().map_err(|error| TransportError {
        source: Some(Box::new(error)),
        ..invalid("it does not parse")
    })?;
    match uri.scheme_str() {
        Some("http" | "https") => {}
        Some(_) => return Err(invalid("only http:// and https:// URLs can be checked")),
        None => return Err(invalid("it needs a scheme, e.g. https://")),
    }
    if uri.host().is_none_or(str::is_empty) {
        return Err(invalid("it has no host"));
    }
    match with_browsers_host(url) {
        None => Err(invalid("no browser reads its host as one")),
        // Only the host differs, so the URLs differ only in case when the hosts do.
        Some(browsers) if !browsers.eq_ignore_ascii_case(url) => {
            Err(invalid(&format!("use {browsers}, the host a browser would use")))
        }
        Some(_) => Ok(uri),
    }
}

/// Why no response was received.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// The URL is not an absolute http(s) URL.
    InvalidUrl,
    /// The request could not be built (a header the HTTP library refuses).
    InvalidRequest,
    /// The host does not resolve or refuses the connection.
    Unreachable,
    /// No answer in time.
    Timeout,
    /// The TLS handshake failed (certificate, protocol).
    Tls,
    /// The server answered with something that is not HTTP.
    InvalidResponse,
}

/// A request that got no HTTP response, with a message that says what to check; the HTTP
/// client's own error, when there is one, is its [`source`](Error::source).
#[derive(Debug)]
pub struct TransportError {
    kind: TransportErrorKind,
    message: String,
    source: Option<Box<dyn Error + Send + Sync>>,
}

impl TransportError {
    /// What went wrong.
    pub fn kind(&self) -> TransportErrorKind {
        self.kind
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.message)
    }
}

impl Error for TransportError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.source.as_deref().map(|source| source as _)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_absolute_http_urls_are_accepted() {
        assert!(validate_url("http://127.0.0.1:8080/api").is_ok());
        assert!(validate_url("https://api.example").is_ok());
        assert!(validate_url("https://API.example/Path").is_ok());
        for url in
            ["/api/data", "ftp://files.example/x", "https://", "not a url", "http://256.1.1.1/"]
        {
            let error = validate_url(url).unwrap_err();
            assert_eq!(error.kind(), TransportErrorKind::InvalidUrl, "{url}");
            assert!(error.to_string().starts_with(&format!("invalid URL '{url}'")));
        }
    }

    #[test]
    fn hosts_a_browser_writes_otherwise_are_refused_with_the_browsers_form() {
        for (url, browsers) in [
            ("http://127.1:18080/api", "http://127.0.0.1:18080/api"),
            ("http://2130706433:18080/api", "http://127.0.0.1:18080/api"),
            ("http://0x7f.1:18080/api", "http://127.0.0.1:18080/api"),
            ("http://0:18080/api", "http://0.0.0.0:18080/api"),
            ("http://0177.0.0.1/", "http://127.0.0.1/"),
            ("http://[0:0::1]:3000/", "http://[::1]:3000/"),
        ] {
            let error = validate_url(url).unwrap_err();
            assert_eq!(error.kind(), TransportErrorKind::InvalidUrl, "{url}");
            assert_eq!(
                error.to_string(),
                format!("invalid URL '{url}': use {browsers}, the host a browser would use")
            );
        }
    }
}
