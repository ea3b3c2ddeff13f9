//! A raw HTTP/1.1 client for CORS header tests: it shows every header line exactly as the
//! server sent it, repeated lines included, where an HTTP library would merge or hide them.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

/// A response as it came over the wire.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    /// Header lines in order, names lower-cased.
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Response {
    /// Every value of the header `name` (any case), one per line, in order.
    pub fn header_lines(&self, name: &str) -> Vec<&str> {
        let name = name.to_ascii_lowercase();
        self.headers.iter().filter(|(n, _)| *n == name).map(|(_, v)| v.as_str()).collect()
    }

    /// The value of the header `name`, which the server must send on one line at most; `None`
    /// when absent.
    ///
    /// Unlike `cors_check_core::Response::header`, which joins repeated lines as Fetch does, this
    /// panics when the header came on several lines: sending a CORS header twice is itself a
    /// bug, which a joined value could hide.
    pub fn single_header(&self, name: &str) -> Option<&str> {
        let values = self.header_lines(name);
        assert!(values.len() <= 1, "{name} was sent {} times: {values:?}", values.len());
        values.first().copied()
    }

    /// Whether any `Access-Control-*` header was sent.
    pub fn has_cors_headers(&self) -> bool {
        self.headers.iter().any(|(name, _)| name.starts_with("access-control-"))
    }
}

/// Sends `method path` with `headers` (and `body`) to `addr`, and reads the whole response.
/// The `Host` is `addr` unless `headers` name one (a virtual host the app routes on).
pub fn send(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> Response {
    let mut request = format!("{method} {path} HTTP/1.1\r\nConnection: close\r\n");
    if !headers.iter().any(|(name, _)| name.eq_ignore_ascii_case("host")) {
        request.push_str(&format!("Host: {addr}\r\n"));
    }
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    if !body.is_empty() {
        request.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    request.push_str("\r\n");
    request.push_str(body);
    send_bytes(addr, request.as_bytes())
}

/// Sends a preflight to `addr` for `method path` from `origin`, naming `request_headers` (one
/// `Access-Control-Request-Headers` line) when given, and reads the whole response.
pub fn preflight(
    addr: SocketAddr,
    path: &str,
    origin: &str,
    method: &str,
    request_headers: Option<&str>,
) -> Response {
    let mut headers = vec![("Origin", origin), ("Access-Control-Request-Method", method)];
    headers.extend(request_headers.map(|names| ("Access-Control-Request-Headers", names)));
    send(addr, "OPTIONS", path, &headers, "")
}

/// Sends `request` exactly as given (any bytes, e.g. obs-text in a header value, which no
/// `&str` header can carry), and reads the whole response; the connection must be closed by
/// the request's `Connection: close` or by the server.
pub fn send_bytes(addr: SocketAddr, request: &[u8]) -> Response {
    let mut stream = TcpStream::connect(addr).expect("connect to the test server");
    stream.set_read_timeout(Some(Duration::from_secs(10))).expect("set a read timeout");
    stream.write_all(request).expect("send the request");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read the response");
    parse_response(&String::from_utf8_lossy(&raw))
}

fn parse_response(raw: &str) -> Response {
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((raw, ""));
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or_default();
    let status = status_line
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("not an HTTP response: {status_line:?}"));
    let headers = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        .collect();
    Response { status, headers, body: body.to_owned() }
}
