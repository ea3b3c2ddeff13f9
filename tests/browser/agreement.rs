//! The tester as a second witness: every case also goes through cors-check, over HTTP against
//! the same API server, with the page's origin, method, headers and credentials mode, judging
//! as the engine that ran the case (`--browser`). The browser is the judge: cors-check must
//! reach the engine's verdict, and where the suite reads the engine's console (Chromium), the
//! same kind of message naming the same value.

use std::time::Duration;

use cors_check_core::http::HttpTransport;
use cors_check_core::{Check, CorsRequest, Plan, Report};
use cors_test_support::browser::ConsoleEntry;
use cors_test_support::engine::Engine;

use crate::cases::{Case, Credentials};
use crate::console::CorsBlock;

/// Where Chromium's console text starts, after the page URL it puts in front.
const MESSAGE_START: &str = "Access to fetch at ";
/// Loopback answers in milliseconds; this only bounds a hung server.
const TESTER_TIMEOUT: Duration = Duration::from_secs(10);

/// Runs `case` through cors-check, as `engine`, at `url` (the URL the page called) from
/// `page_origin`.
pub async fn check(
    case: &Case,
    url: &str,
    page_origin: &str,
    engine: Engine,
) -> Result<Report, String> {
    let mut request = CorsRequest::new(url, page_origin)
        .with_method(case.method)
        .with_browser(engine.tester_browser());
    for (name, value) in case.headers {
        request = request.with_header(*name, *value);
    }
    // `same-origin` sends no credentials to another origin, so it is judged like `omit`.
    if case.credentials == Credentials::Include {
        request = request.with_credentials();
    }
    let plan =
        Plan::new(request).map_err(|error| format!("cors-check refused the case: {error}"))?;
    // The HTTP transport blocks; the API server runs on its own thread, so it keeps answering.
    actix_web::rt::task::spawn_blocking(move || {
        let transport = HttpTransport::new(TESTER_TIMEOUT);
        Check::new(plan).run(|outgoing| transport.send(outgoing))
    })
    .await
    .map_err(|error| format!("the cors-check thread failed: {error}"))?
    .map_err(|error| format!("cors-check got no answer: {error}"))
}

/// `None` when cors-check reached the engine's verdict (`page_blocked`: the page's `fetch()`
/// was rejected) and, where the engine's console is read, the same kind of console message
/// naming the same value; else what differs, quoting both. The kinds are compared, not the
/// whole text: the hints Chromium appends change between releases (cors-spec.md §3).
pub fn disagreement(
    engine: Engine,
    page_blocked: bool,
    console: &[&ConsoleEntry],
    tester: &Result<Report, String>,
) -> Option<String> {
    let report = match tester {
        Ok(report) => report,
        Err(error) => return Some(format!("cors-check could not judge the case: {error}")),
    };
    if !engine.console_is_read() {
        let tester_blocked = report.failure.is_some();
        return (tester_blocked != page_blocked).then(|| {
            let verdict = |blocked| if blocked { "blocked" } else { "allowed" };
            format!(
                "cors-check disagrees with the browser\n    {}: {}\n    cors-check (as {}): {}\n    \
                 cors-check's report:\n{}",
                engine.name(),
                verdict(page_blocked),
                engine.tester_browser(),
                verdict(tester_blocked),
                indent(&report.to_string())
            )
        });
    }
    let chromium: Vec<(&str, Result<CorsBlock, String>)> = console
        .iter()
        .filter_map(|entry| {
            let block = CorsBlock::classify(&entry.message)?;
            let start = entry.message.find(MESSAGE_START).unwrap_or_default();
            Some((&entry.message[start..], block))
        })
        .collect();
    let tester_block =
        report.failure.as_ref().map(|failure| CorsBlock::classify(&failure.console_message));
    let differs = match &tester_block {
        None => !chromium.is_empty(),
        // A case with several calls logs one message per blocked call, all of one kind.
        Some(block) => {
            chromium.is_empty()
                || chromium.iter().any(|(_, chromium_block)| Some(chromium_block) != block.as_ref())
        }
    };
    differs.then(|| {
        let chromium_says = if chromium.is_empty() {
            "allowed (no CORS message)".to_owned()
        } else {
            chromium.iter().map(|(message, _)| *message).collect::<Vec<_>>().join(" | ")
        };
        let tester_says = match &report.failure {
            None => "allowed".to_owned(),
            Some(failure) => format!("blocked, {}: {}", failure.kind, failure.console_message),
        };
        format!(
            "cors-check disagrees with the browser\n    Chromium:   {chromium_says}\n    \
             cors-check: {tester_says}\n    cors-check's report:\n{}",
            indent(&report.to_string())
        )
    })
}

fn indent(text: &str) -> String {
    text.lines().map(|line| format!("      {line}\n")).collect()
}

#[cfg(test)]
mod tests {
    use cors_check_core::{Browser, Response, Responses, evaluate};

    use super::*;

    const URL: &str = "http://127.0.0.1:40000/api?case=x";
    const ORIGIN: &str = "http://app.example.test:47811";

    fn chromium_logged(sentence: &str) -> ConsoleEntry {
        ConsoleEntry {
            level: "SEVERE".to_owned(),
            message: format!(
                "{ORIGIN}/ - {MESSAGE_START}'{URL}' from origin '{ORIGIN}' has been blocked by \
                 CORS policy: {sentence}"
            ),
        }
    }

    /// What cors-check makes of a simple GET answered with `answer`.
    fn tester_given(answer: Response) -> Result<Report, String> {
        let plan = Plan::new(CorsRequest::new(URL, ORIGIN)).unwrap();
        let responses = Responses { actual: Some(answer), ..Responses::default() };
        Ok(evaluate(&plan, &responses, Browser::Chromium))
    }

    const MISSING: &str =
        "No 'Access-Control-Allow-Origin' header is present on the requested resource.";

    #[test]
    fn the_same_verdict_and_kind_agree() {
        let entry = chromium_logged(MISSING);
        assert_eq!(
            disagreement(Engine::Chromium, true, &[&entry], &tester_given(Response::new(200))),
            None
        );
        let granted = Response::new(200).with_header("Access-Control-Allow-Origin", "*");
        assert_eq!(disagreement(Engine::Chromium, false, &[], &tester_given(granted)), None);
    }

    #[test]
    fn a_blocked_call_the_tester_allows_names_both_verdicts() {
        let entry = chromium_logged(MISSING);
        let granted = Response::new(200).with_header("Access-Control-Allow-Origin", "*");
        let text = disagreement(Engine::Chromium, true, &[&entry], &tester_given(granted))
            .expect("a disagreement");
        assert!(text.contains(&format!("Chromium:   {MESSAGE_START}'{URL}'")), "{text}");
        assert!(text.contains(MISSING), "{text}");
        assert!(text.contains("cors-check: allowed"), "{text}");
    }

    #[test]
    fn an_allowed_call_the_tester_blocks_quotes_its_message() {
        let text = disagreement(Engine::Chromium, false, &[], &tester_given(Response::new(200)))
            .expect("a disagreement");
        assert!(text.contains("Chromium:   allowed (no CORS message)"), "{text}");
        assert!(
            text.contains(&format!(
                "cors-check: blocked, MissingAllowOriginHeader: {MESSAGE_START}"
            )),
            "{text}"
        );
    }

    #[test]
    fn another_kind_or_value_is_a_disagreement() {
        let mismatch =
            Response::new(200).with_header("Access-Control-Allow-Origin", "http://b.test");
        let entry = chromium_logged(MISSING);
        assert!(
            disagreement(Engine::Chromium, true, &[&entry], &tester_given(mismatch.clone()))
                .is_some()
        );
        let other_value = chromium_logged(
            "The 'Access-Control-Allow-Origin' header has a value 'http://c.test' that is not \
             equal to the supplied origin.",
        );
        assert!(
            disagreement(Engine::Chromium, true, &[&other_value], &tester_given(mismatch))
                .is_some()
        );
    }

    #[test]
    fn where_the_console_is_not_read_the_verdicts_are_compared() {
        let granted = Response::new(200).with_header("Access-Control-Allow-Origin", "*");
        assert_eq!(disagreement(Engine::WebKit, false, &[], &tester_given(granted.clone())), None);
        assert_eq!(
            disagreement(Engine::WebKit, true, &[], &tester_given(Response::new(200))),
            None
        );
        let text = disagreement(Engine::WebKit, true, &[], &tester_given(granted))
            .expect("a disagreement");
        assert!(
            text.contains("WebKit: blocked") && text.contains("cors-check (as safari): allowed"),
            "{text}"
        );
    }

    #[test]
    fn a_tester_without_an_answer_disagrees() {
        let text = disagreement(Engine::Firefox, true, &[], &Err("connection refused".to_owned()))
            .expect("a disagreement");
        assert!(text.contains("connection refused"), "{text}");
    }
}
