//! `cors-check logs`: what cors-runtime logged about the requests it refused, summarized per
//! route with the fixes.

use std::ffi::OsString;
use std::io::BufReader;
use std::process::ExitCode;

use cors_check_core::logs::{LogSummary, MAX_LINE_BYTES, summarize};
use lexopt::prelude::*;

const USAGE: &str = "\
Usage: cors-check logs <FILE | -> [--json]

Reads what cors-runtime logged (its log lines, after whatever prefix the app's logger writes,
such as env_logger's `[2026-12-07T19:00:00Z WARN  cors_runtime::preflight]`, and its
structured events as tracing-subscriber's JSON lines) and summarizes the requests it refused,
or in report-only mode would refuse, per route: the origins, methods and request headers,
how often, first and last seen (when the lines have a timestamp); the #[cors] or policy! edit
for those that look like a page the policy forgot; and a warning for those that look like
probing (many origins on one route, look-alikes of an allowed origin, null, values no
browser sends), for which no fix is suggested. Other lines are skipped and counted.

Options:
  --json                   print the summary as JSON: {format, summary, routes}, each route
                           with its refused values, fixes and warnings
  -h, --help               print this help

Lines are read up to 64 KiB (longer ones are skipped and counted); at most 64 routes and 500
refused values per route are listed, the rest counted. Values read from the log are printed
escaped: printable ASCII as is, any other byte as \\xNN.

Exit status: 0 nothing refused, 1 some request refused (or would be), 2 usage error or
unreadable file.";

pub(super) fn run(arguments: &[OsString]) -> Result<ExitCode, String> {
    let mut parser = lexopt::Parser::from_args(arguments);
    let (mut file, mut json) = (None, false);
    let usage = |error: lexopt::Error| format!("{error}\n\n{USAGE}");
    while let Some(argument) = parser.next().map_err(usage)? {
        match argument {
            Short('h') | Long("help") => {
                println!("{USAGE}");
                return Ok(ExitCode::SUCCESS);
            }
            Long("json") => json = true,
            Value(value) if file.is_none() => file = Some(value.string().map_err(usage)?),
            _ => return Err(usage(argument.unexpected())),
        }
    }
    let file = file
        .ok_or_else(|| format!("missing the log (a path, or - for standard input)\n\n{USAGE}"))?;
    let summary = read(&file)?;
    if json {
        println!("{}", summary.to_json());
    } else {
        print!("{summary}");
    }
    Ok(if summary.any_refused() { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

/// The summary of the log at `file` (`-`: standard input), read a buffer at a time.
fn read(file: &str) -> Result<LogSummary, String> {
    let summary = match file {
        "-" => summarize(BufReader::with_capacity(MAX_LINE_BYTES, std::io::stdin().lock())),
        path => {
            let log = std::fs::File::open(path).map_err(|error| {
                format!("cannot read the log: the argument is not a readable file ({error})")
            })?;
            summarize(BufReader::with_capacity(MAX_LINE_BYTES, log))
        }
    };
    summary.map_err(|error| format!("cannot read the log: {error}"))
}
