//! `cors-check explain` and `cors-check from-curl`: the call read back from DevTools, then
//! checked as `cors-check <URL> --origin ...` would check it, with any of its options.

use std::ffi::OsString;
use std::process::ExitCode;

use cors_check_core::input::{
    MAX_CONSOLE_ERROR_BYTES, MAX_HAR_BYTES, Note, Recovered, explain as read_error, printed,
    read_copied_request,
};

use super::check::print_outcome;
use crate::checking::{Judges, check as check_call};
use crate::options::{EXIT_ERROR, Parsed, UrlGiven, missing_option, parse_check_flags, read_input};

const EXPLAIN_USAGE: &str = "\
Usage: cors-check explain ['<CONSOLE ERROR>' | -] [--url <URL>] [CHECK OPTIONS]

Reads a CORS error pasted from the browser's console (or from standard input, with - or
when no text is given), finds the URL, the origin, the method or header it names and the
reason, then sends the call again as the browser would and explains it.

Understood: Chromium's \"Access to fetch at '...' from origin '...' has been blocked by CORS
policy: ...\", Firefox's \"Cross-Origin Request Blocked: ... (Reason: ...)\" (English, or
another language for the reasons that name a header or give a status), Safari's \"Origin ...
is not allowed by Access-Control-Allow-Origin ...\" and \"Fetch API cannot load ...\".

What the line does not say is listed, with the option that says it: Firefox's lines have no
origin (--origin), a preflight's line no method or header (--method, --header), most lines
nothing about credentials (--credentials).

Options:
  --url <URL>              the URL, when the line has none (Safari's reason line alone)
  CHECK OPTIONS            any option of `cors-check <URL>` (cors-check --help): --origin,
                           --method, --header, --credentials, --browser, --json, ...; they
                           add to or replace what the line says
  -h, --help               print this help

Exit status: as `cors-check <URL>` (0 allowed, 1 blocked, ...); 2 also when the text is no
CORS error or the URL or origin is still unknown.";

const FROM_CURL_USAGE: &str = "\
Usage: cors-check from-curl <FILE | -> [CHECK OPTIONS]

Reads one request copied from the Network tab, \"Copy as cURL\" (Chromium's bash, Firefox's
POSIX form) or \"Copy as fetch\" (Chromium's and Firefox's), from FILE or standard input, and
checks it as the page made it: the URL, the method (curl's --data means POST), the headers the
page set (the browser's own, such as User-Agent, Sec-*, Cookie and Referer, are set apart and
listed), the origin from Origin or the referrer, and credentials when cookies were sent or
fetch's credentials is 'include'. The copy's cookies are sent again (--cookie); they and the
values of credential headers (Authorization, X-Api-Key, ...) read <secret> in what is
printed, unless --show-secrets. `from-fetch` is the same command.

Options:
  CHECK OPTIONS            any option of `cors-check <URL>` (cors-check --help): --origin,
                           --method, --header, --credentials, --browser, --json,
                           --show-secrets, ...; they add to or replace what the copy says
  -h, --help               print this help

Exit status: as `cors-check <URL>`; 2 also when the text is no cURL command or fetch call.";

/// `cors-check explain`.
pub(super) fn explain(arguments: &[OsString]) -> Result<ExitCode, String> {
    let (source, rest) = split_source(arguments);
    if wants_help(rest) {
        println!("{EXPLAIN_USAGE}");
        return Ok(ExitCode::SUCCESS);
    }
    let text = match source {
        Some(text) if text != "-" => text.to_owned(),
        _ => read_input(None, "the console error", MAX_CONSOLE_ERROR_BYTES)?,
    };
    let explanation = read_error(&text).map_err(|error| error.to_string())?;
    let error = &explanation.error;
    let language = if error.translated { ", translated" } else { "" };
    println!("From {}'s console{language}: {}", error.browser.name(), explanation.reason());
    check(explanation.call, rest)
}

/// `cors-check from-curl`.
pub(super) fn from_copy(arguments: &[OsString]) -> Result<ExitCode, String> {
    let (source, rest) = split_source(arguments);
    if wants_help(rest) || source.is_none() {
        println!("{FROM_CURL_USAGE}");
        return Ok(if source.is_none() && !wants_help(rest) {
            ExitCode::from(EXIT_ERROR)
        } else {
            ExitCode::SUCCESS
        });
    }
    // A copied request is one entry of a HAR file, at most.
    let text = read_input(source, "the copied request", MAX_HAR_BYTES)?;
    let call = read_copied_request(&text).map_err(|error| error.to_string())?;
    println!("From the copied request:");
    check(call, rest)
}

/// The first argument when it is not an option (the text, a file or `-`), and the rest.
fn split_source(arguments: &[OsString]) -> (Option<&str>, &[OsString]) {
    match arguments.split_first() {
        Some((first, rest)) if first == "-" || !first.to_string_lossy().starts_with('-') => {
            (first.to_str(), rest)
        }
        _ => (None, arguments),
    }
}

fn wants_help(arguments: &[OsString]) -> bool {
    arguments.iter().any(|argument| argument == "-h" || argument == "--help")
}

/// Prints what was read and left open, then checks the call with `options` on top: the
/// options are read as the main command reads them and merged with the call as data.
fn check(mut call: Recovered, options: &[OsString]) -> Result<ExitCode, String> {
    let flags = match parse_check_flags(lexopt::Parser::from_args(options), UrlGiven::Option) {
        Ok(Parsed::Check(flags)) => flags,
        Ok(Parsed::Help | Parsed::Version) => return Err("unexpected options for the check".into()),
        Err(error) => return Err(error.to_string()),
    };
    call.url = flags.url.clone().or(call.url);
    call.origin = flags.origin.clone().or(call.origin);
    for (label, value) in [("url", &call.url), ("origin", &call.origin)] {
        if let Some(value) = value {
            println!("  {label}: {value}");
        }
    }
    // A note about what an option given says is settled.
    let settled = |note: &&Note| note.leaves_open().iter().any(|open| flags.settles(*open));
    for note in call.notes.iter().filter(|note| !settled(note)) {
        println!("  note: {note}");
    }
    let Some(recovered) = call.request() else {
        let missing: Vec<&str> = call.missing().into_iter().map(missing_option).collect();
        let missing = missing.join("\n  ");
        return Err(format!("the text does not say all that is needed; add:\n  {missing}"));
    };
    // The line printed is the call's, then the options as the user gave them (bar the URL and
    // origin, already in the call): what to run to check it again.
    let mut words = cors_check_core::input::arguments(&recovered);
    words.extend(without_url_and_origin(options));
    println!("  checked as: cors-check {}\n", printed(&words));
    let request = flags.applied_to(recovered);
    let judges = Judges::One(request.browser());
    let json = flags.json;
    Ok(print_outcome(check_call(flags.check_options(request, judges)), json))
}

/// The options given, without `--url` and `--origin` and their values.
fn without_url_and_origin(options: &[OsString]) -> Vec<String> {
    let mut words = Vec::new();
    let mut options = options.iter().map(|option| option.to_string_lossy().into_owned());
    while let Some(option) = options.next() {
        if option == "--url" || option == "--origin" {
            options.next();
        } else {
            words.push(option);
        }
    }
    words
}
