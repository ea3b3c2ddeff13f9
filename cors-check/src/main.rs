//! `cors-check`: tells whether a browser allows a cross-origin call, and how to fix it.

use std::ffi::OsString;
use std::io::Read;
use std::process::ExitCode;
use std::time::Duration;

use cors_check::http::{HttpTransport, TransportError, TransportErrorKind, Trust};
use cors_check::routes::{RoutesPlan, UnsafeCalls, parse_routes};
use cors_check::{Browser, Check, CorsRequest, Plan, Verdict};
use lexopt::prelude::*;

mod commands;

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
  -d, --data <BODY>        send BODY with the call, as fetch() with a string body: without a
                           Content-Type header, the browser adds text/plain;charset=UTF-8
  -k, --insecure           accept any server certificate (a browser told to accept it)
  --cacert <FILE>          trust the certificate authorities of this PEM file too (mkcert's
                           rootCA.pem, a company proxy's), beside the system's: by default
                           cors-check trusts what the system does, as the browser, from
                           SSL_CERT_FILE or the distribution's bundle (Mozilla's roots
                           where there is none)
  --cookie <NAME=VALUE>    the session's cookies, sent on the actual request only (never on
                           a preflight), so the server answers as to the user; repeatable.
                           The credentials rules apply only with --credentials
  --show-secrets           print the cookie and the values of credential headers
                           (Authorization, Cookie, X-Api-Key: a name with auth, cookie,
                           token, key, secret, session or password); they read <secret>
                           otherwise, and are sent either way
  --browser <ENGINE>       judge the answers as this engine does, in its order of checks
                           and with its console message: chromium (Chrome, Edge, ...),
                           firefox, safari (or webkit), or all: the three side by side
                           where they differ, one verdict where they agree
                           [default: chromium]
  --json                   print the report as JSON
  --timeout <SECONDS>      give up on a request after this long [default: 10]
  --no-probe               send only what the browser sends: no extra request from
                           https://cors-check.invalid (detects a server granting every
                           origin), and no extra preflights after a refused one (find
                           whether the origin, the method or a header was refused)
  -h, --help               print this help
  -V, --version            print the version

Exit status: 0 allowed (or same origin: CORS does not apply), 1 blocked (by CORS, mixed
content or a refused redirect; with --browser all: by any engine), 2 usage or network error
(unreachable host, timeout), 3 no verdict: an answer cors-check cannot judge (a redirect it
did not follow, a TLS failure); check that by hand.

To check every route of a #[cors] app: cors-check routes --help
To start from DevTools: cors-check explain --help (a console error), from-curl --help (a
request copied as cURL or fetch), har --help (a HAR file); the tester as a local page:
cors-check serve --help";

const ROUTES_USAGE: &str = "\
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

/// Exit status when the input or the network failed, so no verdict could be given.
const EXIT_ERROR: u8 = 2;
/// Exit status when an answer came that cors-check cannot judge (a redirect it did not follow,
/// a TLS failure): never 0, and not the usage error either.
const EXIT_INCONCLUSIVE: u8 = 3;

/// What the command line asks for.
enum Command {
    Help(&'static str),
    Version,
    Check(Options),
    Routes(RoutesOptions),
}

/// Which engines judge the call.
#[derive(Clone, Copy)]
enum Engines {
    One(Browser),
    All,
}

struct Options {
    request: CorsRequest,
    engines: Engines,
    json: bool,
    timeout: Duration,
    probe: bool,
    trust: Trust,
}

struct RoutesOptions {
    /// A file, or `-` for standard input.
    report: String,
    base: String,
    unsafe_calls: UnsafeCalls,
    json: bool,
    timeout: Duration,
}

fn main() -> ExitCode {
    let arguments: Vec<OsString> = std::env::args_os().skip(1).collect();
    if let Some(status) = commands::run(&arguments) {
        return status;
    }
    let (command, usage) = match arguments.split_first() {
        Some((first, rest)) if first == "routes" => {
            (parse_routes_arguments(lexopt::Parser::from_args(rest)), ROUTES_USAGE)
        }
        _ => (parse_arguments(lexopt::Parser::from_args(arguments)), USAGE),
    };
    let outcome = match command {
        Ok(Command::Help(usage)) => {
            println!("{usage}");
            Ok(ExitCode::SUCCESS)
        }
        Ok(Command::Version) => {
            println!("cors-check {}", env!("CARGO_PKG_VERSION"));
            Ok(ExitCode::SUCCESS)
        }
        Ok(Command::Check(options)) => run(options),
        Ok(Command::Routes(options)) => run_routes(options),
        Err(error) => {
            eprintln!("cors-check: {error}\n\n{usage}");
            return ExitCode::from(EXIT_ERROR);
        }
    };
    outcome.unwrap_or_else(|message| {
        eprintln!("cors-check: {message}");
        ExitCode::from(EXIT_ERROR)
    })
}

fn run(options: Options) -> Result<ExitCode, String> {
    cors_check::http::validate_url(options.request.url()).map_err(|error| error.to_string())?;
    let request = match options.engines {
        Engines::One(browser) => options.request.with_browser(browser),
        Engines::All => options.request,
    };
    let request = match cors_check::http::resolve_host(request.url()) {
        Some(address) => request.with_target_address(address),
        None => request,
    };
    let plan = Plan::new(request).map_err(|error| error.to_string())?;
    let mut check = Check::new(plan);
    if !options.probe {
        check = check.without_probes();
    }
    let transport = HttpTransport::trusting(options.timeout, options.trust);
    let send = |request: &_| transport.send(request);
    let (verdict, output) = match options.engines {
        Engines::One(_) => {
            let report = match check.run(send) {
                Ok(report) => report,
                Err(error) => return Ok(transport_failure(&error)),
            };
            let output = if options.json { report.to_json() + "\n" } else { report.to_string() };
            (report.verdict(), output)
        }
        Engines::All => {
            let comparison = match check.compare(send) {
                Ok(comparison) => comparison,
                Err(error) => return Ok(transport_failure(&error)),
            };
            let output =
                if options.json { comparison.to_json() + "\n" } else { comparison.to_string() };
            (comparison.verdict(), output)
        }
    };
    print!("{output}");
    Ok(match verdict {
        Verdict::Allowed => ExitCode::SUCCESS,
        Verdict::Blocked => ExitCode::FAILURE,
        Verdict::Inconclusive => ExitCode::from(EXIT_INCONCLUSIVE),
    })
}

/// Says why no answer came; a TLS failure has no verdict (the browser may trust a certificate
/// cors-check does not), anything else is a network error.
fn transport_failure(error: &TransportError) -> ExitCode {
    eprintln!("cors-check: {error}");
    if error.kind() == TransportErrorKind::Tls {
        eprintln!(
            "cors-check: no verdict: check in the browser whether it trusts this certificate; \
             give the authority it trusts with --cacert FILE (mkcert's rootCA.pem, a company \
             proxy's), or --insecure"
        );
        return ExitCode::from(EXIT_INCONCLUSIVE);
    }
    ExitCode::from(EXIT_ERROR)
}

fn run_routes(options: RoutesOptions) -> Result<ExitCode, String> {
    cors_check::http::validate_url(&options.base).map_err(|error| format!("--base: {error}"))?;
    let report = read_report(&options.report)?;
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

fn read_report(path: &str) -> Result<String, String> {
    let mut report = String::new();
    let read = if path == "-" {
        std::io::stdin().read_to_string(&mut report).map(drop)
    } else {
        std::fs::read_to_string(path).map(|text| report = text)
    };
    read.map_err(|error| format!("cannot read the routes report '{path}': {error}"))?;
    Ok(report)
}

fn parse_arguments(mut parser: lexopt::Parser) -> Result<Command, lexopt::Error> {
    let mut url = None;
    let mut origin = None;
    let mut method = "GET".to_owned();
    let mut headers = Vec::new();
    let mut credentials = false;
    let mut cookies = Vec::new();
    let mut body = None;
    // The system's authorities, as the browser trusts them; Mozilla's roots without a bundle.
    let mut trust = Trust::system().unwrap_or_default();
    let mut json = false;
    let mut timeout = Duration::from_secs(10);
    let mut probe = true;
    let mut show_secrets = false;
    let mut engines = Engines::One(Browser::Chromium);
    while let Some(argument) = parser.next()? {
        match argument {
            Short('h') | Long("help") => return Ok(Command::Help(USAGE)),
            Short('V') | Long("version") => return Ok(Command::Version),
            Long("origin") => origin = Some(parser.value()?.string()?),
            Short('X') | Long("method") => method = parser.value()?.string()?,
            Short('H') | Long("header") => headers.push(parse_header(&parser.value()?.string()?)?),
            Long("credentials") => credentials = true,
            Long("cookie") => cookies.push(parser.value()?.string()?),
            Short('d') | Long("data") => body = Some(parser.value()?.string()?),
            Short('k') | Long("insecure") => trust = Trust::Anything,
            Long("cacert") => trust = trust.and(read_authorities(&parser.value()?.string()?)?),
            Long("json") => json = true,
            Long("timeout") => timeout = parse_timeout(&mut parser)?,
            Long("no-probe") => probe = false,
            Long("show-secrets") => show_secrets = true,
            Long("browser") => engines = parse_engines(&parser.value()?.string()?)?,
            Value(value) if url.is_none() => url = Some(value.string()?),
            _ => return Err(argument.unexpected()),
        }
    }
    let url = url.ok_or("missing the URL to check")?;
    let origin = origin.ok_or("missing --origin: the origin of the page that makes the call")?;
    let request = headers
        .into_iter()
        .fold(CorsRequest::new(url, origin).with_method(method), |request, (name, value)| {
            request.with_header(name, value)
        });
    let request = if credentials { request.with_credentials() } else { request };
    let request = if show_secrets { request.with_secrets_shown() } else { request };
    let request = cookies.into_iter().fold(request, CorsRequest::with_cookie);
    let request = match body {
        Some(body) => request.with_body(body),
        None => request,
    };
    Ok(Command::Check(Options { request, engines, json, timeout, probe, trust }))
}

/// The certificate authorities of the PEM file at `path`.
fn read_authorities(path: &str) -> Result<Trust, lexopt::Error> {
    let pem = std::fs::read(path).map_err(|error| format!("--cacert '{path}': {error}"))?;
    Ok(Trust::authorities_from_pem(&pem).map_err(|error| format!("--cacert '{path}': {error}"))?)
}

/// `chromium`, `firefox`, `safari`, `webkit` or `all`, in any case.
fn parse_engines(text: &str) -> Result<Engines, lexopt::Error> {
    if text.eq_ignore_ascii_case("all") {
        return Ok(Engines::All);
    }
    let browser = text.parse().map_err(|error| format!("--browser: {error}, or all"))?;
    Ok(Engines::One(browser))
}

/// Splits `Name: value` like curl's `-H`; the text is not echoed, which may be a bare token.
fn parse_header(text: &str) -> Result<(String, String), lexopt::Error> {
    let (name, value) = text
        .split_once(':')
        .ok_or("--header needs the form 'Name: value', and a value given has no ':'")?;
    Ok((name.trim().to_owned(), value.trim().to_owned()))
}

fn parse_routes_arguments(mut parser: lexopt::Parser) -> Result<Command, lexopt::Error> {
    let mut report = None;
    let mut base = None;
    let mut unsafe_calls = UnsafeCalls::Send;
    let mut json = false;
    let mut timeout = Duration::from_secs(10);
    while let Some(argument) = parser.next()? {
        match argument {
            Short('h') | Long("help") => return Ok(Command::Help(ROUTES_USAGE)),
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
    Ok(Command::Routes(RoutesOptions { report, base, unsafe_calls, json, timeout }))
}

fn parse_timeout(parser: &mut lexopt::Parser) -> Result<Duration, lexopt::Error> {
    let seconds: f64 = parser.value()?.parse()?;
    let timeout = Duration::try_from_secs_f64(seconds).ok().filter(|timeout| !timeout.is_zero());
    Ok(timeout.ok_or("--timeout needs a positive number of seconds")?)
}
