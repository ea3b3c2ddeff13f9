//! The command line, one file per command: `check` (`cors-check <URL> --origin ...`), `routes`
//! (every route of a report), the ways in from DevTools (`explain` for a pasted console error,
//! `from-curl` for a request copied as cURL or fetch, `har` for an exported HAR file),
//! `logs` (what cors-runtime logged, summarized with the fixes) and `serve` (the tester as a
//! local page).

mod check;
mod from_devtools;
mod har;
mod logs;
mod routes;
mod serve;

use std::ffi::OsString;
use std::process::ExitCode;

use crate::options::EXIT_ERROR;

/// Runs the command `arguments` name (the main check when they name none).
pub(crate) fn run(arguments: &[OsString]) -> ExitCode {
    let (first, rest) = match arguments.split_first() {
        Some((first, rest)) => (first.to_str(), rest),
        None => (None, arguments),
    };
    let outcome = match first {
        Some("routes") => routes::run(rest),
        Some("explain") => from_devtools::explain(rest),
        Some("from-curl" | "from-fetch") => from_devtools::from_copy(rest),
        Some("har") => har::run(rest),
        Some("logs") => logs::run(rest),
        Some("serve") => serve::run(rest),
        _ => check::run(arguments),
    };
    outcome.unwrap_or_else(|message| {
        eprintln!("cors-check: {message}");
        ExitCode::from(EXIT_ERROR)
    })
}
