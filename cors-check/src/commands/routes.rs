//! `cors-check routes`: every route of a `cors_runtime::routes_json()` report checked against
//! a server.

use std::ffi::OsString;
use std::process::ExitCode;
use std::time::Duration;

use cors_check_core::http::{HttpTransport, validate_url};
use cors_check_core::routes::{RoutesPlan, UnsafeCalls, parse_routes};
use lexopt::prelude::*;

use crate::options::{parse_timeout, read_input};

/// The largest routes report read: far above any app's.
const MAX_REPORT_BYTES: usize = 64 * 1024 * 1024;

const USAGE: &str = "\
Usage: cors-check routes <REPORT.json|-> --base <URL> [OPTIONS]

Checks every route of a report made by cors_runtime::routes_json() against the server at
URL: for each method, the call a page makes (with the route's credentials and allowed
request headers) must be allowed from each origin of the policy, and blocked from
https://cors-check.invalid; an allowed call must expose the policy's exposed headers.
Paths are the report's, after URL (add a web::scope prefix to URL); {id} becomes 1.

The calls are sent for real: for PUT, POST, PATCH and DELETE the handler runs (with no
body and no cookies) once per allowed origin. Use --preflight-only against a deployment
with real data.

Options:
  --base <URL>             the server, e.g. http://127.0.0.1:8080 (required)
  --preflight-only         for methods other than GET and HEAD, send only the preflight;
                           such a call that needs no preflight is not checked
  --json                   print the result as JSON
  --timeout <SECONDS>      give up on a request after this long [default: 10]
  -h, --help               print this help

Exit status: 0 every route behaves as its policy says, 1 some route does not, 2 usage,
network or report error (unreadable JSON, origins never loaded).";

struct RoutesOptions {
    /// A file, or `-` for standard input.
    report: String,
    base: String,
    unsafe_calls: UnsafeCalls,
    json: bool,
    timeout: Duration,
}

pub(super) fn run(arguments: &[OsString]) -> Result<ExitCode, String> {
    let options = match parse(lexopt::Parser::from_args(arguments)) {
        Ok(Some(options)) => options,
        Ok(None) => {
            println!("{USAGE}");
            return Ok(ExitCode::SUCCESS);
        }
        Err(error) => return Err(format!("{error}\n\n{USAGE}")),
    };
    validate_url(&options.base).map_err(|error| format!("--base: {error}"))?;
    let report = read_input(Some(&options.report), "the routes report", MAX_REPORT_BYTES)?;
    let routes = parse_routes(&report).map_err(|error| error.to_string())?;
    let plan = RoutesPlan::new(&routes, &options.base, options.unsafe_calls)
        .map_err(|error| error.to_string())?;
    let transport = HttpTransport::new(options.timeout);
    let result = plan.run(|request| transport.send(request)).map_err(|error| error.to_string())?;
    if options.json {
        println!("{}", result.to_json());
    } else {
        print!("{result}");
    }
    Ok(if result.passed() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

/// The options, or `None` for help.
fn parse(mut parser: lexopt::Parser) -> Result<Option<RoutesOptions>, lexopt::Error> {
    let mut report = None;
    let mut base = None;
    let mut unsafe_calls = UnsafeCalls::Send;
    let mut json = false;
    let mut timeout = Duration::from_secs(10);
    while let Some(argument) = parser.next()? {
        match argument {
            Short('h') | Long("help") => return Ok(None),
            Long("base") => base = Some(parser.value()?.string()?),
            Long("preflight-only") => unsafe_calls = UnsafeCalls::PreflightOnly,
            Long("json") => json = true,
            Long("timeout") => timeout = parse_timeout(&mut parser)?,
            Value(value) if report.is_none() => report = Some(value.string()?),
            _ => return Err(argument.unexpected()),
        }
    }
    let report = report.ok_or("missing the routes report (a file, or - for standard input)")?;
    let base = base.ok_or("missing --base: the URL of the server to check")?;
    Ok(Some(RoutesOptions { report, base, unsafe_calls, json, timeout }))
}
