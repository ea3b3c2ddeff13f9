//! A raw HTTP server on loopback that answers every connection with the same bytes and keeps
//! what each was sent: for answers the catalogue's
//! [`FixtureServer`](crate::misconfigured::FixtureServer) cannot give (a redirect to any host, a
//! bare status), and to see what cors-check sent.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

/// What a [`recording_server`] was sent, one request per connection.
pub type Requests = Arc<Mutex<Vec<String>>>;

/// Answers every connection with `answer`, raw, until the test ends; its address
/// (`127.0.0.1:PORT`) and the requests it receives.
pub fn recording_server(answer: impl Into<String>) -> (String, Requests) {
    let answer = answer.into();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap().to_string();
    let requests = Requests::default();
    let recorded = Arc::clone(&requests);
    thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            // The head and the body may come in separate writes: read until the client pauses.
            let _ = stream.set_read_timeout(Some(Duration::from_millis(100)));
            let (mut request, mut buffer) = (Vec::new(), [0; 4096]);
            while let Ok(read @ 1..) = stream.read(&mut buffer) {
                request.extend_from_slice(&buffer[..read]);
            }
            recorded.lock().unwrap().push(String::from_utf8_lossy(&request).into_owned());
            let _ = stream.write_all(answer.as_bytes());
        }
    });
    (address, requests)
}
