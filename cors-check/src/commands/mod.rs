//! The ways in from DevTools: `explain` (a pasted console error), `from-curl` (a request
//! copied as cURL or fetch), `har` (an exported HAR file), and `serve` (the tester as a local
//! page). The first two read the call back and check it with the main command's options.

mod from_devtools;
mod har;
mod serve;

use std::ffi::OsString;
use std::io::Read;
use std::process::ExitCode;

use super::EXIT_ERROR;

/// Runs the subcommand `arguments` start with, or `None` when they start with none of these.
pub fn run(arguments: &[OsString]) -> Option<ExitCode> {
    let (first, rest) = arguments.split_first()?;
    let outcome = match first.to_str()? {
        "explain" => from_devtools::explain(rest),
        "from-curl" | "from-fetch" => from_devtools::from_copy(rest),
        "har" => har::run(rest),
        "serve" => serve::run(rest),
        _ => return None,
    };
    Some(outcome.unwrap_or_else(|message| {
        eprintln!("cors-check: {message}");
        ExitCode::from(EXIT_ERROR)
    }))
}

/// The text of `source`: a file, `-` or nothing for standard input; `what` names it in errors.
fn read_input(source: Option<&str>, what: &str) -> Result<String, String> {
    let mut text = String::new();
    let read = match source {
        None | Some("-") => std::io::stdin().read_to_string(&mut text).map(drop),
        Some(path) => std::fs::read_to_string(path).map(|read| text = read),
    };
    read.map_err(|error| format!("cannot read {what} '{}': {error}", source.unwrap_or("-")))?;
    Ok(text)
}
