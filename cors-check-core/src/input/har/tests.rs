//! Finding each call's preflight, reading what it asked for within the caps, and the work a
//! hostile file costs.

use std::time::{Duration, Instant};

use cors_test_support::hostile;
use serde::de::IgnoredAny;

use super::*;
use crate::input::judge_offline;

fn entry(method: &str, url: &str, headers: &[(&str, &str)]) -> String {
    let headers: Vec<String> = headers
        .iter()
        .map(|(name, value)| format!(r#"{{"name": "{name}", "value": "{value}"}}"#))
        .collect();
    format!(
        r#"{{"request": {{"method": "{method}", "url": "{url}", "headers": [{}]}},
            "response": {{"status": 204, "headers": []}}}}"#,
        headers.join(", ")
    )
}

fn har(entries: &[String]) -> String {
    format!(r#"{{"log": {{"entries": [{}]}}}}"#, entries.join(", "))
}

const URL: &str = "https://api.example/items";
const ORIGIN: (&str, &str) = ("Origin", "https://app.example");

fn preflight(requested: &str) -> String {
    let asks = [
        ORIGIN,
        ("Access-Control-Request-Method", "put"),
        ("Access-Control-Request-Headers", requested),
    ];
    entry("OPTIONS", URL, &asks)
}

fn put(headers: &[(&str, &str)]) -> String {
    entry("PUT", URL, &[&[ORIGIN], headers].concat())
}

fn names(call: &HarCall) -> Vec<&str> {
    call.request.headers().iter().map(|(name, _)| name.as_str()).collect()
}

#[test]
fn each_call_takes_the_latest_preflight_before_it() {
    let file = har(&[
        put(&[("X-A", "1"), ("X-B", "1")]),
        preflight("x-a"),
        put(&[("X-A", "1"), ("X-B", "1")]),
        entry("OPTIONS", URL, &[ORIGIN, ("Access-Control-Request-Method", "DELETE")]),
        preflight("x-b"),
        put(&[("X-A", "1"), ("X-B", "1")]),
    ]);
    let calls = read_har(&file).unwrap();
    let seen: Vec<(usize, Vec<&str>, bool)> =
        calls.iter().map(|call| (call.entry, names(call), call.preflight.is_some())).collect();
    assert_eq!(
        seen,
        [
            // No preflight before it: every header but the browser's own.
            (0, vec!["X-A", "X-B"], false),
            (2, vec!["X-A"], true),
            // The preflight for DELETE is for another call.
            (5, vec!["X-B"], true),
        ]
    );
}

#[test]
fn requested_headers_past_the_caps_are_not_read() {
    let many: Vec<String> = (0..=MAX_REQUEST_HEADER_NAMES).map(|at| format!("x-{at}")).collect();
    let last = many.last().unwrap().clone();
    let long = format!("x-first, {}", "x".repeat(MAX_REQUEST_HEADERS_BYTES));
    let file = har(&[
        preflight(&many.join(",")),
        put(&[("x-0", "1"), (&last, "1")]),
        preflight(&long),
        put(&[("x-first", "1")]),
    ]);
    let calls = read_har(&file).unwrap();
    assert_eq!(names(&calls[0]), ["x-0"], "the 65th name is past the cap");
    assert!(calls[1].request.headers().is_empty(), "a line past 4 KiB is not read at all");
    for call in &calls {
        assert!(call.notes.contains(&crate::input::Note::PreflightPastCaps), "{:?}", call.notes);
    }
}

#[test]
fn an_answer_longer_than_a_browser_reads_is_refused() {
    let value = "v".repeat(MAX_ANSWER_HEADER_BYTES);
    let file = har(&[entry("GET", URL, &[ORIGIN])]).replace(
        r#""status": 204, "headers": []"#,
        &format!(r#""status": 200, "headers": [{{"name": "X-Long", "value": "{value}"}}]"#),
    );
    let error = read_har(&file).unwrap_err();
    assert_eq!(error, InputError::HarAnswerTooLarge { index: 0, bytes: 262150 });
}

#[test]
fn members_of_another_type_are_named() {
    let error = read_har(r#"{"log": {"entries": [{"request": {"method": 1}}]}}"#).unwrap_err();
    let InputError::HarMemberOfAnotherType { reason } = &error else {
        panic!("{error:?}");
    };
    assert!(reason.starts_with("invalid type: integer `1`"), "{reason}");
    assert!(error.to_string().starts_with("not a HAR file: invalid type: integer `1`"), "{error}");
}

/// The fastest of three runs of `work`.
fn fastest(work: impl Fn()) -> Duration {
    (0..3)
        .map(|_| {
            let start = Instant::now();
            work();
            start.elapsed()
        })
        .min()
        .unwrap()
}

/// Reading and judging a file costs a bounded multiple of parsing its JSON, however its
/// entries refer to each other. Looking back through every earlier entry for each call's
/// preflight, or splitting a preflight's list again for each call, costs hundreds of times
/// more on these files (minutes, in a debug build).
#[test]
fn a_hostile_file_costs_a_bounded_multiple_of_parsing_it() {
    let files = [
        ("padded preflights", hostile::har_of_padded_preflights(5_000, 20, 5_000)),
        ("one long preflight", hostile::har_of_one_long_preflight(2_000_000, 300)),
    ];
    for (shape, text) in files {
        let parse = fastest(|| {
            serde_json::from_str::<IgnoredAny>(&text).unwrap();
        });
        let start = Instant::now();
        let result = judge_offline(read_har(&text).unwrap());
        let elapsed = start.elapsed();
        assert!(!result.rows.is_empty());
        assert!(elapsed < parse * 40, "{shape}: {elapsed:?} to read and judge, {parse:?} to parse");
    }
}

/// A call from `origin` whose recorded answer has no `Access-Control-Allow-Origin`.
fn unanswered(entry: usize, method: &str, origin: &str) -> HarCall {
    HarCall {
        entry,
        request: CorsRequest::new("https://api.example/data", origin).with_method(method),
        preflight: None,
        actual: Some(Response::new(200)),
        notes: Vec::new(),
    }
}

#[test]
fn blocked_calls_are_ranked_by_how_many_entries_share_their_typed_cause() {
    // Two methods, one origin refused: one change on the server unblocks both, although the
    // fix names each call's response ("the response to GET", "... to HEAD").
    let calls = vec![
        unanswered(0, "GET", "https://other.example"),
        unanswered(1, "GET", "https://app.example"),
        unanswered(2, "HEAD", "https://app.example"),
    ];
    let result = judge_offline(calls);
    let order: Vec<usize> = result.rows.iter().map(|row| row.entries[0]).collect();
    assert_eq!(order, [1, 2, 0]);
}
