//! The tester as a page (`cors-check serve`): a small HTTP/1.1 server on loopback only, with
//! one page (inline CSS and script, nothing loaded from elsewhere) and three JSON endpoints
//! that run the checks with this crate and its [`http`](crate::http) transport.
//!
//! The page makes the server send requests to any URL typed in it, so the server takes care
//! that only the page can use it: it listens on a loopback address only, answers only requests
//! whose `Host` is that address (a DNS-rebinding page has another), and runs a check only for
//! a `POST` whose `Origin`, when present, is its own and whose type is JSON (another site's
//! page cannot send that type without a preflight, which is never granted). Request heads, bodies and the number of connections at once are bounded.

mod api;
mod page;

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::thread::{self, JoinHandle};
use std::time::Duration;

use crate::input::MAX_HAR_BYTES;

/// The largest request head read: a browser's form post, not a header bomb.
const MAX_HEAD_BYTES: usize = 16 * 1024;
/// The largest body: a HAR file, the largest thing the page uploads.
pub const MAX_BODY_BYTES: usize = MAX_HAR_BYTES;
/// Connections served at once; more are answered `503`.
const MAX_CONNECTIONS: usize = 16;
/// A connection that sends nothing for this long is closed.
const IDLE: Duration = Duration::from_secs(30);

/// The tester page, bound to a loopback address.
///
/// ```no_run
/// use std::time::Duration;
/// use cors_check::serve::TesterPage;
///
/// let page = TesterPage::bind("127.0.0.1:0".parse()?, Duration::from_secs(10))?;
/// println!("open {}", page.url());
/// let running = page.spawn(); // served on a thread until `running` is dropped
/// # drop(running);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct TesterPage {
    listener: TcpListener,
    address: SocketAddr,
    timeout: Duration,
}

/// A page served on a thread of its own; stops accepting when dropped.
#[derive(Debug)]
pub struct RunningPage {
    address: SocketAddr,
    stopping: Arc<AtomicBool>,
    acceptor: Option<JoinHandle<()>>,
}

impl TesterPage {
    /// Listens on `address`, which must be a loopback address (`127.0.0.1`, `::1`); the
    /// checks give up on a request after `timeout`.
    ///
    /// # Errors
    ///
    /// Another address (the page would let anyone who reaches it send requests from this
    /// machine), or the port is taken.
    pub fn bind(address: SocketAddr, timeout: Duration) -> io::Result<Self> {
        if !address.ip().is_loopback() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "{} is not a loopback address: the page sends requests from this machine to \
                     any URL typed in it, so it listens on 127.0.0.1 or ::1 only",
                    address.ip()
                ),
            ));
        }
        let listener = TcpListener::bind(address)?;
        let address = listener.local_addr()?;
        Ok(Self { listener, address, timeout })
    }

    /// The page's URL, `http://127.0.0.1:PORT/`.
    pub fn url(&self) -> String {
        format!("http://{}/", self.address)
    }

    /// Serves until the process ends.
    pub fn run(self) {
        let stopping = Arc::new(AtomicBool::new(false));
        accept(&self.listener, self.address, self.timeout, &stopping);
    }

    /// Serves on a thread of its own until the returned guard is dropped.
    pub fn spawn(self) -> RunningPage {
        let stopping = Arc::new(AtomicBool::new(false));
        let stop = Arc::clone(&stopping);
        let address = self.address;
        let acceptor = thread::spawn(move || accept(&self.listener, address, self.timeout, &stop));
        RunningPage { address, stopping, acceptor: Some(acceptor) }
    }
}

impl RunningPage {
    /// The page's URL, `http://127.0.0.1:PORT/`.
    pub fn url(&self) -> String {
        format!("http://{}/", self.address)
    }
}

impl Drop for RunningPage {
    fn drop(&mut self) {
        self.stopping.store(true, Ordering::SeqCst);
        // Wakes the acceptor, which then sees the flag.
        let _ = TcpStream::connect(self.address);
        if let Some(acceptor) = self.acceptor.take() {
            let _ = acceptor.join();
        }
    }
}

fn accept(listener: &TcpListener, address: SocketAddr, timeout: Duration, stopping: &AtomicBool) {
    let open = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        if stopping.load(Ordering::SeqCst) {
            return;
        }
        let Ok(mut stream) = stream else { continue };
        if open.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
            open.fetch_sub(1, Ordering::SeqCst);
            let _ = respond(&mut stream, &Reply::text(503, "busy: try again"));
            continue;
        }
        let open = Arc::clone(&open);
        thread::spawn(move || {
            let _ = serve_one(stream, address, timeout);
            open.fetch_sub(1, Ordering::SeqCst);
        });
    }
}

/// One request on its connection, then the connection is closed.
fn serve_one(stream: TcpStream, address: SocketAddr, timeout: Duration) -> io::Result<()> {
    stream.set_read_timeout(Some(IDLE))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let reply = match read_request(&mut reader) {
        Ok(request) => route(&request, address, timeout),
        Err(reply) => reply,
    };
    let mut stream = stream;
    respond(&mut stream, &reply)
}

/// A request as the page sends it.
#[derive(Debug)]
struct Request {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Request {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(candidate, _)| candidate.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}

fn read_request(reader: &mut impl BufRead) -> Result<Request, Reply> {
    let mut head = Vec::new();
    while !head.ends_with(b"\r\n\r\n") && !head.ends_with(b"\n\n") {
        let mut line = Vec::new();
        let limit = (MAX_HEAD_BYTES + 1 - head.len()) as u64;
        let read = reader.by_ref().take(limit).read_until(b'\n', &mut line);
        match read {
            Ok(0) => return Err(Reply::text(400, "incomplete request")),
            Ok(_) => head.extend(line),
            Err(_) => return Err(Reply::text(408, "request timed out")),
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
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_owned(), value.trim().to_owned()))
        .collect();
    let mut request =
        Request { method: method.to_owned(), target: target.to_owned(), headers, body: Vec::new() };
    if request.header("transfer-encoding").is_some() {
        return Err(Reply::text(411, "send a Content-Length"));
    }
    let length: usize =
        request.header("content-length").unwrap_or("0").parse().unwrap_or(usize::MAX);
    if length > MAX_BODY_BYTES {
        return Err(Reply::text(413, "body too large"));
    }
    request.body = vec![0; length];
    reader.read_exact(&mut request.body).map_err(|_| Reply::text(400, "incomplete body"))?;
    Ok(request)
}

/// An answer: status, type and body.
#[derive(Debug)]
struct Reply {
    status: u16,
    content_type: &'static str,
    body: Vec<u8>,
}

impl Reply {
    fn text(status: u16, text: &str) -> Self {
        Self { status, content_type: "text/plain; charset=utf-8", body: text.as_bytes().to_vec() }
    }
}

fn route(request: &Request, address: SocketAddr, timeout: Duration) -> Reply {
    if !is_own_host(request.header("host"), address) {
        return Reply::text(421, "this server answers only to its own address");
    }
    let path = request.target.split('?').next().unwrap_or_default();
    match (request.method.as_str(), path) {
        ("GET", "/") => page::reply(),
        ("POST", _) if !is_own_page(request, address) => {
            Reply::text(403, "only the tester page itself can run checks")
        }
        ("POST", "/api/check") => api::check(&request.body, timeout),
        ("POST", "/api/explain") => api::explain(&request.body),
        ("POST", "/api/har") => {
            api::har(&request.body, request.target.contains("offline=1"), timeout)
        }
        ("GET" | "POST", _) => Reply::text(404, "not found"),
        _ => Reply::text(405, "method not allowed"),
    }
}

/// `Host` names this server: its address, or `localhost` with its port.
fn is_own_host(host: Option<&str>, address: SocketAddr) -> bool {
    let Some(host) = host else { return false };
    host == address.to_string() || host == format!("localhost:{}", address.port())
}

/// A `POST` from the page: no `Origin`, or its own; and a type another site's form cannot send.
fn is_own_page(request: &Request, address: SocketAddr) -> bool {
    let own = |origin: &str| {
        origin == format!("http://{address}")
            || origin == format!("http://localhost:{}", address.port())
    };
    let content_type = request.header("content-type").unwrap_or_default();
    request.header("origin").is_none_or(own) && content_type.starts_with("application/json")
}

fn respond(stream: &mut TcpStream, reply: &Reply) -> io::Result<()> {
    let reason = match reply.status {
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        411 => "Length Required",
        413 => "Content Too Large",
        421 => "Misdirected Request",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "Error",
    };
    let head = format!(
        "HTTP/1.1 {} {reason}\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: close\r\n\
         Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n\
         Content-Security-Policy: default-src 'none'; script-src 'unsafe-inline'; \
         style-src 'unsafe-inline'; connect-src 'self'; img-src data:; base-uri 'none'; \
         form-action 'none'; frame-ancestors 'none'\r\n\r\n",
        reply.status,
        reply.content_type,
        reply.body.len()
    );
    stream.write_all(head.as_bytes())?;
    stream.write_all(&reply.body)?;
    stream.flush()
}

#[cfg(test)]
mod tests;
