//! Support for the workspace's examples and tests (not published): an actix-web server on
//! loopback that stops when dropped, a raw HTTP/1.1 client that shows every header line
//! exactly as the server sent it (repeated lines included), which is what CORS tests need, and
//! a capture of what cors-runtime logs.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::{Mutex, mpsc};
use std::thread::JoinHandle;
use std::time::Duration;

use actix_web::dev::ServerHandle;
use actix_web::web::ServiceConfig;
use actix_web::{App, HttpServer};

/// An actix-web server on `127.0.0.1`, with one worker, stopped and joined on drop.
pub struct Server {
    addr: SocketAddr,
    handle: ServerHandle,
    thread: Option<JoinHandle<std::io::Result<()>>>,
}

impl Server {
    /// Starts an app built by `configure` on `127.0.0.1:port` (`0` for any free port).
    pub fn start<F>(port: u16, configure: F) -> std::io::Result<Server>
    where
        F: Fn(&mut ServiceConfig) + Send + Clone + 'static,
    {
        let (started, on_start) = mpsc::channel();
        let thread = std::thread::spawn(move || {
            actix_web::rt::System::new().block_on(async move {
                let bound = HttpServer::new(move || App::new().configure(configure.clone()))
                    .workers(1)
                    .disable_signals()
                    .bind(("127.0.0.1", port));
                let server = match bound {
                    Ok(server) => server,
                    Err(error) => {
                        let message = error.to_string();
                        let _ = started.send(Err(error));
                        return Err(std::io::Error::other(message));
                    }
                };
                let addr = server.addrs()[0];
                let running = server.run();
                let _ = started.send(Ok((addr, running.handle())));
                running.await
            })
        });
        let (addr, handle) = on_start
            .recv()
            .map_err(|_| std::io::Error::other("the server thread ended before it started"))??;
        Ok(Server { addr, handle, thread: Some(thread) })
    }

    /// Where the server listens.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        actix_web::rt::System::new().block_on(self.handle.stop(false));
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// A response as it came over the wire.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    /// Header lines in order, names lower-cased.
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Response {
    /// Every value of the header `name` (any case), one per line.
    pub fn all(&self, name: &str) -> Vec<&str> {
        let name = name.to_ascii_lowercase();
        self.headers.iter().filter(|(n, _)| *n == name).map(|(_, v)| v.as_str()).collect()
    }

    /// The single value of header `name`; `None` when absent. Panics when repeated.
    pub fn header(&self, name: &str) -> Option<&str> {
        let values = self.all(name);
        assert!(values.len() <= 1, "{name} was sent {} times: {values:?}", values.len());
        values.first().copied()
    }

    /// Whether any `Access-Control-*` header was sent.
    pub fn has_cors_headers(&self) -> bool {
        self.headers.iter().any(|(name, _)| name.starts_with("access-control-"))
    }
}

/// Sends `method path` with `headers` (and `body`) to `addr`, and reads the whole response.
pub fn send(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> Response {
    let mut request = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    if !body.is_empty() {
        request.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    request.push_str("\r\n");
    request.push_str(body);

    let mut stream = TcpStream::connect(addr).expect("connect to the test server");
    stream.set_read_timeout(Some(Duration::from_secs(10))).expect("set a read timeout");
    stream.write_all(request.as_bytes()).expect("send the request");
    let mut raw = String::new();
    stream.read_to_string(&mut raw).expect("read the response");
    parse_response(&raw)
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

static CAPTURED_LOGS: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// A `log` logger that keeps what `cors_runtime` logs, for tests to read.
struct CapturingLogger;

static CAPTURING_LOGGER: CapturingLogger = CapturingLogger;

impl log::Log for CapturingLogger {
    fn enabled(&self, metadata: &log::Metadata<'_>) -> bool {
        metadata.target().starts_with("cors_runtime")
    }

    fn log(&self, record: &log::Record<'_>) {
        if self.enabled(record.metadata()) {
            CAPTURED_LOGS
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .push(record.args().to_string());
        }
    }

    fn flush(&self) {}
}

/// Starts keeping every message `cors_runtime` logs (at any level) for [`captured_logs`].
/// Call it once per test binary, before the server starts.
pub fn capture_logs() {
    log::set_logger(&CAPTURING_LOGGER).expect("no other logger in this test binary");
    log::set_max_level(log::LevelFilter::Debug);
}

/// Everything `cors_runtime` logged since [`capture_logs`].
pub fn captured_logs() -> Vec<String> {
    CAPTURED_LOGS.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).clone()
}

cors_runtime::policy! {
    /// A policy declared in this crate and used by the integration tests, which are other
    /// crates: how a workspace shares one policy between its crates.
    pub SHARED_API(origins = ["https://shared.example"], headers = ["Content-Type"], max_age = 60);
}
