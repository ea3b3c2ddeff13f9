//! `cors-check`: tells whether a browser allows a cross-origin call, and how to fix it.

use std::process::ExitCode;
use std::time::Duration;

use cors_check::http::HttpTransport;
use cors_check::{Check, CorsRequest, Plan, Verdict};
use lexopt::prelude::*;

const USAGE: &str = "\
Usage: cors-check <URL> --origin <ORIGIN> [OPTIONS]

Sends what a browser sends for a cross-origin fetch() from a page at ORIGIN to URL (the
preflight when one is needed, then the call) and explains whether CORS allows it.

Options:
  --origin <ORIGIN>        the page's origin, e.g. https://app.example (required)
  -X, --method <METHOD>    the method, as fetch() would be given it [default: GET]
  -H, --header <NAME: VALUE>
                           a header the script sets; repeatable
  --credentials            the call includes credentials (credentials: 'include')
  --json                   print the report as JSON
  --timeout <SECONDS>      give up on a request after this long [default: 10]
  --no-probe               send only what the browser sends: no extra request from
                           https://cors-check.invalid (detects a server granting every
                           origin), and no extra preflights after a refused one (find
                           whether the origin, the method or a header was refused)
  -h, --help               print this help
  -V, --version            print the version

Exit status: 0 allowed, 1 blocked by CORS, 2 usage, network or TLS error.";

/// Exit status when the input or the network failed, so no verdict could be given.
const EXIT_ERROR: u8 = 2;

/// What the command line asks for.
enum Command {
    Help,
    Version,
    Check(Options),
}

struct Options {
    request: CorsRequest,
    json: bool,
    timeout: Duration,
    probe: bool,
}

fn main() -> ExitCode {
    match parse_command_line() {
        Ok(Command::Help) => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        Ok(Command::Version) => {
            println!("cors-check {}", env!("CARGO_PKG_VERSION"));
            ExitCode::SUCCESS
        }
        Ok(Command::Check(options)) => run(options).unwrap_or_else(|message| {
            eprintln!("cors-check: {message}");
            ExitCode::from(EXIT_ERROR)
        }),
        Err(message) => {
            eprintln!("cors-check: {message}\n\n{USAGE}");
            ExitCode::from(EXIT_ERROR)
        }
    }
}

fn run(options: Options) -> Result<ExitCode, String> {
    cors_check::http::parse_url(&options.request.url).map_err(|error| error.to_string())?;
    let plan = Plan::new(options.request).map_err(|error| error.to_string())?;
    let mut check = Check::new(plan);
    if !options.probe {
        check = check.without_probes();
    }
    let transport = HttpTransport::new(options.timeout);
    let report = check.run(|request| transport.send(request)).map_err(|error| error.to_string())?;
    if options.json {
        println!("{:#}", report.to_json());
    } else {
        print!("{report}");
    }
    Ok(match report.verdict() {
        Verdict::Allowed => ExitCode::SUCCESS,
        Verdict::Blocked => ExitCode::FAILURE,
    })
}

fn parse_command_line() -> Result<Command, String> {
    parse_arguments(lexopt::Parser::from_env()).map_err(|error| error.to_string())
}

fn parse_arguments(mut parser: lexopt::Parser) -> Result<Command, lexopt::Error> {
    let mut url = None;
    let mut origin = None;
    let mut method = "GET".to_owned();
    let mut headers = Vec::new();
    let mut credentials = false;
    let mut json = false;
    let mut timeout = Duration::from_secs(10);
    let mut probe = true;
    while let Some(argument) = parser.next()? {
        match argument {
            Short('h') | Long("help") => return Ok(Command::Help),
            Short('V') | Long("version") => return Ok(Command::Version),
            Long("origin") => origin = Some(parser.value()?.string()?),
            Short('X') | Long("method") => method = parser.value()?.string()?,
            Short('H') | Long("header") => headers.push(parse_header(&parser.value()?.string()?)?),
            Long("credentials") => credentials = true,
            Long("json") => json = true,
            Long("timeout") => {
                let seconds: f64 = parser.value()?.parse()?;
                timeout = Duration::try_from_secs_f64(seconds)
                    .ok()
                    .filter(|timeout| !timeout.is_zero())
                    .ok_or("--timeout needs a positive number of seconds")?;
            }
            Long("no-probe") => probe = false,
            Value(value) if url.is_none() => url = Some(value.string()?),
            _ => return Err(argument.unexpected()),
        }
    }
    let url = url.ok_or("missing the URL to check")?;
    let origin = origin.ok_or("missing --origin: the origin of the page that makes the call")?;
    let mut request = CorsRequest::new(url, origin).with_method(method);
    request.headers = headers;
    request.credentials = credentials;
    Ok(Command::Check(Options { request, json, timeout, probe }))
}

/// Splits `Name: value` like curl's `-H`.
fn parse_header(text: &str) -> Result<(String, String), lexopt::Error> {
    let (name, value) = text
        .split_once(':')
        .ok_or_else(|| format!("--header '{text}' needs the form 'Name: value'"))?;
    Ok((name.trim().to_owned(), value.trim().to_owned()))
}
