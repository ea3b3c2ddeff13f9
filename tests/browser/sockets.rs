//! What CORS does not cover, under a policy: a WebSocket from a listed page connects and
//! exchanges a message, one from an unlisted page fails to connect and its handler never runs
//! (the handshake is answered `403`); Server-Sent Events (`EventSource`, with and without
//! `withCredentials`) reach a listed page, and not an unlisted one.

use std::convert::Infallible;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use actix_web::body::{BodySize, MessageBody};
use actix_web::http::header;
use actix_web::web::{self, Bytes, Payload};
use actix_web::{Error, HttpRequest, HttpResponse, get};
use cors_runtime::cors;
use cors_test_support::websocket;
use serde_json::{Value, json};

use crate::runner::Harness;
use crate::servers::CASE_PARAMETER;

/// How many handshakes reached the socket's handler.
static OPENED: AtomicUsize = AtomicUsize::new(0);

/// Echoes the page's messages.
#[cors(origins = ["http://app.example.test:47811"])]
#[get("/socket")]
async fn socket(request: HttpRequest, body: Payload) -> Result<HttpResponse, Error> {
    OPENED.fetch_add(1, Ordering::SeqCst);
    websocket::echo(&request, body)
}

/// One event, then the stream stays open, as a live feed does, until the page closes it.
struct OneEvent {
    sent: bool,
}

impl MessageBody for OneEvent {
    type Error = Infallible;

    fn size(&self) -> BodySize {
        BodySize::Stream
    }

    fn poll_next(
        mut self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<Bytes, Self::Error>>> {
        if self.sent {
            return Poll::Pending;
        }
        self.sent = true;
        Poll::Ready(Some(Ok(Bytes::from_static(b"data: hello\n\n"))))
    }
}

fn one_event() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "text/event-stream"))
        .body(OneEvent { sent: false })
}

#[cors(origins = ["http://app.example.test:47811"])]
#[get("/events")]
async fn events() -> HttpResponse {
    one_event()
}

/// With the user's cookies: the page is plain http on a made-up host the test maps to
/// loopback, which only the explicit opt-out allows with credentials.
#[cors(origins = ["http://app.example.test:47811"], credentials, dangerously_allow_http_origins)]
#[get("/events-credentialed")]
async fn credentialed_events() -> HttpResponse {
    one_event()
}

/// Registers the socket and the event streams.
pub fn configure(config: &mut web::ServiceConfig) {
    config.service(socket).service(events).service(credentialed_events);
}

/// Opens a WebSocket, sends "hello", and reports the echo or the failure.
const SOCKET_SCRIPT: &str = r#"
const [url, done] = arguments;
const socket = new WebSocket(url);
socket.onopen = () => socket.send('hello');
socket.onmessage = (event) => { done({ opened: true, echo: event.data }); socket.close(); };
socket.onerror = () => done({ opened: false });
setTimeout(() => done({ opened: false, timeout: true }), 5000);
"#;

/// Listens to an event stream and reports its first event or the failure.
const EVENTS_SCRIPT: &str = r#"
const [spec, done] = arguments;
const source = new EventSource(spec.url, { withCredentials: spec.credentials });
source.onmessage = (event) => { done({ received: event.data }); source.close(); };
source.onerror = () => { done({ received: null }); source.close(); };
setTimeout(() => { done({ received: null, timeout: true }); source.close(); }, 5000);
"#;

/// Runs every socket and event-stream case; one line per case that did not behave.
pub async fn run_socket_cases(harness: &Harness<'_>) -> Vec<String> {
    let mut failures = Vec::new();
    let ws_origin = harness.api_origin.replacen("http://", "ws://", 1);
    for (name, other_port, must_open) in [
        ("socket_from_listed_origin_connects", false, true),
        ("socket_from_unlisted_origin_is_refused", true, false),
    ] {
        harness.browser.show_page(&page(harness, other_port)).await;
        let url = format!("{ws_origin}/socket?{CASE_PARAMETER}={name}");
        let before = OPENED.load(Ordering::SeqCst);
        let answer = harness.browser.run_async_script(SOCKET_SCRIPT, json!(url)).await;
        // The handler may still be starting when the page has its answer.
        actix_web::rt::time::sleep(Duration::from_millis(100)).await;
        let opened = OPENED.load(Ordering::SeqCst) - before;
        let statuses: Vec<u16> =
            harness.exchanges.for_case(name).iter().map(|exchange| exchange.status).collect();
        let expected = if must_open {
            (json!({ "opened": true, "echo": "hello" }), 1, vec![101])
        } else {
            (json!({ "opened": false }), 0, vec![403])
        };
        if (answer.clone(), opened, statuses.clone()) != expected {
            failures.push(format!(
                "socket case `{name}`: the page said {answer}, the handler ran {opened} time(s), the API answered {statuses:?}; expected {expected:?}"
            ));
        }
    }
    for (name, path, credentials, other_port, must_receive) in [
        ("events_reach_a_listed_origin", "/events", false, false, true),
        ("credentialed_events_reach_a_listed_origin", "/events-credentialed", true, false, true),
        ("events_never_reach_an_unlisted_origin", "/events", false, true, false),
    ] {
        harness.browser.show_page(&page(harness, other_port)).await;
        let url = format!("{}{path}?{CASE_PARAMETER}={name}", harness.api_origin);
        let answer = harness
            .browser
            .run_async_script(EVENTS_SCRIPT, json!({ "url": url, "credentials": credentials }))
            .await;
        let expected = if must_receive { Value::from("hello") } else { Value::Null };
        if answer["received"] != expected {
            failures.push(format!(
                "event-stream case `{name}`: the page said {answer}, expected the event {expected}"
            ));
        }
    }
    failures
}

fn page(harness: &Harness<'_>, other_port: bool) -> String {
    let port = if other_port { harness.other_page_port } else { harness.main_page_port };
    format!("http://app.example.test:{port}/")
}
