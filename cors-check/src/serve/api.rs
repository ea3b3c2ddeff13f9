//! The page's three endpoints, each a JSON answer: `/api/check` (the four steps' call),
//! `/api/explain` (a pasted console error, read back into the call) and `/api/har` (a HAR
//! file's calls, sent again or judged offline).

use std::time::Duration;

use serde_json::{Value, json};

use cors_check_core::http::{HttpTransport, Trust};
use cors_check_core::input::{explain as read_error, judge_live, judge_offline, read_har};
use cors_check_core::{CorsRequest, Report};

use super::Reply;
use crate::checking::{CheckOptions, Judges, check as check_call};
use crate::options::missing_option;

fn answer(value: &Value) -> Reply {
    Reply { status: 200, content_type: "application/json", body: value.to_string().into_bytes() }
}

fn refusal(message: impl Into<String>) -> Reply {
    let value = json!({ "ok": false, "error": message.into() });
    Reply { status: 400, content_type: "application/json", body: value.to_string().into_bytes() }
}

/// `{url, origin, method, headers: "Name: value" lines, credentials, browser}` → `{ok,
/// verdict, agree, reports: [report JSON, ...], text}`; `browser` is an engine or `all`.
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
        Ok(outcome) => answer(&json!({
            "ok": true,
            "verdict": outcome.verdict().as_str(),
            "agree": outcome.agree(),
            "reports": outcome.reports().into_iter().map(report_json).collect::<Vec<_>>(),
            "text": outcome.to_string(),
        })),
        Err(error) => refusal(error.to_string()),
    }
}

/// A report's JSON, as `cors-check --json` prints it.
fn report_json(report: &Report) -> Value {
    serde_json::from_str(&report.to_json()).expect("a report's JSON reads back")
}

/// `{text}` → `{ok, browser, kinds, reason, translated, call: {url, origin, method, headers,
/// credentials}, notes, missing}`.
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
            answer(&json!({
                "ok": true,
                "browser": error.browser.as_str(),
                "kinds": error.kinds.iter().map(|kind| kind.as_str()).collect::<Vec<_>>(),
                "reason": explanation.reason(),
                "translated": error.translated,
                "call": {
                    "url": call.url,
                    "origin": call.origin,
                    "method": call.method,
                    "headers": headers.join("\n"),
                    "credentials": call.credentials,
                },
                "notes": call.notes.iter().map(ToString::to_string).collect::<Vec<_>>(),
                "missing": call.missing().into_iter().map(missing_option).collect::<Vec<_>>(),
            }))
        }
        Err(error) => refusal(error.to_string()),
    }
}

/// A HAR file → `{ok, blocked, text}`.
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
    answer(&json!({ "ok": true, "blocked": result.blocked(), "text": result.to_string() }))
}
