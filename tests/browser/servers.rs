//! The loopback servers the browser talks to: the page server that gives the page its origin,
//! the API under test, and a recorder of what the API actually received and answered.

use std::net::TcpListener;
use std::sync::{Arc, Mutex, PoisonError};

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::middleware::Next;
use actix_web::{App, HttpResponse, web};
use cors_test_support::server::{LoopbackServer, bind_loopback};

/// The query parameter that tags each API call with its case name, so server records and
/// Chromium's console messages (which quote the URL) can be attributed to one case.
pub const CASE_PARAMETER: &str = "case";

/// What ends the `User-Agent` of cors-check's requests (the engine's, then `cors-check/<version>`),
/// which call the API with the same URLs.
const TESTER_USER_AGENT: &str = concat!("cors-check/", env!("CARGO_PKG_VERSION"));

/// Binds 127.0.0.1:`port` for the server in `role`; port 0 picks a free one.
///
/// The fixed page ports are part of the `#[cors]` policies under test (origins are
/// compile-time literals), so a taken port cannot be swapped for another: the message says
/// how to find the process holding it.
pub fn listen_on(port: u16, role: &str) -> TcpListener {
    bind_loopback(port).unwrap_or_else(|error| {
        panic!(
            "cannot listen on 127.0.0.1:{port} for the {role}: {error}. The browser suite's \
             #[cors] origins name this port literally, so it must be free; \
             `ss -ltnp 'sport = :{port}'` shows who holds it"
        )
    })
}

/// Serves the blank page whose origin the `fetch()` calls come from, for any host name
/// (Chromium maps every `*.test` host to loopback), on each of `listeners`.
pub fn start_page_server(listeners: Vec<TcpListener>) -> LoopbackServer {
    LoopbackServer::start_on(listeners, || App::new().default_service(web::to(blank_page)))
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
        .is_some_and(|agent| agent.as_bytes().ends_with(TESTER_USER_AGENT.as_bytes()));
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
