//! WebSocket handshakes under a policy, with actix-ws handlers, over real TCP on loopback: a
//! page on a listed origin connects and exchanges a message; a handshake from an unlisted
//! origin or `null` gets `403` and the handler never runs; clients without `Origin` connect;
//! `public_websocket` accepts any origin; a `.wrap(POLICY)` guards its scope's sockets too.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use actix_web::web::{self, Payload};
use actix_web::{App, Error, HttpRequest, HttpResponse, get};
use actix_ws::Message;
use cors_runtime::cors;
use cors_test_support::logs::{capture_logs, captured_logs};
use cors_test_support::server::LoopbackServer;

const APP: &str = "https://app.example.com";
const EVIL: &str = "https://evil.example";

/// How many handshakes reached a handler.
static OPENED: AtomicUsize = AtomicUsize::new(0);

cors_runtime::policy! {
    /// A scope of plain actix routes.
    SCOPE(origins = ["https://app.example.com"]);
}

/// Echoes every text message, as a chat or a live feed answers.
async fn echo(request: HttpRequest, body: Payload) -> Result<HttpResponse, Error> {
    OPENED.fetch_add(1, Ordering::SeqCst);
    let (response, mut session, mut messages) = actix_ws::handle(&request, body)?;
    actix_web::rt::spawn(async move {
        while let Some(Ok(Message::Text(text))) = messages.recv().await {
            if session.text(text).await.is_err() {
                break;
            }
        }
    });
    Ok(response)
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

/// What a handshake got: the status, and for a `101` the echo of a text message.
#[derive(Debug, PartialEq, Eq)]
enum Outcome {
    Echoed(String),
    Refused(u16),
}

/// Opens a WebSocket to `path` as a browser does (with `origin`, if any), sends "hello" and
/// reads the echo.
fn open(path: &str, origin: Option<&str>) -> Outcome {
    let mut stream = TcpStream::connect(server().addr()).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(10))).expect("timeout");
    let origin = origin.map(|origin| format!("Origin: {origin}\r\n")).unwrap_or_default();
    let handshake = format!(
        "GET {path} HTTP/1.1\r\nHost: {}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n{origin}\r\n",
        server().addr()
    );
    stream.write_all(handshake.as_bytes()).expect("send the handshake");
    let head = read_head(&mut stream);
    let status: u16 = head[9..12].parse().expect("a status code");
    if status != 101 {
        return Outcome::Refused(status);
    }
    // A client's frames are masked (RFC 6455, 5.3): text, final, 5 bytes.
    let mask = [0x12, 0x34, 0x56, 0x78];
    let mut frame = vec![0x81, 0x80 | 5];
    frame.extend(mask);
    frame.extend(b"hello".iter().enumerate().map(|(at, byte)| byte ^ mask[at % 4]));
    stream.write_all(&frame).expect("send a message");
    let mut header = [0; 2];
    stream.read_exact(&mut header).expect("the echo's frame header");
    let mut payload = vec![0; usize::from(header[1] & 0x7f)];
    stream.read_exact(&mut payload).expect("the echo");
    Outcome::Echoed(String::from_utf8(payload).expect("text"))
}

fn read_head(stream: &mut TcpStream) -> String {
    let mut head = Vec::new();
    let mut byte = [0];
    while !head.ends_with(b"\r\n\r\n") {
        stream.read_exact(&mut byte).expect("the response head");
        head.push(byte[0]);
    }
    String::from_utf8(head).expect("an ASCII head")
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
