//! The loopback servers the browser talks to: the page server that gives the page its origin,
//! the API under test, and a recorder of what the API actually received and answered.

use std::io;
use std::net::{Ipv4Addr, TcpListener};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::{self, JoinHandle};

use actix_web::body::MessageBody;
use actix_web::dev::{Server, ServerHandle, ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::middleware::Next;
use actix_web::{App, HttpResponse, HttpServer, web};

/// The query parameter that tags each API call with its case name, so server records and
/// Chromium's console messages (which quote the URL) can be attributed to one case.
pub const CASE_PARAMETER: &str = "case";

/// The `User-Agent` of cors-check's HTTP transport, which calls the API with the same URLs.
const TESTER_USER_AGENT: &str = "cors-check";

/// An actix-web server running on its own thread and actix system, stopped on drop.
///
/// Its own thread keeps it independent of the test's runtime: the test can block on the
/// browser while the server keeps answering, and a panicking test still stops it.
pub struct RunningServer {
    handle: ServerHandle,
    thread: Option<JoinHandle<io::Result<()>>>,
    ports: Vec<u16>,
}

impl RunningServer {
    /// Serves on `listeners` (already bound, so port clashes surface in the caller with
    /// their context) with the server `build` makes from them.
    pub fn start<F>(listeners: Vec<TcpListener>, build: F) -> Self
    where
        F: FnOnce(Vec<TcpListener>) -> io::Result<Server> + Send + 'static,
    {
        let ports = listeners
            .iter()
            .map(|listener| listener.local_addr().map(|address| address.port()))
            .collect::<io::Result<Vec<u16>>>()
            .expect("reading the port of a bound listener");
        let (handle_sender, handle_receiver) = std::sync::mpsc::channel();
        let thread = thread::spawn(move || {
            actix_web::rt::System::new().block_on(async move {
                let server = build(listeners)?;
                handle_sender
                    .send(server.handle())
                    .expect("the starting thread waits for the handle");
                server.await
            })
        });
        let Ok(handle) = handle_receiver.recv() else {
            let outcome = thread.join();
            panic!("the server thread ended before serving: {outcome:?}");
        };
        Self { handle, thread: Some(thread), ports }
    }

    /// The ports in the order the listeners were given.
    pub fn ports(&self) -> &[u16] {
        &self.ports
    }
}

impl Drop for RunningServer {
    fn drop(&mut self) {
        // `stop` sends the command at once; its future only reports completion, which the
        // join below waits for instead.
        drop(self.handle.stop(false));
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Binds 127.0.0.1:`port`; port 0 picks a free one.
///
/// The fixed page ports are part of the `#[cors]` policies under test (origins are
/// compile-time literals), so a taken port cannot be swapped for another: the message says
/// how to find the process holding it.
pub fn bind_loopback(port: u16, role: &str) -> TcpListener {
    TcpListener::bind((Ipv4Addr::LOCALHOST, port)).unwrap_or_else(|error| {
        panic!(
            "cannot listen on 127.0.0.1:{port} for the {role}: {error}. The browser suite's \
             #[cors] origins name this port literally, so it must be free; \
             `ss -ltnp 'sport = :{port}'` shows who holds it"
        )
    })
}

/// Serves the blank page whose origin the `fetch()` calls come from, for any host name
/// (Chromium maps every `*.test` host to loopback), on each of `listeners`.
pub fn start_page_server(listeners: Vec<TcpListener>) -> RunningServer {
    RunningServer::start(listeners, |listeners| {
        let server = HttpServer::new(|| App::new().default_service(web::to(blank_page)))
            .workers(1)
            .disable_signals();
        listeners.into_iter().try_fold(server, HttpServer::listen).map(HttpServer::run)
    })
}

async fn blank_page() -> HttpResponse {
    // The empty icon keeps Chromium from requesting /favicon.ico, whose 404 would be noise
    // in the browser log.
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(r#"<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>cors-suite page</title>"#)
}

/// One request the API received, with the answer it sent.
#[derive(Debug, Clone)]
pub struct Exchange {
    pub case: String,
    pub method: String,
    pub path: String,
    pub status: u16,
    /// Lower-case names of the response headers the server sent.
    pub response_headers: Vec<String>,
}

impl Exchange {
    pub fn is_preflight(&self) -> bool {
        self.method == "OPTIONS"
    }
}

/// Every exchange the API had, shared between the server's middleware and the test.
///
/// Register it on the API app as
/// `App::new().app_data(log.data()).wrap(from_fn(record_exchange))`, outermost, so it sees
/// the preflights #[cors] routes answer and the final headers of every response.
#[derive(Debug, Clone, Default)]
pub struct ExchangeLog(Arc<Mutex<Vec<Exchange>>>);

impl ExchangeLog {
    pub fn data(&self) -> web::Data<Self> {
        web::Data::new(self.clone())
    }

    /// The exchanges tagged with `case`, in arrival order.
    pub fn for_case(&self, case: &str) -> Vec<Exchange> {
        self.lock().iter().filter(|exchange| exchange.case == case).cloned().collect()
    }

    fn push(&self, exchange: Exchange) {
        self.lock().push(exchange);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Exchange>> {
        // A panic while holding the lock cannot leave a half-pushed entry behind.
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Middleware that records each exchange in the app's [`ExchangeLog`].
pub async fn record_exchange(
    log: web::Data<ExchangeLog>,
    request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    // cors-check's requests for a case are not the browser's, and must not count as the case's.
    let from_tester = request
        .headers()
        .get(header::USER_AGENT)
        .is_some_and(|agent| agent.as_bytes() == TESTER_USER_AGENT.as_bytes());
    if from_tester {
        return next.call(request).await;
    }
    let case = case_tag(request.query_string()).to_owned();
    let method = request.method().to_string();
    let path = request.path().to_owned();
    let outcome = next.call(request).await;
    let (status, response_headers) = match &outcome {
        Ok(response) => (
            response.status().as_u16(),
            response.headers().keys().map(|name| name.as_str().to_owned()).collect(),
        ),
        Err(error) => (error.as_response_error().status_code().as_u16(), Vec::new()),
    };
    log.push(Exchange { case, method, path, status, response_headers });
    outcome
}

fn case_tag(query: &str) -> &str {
    query
        .split('&')
        .find_map(|pair| pair.strip_prefix(CASE_PARAMETER)?.strip_prefix('='))
        .unwrap_or_default()
}
