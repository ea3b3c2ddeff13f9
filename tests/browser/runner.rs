//! Runs the case table in Chromium and judges each case from three witnesses: what the page
//! saw, what Chromium logged, and what the API server received; then checks that cors-check,
//! run on the same case, agrees with Chromium.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::time::{Duration, Instant};

use actix_web::rt::time::sleep;
use serde_json::{Value, json};

use crate::agreement;
use crate::cases::{Case, Expect, Page, PagePort};
use crate::console::CorsBlock;
use crate::driver::{Browser, ConsoleEntry};
use crate::servers::{CASE_PARAMETER, Exchange, ExchangeLog};

/// Makes the case's calls one after the other (so a later call can hit the preflight cache
/// the earlier one filled) and reports what the page could see of each. The default cache
/// mode is kept on purpose: `no-store` or `reload` make Chromium bypass its preflight cache
/// too. The HTTP cache stays out of the picture anyway: each case has its own URL, and the
/// API's responses carry no freshness or validator headers.
const FETCH_SCRIPT: &str = r#"
const [spec, done] = arguments;
(async () => {
  const calls = [];
  for (let call = 0; call < spec.calls; call++) {
    const init = {
      method: spec.method,
      headers: spec.headers,
      credentials: spec.credentials,
      mode: 'cors',
    };
    if (spec.body !== null) init.body = spec.body;
    try {
      const response = await fetch(spec.url, init);
      await response.text();
      calls.push({ status: response.status, headers: [...response.headers.keys()] });
    } catch (error) {
      calls.push({ error: `${error.name}: ${error.message}` });
    }
  }
  done(calls);
})();
"#;

/// How long a blocked call's console message may trail the rejected promise; Chromium
/// usually logs it before the promise settles.
const CONSOLE_GRACE: Duration = Duration::from_secs(3);
/// Settling time before the last log read, so a late message for an allowed case (which
/// would be a failure) is not missed.
const FINAL_SETTLE: Duration = Duration::from_millis(300);

/// Where the harness finds the page server, the API and the API's exchange log.
pub struct Harness<'a> {
    pub browser: &'a Browser,
    /// `http://127.0.0.1:<api port>`
    pub api_origin: String,
    pub main_page_port: u16,
    pub other_page_port: u16,
    pub exchanges: &'a ExchangeLog,
}

/// What the page saw of one call.
#[derive(Debug)]
enum CallOutcome {
    Response { status: u16, headers: Vec<String> },
    Rejected(String),
}

struct Observation<'c> {
    case: &'c Case,
    url: String,
    page_origin: String,
    calls: Vec<CallOutcome>,
}

/// The verdicts of one run.
#[derive(Debug, Default)]
pub struct Report {
    /// One line per case that behaved as expected.
    pub passed: Vec<String>,
    /// One block per case that did not, naming it and quoting Chromium's console.
    pub failures: Vec<String>,
}

impl Report {
    /// Panics with every failure, after listing the passes (shown by cargo on failure).
    pub fn assert_all_passed(&self) {
        for line in &self.passed {
            println!("ok    {line}");
        }
        let total = self.passed.len() + self.failures.len();
        assert!(
            self.failures.is_empty(),
            "{} of {total} browser cases failed:\n\n{}",
            self.failures.len(),
            self.failures.join("\n")
        );
        println!("all {total} browser cases passed");
    }
}

impl Harness<'_> {
    /// Runs `cases` in order and judges them once all have run.
    pub async fn run(&self, cases: &[Case]) -> Report {
        assert_unique_url_safe_names(cases);
        // Start from an empty log: nothing from before the run may be blamed on a case.
        self.browser.take_console().await;
        let mut console = Vec::new();
        let mut observations = Vec::with_capacity(cases.len());
        for case in cases {
            let observation = self.observe(case).await;
            console.extend(self.browser.take_console().await);
            if observation.calls.iter().any(|call| matches!(call, CallOutcome::Rejected(_))) {
                self.wait_for_cors_message(&observation.url, &mut console).await;
            }
            observations.push(observation);
        }
        sleep(FINAL_SETTLE).await;
        console.extend(self.browser.take_console().await);

        let mut report = Report::default();
        for observation in &observations {
            let case_console = console_for(&console, &observation.url);
            let exchanges = self.exchanges.for_case(observation.case.name);
            let tester =
                agreement::check(observation.case, &observation.url, &observation.page_origin)
                    .await;
            let disagreement = agreement::disagreement(&case_console, &tester);
            match (judge(observation, &case_console, &exchanges), disagreement) {
                (Ok(summary), None) => report
                    .passed
                    .push(format!("{}: {summary}; cors-check agrees", observation.case.name)),
                (Ok(_), Some(disagreement)) => report.failures.push(describe_failure(
                    observation,
                    &[disagreement],
                    &case_console,
                    &exchanges,
                )),
                (Err(mut problems), disagreement) => {
                    problems.extend(disagreement);
                    report.failures.push(describe_failure(
                        observation,
                        &problems,
                        &case_console,
                        &exchanges,
                    ));
                }
            }
        }
        report
    }

    async fn observe<'c>(&self, case: &'c Case) -> Observation<'c> {
        let page_origin = self.page_origin(case.page);
        self.browser.show_page(&format!("{page_origin}/")).await;
        let url = format!("{}{}?{CASE_PARAMETER}={}", self.api_origin, case.path, case.name);
        let spec = json!({
            "url": url,
            "method": case.method,
            "headers": case.headers,
            "body": case.body,
            "credentials": case.credentials.as_fetch_option(),
            "calls": case.calls,
        });
        let result = self.browser.run_async_script(FETCH_SCRIPT, spec).await;
        let calls = parse_calls(&result)
            .unwrap_or_else(|| panic!("case `{}`: unexpected script result {result}", case.name));
        Observation { case, url, page_origin, calls }
    }

    fn page_origin(&self, page: Page) -> String {
        let port = match page.port {
            PagePort::Main => self.main_page_port,
            PagePort::Other => self.other_page_port,
        };
        format!("http://{}:{port}", page.host)
    }

    async fn wait_for_cors_message(&self, url: &str, console: &mut Vec<ConsoleEntry>) {
        let deadline = Instant::now() + CONSOLE_GRACE;
        while Instant::now() < deadline
            && !console_for(console, url)
                .iter()
                .any(|entry| CorsBlock::classify(&entry.message).is_some())
        {
            sleep(Duration::from_millis(50)).await;
            console.extend(self.browser.take_console().await);
        }
    }
}

fn parse_calls(result: &Value) -> Option<Vec<CallOutcome>> {
    result
        .as_array()?
        .iter()
        .map(|call| {
            if let Some(error) = call["error"].as_str() {
                return Some(CallOutcome::Rejected(error.to_owned()));
            }
            let status = u16::try_from(call["status"].as_u64()?).ok()?;
            let headers = call["headers"]
                .as_array()?
                .iter()
                .map(|name| name.as_str().map(str::to_owned))
                .collect::<Option<Vec<_>>>()?;
            Some(CallOutcome::Response { status, headers })
        })
        .collect()
}

/// The log entries about `url`: Chromium quotes it in CORS messages (`'<url>'`) and starts
/// network errors with it. Matching the whole quoted URL keeps `?case=a` from claiming the
/// messages of `?case=ab`.
fn console_for<'e>(console: &'e [ConsoleEntry], url: &str) -> Vec<&'e ConsoleEntry> {
    let quoted = format!("'{url}'");
    let leading = format!("{url} ");
    console
        .iter()
        .filter(|entry| entry.message.contains(&quoted) || entry.message.starts_with(&leading))
        .collect()
}

/// `Ok(summary)` when the case behaved as expected, else the list of what differed.
fn judge(
    observation: &Observation<'_>,
    console: &[&ConsoleEntry],
    exchanges: &[Exchange],
) -> Result<String, Vec<String>> {
    let case = observation.case;
    let mut problems = Vec::new();
    let blocks: Vec<Result<CorsBlock, String>> =
        console.iter().filter_map(|entry| CorsBlock::classify(&entry.message)).collect();

    let preflights = exchanges.iter().filter(|e| e.is_preflight()).count();
    if preflights != case.preflights {
        problems.push(format!(
            "the API received {preflights} preflight(s), expected {}",
            case.preflights
        ));
    }
    if observation.calls.len() != usize::from(case.calls) {
        problems.push(format!(
            "the page reported {} call(s), expected {}",
            observation.calls.len(),
            case.calls
        ));
    }

    let summary = match case.expect {
        Expect::Allowed { status, readable, hidden } => {
            for (number, call) in (1..).zip(&observation.calls) {
                match call {
                    CallOutcome::Rejected(error) => problems.push(format!(
                        "call {number}: fetch() rejected ({error}); expected status {status}"
                    )),
                    CallOutcome::Response { status: seen, headers } => {
                        if *seen != status {
                            problems
                                .push(format!("call {number}: status {seen}, expected {status}"));
                        }
                        for name in
                            readable.iter().filter(|name| !headers.contains(&name.to_string()))
                        {
                            problems.push(format!(
                                "call {number}: the page cannot read `{name}` (it reads {headers:?})"
                            ));
                        }
                        for name in hidden.iter().filter(|name| headers.contains(&name.to_string()))
                        {
                            problems.push(format!(
                                "call {number}: the page can read `{name}`, which must stay hidden"
                            ));
                        }
                    }
                }
            }
            // A hidden header proves nothing unless the server really sent it.
            for name in hidden {
                let sent = exchanges.iter().any(|exchange| {
                    !exchange.is_preflight() && exchange.response_headers.iter().any(|h| h == name)
                });
                if !sent {
                    problems
                        .push(format!("the API never sent `{name}`, so its hiding was not tested"));
                }
            }
            if !blocks.is_empty() {
                problems.push("Chromium logged a CORS message for an allowed call".to_owned());
            }
            format!(
                "allowed, status {status}, reads {readable:?}, hides {hidden:?}, {preflights} preflight(s)"
            )
        }
        Expect::Blocked(expected) => {
            for (number, call) in (1..).zip(&observation.calls) {
                if let CallOutcome::Response { status, .. } = call {
                    problems.push(format!(
                        "call {number}: the page received the response (status {status}); \
                         expected Chromium to block it"
                    ));
                }
            }
            if blocks.is_empty() {
                problems.push("Chromium logged no CORS message for this call".to_owned());
            }
            for block in &blocks {
                match block {
                    Err(sentence) => problems
                        .push(format!("unrecognised CORS message (extend console.rs): {sentence}")),
                    Ok(block) => {
                        let naming_matches = expected
                            .naming
                            .is_none_or(|name| block.subject.as_deref() == Some(name));
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
            format!(
                "blocked: {:?} in the {:?} response, {preflights} preflight(s)",
                expected.refusal, expected.stage
            )
        }
    };
    if problems.is_empty() { Ok(summary) } else { Err(problems) }
}

fn describe_failure(
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
    let _ = writeln!(text, "  expected: {:?}", case.expect);
    for problem in problems {
        let _ = writeln!(text, "  - {problem}");
    }
    let _ = writeln!(text, "  page saw: {:?}", observation.calls);
    if console.is_empty() {
        let _ = writeln!(text, "  Chromium console: (nothing about this URL)");
    }
    for entry in console {
        let _ = writeln!(text, "  Chromium console [{}]: {}", entry.level, entry.message);
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

fn assert_unique_url_safe_names(cases: &[Case]) {
    let mut seen = HashSet::new();
    for case in cases {
        assert!(
            !case.name.is_empty()
                && case
                    .name
                    .bytes()
                    .all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'_'),
            "case name `{}` must be non-empty [a-z0-9_]: it tags the URL",
            case.name
        );
        assert!(seen.insert(case.name), "case name `{}` is used twice", case.name);
    }
}
