//! The quickstart: an API with per-route CORS on 127.0.0.1:8080 (`#[cors]` routes, and a scope
//! of plain routes under a named policy), and a demo page on 127.0.0.1:8081 (a second origin)
//! whose buttons call it, so you can watch in a browser which calls CORS allows, which it
//! blocks, and read why. The same page on 127.0.0.1:8082, an origin the policy does not list,
//! shows a cross-site form refused by `reject_unlisted_writes`, and its WebSocket refused.
//!
//! Run it with `cargo run --example quickstart`, open http://127.0.0.1:8081 and the browser's
//! console, and watch this terminal: every refused preflight is logged with the fix.
//!
//! `cargo run --example quickstart -- --cors-report` prints every route's policy as JSON and
//! exits; `cors-check routes` checks a running server against it. The demo page's origins and
//! its preflights' `max_age` come from `QUICKSTART_PAGE_ORIGINS` and `QUICKSTART_MAX_AGE` when
//! they are set (try a bad value to see the startup check).

use actix_web::{App, HttpResponse, HttpServer, get};
// The API (examples/quickstart/api.rs) is this package's library, which the tests check too.
use quickstart_api as api;

const API_ADDR: (&str, u16) = ("127.0.0.1", 8080);
const PAGE_ADDR: (&str, u16) = ("127.0.0.1", 8081);
/// The same page from an origin no policy lists.
const UNLISTED_PAGE_ADDR: (&str, u16) = ("127.0.0.1", 8082);

#[get("/")]
async fn demo_page() -> HttpResponse {
    HttpResponse::Ok().content_type("text/html; charset=utf-8").body(include_str!("page.html"))
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    log::set_logger(&STDERR_LOGGER).expect("the quickstart installs the only logger");
    log::set_max_level(log::LevelFilter::Info);

    // Origins from the deployment are checked before anything listens: a bad value stops here,
    // with every problem listed, instead of failing in a worker or opening the API.
    cors_runtime::init_with(|variable| {
        std::env::var(variable).ok().or_else(|| api::demo_default(variable))
    })?;
    if std::env::args().any(|arg| arg == "--cors-report") {
        println!("{}", cors_runtime::routes_json());
        return Ok(());
    }
    cors_runtime::log_routes();

    let api = HttpServer::new(|| App::new().configure(api::configure))
        .workers(1)
        .bind(API_ADDR)
        .map_err(|error| in_use(API_ADDR, error))?
        .run();
    let page = HttpServer::new(|| App::new().service(demo_page))
        .workers(1)
        .bind(PAGE_ADDR)
        .map_err(|error| in_use(PAGE_ADDR, error))?
        .bind(UNLISTED_PAGE_ADDR)
        .map_err(|error| in_use(UNLISTED_PAGE_ADDR, error))?
        .run();

    println!("{}", instructions());
    actix_web::rt::spawn(page);
    api.await
}

fn in_use((host, port): (&str, u16), error: std::io::Error) -> std::io::Error {
    std::io::Error::new(
        error.kind(),
        format!("cannot listen on {host}:{port} ({error}); is another quickstart running?"),
    )
}

fn instructions() -> String {
    let origin = api::PAGE_ORIGIN;
    format!(
        "\
API   http://127.0.0.1:8080   (routes with #[cors], see examples/quickstart/api.rs)
Page  http://127.0.0.1:8081   (open it in a browser: it calls the API from another origin)
      http://127.0.0.1:8082   (the same page from an origin the API does not list)

Try the CORS handshake with curl:
  # a preflight the policy allows: 204 with the grant headers
  curl -i -X OPTIONS http://127.0.0.1:8080/api/data -H 'Origin: {origin}' \\
       -H 'Access-Control-Request-Method: POST' -H 'Access-Control-Request-Headers: content-type'
  # a preflight it refuses (header not allowed): 204 with the policy's own list, which lacks
  # x-debug, so the browser names it; this terminal logs why
  curl -i -X OPTIONS http://127.0.0.1:8080/api/data -H 'Origin: {origin}' \\
       -H 'Access-Control-Request-Method: GET' -H 'Access-Control-Request-Headers: x-debug'
  # an actual request from the page's origin: the response carries Access-Control-Allow-Origin
  curl -i http://127.0.0.1:8080/api/data -H 'Origin: {origin}'
  # the same from an origin the policy does not list: the data, but no grant for the browser
  curl -i http://127.0.0.1:8080/api/data -H 'Origin: https://evil.example'
  # a write a browser sends from an unlisted page (a form): 403 before the handler runs
  curl -i -X POST http://127.0.0.1:8080/shop/cart -H 'Origin: http://127.0.0.1:8082' \\
       -H 'Sec-Fetch-Site: same-site' -d fruit=kiwi
  # a WebSocket handshake from that page: 403 before the handler runs
  curl -i http://127.0.0.1:8080/api/live -H 'Origin: http://127.0.0.1:8082' \\
       -H 'Connection: Upgrade' -H 'Upgrade: websocket' -H 'Sec-WebSocket-Version: 13' \\
       -H 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ=='
Stop with Ctrl-C."
    )
}

/// Prints log records to stderr, so refused preflights show up beside the server.
struct StderrLogger;

static STDERR_LOGGER: StderrLogger = StderrLogger;

impl log::Log for StderrLogger {
    fn enabled(&self, metadata: &log::Metadata<'_>) -> bool {
        metadata.level() <= log::Level::Warn
            || (metadata.target().starts_with("cors_runtime")
                && metadata.level() <= log::Level::Info)
    }

    fn log(&self, record: &log::Record<'_>) {
        if self.enabled(record.metadata()) {
            eprintln!("[{} {}] {}", record.level(), record.target(), record.args());
        }
    }

    fn flush(&self) {}
}
