//! The tester as a page (`cors-check serve`): a small HTTP/1.1 server on loopback only, with
//! one page (inline CSS and script, nothing loaded from elsewhere) and three JSON endpoints
//! that run the checks through the same front door as the command line.
//!
//! The page makes the server send requests to any URL typed in it, so the server takes care
//! that only the page can use it: it listens on a loopback address only, answers only requests
//! whose `Host` is that address (a DNS-rebinding page has another), and runs a check only for
//! a `POST` whose `Origin`, when present, is its own and whose type is JSON (another site's
//! page cannot send that type without a preflight, which is never granted). It judges a
//! request by its head before reading any of its body. Request heads, bodies, the time a
//! client has to send them and the number of connections at once are bounded.
//!
//! The page, in turn, sends nothing unless the user presses one of its buttons: any website
//! can navigate the browser to it, with a link that fills the form (see `page.html`).

mod api;
mod page;
mod request;

use std::io::{self, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use cors_check_core::input::MAX_HAR_BYTES;
use request::{Endpoint, Until};

/// The largest request head read: a browser's form post, not a header bomb.
pub const MAX_HEAD_BYTES: usize = 16 * 1024;
/// The largest body: a HAR file, the largest thing the page uploads.
pub const MAX_BODY_BYTES: usize = MAX_HAR_BYTES;
/// Connections served at once; more are answered `503`.
const MAX_CONNECTIONS: usize = 16;
/// How long a client has, by default, to send its whole request, and to read the answer.
const REQUEST_DEADLINE: Duration = Duration::from_secs(60);
/// After answering, what the client still sends is read and dropped for this long and up to
/// this many bytes: closing with unread bytes resets the connection, which can make the
/// client lose the answer (a refused body is never read).
const LINGER: Duration = Duration::from_secs(2);
const LINGER_BYTES: u64 = 64 * 1024;

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
    settings: Settings,
}

/// What each connection's thread needs to know.
#[derive(Debug, Clone, Copy)]
struct Settings {
    address: SocketAddr,
    /// Per request the checks send.
    timeout: Duration,
    /// For a client to send its request, and again to read the answer.
    deadline: Duration,
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
        Ok(Self { listener, settings: Settings { address, timeout, deadline: REQUEST_DEADLINE } })
    }

    /// Gives each client `deadline` to send its whole request, head and body, and again to
    /// read the answer; one that is slower is answered `408` (or cut off) so that it frees its
    /// connection. The default is 60 seconds.
    ///
    /// ```no_run
    /// # use std::time::Duration;
    /// # use cors_check::serve::TesterPage;
    /// let page = TesterPage::bind("127.0.0.1:0".parse()?, Duration::from_secs(10))?
    ///     .with_request_deadline(Duration::from_secs(20));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn with_request_deadline(mut self, deadline: Duration) -> Self {
        self.settings.deadline = deadline;
        self
    }

    /// The page's URL, `http://127.0.0.1:PORT/`.
    pub fn url(&self) -> String {
        format!("http://{}/", self.settings.address)
    }

    /// Serves until the process ends.
    pub fn run(self) {
        let stopping = Arc::new(AtomicBool::new(false));
        accept(&self.listener, self.settings, &stopping);
    }

    /// Serves on a thread of its own until the returned guard is dropped.
    pub fn spawn(self) -> RunningPage {
        let stopping = Arc::new(AtomicBool::new(false));
        let stop = Arc::clone(&stopping);
        let Self { listener, settings } = self;
        let acceptor = thread::spawn(move || accept(&listener, settings, &stop));
        RunningPage { address: settings.address, stopping, acceptor: Some(acceptor) }
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

fn accept(listener: &TcpListener, settings: Settings, stopping: &AtomicBool) {
    let open = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        if stopping.load(Ordering::SeqCst) {
            return;
        }
        let Ok(stream) = stream else { continue };
        if open.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
            open.fetch_sub(1, Ordering::SeqCst);
            // Short enough to fit the socket's buffer: writing it does not wait on the client.
            let _ = respond(&mut &stream, &Reply::text(503, "busy: try again"));
            continue;
        }
        let open = Arc::clone(&open);
        thread::spawn(move || {
            let _ = serve_one(&stream, settings);
            open.fetch_sub(1, Ordering::SeqCst);
        });
    }
}

/// One request on its connection, then the connection is closed.
fn serve_one(stream: &TcpStream, settings: Settings) -> io::Result<()> {
    let until = Instant::now() + settings.deadline;
    let mut reader = BufReader::new(Until { stream, until });
    let reply = match request::read(&mut reader, settings.address) {
        Ok((endpoint, body)) => answer(endpoint, &body, settings.timeout),
        Err(reply) => reply,
    };
    respond(&mut Until { stream, until: Instant::now() + settings.deadline }, &reply)?;
    stream.shutdown(Shutdown::Write)?;
    let mut rest = Until { stream, until: Instant::now() + LINGER }.take(LINGER_BYTES);
    io::copy(&mut rest, &mut io::sink()).map(drop)
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

fn answer(endpoint: Endpoint, body: &[u8], timeout: Duration) -> Reply {
    match endpoint {
        Endpoint::Page => page::reply(),
        Endpoint::Check => api::check(body, timeout),
        Endpoint::Explain => api::explain(body),
        Endpoint::Har { offline } => api::har(body, offline, timeout),
    }
}

fn respond(stream: &mut impl Write, reply: &Reply) -> io::Result<()> {
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
         Content-Security-Policy: {}\r\n\r\n",
        reply.status,
        reply.content_type,
        reply.body.len(),
        page::policy(),
    );
    stream.write_all(head.as_bytes())?;
    stream.write_all(&reply.body)?;
    stream.flush()
}
