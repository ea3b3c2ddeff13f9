//! WebSocket handshakes under a policy, with actix-ws handlers, over real TCP on loopback: a
//! page on a listed origin connects and exchanges a message; a handshake from an unlisted
//! origin or `null` gets `403` and the handler never runs; clients without `Origin` connect;
//! `public_websocket` accepts any origin; a `.wrap(POLICY)` guards its scope's sockets too.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use actix_web::web::{self, Payload};
use actix_web::{App, Error, HttpRequest, HttpResponse, get};
use cors_runtime::cors;
use cors_test_support::logs::{capture_logs, captured_logs};
use cors_test_support::server::LoopbackServer;
use cors_test_support::websocket::{self, Outcome};

const APP: &str = "https://app.example.com";
const EVIL: &str = "https://evil.example";

/// How many handshakes reached a handler.
static OPENED: AtomicUsize = AtomicUsize::new(0);

cors_runtime::policy! {
    /// A scope of plain actix routes.
    SCOPE(origins = ["https://app.example.com"]);
}

/// Counts the handshake, then echoes.
async fn echo(request: HttpRequest, body: Payload) -> Result<HttpResponse, Error> {
    OPENED.fetch_add(1, Ordering::SeqCst);
    websocket::echo(&request, body)
}

#[cors(origins = ["https://app.example.com"], credentials)]
#[get("/ws")]
async fn socket(request: HttpRequest, body: Payload) -> Result<HttpResponse, Error> {
    echo(request, body).await
}

/// How many handshakes reached the handler only refused handshakes are sent to.
static GUARDED_OPENED: AtomicUsize = AtomicUsize::new(0);

#[cors(origins = ["https://app.example.com"], credentials)]
#[get("/guarded-ws")]
async fn guarded_socket(request: HttpRequest, body: Payload) -> Result<HttpResponse, Error> {
    GUARDED_OPENED.fetch_add(1, Ordering::SeqCst);
    echo(request, body).await
}

#[cors(origins = ["https://app.example.com"], public_websocket)]
#[get("/public-ws")]
async fn public_socket(request: HttpRequest, body: Payload) -> Result<HttpResponse, Error> {
    echo(request, body).await
}

fn server() -> &'static LoopbackServer {
    static SERVER: OnceLock<LoopbackServer> = OnceLock::new();
    SERVER.get_or_init(|| {
        capture_logs();
        LoopbackServer::start(|| {
            App::new()
                .service(socket)
                .service(guarded_socket)
                .service(public_socket)
                .service(web::scope("/scope").wrap(SCOPE).route("/ws", web::get().to(echo)))
        })
    })
}

fn open(path: &str, origin: Option<&str>) -> Outcome {
    websocket::open(server().addr(), path, origin)
}

#[test]
fn a_page_on_a_listed_origin_connects_and_exchanges_a_message() {
    assert_eq!(open("/ws", Some(APP)), Outcome::Echoed("hello".to_owned()));
}

#[test]
fn a_handshake_from_an_unlisted_origin_never_reaches_the_handler() {
    for origin in [EVIL, "null", "https://app.example.com.evil.example"] {
        assert_eq!(open("/guarded-ws", Some(origin)), Outcome::Refused(403), "{origin}");
    }
    assert_eq!(GUARDED_OPENED.load(Ordering::SeqCst), 0, "the handler ran");
    assert!(captured_logs().iter().any(|line| {
        line.contains("WebSocket handshake to \"/guarded-ws\"")
            && line.contains("\"https://evil.example\"")
            && line.contains("add `public_websocket`")
    }));
}

#[test]
fn clients_without_origin_connect() {
    assert_eq!(open("/ws", None), Outcome::Echoed("hello".to_owned()));
}

#[test]
fn a_public_socket_accepts_any_origin() {
    assert_eq!(open("/public-ws", Some(EVIL)), Outcome::Echoed("hello".to_owned()));
}

#[test]
fn a_wrapped_scope_guards_its_sockets() {
    assert_eq!(open("/scope/ws", Some(APP)), Outcome::Echoed("hello".to_owned()));
    assert_eq!(open("/scope/ws", Some(EVIL)), Outcome::Refused(403));
}
