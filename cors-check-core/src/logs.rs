//! From the logs to the fix (`cors-check logs`): what cors-runtime wrote about the requests it
//! refused (or, report-only, would refuse), summarized per route, with the edit for the
//! refusals that look like a page the policy forgot and a warning for those that look like
//! probing.
//!
//! The stages, one file each, each using only those before it: the values a line quotes and
//! its timestamp (`value`), a refusal as data (`record`), a line read into one (`parse`: the
//! `log` lines after any prefix, and the JSON lines of the structured events), whether an
//! origin looks like probing (`probe`), the summary per route with its fixes (`summary`), and
//! its text and JSON (`render`).
//!
//! The input is whatever reached the log, so attacker-controlled: a line is read up to
//! [`MAX_LINE_BYTES`] (the rest skipped unread), each value kept up to [`MAX_VALUE_BYTES`],
//! the routes and values kept are capped ([`MAX_ROUTES`], [`MAX_VALUES`], [`MAX_PATHS`]), invalid UTF-8 is read lossily, and every value read is shown
//! escaped as the runtime shows it ([`LoggedValue`]).
//!
//! ```
//! use cors_check_core::logs::summarize;
//!
//! let log = r#"[2026-12-07T19:00:00Z WARN  cors_runtime::preflight] CORS preflight refused (403) for "PUT" "/api/items/7" from origin "https://shop.example": the origin is not allowed (allowed: https://myapp.com); if that page should call this route, add "https://shop.example" to `origins` in #[cors(...)] on `update_item`. The browser will block the call.
//! [2026-12-07T19:00:01Z INFO  my_app] started"#;
//! let summary = summarize(log.as_bytes())?;
//! assert_eq!(summary.lines.refusals, 1);
//! assert_eq!(summary.lines.skipped, 1);
//! let fix = &summary.routes[0].fixes[0];
//! assert_eq!(fix.to_string(), r#"add "https://shop.example" to `origins` in #[cors(...)] on `update_item`"#);
//! # Ok::<(), std::io::Error>(())
//! ```

mod parse;
mod probe;
mod record;
mod render;
mod summary;
mod value;

use std::io::{self, BufRead};

pub use probe::{LookAlike, Suspicion};
pub use record::{Mode, OriginsSetting, RefusedCall, RouteKey};
pub use summary::{
    LineCounts, Listed, LogFix, LogSummary, MANY_ORIGINS, MAX_PATHS, MAX_ROUTES, MAX_VALUES, Place,
    ProbeWarning, Refused, RefusedValue, RouteRefusals,
};
pub use value::{LoggedValue, MAX_VALUE_BYTES, Timestamp};

use record::{Line, Record};
use summary::Summarizer;

/// The longest line read: far above any of cors-runtime's (its values are cut at 128 bytes,
/// its lists at eight origins). A longer line is skipped, its bytes never held.
pub const MAX_LINE_BYTES: usize = 64 * 1024;

/// How many allowed origins of a route are kept, to compare refused ones with (the runtime
/// lists eight at most).
const MAX_ALLOWED_KEPT: usize = 16;

/// Reads a whole log and summarizes its refusals per route.
///
/// # Errors
/// When reading fails; what the log holds never fails.
pub fn summarize(mut log: impl BufRead) -> io::Result<LogSummary> {
    let mut summarizer = Summarizer::default();
    let mut line = Vec::new();
    // A refusal waits for the next line: the same decision written again from the other source
    // (its event after its `log` line) counts once, with the event's typed fields.
    let mut previous: Option<Box<Record>> = None;
    while let Some(whole) = next_line(&mut log, &mut line)? {
        summarizer.lines.read += 1;
        let parsed = match whole {
            true => parse::parse_line(&String::from_utf8_lossy(&line)),
            false => Line::TooLong,
        };
        let parsed = match (parsed, previous.take()) {
            (Line::Refusal(record), Some(earlier)) if record.repeats(&earlier) => {
                summarizer.lines.repeated += 1;
                Line::Refusal(if record.structured { record } else { earlier })
            }
            (parsed, earlier) => {
                earlier.into_iter().for_each(|earlier| summarizer.add(*earlier));
                parsed
            }
        };
        match parsed {
            Line::Refusal(record) => previous = Some(record),
            Line::TooLong => summarizer.lines.too_long += 1,
            Line::Unread => summarizer.lines.unread += 1,
            Line::OtherRuntime => summarizer.lines.other_runtime += 1,
            Line::NotRuntime => summarizer.lines.skipped += 1,
        }
    }
    previous.into_iter().for_each(|earlier| summarizer.add(*earlier));
    Ok(summarizer.finish())
}

/// Reads the next line into `line`, without its end: `Some(true)` for a whole line,
/// `Some(false)` for one past [`MAX_LINE_BYTES`] (left empty, the rest of it consumed in
/// buffer-sized pieces), `None` at the end of the log.
fn next_line(log: &mut impl BufRead, line: &mut Vec<u8>) -> io::Result<Option<bool>> {
    line.clear();
    let (mut started, mut too_long) = (false, false);
    loop {
        let available = match log.fill_buf() {
            Ok(available) => available,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(error),
        };
        if available.is_empty() {
            return Ok(started.then_some(!too_long));
        }
        started = true;
        let end = available.iter().position(|&byte| byte == b'\n');
        let piece = &available[..end.unwrap_or(available.len())];
        if !too_long && line.len() + piece.len() <= MAX_LINE_BYTES {
            line.extend_from_slice(piece);
        } else {
            too_long = true;
            line.clear();
        }
        let used = end.map_or(available.len(), |end| end + 1);
        log.consume(used);
        if end.is_some() {
            if line.last() == Some(&b'\r') {
                line.pop();
            }
            return Ok(Some(!too_long));
        }
    }
}

#[cfg(test)]
mod tests;
