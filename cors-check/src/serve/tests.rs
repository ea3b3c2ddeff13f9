//! The server's guards, over real connections on loopback.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use super::*;

fn start() -> RunningPage {
    let address: SocketAddr = "127.0.0.1:0".parse().unwrap();
    TesterPage::bind(address, Duration::from_secs(2)).unwrap().spawn()
}

fn address(page: &RunningPage) -> String {
    page.url().trim_start_matches("http://").trim_end_matches('/').to_owned()
}

/// Sends `request` as is and returns the whole answer.
fn exchange(page: &RunningPage, request: &[u8]) -> String {
    let mut stream = TcpStream::connect(address(page)).unwrap();
    stream.write_all(request).unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    answer
}

fn post(page: &RunningPage, path: &str, extra: &str, body: &str) -> String {
    let host = address(page);
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: {host}\r\n{extra}Content-Length: {}\r\n\r\n{body}",
        body.len()
    );
    exchange(page, request.as_bytes())
}

#[test]
fn only_loopback_addresses_are_bound() {
    let error = TesterPage::bind("0.0.0.0:0".parse().unwrap(), Duration::from_secs(1)).unwrap_err();
    assert!(error.to_string().contains("is not a loopback address"), "{error}");
}

#[test]
fn the_page_is_served_with_a_policy_that_loads_nothing_else() {
    let page = start();
    let request = format!("GET / HTTP/1.1\r\nHost: {}\r\n\r\n", address(&page));
    let answer = exchange(&page, request.as_bytes());
    assert!(answer.starts_with("HTTP/1.1 200 OK\r\n"));
    assert!(answer.contains("Content-Security-Policy: default-src 'none';"));
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
    let json = "Content-Type: application/json\r\n";
    let form = post(&page, "/api/explain", "Content-Type: text/plain\r\n", "{}");
    assert!(form.starts_with("HTTP/1.1 403 "), "{form}");
    let foreign =
        post(&page, "/api/explain", &format!("{json}Origin: https://evil.example\r\n"), "{}");
    assert!(foreign.starts_with("HTTP/1.1 403 "), "{foreign}");
    let own = format!("{json}Origin: {}\r\n", page.url().trim_end_matches('/'));
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
        "POST /api/har HTTP/1.1\r\nHost: {}\r\nContent-Length: {}\r\n\r\n",
        address(&page),
        MAX_BODY_BYTES + 1
    );
    assert!(exchange(&page, big_body.as_bytes()).starts_with("HTTP/1.1 413 "));
    let chunked = "POST /api/har HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";
    assert!(exchange(&page, chunked.as_bytes()).starts_with("HTTP/1.1 411 "));
}

#[test]
fn a_bad_check_is_answered_with_the_reason() {
    let page = start();
    let json = "Content-Type: application/json\r\n";
    let body =
        r#"{"url": "http://127.0.0.1:1/x", "origin": "https://app.example/", "browser": "opera"}"#;
    let answer = post(&page, "/api/check", json, body);
    assert!(answer.starts_with("HTTP/1.1 400 "), "{answer}");
    assert!(answer.contains("unknown browser 'opera'"), "{answer}");
}
