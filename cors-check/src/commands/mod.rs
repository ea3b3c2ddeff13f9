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

/// The text of `source`: a file, `-` or nothing for standard input; `what` names it in errors,
/// which never repeat `source` (it may be a whole command with its cookies, given instead of
/// a file). At most `limit` bytes are read: an endless source (`/dev/zero`) is refused once
/// past them.
fn read_input(source: Option<&str>, what: &str, limit: usize) -> Result<String, String> {
    let mut bytes = Vec::new();
    let mut read_up_to_limit =
        |reader: &mut dyn Read| reader.take(limit as u64 + 1).read_to_end(&mut bytes);
    match source {
        None | Some("-") => read_up_to_limit(&mut std::io::stdin().lock())
            .map_err(|error| format!("cannot read {what} from standard input: {error}"))?,
        Some(path) => std::fs::File::open(path)
            .and_then(|mut file| read_up_to_limit(&mut file))
            .map_err(|error| {
                format!(
                    "cannot read {what}: the argument is not a readable file ({error}); pass \
                     the text on standard input with -"
                )
            })?,
    };
    if bytes.len() > limit {
        return Err(format!("{what} is over the {limit} bytes cors-check reads"));
    }
    String::from_utf8(bytes).map_err(|_| format!("{what} is not UTF-8 text"))
}
