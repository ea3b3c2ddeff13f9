//! Serves the catalogue of misconfigured servers used by cors-check's tests (and checked against
//! Chromium by the browser suite), so you can try the tool on every CORS mistake a server can
//! make:
//!
//! ```text
//! cargo run -p cors-check --example misconfigured_server [ADDRESS]
//! ```
//!
//! It listens on 127.0.0.1:8090 unless given another loopback address, prints one `cors-check`
//! command per route, and runs until interrupted (Ctrl-C). Add `--browser firefox`, `--browser
//! safari` or `--browser all` to a command to see another engine's verdict and console line.

use std::net::{SocketAddr, TcpListener};

use cors_test_support::misconfigured::{CASES, FixtureServer};

fn main() {
    let address: SocketAddr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:8090".to_owned())
        .parse()
        .expect("the address must look like 127.0.0.1:8090");
    assert!(address.ip().is_loopback(), "the fixture only listens on loopback");
    let listener = TcpListener::bind(address)
        .unwrap_or_else(|error| panic!("cannot listen on {address}: {error}"));
    let server = FixtureServer::start(listener);
    println!("Misconfigured CORS fixture on {}; try:\n", server.origin());
    for case in CASES {
        let arguments: Vec<String> = server
            .arguments(&case.request_to(&server.origin()))
            .iter()
            .map(|argument| shell_quote(argument))
            .collect();
        let outcome =
            case.expected.chromium.map_or("allowed".to_owned(), |kind| format!("blocked: {kind}"));
        println!("# {} ({outcome})\ncors-check {}\n", case.name, arguments.join(" "));
    }
    println!("Press Ctrl-C to stop.");
    loop {
        std::thread::park();
    }
}

/// Quotes an argument for a POSIX shell when it needs it.
fn shell_quote(argument: &str) -> String {
    let is_plain = argument
        .chars()
        .all(|character| character.is_ascii_alphanumeric() || "-_./:=@".contains(character));
    if is_plain { argument.to_owned() } else { format!("'{}'", argument.replace('\'', r"'\''")) }
}
