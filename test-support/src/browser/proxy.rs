//! A forward HTTP proxy on loopback that sends every host to 127.0.0.1, for the engines that
//! cannot map made-up host names themselves (Chromium has `--host-resolver-rules`; Firefox
//! and WebKit are given this proxy for every host but loopback).
//!
//! The suite's pages use made-up names (`http://app.example.test:47811`) so that subdomain
//! patterns and look-alike origins are judged for real; the browser keeps those names in the
//! page's origin and the request's `Origin`, and the proxy only decides where the bytes go.
//! Each request gets a connection of its own (`Connection: close` upstream), so a browser that
//! reuses its connection to the proxy for another host cannot be sent to the first one's port.

use std::io::{self, Read, Write};
use std::net::{Ipv4Addr, Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::{self, JoinHandle};
use std::time::Duration;

/// A request head larger than this is no browser's page load or `fetch()`.
const MAX_HEAD_BYTES: usize = 64 * 1024;
/// A stalled connection is dropped rather than holding a thread for the rest of the run.
const IDLE_TIMEOUT: Duration = Duration::from_secs(30);

/// The running proxy; stops accepting when dropped.
pub(super) struct HostMappingProxy {
    addr: SocketAddr,
    stopping: Arc<AtomicBool>,
    acceptor: Option<JoinHandle<()>>,
}

impl HostMappingProxy {
    /// Listens on a free loopback port.
    pub fn start() -> Self {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("bind the proxy");
        let addr = listener.local_addr().expect("the proxy's address");
        let stopping = Arc::new(AtomicBool::new(false));
        let stop = Arc::clone(&stopping);
        let acceptor = thread::spawn(move || {
            for client in listener.incoming() {
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                if let Ok(client) = client {
                    thread::spawn(move || {
                        let _ = relay(client);
                    });
                }
            }
        });
        Self { addr, stopping, acceptor: Some(acceptor) }
    }

    /// `127.0.0.1:<port>`, as browsers take a proxy's address.
    pub fn address(&self) -> String {
        self.addr.to_string()
    }
}

impl Drop for HostMappingProxy {
    fn drop(&mut self) {
        self.stopping.store(true, Ordering::SeqCst);
        // Wakes the acceptor, which then sees the flag.
        let _ = TcpStream::connect(self.addr);
        if let Some(acceptor) = self.acceptor.take() {
            let _ = acceptor.join();
        }
    }
}

/// Forwards one request, `GET http://host:port/path HTTP/1.1`, to `127.0.0.1:port` as
/// `GET /path HTTP/1.1`, then the answer back, byte for byte.
fn relay(mut client: TcpStream) -> io::Result<()> {
    client.set_read_timeout(Some(IDLE_TIMEOUT))?;
    let (head, body_start) = read_head(&mut client)?;
    let Some((request_line, headers)) = head.split_once("\r\n") else {
        return answer(&mut client, "400 Bad Request");
    };
    let mut parts = request_line.split(' ');
    let (Some(method), Some(target), Some(version)) = (parts.next(), parts.next(), parts.next())
    else {
        return answer(&mut client, "400 Bad Request");
    };
    let Some((port, path)) = target.strip_prefix("http://").and_then(port_and_path) else {
        // CONNECT (https) or an origin-form target: the suite serves plain http only.
        return answer(&mut client, "501 Not Implemented");
    };
    let mut upstream = TcpStream::connect((Ipv4Addr::LOCALHOST, port))?;
    upstream.set_read_timeout(Some(IDLE_TIMEOUT))?;
    let mut forwarded = format!("{method} {path} {version}\r\n");
    for line in headers.split("\r\n").filter(|line| !line.is_empty()) {
        let name = line.split(':').next().unwrap_or_default().trim();
        if !["connection", "proxy-connection", "keep-alive"]
            .iter()
            .any(|hop| name.eq_ignore_ascii_case(hop))
        {
            forwarded.push_str(line);
            forwarded.push_str("\r\n");
        }
    }
    forwarded.push_str("Connection: close\r\n\r\n");
    upstream.write_all(forwarded.as_bytes())?;
    upstream.write_all(&body_start)?;
    let mut to_upstream = client.try_clone()?;
    let mut from_client = upstream.try_clone()?;
    // The rest of a request body, while the answer streams back.
    let body = thread::spawn(move || {
        let _ = io::copy(&mut to_upstream, &mut from_client);
    });
    io::copy(&mut upstream, &mut client)?;
    let _ = client.shutdown(Shutdown::Both);
    let _ = upstream.shutdown(Shutdown::Both);
    let _ = body.join();
    Ok(())
}

/// The request head (up to the blank line) and whatever body bytes came with it.
fn read_head(client: &mut TcpStream) -> io::Result<(String, Vec<u8>)> {
    let mut buffer = Vec::new();
    let mut chunk = [0; 4096];
    loop {
        if let Some(end) = buffer.windows(4).position(|window| window == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buffer[..end]).into_owned();
            return Ok((head, buffer[end + 4..].to_vec()));
        }
        if buffer.len() > MAX_HEAD_BYTES {
            return Err(io::Error::new(io::ErrorKind::InvalidData, "request head too large"));
        }
        let read = client.read(&mut chunk)?;
        if read == 0 {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        buffer.extend_from_slice(&chunk[..read]);
    }
}

/// `host:port/path?query` → (port, `/path?query`); port 80 when none is written.
fn port_and_path(authority_and_path: &str) -> Option<(u16, String)> {
    let (authority, path) = match authority_and_path.find('/') {
        Some(at) => (&authority_and_path[..at], &authority_and_path[at..]),
        None => (authority_and_path, "/"),
    };
    let port = match authority.rsplit_once(':') {
        Some((_, port)) => port.parse().ok()?,
        None => 80,
    };
    Some((port, path.to_owned()))
}

fn answer(client: &mut TcpStream, status: &str) -> io::Result<()> {
    client.write_all(
        format!("HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").as_bytes(),
    )
}
