//! Runs a case table in one engine, has each case judged from its witnesses (judge.rs), then
//! checks that cors-check, run on the same case as that engine, agrees with it (agreement.rs).

use std::collections::HashSet;
use std::time::{Duration, Instant};

use actix_web::rt::time::sleep;
use cors_test_support::browser::{Browser, ConsoleEntry};
use cors_test_support::misconfigured;
use serde_json::{Value, json};

use crate::agreement;
use crate::cases::{Case, Page, PagePort};
use crate::console::CorsBlock;
use crate::judge::{CallOutcome, Observation, describe_failure, judge};
use crate::servers::{CASE_PARAMETER, ExchangeLog};

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
    if (call > 0) await new Promise((resolve) => setTimeout(resolve, 200));
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
/// usually logs it before the promise settles. Only for engines whose console is read.
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

/// The verdicts of one run.
#[derive(Debug, Default)]
pub struct Report {
    /// One line per case that behaved as expected.
    pub passed: Vec<String>,
    /// One block per case that did not, naming it and quoting Chromium's console.
    pub failures: Vec<String>,
}

impl Report {
    /// Lists the passes (shown by cargo when the test fails, or with `--nocapture`).
    pub fn print_passes(&self) {
        for line in &self.passed {
            println!("ok    {line}");
        }
    }
}

impl Harness<'_> {
    /// Runs `cases` in order and judges them once all have run.
    pub async fn run(&self, cases: &[Case]) -> Report {
        assert_unique_url_safe_names(cases);
        let engine = self.browser.engine();
        // Start from an empty log: nothing from before the run may be blamed on a case.
        self.browser.take_console().await;
        let mut console = Vec::new();
        let mut observations = Vec::with_capacity(cases.len());
        for case in cases {
            let observation = self.observe(case).await;
            console.extend(self.browser.take_console().await);
            if engine.console_is_read()
                && observation.calls.iter().any(|call| matches!(call, CallOutcome::Rejected(_)))
            {
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
            let case = observation.case;
            let tester =
                agreement::check(case, &observation.url, &observation.page_origin, engine).await;
            let page_blocked =
                observation.calls.iter().any(|call| matches!(call, CallOutcome::Rejected(_)));
            let disagreement =
                agreement::disagreement(engine, page_blocked, &case_console, &tester);
            match (judge(engine, observation, &case_console, &exchanges), disagreement) {
                (Ok(summary), None) => {
                    report.passed.push(format!("{}: {summary}; cors-check agrees", case.name))
                }
                (Ok(_), Some(disagreement)) => report.failures.push(describe_failure(
                    engine,
                    observation,
                    &[disagreement],
                    &case_console,
                    &exchanges,
                )),
                (Err(mut problems), disagreement) => {
                    problems.extend(disagreement);
                    report.failures.push(describe_failure(
                        engine,
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
        let page_path = match case.page.port {
            PagePort::Api => misconfigured::API_PAGE,
            PagePort::Main | PagePort::Other => "/",
        };
        self.browser.show_page(&format!("{page_origin}{page_path}")).await;
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
            PagePort::Api => return self.api_origin.clone(),
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

/// The console lines about `url`: Chromium quotes it in CORS messages (`'<url>'`) and starts
/// network errors with it; Firefox and WebKit write it bare. The URL must not go on with a
/// character of a case name, so that `?case=a` does not claim the lines of `?case=ab`.
fn console_for<'e>(console: &'e [ConsoleEntry], url: &str) -> Vec<&'e ConsoleEntry> {
    console.iter().filter(|entry| mentions(&entry.message, url)).collect()
}

fn mentions(message: &str, url: &str) -> bool {
    message.match_indices(url).any(|(at, _)| {
        message[at + url.len()..]
            .chars()
            .next()
            .is_none_or(|next| !(next.is_ascii_alphanumeric() || next == '_'))
    })
}

/// Panics unless every case name is unique and can tag a URL.
pub fn assert_unique_url_safe_names(cases: &[Case]) {
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
