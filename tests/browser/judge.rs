//! The verdict on one case, from three witnesses: what the page saw, what the engine logged
//! (where the suite reads it: `Engine::console_is_read`), and what the API server received.
//! Each check below reads one witness.

use std::fmt::Write as _;

use cors_test_support::browser::ConsoleEntry;
use cors_test_support::engine::Engine;

use crate::cases::{Blocked, Case, Expect};
use crate::console::CorsBlock;
use crate::servers::Exchange;

/// What the page saw of one call.
#[derive(Debug)]
pub enum CallOutcome {
    Response { status: u16, headers: Vec<String> },
    Rejected(String),
}

/// One case as the harness saw it run.
pub struct Observation<'c> {
    pub case: &'c Case,
    pub url: String,
    pub page_origin: String,
    pub calls: Vec<CallOutcome>,
}

/// `Ok(summary)` when the case behaved as expected, else the list of what differed.
pub fn judge(
    engine: Engine,
    observation: &Observation<'_>,
    console: &[&ConsoleEntry],
    exchanges: &[Exchange],
) -> Result<String, Vec<String>> {
    let case = observation.case;
    let expect = case.expect.of(engine);
    let reads_console = engine.console_is_read();
    let blocks: Vec<Result<CorsBlock, String>> =
        console.iter().filter_map(|entry| CorsBlock::classify(&entry.message)).collect();
    let preflights = exchanges.iter().filter(|exchange| exchange.is_preflight()).count();
    let mut problems = Vec::new();
    problems.extend(preflight_count_problem(case, engine, preflights));
    problems.extend(call_count_problem(case, &observation.calls));
    let summary = match expect {
        Expect::Allowed { status, readable, hidden } => {
            problems.extend(allowed_call_problems(&observation.calls, status, readable, hidden));
            problems.extend(unsent_hidden_headers(exchanges, hidden));
            if reads_console && !blocks.is_empty() {
                problems.push("Chromium logged a CORS message for an allowed call".to_owned());
            }
            format!(
                "allowed, status {status}, reads {readable:?}, hides {hidden:?}, {preflights} preflight(s)"
            )
        }
        Expect::Blocked(expected) => {
            problems.extend(received_blocked_calls(engine, &observation.calls));
            if reads_console {
                problems.extend(cors_message_problems(&blocks, expected));
            }
            format!(
                "blocked: {:?} in the {:?} response, {preflights} preflight(s)",
                expected.refusal, expected.stage
            )
        }
    };
    if problems.is_empty() { Ok(summary) } else { Err(problems) }
}

/// The API server's witness: how many preflights reached it.
fn preflight_count_problem(case: &Case, engine: Engine, preflights: usize) -> Option<String> {
    let expected = case.preflights_in(engine);
    (!expected.contains(&preflights)).then(|| {
        let expected = if expected.start() == expected.end() {
            expected.start().to_string()
        } else {
            format!("{} to {}", expected.start(), expected.end())
        };
        format!("the API received {preflights} preflight(s), expected {expected}")
    })
}

/// The page's witness: it reported every call it was asked to make.
fn call_count_problem(case: &Case, calls: &[CallOutcome]) -> Option<String> {
    (calls.len() != usize::from(case.calls))
        .then(|| format!("the page reported {} call(s), expected {}", calls.len(), case.calls))
}

/// The page's witness of an allowed case: each call got `status`, and the page could read
/// exactly the headers it should.
fn allowed_call_problems(
    calls: &[CallOutcome],
    status: u16,
    readable: &[&str],
    hidden: &[&str],
) -> Vec<String> {
    let mut problems = Vec::new();
    for (number, call) in (1..).zip(calls) {
        let (seen, headers) = match call {
            CallOutcome::Rejected(error) => {
                problems.push(format!(
                    "call {number}: fetch() rejected ({error}); expected status {status}"
                ));
                continue;
            }
            CallOutcome::Response { status, headers } => (*status, headers),
        };
        if seen != status {
            problems.push(format!("call {number}: status {seen}, expected {status}"));
        }
        let reads = |name: &str| headers.iter().any(|header| header == name);
        for name in readable.iter().filter(|name| !reads(name)) {
            problems.push(format!(
                "call {number}: the page cannot read `{name}` (it reads {headers:?})"
            ));
        }
        for name in hidden.iter().filter(|name| reads(name)) {
            problems
                .push(format!("call {number}: the page can read `{name}`, which must stay hidden"));
        }
    }
    problems
}

/// The API server's witness for hidden headers: a hidden header proves nothing unless the
/// server really sent it.
fn unsent_hidden_headers(exchanges: &[Exchange], hidden: &[&str]) -> Vec<String> {
    hidden
        .iter()
        .filter(|name| {
            !exchanges.iter().any(|exchange| {
                !exchange.is_preflight()
                    && exchange.response_headers.iter().any(|header| header == *name)
            })
        })
        .map(|name| format!("the API never sent `{name}`, so its hiding was not tested"))
        .collect()
}

/// The page's witness of a blocked case: no call may have received its response.
fn received_blocked_calls(engine: Engine, calls: &[CallOutcome]) -> Vec<String> {
    (1..)
        .zip(calls)
        .filter_map(|(number, call)| match call {
            CallOutcome::Response { status, .. } => Some(format!(
                "call {number}: the page received the response (status {status}); expected \
                 {} to block it",
                engine.name()
            )),
            CallOutcome::Rejected(_) => None,
        })
        .collect()
}

/// Chromium's witness of a blocked case: at least one CORS message, each the expected one.
fn cors_message_problems(blocks: &[Result<CorsBlock, String>], expected: Blocked) -> Vec<String> {
    let mut problems = Vec::new();
    if blocks.is_empty() {
        problems.push("Chromium logged no CORS message for this call".to_owned());
    }
    for block in blocks {
        match block {
            Err(sentence) => {
                problems.push(format!("unrecognised CORS message (extend console.rs): {sentence}"))
            }
            Ok(block) => {
                let naming_matches =
                    expected.naming.is_none_or(|name| block.subject.as_deref() == Some(name));
                if block.stage != expected.stage
                    || block.refusal != expected.refusal
                    || !naming_matches
                {
                    problems.push(format!(
                        "Chromium blocked it for {block}; expected {:?} in the {:?} response{}",
                        expected.refusal,
                        expected.stage,
                        expected
                            .naming
                            .map(|name| format!(" (naming `{name}`)"))
                            .unwrap_or_default()
                    ));
                }
            }
        }
    }
    problems
}

/// The failure report of a case: what differed, then every witness, so it can be diagnosed
/// from the test output alone.
pub fn describe_failure(
    engine: Engine,
    observation: &Observation<'_>,
    problems: &[String],
    console: &[&ConsoleEntry],
    exchanges: &[Exchange],
) -> String {
    let case = observation.case;
    let mut text = format!(
        "case `{}`: {} {} from page {} (credentials: {}, {} call(s), headers {:?})\n",
        case.name,
        case.method,
        observation.url,
        observation.page_origin,
        case.credentials.as_fetch_option(),
        case.calls,
        case.headers,
    );
    let _ = writeln!(text, "  expected: {:?}", case.expect.of(engine));
    for problem in problems {
        let _ = writeln!(text, "  - {problem}");
    }
    let _ = writeln!(text, "  page saw: {:?}", observation.calls);
    let name = engine.name();
    if console.is_empty() {
        let _ = writeln!(text, "  {name} console: (nothing about this URL)");
    }
    for entry in console {
        let _ = writeln!(text, "  {name} console [{}]: {}", entry.level, entry.message);
    }
    if exchanges.is_empty() {
        let _ = writeln!(text, "  API server: received nothing");
    }
    for exchange in exchanges {
        let _ = writeln!(
            text,
            "  API server: {} {} -> {} with headers {:?}",
            exchange.method, exchange.path, exchange.status, exchange.response_headers
        );
    }
    text
}
