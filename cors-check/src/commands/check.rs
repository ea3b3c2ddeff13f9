//! `cors-check <URL> --origin <ORIGIN>`: the main command, one call checked.

use std::ffi::OsString;
use std::process::ExitCode;

use cors_check_core::http::{TransportError, TransportErrorKind};
use cors_check_core::{Browser, CorsRequest, Verdict};

use crate::checking::{CheckError, Judges, Outcome, check};
use crate::options::{EXIT_ERROR, EXIT_INCONCLUSIVE, Parsed, UrlGiven, parse_check_flags};

pub(super) const USAGE: &str = "\
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

To check every route of a #[cors] app: cors-check routes --help; to read what it logged
about the requests it refused, with the fixes: cors-check logs --help
To start from DevTools: cors-check explain --help (a console error), from-curl --help (a
request copied as cURL or fetch), har --help (a HAR file); the tester as a local page:
cors-check serve --help";

pub(super) fn run(arguments: &[OsString]) -> Result<ExitCode, String> {
    let flags = match parse_check_flags(lexopt::Parser::from_args(arguments), UrlGiven::Positional)
    {
        Ok(Parsed::Help) => {
            println!("{USAGE}");
            return Ok(ExitCode::SUCCESS);
        }
        Ok(Parsed::Version) => {
            println!("cors-check {}", env!("CARGO_PKG_VERSION"));
            return Ok(ExitCode::SUCCESS);
        }
        Ok(Parsed::Check(flags)) => flags,
        Err(error) => return Err(format!("{error}\n\n{USAGE}")),
    };
    let missing = |what: &str| format!("{what}\n\n{USAGE}");
    let url = flags.url.clone().ok_or_else(|| missing("missing the URL to check"))?;
    let origin = flags
        .origin
        .clone()
        .ok_or_else(|| missing("missing --origin: the origin of the page that makes the call"))?;
    let request = flags.applied_to(CorsRequest::new(url, origin));
    let json = flags.json;
    let options = flags.check_options(request, Judges::One(Browser::Chromium));
    Ok(print_outcome(check(options), json))
}

/// Prints what the judges made of a call (or why they could not judge it) and says how the
/// command ends.
pub(super) fn print_outcome(outcome: Result<Outcome, CheckError>, json: bool) -> ExitCode {
    let outcome = match outcome {
        Ok(outcome) => outcome,
        Err(CheckError::Refused(message)) => {
            eprintln!("cors-check: {message}");
            return ExitCode::from(EXIT_ERROR);
        }
        Err(CheckError::Transport(error)) => return transport_failure(&error),
    };
    if json {
        println!("{}", outcome.to_json());
    } else {
        print!("{outcome}");
    }
    match outcome.verdict() {
        Verdict::Allowed => ExitCode::SUCCESS,
        Verdict::Blocked => ExitCode::FAILURE,
        Verdict::Inconclusive => ExitCode::from(EXIT_INCONCLUSIVE),
    }
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
