//! `cors-check serve`: the tester as a page on loopback.

use std::ffi::OsString;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::process::ExitCode;
use std::time::Duration;

use lexopt::prelude::*;

use crate::options::parse_timeout;
use crate::serve::TesterPage;

const USAGE: &str = "\
Usage: cors-check serve [--port N] [--bind ADDRESS] [--timeout SECONDS]

Serves the tester as a web page on http://127.0.0.1:PORT/ (printed at start): the call in
four steps (endpoint URL, origin to test from, method and headers, credentials and browser:
Chromium, Firefox, Safari or all three), the verdict with the steps and the response headers
that decided them, each engine's console message and the fix. A console error pasted there,
or a HAR file, is read back as `cors-check explain` and `cors-check har` read them.

The page sends requests from this machine to any URL typed in it, so it listens on loopback
only, runs checks only for itself (its own Host, Origin and JSON requests) and only when its
Check button is pressed: a link (#url=…&origin=…&method=…&headers=…) fills the form, never
runs it. It loads nothing from elsewhere.

Options:
  --port <N>               the port [default: a free one, another at each start, so that
                           no website can count on the page's address]
  --bind <ADDRESS>         127.0.0.1 (default), ::1 or another loopback address; any other
                           address is refused
  --timeout <SECONDS>      give up on a checked request after this long [default: 10]
  -h, --help               print this help

Exit status: 2 when the address is refused or the port is taken; otherwise it runs until
stopped (Ctrl-C).";

pub(super) fn run(arguments: &[OsString]) -> Result<ExitCode, String> {
    let mut parser = lexopt::Parser::from_args(arguments);
    let (mut port, mut ip) = (0, IpAddr::V4(Ipv4Addr::LOCALHOST));
    let mut timeout = Duration::from_secs(10);
    let usage = |error: lexopt::Error| format!("{error}\n\n{USAGE}");
    while let Some(argument) = parser.next().map_err(usage)? {
        match argument {
            Short('h') | Long("help") => {
                println!("{USAGE}");
                return Ok(ExitCode::SUCCESS);
            }
            Long("port") => port = parser.value().map_err(usage)?.parse().map_err(usage)?,
            Long("bind") => {
                let text = parser.value().map_err(usage)?.string().map_err(usage)?;
                ip = if text == "localhost" {
                    IpAddr::V4(Ipv4Addr::LOCALHOST)
                } else {
                    text.parse().map_err(|_| format!("--bind '{text}' is not an IP address"))?
                };
            }
            Long("timeout") => timeout = parse_timeout(&mut parser).map_err(usage)?,
            _ => return Err(usage(argument.unexpected())),
        }
    }
    let page = TesterPage::bind(SocketAddr::new(ip, port), timeout)
        .map_err(|error| format!("serve: {error}"))?;
    println!("cors-check's tester page: {} (Ctrl-C stops it)", page.url());
    page.run();
    Ok(ExitCode::SUCCESS)
}
