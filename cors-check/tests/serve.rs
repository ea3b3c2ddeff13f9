//! The tester page's server (`cors_check::serve`) over real connections on loopback: its guards
//! (address, host, origin, type, sizes), a head refused before its body is read, a deadline for
//! slow clients, and a body buffer that grows with the bytes that arrive.

use std::alloc::{GlobalAlloc, Layout, System};
use std::io::{Read, Write};
use std::net::{Shutdown, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use cors_check::serve::{MAX_BODY_BYTES, MAX_HEAD_BYTES, RunningPage, TesterPage};

/// Records the largest single allocation of the process, the server's threads included.
struct Largest;

static LARGEST_ALLOCATION: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded to `System` unchanged; only the size is recorded.
unsafe impl GlobalAlloc for Largest {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LARGEST_ALLOCATION.fetch_max(layout.size(), Ordering::SeqCst);
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        LARGEST_ALLOCATION.fetch_max(layout.size(), Ordering::SeqCst);
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, pointer: *mut u8, layout: Layout, size: usize) -> *mut u8 {
        LARGEST_ALLOCATION.fetch_max(size, Ordering::SeqCst);
        unsafe { System.realloc(pointer, layout, size) }
    }

    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        unsafe { System.dealloc(pointer, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Largest = Largest;

/// A body declared this large is under the cap, so only its bytes' absence refuses it.
const DECLARED: usize = 60_000_000;

/// Far longer than any answer here takes; a server that waits for a body the test never sends
/// answers after its own timeout, or not at all, and fails the test rather than hanging it.
const PATIENCE: Duration = Duration::from_secs(40);

fn start() -> RunningPage {
    page(|page| page)
}

fn page(configure: impl FnOnce(TesterPage) -> TesterPage) -> RunningPage {
    let page = TesterPage::bind("127.0.0.1:0".parse().unwrap(), Duration::from_secs(2)).unwrap();
    configure(page).spawn()
}

fn address(page: &RunningPage) -> String {
    page.url().trim_start_matches("http://").trim_end_matches('/').to_owned()
}

fn connect(page: &RunningPage) -> TcpStream {
    let stream = TcpStream::connect(address(page)).unwrap();
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    stream
}

/// Everything the server sends until it closes (or stops sending for [`PATIENCE`]).
fn answer(stream: &mut TcpStream) -> String {
    let mut answer = Vec::new();
    let mut buffer = [0; 4096];
    while let Ok(read @ 1..) = stream.read(&mut buffer) {
        answer.extend_from_slice(&buffer[..read]);
    }
    String::from_utf8_lossy(&answer).into_owned()
}

/// Sends `request` as is and returns the whole answer.
fn exchange(page: &RunningPage, request: &[u8]) -> String {
    let mut stream = connect(page);
    stream.write_all(request).unwrap();
    answer(&mut stream)
}

fn post(page: &RunningPage, path: &str, extra: &str, body: &str) -> String {
    let host = address(page);
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: {host}\r\n{extra}Content-Length: {}\r\n\r\n{body}",
        body.len()
    );
    exchange(page, request.as_bytes())
}

const JSON: &str = "Content-Type: application/json\r\n";

fn own_origin(page: &RunningPage) -> String {
    format!("Origin: {}\r\n", page.url().trim_end_matches('/'))
}

#[test]
fn only_loopback_addresses_are_bound() {
    let error = TesterPage::bind("0.0.0.0:0".parse().unwrap(), Duration::from_secs(1)).unwrap_err();
    assert!(error.to_string().contains("is not a loopback address"), "{error}");
}

#[test]
fn the_page_is_served_with_a_policy_that_runs_only_its_own_script_and_style() {
    let page = start();
    let request = format!("GET / HTTP/1.1\r\nHost: {}\r\n\r\n", address(&page));
    let answer = exchange(&page, request.as_bytes());
    assert!(answer.starts_with("HTTP/1.1 200 OK\r\n"));
    let policy = answer
        .lines()
        .find_map(|line| line.strip_prefix("Content-Security-Policy: "))
        .unwrap_or_else(|| panic!("no policy: {answer}"));
    assert!(policy.starts_with("default-src 'none'; script-src 'sha256-"), "{policy}");
    assert!(policy.contains("; style-src 'sha256-"), "{policy}");
    assert!(!policy.contains("unsafe-inline"), "{policy}");
    assert!(answer.contains("<title>cors-check: CORS tester</title>"));
    assert!(!answer.contains("<script src") && !answer.contains("<link"));
}

#[test]
fn another_host_name_is_refused() {
    let page = start();
    let answer = exchange(&page, b"GET / HTTP/1.1\r\nHost: rebound.example\r\n\r\n");
    assert!(answer.starts_with("HTTP/1.1 421 "), "{answer}");
}

#[test]
fn checks_run_only_for_json_from_the_page_itself() {
    let page = start();
    let form = post(&page, "/api/explain", "Content-Type: text/plain\r\n", "{}");
    assert!(form.starts_with("HTTP/1.1 403 "), "{form}");
    let look_alike = post(&page, "/api/explain", "Content-Type: application/jsonp\r\n", "{}");
    assert!(look_alike.starts_with("HTTP/1.1 403 "), "{look_alike}");
    let foreign =
        post(&page, "/api/explain", &format!("{JSON}Origin: https://evil.example\r\n"), "{}");
    assert!(foreign.starts_with("HTTP/1.1 403 "), "{foreign}");
    let cross_site = format!("{JSON}Sec-Fetch-Site: cross-site\r\n");
    let cross_site = post(&page, "/api/explain", &cross_site, "{}");
    assert!(cross_site.starts_with("HTTP/1.1 403 "), "{cross_site}");
    let own = format!("{JSON}{}Sec-Fetch-Site: same-origin\r\n", own_origin(&page));
    let line =
        r#"{"text": "Fetch API cannot load https://api.example/x due to access control checks."}"#;
    let answer = post(&page, "/api/explain", &own, line);
    assert!(answer.starts_with("HTTP/1.1 200 OK"), "{answer}");
    assert!(answer.contains(r#""browser":"safari""#), "{answer}");
}

#[test]
fn oversized_heads_and_bodies_are_refused() {
    let page = start();
    let big_head = format!("GET / HTTP/1.1\r\nX-Big: {}\r\n\r\n", "a".repeat(MAX_HEAD_BYTES));
    assert!(exchange(&page, big_head.as_bytes()).starts_with("HTTP/1.1 431 "));
    let big_body = format!(
        "POST /api/har HTTP/1.1\r\nHost: {}\r\n{JSON}Content-Length: {}\r\n\r\n",
        address(&page),
        MAX_BODY_BYTES + 1
    );
    assert!(exchange(&page, big_body.as_bytes()).starts_with("HTTP/1.1 413 "));
    let chunked = format!(
        "POST /api/har HTTP/1.1\r\nHost: {}\r\n{JSON}Transfer-Encoding: chunked\r\n\r\n",
        address(&page)
    );
    assert!(exchange(&page, chunked.as_bytes()).starts_with("HTTP/1.1 411 "));
}

#[test]
fn a_bad_check_is_answered_with_the_reason() {
    let page = start();
    let body =
        r#"{"url": "http://127.0.0.1:1/x", "origin": "https://app.example/", "browser": "opera"}"#;
    let answer = post(&page, "/api/check", JSON, body);
    assert!(answer.starts_with("HTTP/1.1 400 "), "{answer}");
    assert!(answer.contains("unknown browser 'opera'"), "{answer}");
}

/// Another site's page (or a rebinding one) that announces a large body is refused by the
/// head alone: the answer comes while the body is still unsent.
#[test]
fn a_refused_head_is_answered_before_any_of_its_body_is_sent() {
    let page = start();
    let own_host = address(&page);
    let refusals = [
        (own_host.as_str(), "Origin: https://evil.example\r\nContent-Type: text/plain\r\n", 403),
        (
            own_host.as_str(),
            "Origin: https://evil.example\r\nContent-Type: application/json\r\n",
            403,
        ),
        (own_host.as_str(), "Content-Type: multipart/form-data; boundary=x\r\n", 403),
        ("rebound.example", "Content-Type: application/json\r\n", 421),
    ];
    for (host, headers, status) in refusals {
        let mut stream = connect(&page);
        let head = format!(
            "POST /api/check HTTP/1.1\r\nHost: {host}\r\n{headers}Content-Length: {DECLARED}\r\n\r\n"
        );
        stream.write_all(head.as_bytes()).unwrap();
        let answer = answer(&mut stream);
        assert!(answer.starts_with(&format!("HTTP/1.1 {status} ")), "{headers}: {answer}");
    }
}

/// A client that sends its request a byte at a time is cut off at the deadline, however
/// often it sends: it no longer holds one of the server's connections for as long as it likes.
#[test]
fn a_client_that_trickles_is_cut_off_at_the_deadline() {
    let page = page(|page| page.with_request_deadline(Duration::from_secs(1)));
    let mut stream = connect(&page);
    let mut reader = stream.try_clone().unwrap();
    let (answered, answer_of) = mpsc::channel();
    thread::spawn(move || answered.send(answer(&mut reader)));
    let head = format!(
        "POST /api/explain HTTP/1.1\r\nHost: {}\r\n{JSON}{}Content-Length: 1000\r\n\r\n",
        address(&page),
        own_origin(&page)
    );
    stream.write_all(head.as_bytes()).unwrap();
    // 1000 bytes 50 ms apart: 50 s, well past the 1 s deadline and each read far quicker
    // than any per-read timeout.
    let mut sent = 0;
    let mut answer = answer_of.try_recv();
    while sent < 1000 && answer.is_err() && stream.write_all(b" ").is_ok() {
        sent += 1;
        thread::sleep(Duration::from_millis(50));
        answer = answer_of.try_recv();
    }
    let answer = answer.or_else(|_| answer_of.recv_timeout(PATIENCE)).unwrap();
    assert!(sent < 1000, "the whole body went through, a byte at a time: {answer}");
    assert!(answer.starts_with("HTTP/1.1 408 "), "{answer}");
}

/// A declared length is a promise, not bytes: the buffer grows with what arrives.
#[test]
fn a_declared_length_is_not_allocated_before_its_bytes_arrive() {
    let page = start();
    let mut stream = connect(&page);
    let head = format!(
        "POST /api/check HTTP/1.1\r\nHost: {}\r\n{JSON}{}Content-Length: {DECLARED}\r\n\r\n{{}}",
        address(&page),
        own_origin(&page)
    );
    stream.write_all(head.as_bytes()).unwrap();
    stream.shutdown(Shutdown::Write).unwrap();
    let answer = answer(&mut stream);
    assert!(answer.starts_with("HTTP/1.1 400 "), "{answer}");
    assert!(answer.contains("incomplete body"), "{answer}");
    // No test of this file allocates a mebibyte; reading the request must not either.
    let largest = LARGEST_ALLOCATION.load(Ordering::SeqCst);
    assert!(largest < 1 << 20, "an allocation of {largest} bytes for a 2-byte body");
}
