//! A structured event of cors-runtime's (feature `tracing`), as tracing-subscriber's JSON
//! formatter writes it: fields under `fields`, or at the top level with `.flatten_event(true)`.
//! Its typed fields decide; its message (the log line's text) adds only what no field carries:
//! where the origins are set and which origins the policy lists.

use serde_json::{Map, Value};

use super::super::record::{Line, Mode, OriginsSetting, Reason, Record, RefusedCall, RouteKey};
use super::super::value::{LoggedValue, Timestamp};
use super::parse_message;

pub(super) fn parse(line: &str) -> Line {
    let Ok(Value::Object(event)) = serde_json::from_str::<Value>(line) else {
        return Line::NotRuntime;
    };
    let fields = match event.get("fields") {
        Some(Value::Object(fields)) => fields,
        _ => &event,
    };
    let text = |name: &str| fields.get(name).and_then(Value::as_str);
    let at = event.get("timestamp").and_then(Value::as_str).and_then(Timestamp::find);
    let message = text("message").and_then(|message| message.find("CORS").map(|at| &message[at..]));
    let from_message = message.and_then(parse_message);
    if text("event").is_none() {
        // A `log` line bridged into tracing: its message is all there is.
        return match (from_message, message) {
            (Some(record), _) => Line::Refusal(Box::new(Record { at, ..record })),
            (None, Some(message)) if super::is_refusal_message(message) => Line::Unread,
            (None, Some(_)) if is_runtime_target(&event) => Line::OtherRuntime,
            _ => Line::NotRuntime,
        };
    }
    match (typed(fields, from_message), text("outcome").and_then(mode)) {
        (Some(record), _) => Line::Refusal(Box::new(Record { at, ..record })),
        // A refusal of a kind or reason this version does not know.
        (None, Some(_)) => Line::Unread,
        // Startup, a set loaded, headers removed, a grant.
        (None, None) => Line::OtherRuntime,
    }
}

fn is_runtime_target(event: &Map<String, Value>) -> bool {
    event
        .get("target")
        .and_then(Value::as_str)
        .is_some_and(|target| target.starts_with("cors_runtime"))
}

/// Whether an outcome is a refusal, enforced or reported.
fn mode(outcome: &str) -> Option<Mode> {
    match outcome {
        "refused" | "not_granted" | "rejected" => Some(Mode::Enforced),
        "would_refuse" | "would_not_grant" | "would_reject" => Some(Mode::ReportOnly),
        _ => None,
    }
}

/// The refusal the typed fields state; `None` for an event that is no refusal
/// (`headers_removed`) or one this version does not know.
fn typed(fields: &Map<String, Value>, from_message: Option<Record>) -> Option<Record> {
    let text = |name: &str| fields.get(name).and_then(Value::as_str);
    let value = |name: &str| text(name).map(LoggedValue::from_field);
    let call = match text("event")? {
        "preflight" => RefusedCall::Preflight,
        "request" => RefusedCall::Request,
        "write" => RefusedCall::Write,
        "websocket" => RefusedCall::WebSocket,
        _ => return None,
    };
    let mode = mode(text("outcome")?)?;
    let reason = match text("reason").unwrap_or("origin") {
        "origin" => Reason::Origin,
        "method" => Reason::Method,
        "header" => Reason::Header(value("header")?),
        "too_many_headers" => Reason::TooManyHeaders,
        _ => return None,
    };
    let (setting, allowed, message) = match from_message {
        Some(record) => (record.setting, record.allowed, record.message),
        None => (OriginsSetting::Key, Vec::new(), String::new()),
    };
    let setting = match (value("tenant"), setting) {
        (Some(tenant), OriginsSetting::Tenant { set, .. }) => {
            OriginsSetting::Tenant { set, tenant: Some(tenant) }
        }
        (_, setting) => setting,
    };
    let route = RouteKey::new(value("policy"), value("handler"));
    Some(Record {
        at: None,
        mode,
        call,
        method: value("method").filter(|_| call != RefusedCall::WebSocket),
        path: value("path").unwrap_or_else(|| LoggedValue::new("")),
        pattern: value("route").filter(|route| !matches!(route.bytes(), b"" | b"(unmatched)")),
        origin: value("origin"),
        reason,
        route,
        setting,
        allowed,
        suppressed: fields.get("suppressed").and_then(Value::as_u64).unwrap_or(0),
        message,
        structured: true,
    })
}
