//! The page's three endpoints, each a JSON answer, derived from the types below (their
//! schema; `format` is [`FORMAT`], as in the documents of `--json`): `/api/check` (the four
//! steps' call), `/api/explain` (a pasted console error, read back into the call) and
//! `/api/har` (a HAR file's calls, sent again or judged offline). A refused request gets
//! [`Refused`].

use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use cors_check_core::CorsRequest;
use cors_check_core::document::{FORMAT, ReportDocument};
use cors_check_core::http::{HttpTransport, Trust};
use cors_check_core::input::{explain as read_error, judge_live, judge_offline, read_har};

use super::Reply;
use crate::checking::{CheckOptions, Judges, check as check_call};
use crate::options::missing_option;

/// The answer to `/api/check`.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
pub(super) struct Checked {
    format: u32,
    /// Always `true`: a refusal is [`Refused`].
    ok: bool,
    /// `allowed`, `blocked` or `inconclusive`; with every engine, `blocked` when any blocks.
    verdict: String,
    /// Whether the engines agree (one engine always does).
    agree: bool,
    /// Each engine's report, as `cors-check --json` prints it.
    reports: Vec<ReportDocument>,
    /// The text report, as `cors-check` prints it.
    text: String,
}

/// The answer to `/api/explain`.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
pub(super) struct Explained {
    format: u32,
    ok: bool,
    /// The engine whose console line it was.
    browser: String,
    /// The error kinds the line may mean.
    kinds: Vec<String>,
    /// The reason, in words.
    reason: String,
    /// Whether the line was in another language than English.
    translated: bool,
    /// The call read back, as the page's form takes it.
    call: FormCall,
    /// What was guessed, one sentence each.
    notes: Vec<String>,
    /// The options still needed, one line each.
    missing: Vec<String>,
}

/// A call as the page's form holds it.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
pub(super) struct FormCall {
    url: Option<String>,
    origin: Option<String>,
    method: Option<String>,
    /// `Name: value` lines, as the form's text area holds them.
    headers: String,
    credentials: Option<bool>,
}

/// The answer to `/api/har`.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
pub(super) struct HarJudged {
    format: u32,
    ok: bool,
    /// How many calls the browser blocks.
    blocked: usize,
    /// The text listing, as `cors-check har` prints it.
    text: String,
}

/// The answer to a request the page cannot act on.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
pub(super) struct Refused {
    format: u32,
    /// Always `false`.
    ok: bool,
    /// Why, in words.
    error: String,
}

fn answer(value: &impl Serialize) -> Reply {
    let body = serde_json::to_vec(value).expect("an answer has string keys only");
    Reply { status: 200, content_type: "application/json", body }
}

fn refusal(message: impl Into<String>) -> Reply {
    let refused = Refused { format: FORMAT, ok: false, error: message.into() };
    Reply { status: 400, ..answer(&refused) }
}

/// `{url, origin, method, headers: "Name: value" lines, credentials, browser}` → [`Checked`];
/// `browser` is an engine or `all`.
pub(super) fn check(body: &[u8], timeout: Duration) -> Reply {
    let Ok(form) = serde_json::from_slice::<Value>(body) else {
        return refusal("the form did not arrive as JSON");
    };
    let field = |name: &str| form[name].as_str().unwrap_or_default().trim().to_owned();
    let mut request = CorsRequest::new(field("url"), field("origin"));
    let method = field("method");
    if !method.is_empty() {
        request = request.with_method(method);
    }
    let lines = field("headers");
    for (number, line) in lines.lines().enumerate().filter(|(_, line)| !line.trim().is_empty()) {
        // Not echoed: a malformed line may be a credential pasted without its name.
        let Some((name, value)) = line.split_once(':') else {
            return refusal(format!("header line {} needs the form 'Name: value'", number + 1));
        };
        request = request.with_header(name.trim(), value.trim());
    }
    if form["credentials"].as_bool() == Some(true) {
        request = request.with_credentials();
    }
    let judges = match field("browser").as_str() {
        "" => Judges::All,
        name => match Judges::parse(name) {
            Ok(judges) => judges,
            Err(error) => return refusal(error),
        },
    };
    // The page's checks trust the public web's authorities and send the tester's probes.
    let options = CheckOptions { request, judges, probes: true, timeout, trust: Trust::default() };
    match check_call(options) {
        Ok(outcome) => answer(&Checked {
            format: FORMAT,
            ok: true,
            verdict: outcome.verdict().as_str().to_owned(),
            agree: outcome.agree(),
            reports: outcome.reports().into_iter().map(|report| report.document()).collect(),
            text: outcome.to_string(),
        }),
        Err(error) => refusal(error.to_string()),
    }
}

/// `{text}` → [`Explained`].
pub(super) fn explain(body: &[u8]) -> Reply {
    let text = serde_json::from_slice::<Value>(body)
        .ok()
        .and_then(|value| value["text"].as_str().map(str::to_owned))
        .unwrap_or_default();
    match read_error(&text) {
        Ok(explanation) => {
            let (error, call) = (&explanation.error, &explanation.call);
            let headers: Vec<String> =
                call.headers.iter().map(|(name, value)| format!("{name}: {value}")).collect();
            answer(&Explained {
                format: FORMAT,
                ok: true,
                browser: error.browser.as_str().to_owned(),
                kinds: error.kinds.iter().map(|kind| kind.as_str().to_owned()).collect(),
                reason: explanation.reason(),
                translated: error.translated,
                call: FormCall {
                    url: call.url.clone(),
                    origin: call.origin.clone(),
                    method: call.method.clone(),
                    headers: headers.join("\n"),
                    credentials: call.credentials,
                },
                notes: call.notes.iter().map(ToString::to_string).collect(),
                missing: call
                    .missing()
                    .into_iter()
                    .map(missing_option)
                    .map(str::to_owned)
                    .collect(),
            })
        }
        Err(error) => refusal(error.to_string()),
    }
}

/// A HAR file → [`HarJudged`].
pub(super) fn har(body: &[u8], offline: bool, timeout: Duration) -> Reply {
    let Ok(text) = std::str::from_utf8(body) else {
        return refusal("the HAR file is not UTF-8 text");
    };
    let calls = match read_har(text) {
        Ok(calls) => calls,
        Err(error) => return refusal(error.to_string()),
    };
    let result = if offline {
        judge_offline(calls)
    } else {
        let transport = HttpTransport::new(timeout);
        judge_live(calls, |request| transport.send(request))
    };
    answer(&HarJudged {
        format: FORMAT,
        ok: true,
        blocked: result.blocked(),
        text: result.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read<T: for<'a> Deserialize<'a>>(reply: &Reply) -> T {
        serde_json::from_slice(&reply.body).expect("the answer reads back into its type")
    }

    #[test]
    fn each_answer_reads_back_into_its_type() {
        let line = "Access to fetch at 'https://api.example/data' from origin 'https://app.example' \
                    has been blocked by CORS policy: Method PUT is not allowed by \
                    Access-Control-Allow-Methods in preflight response.";
        let reply = explain(&serde_json::to_vec(&serde_json::json!({ "text": line })).unwrap());
        let explained: Explained = read(&reply);
        assert_eq!((explained.format, explained.ok), (FORMAT, true));
        assert_eq!(explained.call.method.as_deref(), Some("PUT"));
        assert_eq!(explained.kinds, ["MethodDisallowedByPreflightResponse"]);
        let refused: Refused = read(&explain(b"{}"));
        assert!(!refused.ok && refused.error.starts_with("not a CORS error"), "{refused:?}");
        let judged: HarJudged = read(&har(b"{\"log\": {\"entries\": []}}", true, Duration::ZERO));
        assert_eq!((judged.ok, judged.blocked), (true, 0));
    }
}
