//! `cors-check har`: every cross-origin call of a HAR file, sent again or judged offline,
//! failing ones first.

use std::ffi::OsString;
use std::process::ExitCode;
use std::time::Duration;

use cors_check_core::Browser;
use cors_check_core::http::HttpTransport;
use cors_check_core::input::{MAX_HAR_BYTES, judge_live, judge_offline, read_har};
use lexopt::prelude::*;

use crate::options::{EXIT_INCONCLUSIVE, parse_timeout, read_input};

const USAGE: &str = "\
Usage: cors-check har <FILE.har | -> [--offline] [--browser ENGINE] [--json] [--timeout SECONDS]
                      [--show-secrets]

Finds the cross-origin calls in a HAR file exported from the Network tab (Chromium's
\"Export HAR\", Firefox's \"Save All As HAR\"): the entries that carry Origin for another
origin, or that Chromium marks fetch/xhr. Each is read back as the page made it: method,
the headers the page set (the safelisted ones and those its preflight names; without a
recorded preflight, all but the browser's own), credentials when cookies were sent (and
those cookies, when the call is sent again), the origin from Origin, the page or the
referrer. Identical calls count once. The cookies and the values of credential headers
(Authorization, X-Api-Key, ...) read <secret> in what is printed, unless --show-secrets.

By default each call is sent again, as `cors-check <URL>` sends it. With --offline nothing is
sent: the recorded preflight and response are judged as the browser judges them (a call whose
preflight or answer is not in the file is listed as not judged).

Blocked calls are listed first, those sharing a cause with the most entries first, each with
the browser's console line and the fix; then calls without a verdict (not judged offline,
or an answer cors-check cannot judge, such as a redirect it did not follow), then allowed
calls with warnings; allowed calls without warnings are counted.

Options:
  --offline                judge the recorded answers; send nothing
  --browser <ENGINE>       chromium (default), firefox or safari
  --json                   print the result as JSON: {format, summary, calls}, each call
                           with its entries, verdict and the report of cors-check --json
  --timeout <SECONDS>      give up on a request after this long [default: 10]
  --show-secrets           print the cookies and the values of credential headers
  -h, --help               print this help

The file is read up to 64 MiB and 10000 entries.

Exit status: 0 every call allowed, 1 some call blocked, 2 usage error, unreadable or
invalid HAR file, 3 no call blocked but some without a verdict.";

pub(super) fn run(arguments: &[OsString]) -> Result<ExitCode, String> {
    let mut parser = lexopt::Parser::from_args(arguments);
    let (mut file, mut offline, mut json, mut browser) = (None, false, false, Browser::Chromium);
    let mut show_secrets = false;
    let mut timeout = Duration::from_secs(10);
    let usage = |error: lexopt::Error| format!("{error}\n\n{USAGE}");
    while let Some(argument) = parser.next().map_err(usage)? {
        match argument {
            Short('h') | Long("help") => {
                println!("{USAGE}");
                return Ok(ExitCode::SUCCESS);
            }
            Long("offline") => offline = true,
            Long("json") => json = true,
            Long("show-secrets") => show_secrets = true,
            Long("browser") => {
                let name = parser.value().map_err(usage)?.string().map_err(usage)?;
                browser = name.parse().map_err(|error| format!("--browser: {error}"))?;
            }
            Long("timeout") => timeout = parse_timeout(&mut parser).map_err(usage)?,
            Value(value) if file.is_none() => file = Some(value.string().map_err(usage)?),
            _ => return Err(usage(argument.unexpected())),
        }
    }
    let file = file.ok_or_else(|| {
        format!("missing the HAR file (a path, or - for standard input)\n\n{USAGE}")
    })?;
    let text = read_input(Some(&file), "the HAR file", MAX_HAR_BYTES)?;
    let mut calls = read_har(&text).map_err(|error| error.to_string())?;
    for call in &mut calls {
        let request = call.request.clone().with_browser(browser);
        call.request = if show_secrets { request.with_secrets_shown() } else { request };
    }
    let result = if offline {
        judge_offline(calls)
    } else {
        let transport = HttpTransport::new(timeout);
        judge_live(calls, |request| transport.send(request))
    };
    if json {
        println!("{}", result.to_json());
    } else {
        print!("{result}");
    }
    Ok(if result.blocked() > 0 {
        ExitCode::FAILURE
    } else if result.without_verdict() > 0 {
        ExitCode::from(EXIT_INCONCLUSIVE)
    } else {
        ExitCode::SUCCESS
    })
}
