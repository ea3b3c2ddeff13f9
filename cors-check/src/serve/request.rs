//! A request read in two steps: its head, judged on its own (`Host`, method and path, then for
//! the endpoints that run checks `Origin`, `Sec-Fetch-Site`, type and length), and only then its
//! body. A request refused by its head has none of its body read, so another site's page cannot
//! make the server take in megabytes before it says no.

use std::io::{self, BufRead, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use super::{MAX_BODY_BYTES, MAX_HEAD_BYTES, Reply};

/// What a request asks for, once its head is admitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Endpoint {
    Page,
    Check,
    Explain,
    Har { offline: bool },
}

/// The connection, read and written until an instant: however slowly a client sends or reads,
/// it cannot keep the connection past it (a timeout per read alone lets one byte at a time
/// hold it forever).
pub(super) struct Until<'a> {
    pub(super) stream: &'a TcpStream,
    pub(super) until: Instant,
}

impl Until<'_> {
    fn left(&self) -> io::Result<Duration> {
        let left = self.until.saturating_duration_since(Instant::now());
        if left.is_zero() { Err(io::ErrorKind::TimedOut.into()) } else { Ok(left) }
    }
}

impl Read for Until<'_> {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        self.stream.set_read_timeout(Some(self.left()?))?;
        self.stream.read(buffer)
    }
}

impl Write for Until<'_> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.stream.set_write_timeout(Some(self.left()?))?;
        self.stream.write(bytes)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.stream.flush()
    }
}

/// Reads a request to `address`: its endpoint and body, or the answer that refuses it.
pub(super) fn read(
    reader: &mut impl BufRead,
    address: SocketAddr,
) -> Result<(Endpoint, Vec<u8>), Reply> {
    let head = read_head(reader)?;
    let (endpoint, length) = admit(&head, address)?;
    Ok((endpoint, read_body(reader, length)?))
}

/// A request's first line and headers.
#[derive(Debug)]
struct Head {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
}

impl Head {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(candidate, _)| candidate.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}

fn read_head(reader: &mut impl BufRead) -> Result<Head, Reply> {
    let mut head = Vec::new();
    while !head.ends_with(b"\r\n\r\n") && !head.ends_with(b"\n\n") {
        let mut line = Vec::new();
        let limit = (MAX_HEAD_BYTES + 1 - head.len()) as u64;
        match reader.by_ref().take(limit).read_until(b'\n', &mut line) {
            Ok(0) => return Err(Reply::text(400, "incomplete request")),
            Ok(_) => head.extend(line),
            Err(_) => return Err(timed_out()),
        }
        if head.len() > MAX_HEAD_BYTES {
            return Err(Reply::text(431, "request head too large"));
        }
    }
    let head = String::from_utf8(head).map_err(|_| Reply::text(400, "request head not UTF-8"))?;
    let mut lines = head.lines();
    let mut start = lines.next().unwrap_or_default().split(' ');
    let (Some(method), Some(target)) = (start.next(), start.next()) else {
        return Err(Reply::text(400, "bad request line"));
    };
    let headers = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_owned(), value.trim().to_owned()))
        .collect();
    Ok(Head { method: method.to_owned(), target: target.to_owned(), headers })
}

/// The endpoint and the body length of an acceptable head. The page itself is answered
/// whoever links to it; the endpoints that send requests only to the page.
fn admit(head: &Head, address: SocketAddr) -> Result<(Endpoint, usize), Reply> {
    if !is_own_host(head.header("host"), address) {
        return Err(Reply::text(421, "this server answers only to its own address"));
    }
    let (path, query) = head.target.split_once('?').unwrap_or((&head.target, ""));
    let endpoint = match (head.method.as_str(), path) {
        ("GET", "/") => return Ok((Endpoint::Page, 0)),
        ("POST", "/api/check") => Endpoint::Check,
        ("POST", "/api/explain") => Endpoint::Explain,
        ("POST", "/api/har") => {
            Endpoint::Har { offline: query.split('&').any(|pair| pair == "offline=1") }
        }
        ("GET" | "POST", _) => return Err(Reply::text(404, "not found")),
        _ => return Err(Reply::text(405, "method not allowed")),
    };
    if !is_own_page(head, address) {
        return Err(Reply::text(403, "only the tester page itself can run checks"));
    }
    if head.header("transfer-encoding").is_some() {
        return Err(Reply::text(411, "send a Content-Length"));
    }
    let length = match head.header("content-length").map(str::parse::<usize>) {
        None => 0,
        Some(Ok(length)) if length <= MAX_BODY_BYTES => length,
        Some(Ok(_)) => return Err(Reply::text(413, "body too large")),
        Some(Err(_)) => return Err(Reply::text(400, "bad Content-Length")),
    };
    Ok((endpoint, length))
}

/// `Host` names this server: its address, or `localhost` with its port.
fn is_own_host(host: Option<&str>, address: SocketAddr) -> bool {
    let Some(host) = host else { return false };
    host == address.to_string() || host == format!("localhost:{}", address.port())
}

/// A request from the page: no `Origin` (not a browser), or its own; a browser's Fetch
/// Metadata, when sent, saying the same; and a type another site's form or `no-cors` fetch
/// cannot send (JSON needs a preflight, which this server never grants).
fn is_own_page(head: &Head, address: SocketAddr) -> bool {
    let own = |origin: &str| {
        origin == format!("http://{address}")
            || origin == format!("http://localhost:{}", address.port())
    };
    let essence = head.header("content-type").unwrap_or_default().split(';').next();
    head.header("origin").is_none_or(own)
        && head.header("sec-fetch-site").is_none_or(|site| site == "same-origin")
        && essence.is_some_and(|essence| essence.trim().eq_ignore_ascii_case("application/json"))
}

/// Reads the `length` bytes the head announced, into a buffer that grows with the bytes that
/// arrive: a client that declares 60 MB and sends 10 bytes costs 10 bytes, not 60 MB.
fn read_body(reader: &mut impl BufRead, length: usize) -> Result<Vec<u8>, Reply> {
    let mut body = Vec::new();
    match reader.take(length as u64).read_to_end(&mut body) {
        Ok(_) if body.len() == length => Ok(body),
        Ok(_) => Err(Reply::text(400, "incomplete body")),
        Err(_) => Err(timed_out()),
    }
}

fn timed_out() -> Reply {
    Reply::text(408, "request timed out: send the whole request at once")
}
