//! WebSockets over loopback: an echo handler (actix-ws, feature `websocket`), and a client that
//! opens a socket as a browser does, with or without `Origin`, and says what it got.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

#[cfg(feature = "websocket")]
use actix_web::{Error, HttpRequest, HttpResponse, web::Payload};

/// Accepts the handshake and echoes every text message, as a chat or a live feed answers.
/// Handlers that count their handshakes count before calling it.
#[cfg(feature = "websocket")]
pub fn echo(request: &HttpRequest, body: Payload) -> Result<HttpResponse, Error> {
    let (response, mut session, mut messages) = actix_ws::handle(request, body)?;
    actix_web::rt::spawn(async move {
        while let Some(Ok(actix_ws::Message::Text(text))) = messages.recv().await {
            if session.text(text).await.is_err() {
                break;
            }
        }
    });
    Ok(response)
}

/// What a handshake got: the status, and for a `101` the echo of a text message.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// `101`, and the server sent this text back.
    Echoed(String),
    /// Any other status.
    Refused(u16),
}

/// Opens a WebSocket to `path` on `addr` as a browser does (with `origin`, if any), sends
/// "hello" and reads the echo.
pub fn open(addr: SocketAddr, path: &str, origin: Option<&str>) -> Outcome {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(10))).expect("timeout");
    let origin = origin.map(|origin| format!("Origin: {origin}\r\n")).unwrap_or_default();
    let handshake = format!(
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n{origin}\r\n",
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
