//! A line of cors-runtime's, read back into a [`Record`]: its `log` lines after any prefix the
//! app's logger writes (a timestamp is taken from it), and its structured events (`event`).
//!
//! The words are cors-runtime's (`preflight.rs`, `writes.rs`, `websocket.rs`, `actual.rs`,
//! `logs.rs`). Every value from the request is quoted there (`"..."`, a `"` inside written
//! `\x22`), so the next `"` ends it, and the sentence's fixed parts are read from where the
//! runtime puts them: the heads from the start, the place of the policy from the end.

mod event;
#[cfg(test)]
mod tests;

use super::record::{Line, Mode, OriginsSetting, Reason, Record, RefusedCall, RouteKey};
use super::value::{LoggedValue, MAX_VALUE_BYTES, Timestamp, is_shown_as_is};

/// How many places a line's message may start at.
const MAX_MESSAGE_STARTS: usize = 4;

/// What `line` is: a refusal, another line of the runtime's, or no line of its.
pub(super) fn parse_line(line: &str) -> Line {
    if line.trim_start().starts_with('{') {
        return event::parse(line);
    }
    let mut other = Line::NotRuntime;
    // The runtime's message starts at the first `CORS` but after a prefix that may hold the
    // word; trying every one would make a line of `CORS CORS ...` quadratic.
    for (at, _) in line.match_indices("CORS").take(MAX_MESSAGE_STARTS) {
        match parse_message(&line[at..]).or_else(|| event_text(&line[at..])) {
            Some(mut record) => {
                record.at = Timestamp::find(&line[..at]);
                return Line::Refusal(Box::new(record));
            }
            None if is_refusal_message(&line[at..]) => other = Line::Unread,
            None if is_runtime_message(&line[at..]) && other == Line::NotRuntime => {
                other = Line::OtherRuntime;
            }
            None => {}
        }
    }
    // The route table and other lines, by the target a logger writes before them.
    if other == Line::NotRuntime && line.contains("cors_runtime") {
        return Line::OtherRuntime;
    }
    other
}

/// A structured event as tracing-subscriber's text formatter writes it: the message, then the
/// fields (`event="preflight" outcome="refused" ...`), which the message says again.
fn event_text(message: &str) -> Option<Record> {
    // Values in the message are quoted with `"` written `\x22`, so the first ` event="` is the
    // first field.
    let fields = message.find(" event=\"")?;
    let record = parse_message(&message[..fields])?;
    Some(Record { structured: true, ..record })
}

/// How cors-runtime's refusals start, and what every one of them says.
fn is_refusal_message(message: &str) -> bool {
    message.starts_with("CORS preflight refused")
        || message.starts_with("CORS report-only: ")
        || (message.starts_with("CORS: ") && message.contains("\" from origin \""))
}

/// How cors-runtime's other lines start (startup, the route table, removed headers).
fn is_runtime_message(message: &str) -> bool {
    ["CORS: ", "CORS policy `", "CORS settings ", "CORS origins from ", "CORS tenant origins"]
        .iter()
        .any(|start| message.starts_with(start))
}

/// The refusal a message (from `CORS` on) states.
pub(super) fn parse_message(message: &str) -> Option<Record> {
    let message_text = message;
    let (suppressed, message) = strip_suppressed(message);
    let (mode, call, method, path, origin, body) = head(message)?;
    let body = match mode {
        Mode::ReportOnly => body.strip_suffix(". Let through unchanged.")?,
        Mode::Enforced => match call {
            RefusedCall::Preflight => body.strip_suffix(". The browser will block the call.")?,
            RefusedCall::Write | RefusedCall::WebSocket => body.strip_suffix('.')?,
            // A debug line, which ends with the place of the policy.
            RefusedCall::Request => body,
        },
    };
    let body = body.strip_suffix(PUBLIC_WEBSOCKET).unwrap_or(body);
    let (rest, route) = strip_place(body)?;
    let (reason, setting, allowed) = reason(rest)?;
    let origin = origin.filter(|origin| origin.bytes() != b"(none)" || call != RefusedCall::Write);
    Some(Record {
        at: None,
        mode,
        call,
        method,
        path,
        pattern: None,
        origin,
        reason,
        route,
        setting,
        allowed,
        suppressed,
        message: message_text.to_owned(),
        structured: false,
    })
}

/// What a refused handshake's line says after the place of the policy.
const PUBLIC_WEBSOCKET: &str = "; for a socket any site may open, add `public_websocket`";

type Head<'a> = (Mode, RefusedCall, Option<LoggedValue>, LoggedValue, Option<LoggedValue>, &'a str);

/// The kind of refusal and the request's values, and the text after them.
fn head(message: &str) -> Option<Head<'_>> {
    if let Some(rest) = message.strip_prefix("CORS preflight refused (") {
        let rest = rest
            .strip_prefix("403) for ")
            .or_else(|| rest.strip_prefix("204 with the policy's lists) for "))?;
        let (method, path, origin, rest) = method_path_origin(rest)?;
        let body = rest.strip_prefix(": ")?;
        return Some((
            Mode::Enforced,
            RefusedCall::Preflight,
            Some(method),
            path,
            Some(origin),
            body,
        ));
    }
    if let Some(rest) = message.strip_prefix("CORS report-only: ") {
        if let Some(rest) = rest.strip_prefix("the preflight for ") {
            let (method, path, origin, rest) = method_path_origin(rest)?;
            let body = rest.strip_prefix(" would be refused: ")?;
            return Some((
                Mode::ReportOnly,
                RefusedCall::Preflight,
                Some(method),
                path,
                Some(origin),
                body,
            ));
        }
        if let Some(rest) = rest.strip_prefix("WebSocket handshake to ") {
            let (path, origin, rest) = path_origin(rest)?;
            let body = rest.strip_prefix(" would be refused with 403 before the handler ran: ")?;
            return Some((
                Mode::ReportOnly,
                RefusedCall::WebSocket,
                None,
                path,
                Some(origin),
                body,
            ));
        }
        let (method, path, origin, rest) = method_path_origin(rest)?;
        let (call, body) = match rest.strip_prefix(" would get no CORS headers: ") {
            Some(body) => (RefusedCall::Request, body),
            None => (
                RefusedCall::Write,
                rest.strip_prefix(" would be rejected with 403 before the handler ran: ")?,
            ),
        };
        return Some((Mode::ReportOnly, call, Some(method), path, Some(origin), body));
    }
    let rest = message.strip_prefix("CORS: ")?;
    if let Some(rest) = rest.strip_prefix("WebSocket handshake to ") {
        let (path, origin, rest) = path_origin(rest)?;
        let body = rest.strip_prefix(" refused with 403 before the handler ran: ")?;
        return Some((Mode::Enforced, RefusedCall::WebSocket, None, path, Some(origin), body));
    }
    let (method, path, origin, rest) = method_path_origin(rest)?;
    let (call, body) = match rest.strip_prefix(" gets no CORS headers") {
        Some(body) => (RefusedCall::Request, body),
        None => {
            (RefusedCall::Write, rest.strip_prefix(" rejected with 403 before the handler ran: ")?)
        }
    };
    Some((Mode::Enforced, call, Some(method), path, Some(origin), body))
}

/// `"METHOD" "PATH" from origin "ORIGIN"` and the rest.
fn method_path_origin(text: &str) -> Option<(LoggedValue, LoggedValue, LoggedValue, &str)> {
    let (method, rest) = LoggedValue::unquote(text)?;
    let (path, origin, rest) = path_origin(rest.strip_prefix(' ')?)?;
    Some((method, path, origin, rest))
}

/// `"PATH" from origin "ORIGIN"` and the rest.
fn path_origin(text: &str) -> Option<(LoggedValue, LoggedValue, &str)> {
    let (path, rest) = LoggedValue::unquote(text)?;
    let (origin, rest) = LoggedValue::unquote(rest.strip_prefix(" from origin ")?)?;
    Some((path, origin, rest))
}

/// The count of ` (N more refusals on this route since the last warning were logged at debug
/// only.)` at the end, and the message without it.
fn strip_suppressed(message: &str) -> (u64, &str) {
    const END: &str =
        " more refusals on this route since the last warning were logged at debug only.)";
    let counted = message.strip_suffix(END).and_then(|rest| {
        let open = rest.rfind(" (")?;
        Some((rest[open + 2..].parse::<u64>().ok()?, &rest[..open]))
    });
    counted.unwrap_or((0, message))
}

/// The place of the policy at the end of `body` (`in #[cors(...)] on `h`` or `in the policy
/// `P` (used by `h`)`), and the text before it.
fn strip_place(body: &str) -> Option<(&str, RouteKey)> {
    if let Some(rest) = body.strip_suffix("`)") {
        let used_by = rest.rfind(" (used by `")?;
        let handler = &rest[used_by + " (used by `".len()..];
        let rest = rest[..used_by].strip_suffix('`')?;
        let named = rest.rfind("in the policy `")?;
        let policy = &rest[named + "in the policy `".len()..];
        let route = RouteKey::new(Some(LoggedValue::new(policy)), Some(LoggedValue::new(handler)));
        return Some((rest[..named].trim_end(), route));
    }
    let rest = body.strip_suffix('`')?;
    let on = rest.rfind("in #[cors(...)] on `")?;
    let handler = &rest[on + "in #[cors(...)] on `".len()..];
    Some((rest[..on].trim_end(), RouteKey::new(None, Some(LoggedValue::new(handler)))))
}

/// What the policy lacks, where its origins are set, and the allowed origins it lists.
fn reason(text: &str) -> Option<(Reason, OriginsSetting, Vec<String>)> {
    let setting = origins_setting(text);
    // A write guard's line names its key: `reject_unlisted_writes` or `report_unlisted_writes`.
    let guarded = ["reject", "report"].iter().find_map(|verb| {
        text.strip_prefix("`")?
            .strip_prefix(verb)?
            .strip_prefix("_unlisted_writes` is on and the origin is not allowed (allowed: ")
    });
    if let Some(rest) = text
        .strip_prefix("the origin is not allowed (allowed: ")
        .or(guarded)
        .or_else(|| text.strip_prefix(" (allowed: "))
    {
        let listed = rest.rfind("); ").map_or("", |end| &rest[..end]);
        return Some((Reason::Origin, setting, allowed_origins(listed)));
    }
    // A report-only request's value that no policy lists: `the origin is not one a policy can
    // list`, `the method ...`.
    let unlistable = text
        .strip_prefix("the ")
        .and_then(|rest| rest.split_once(" is not one a policy can list").map(|(what, _)| what));
    let reason = if text.starts_with("the Origin header is not an origin a policy can list")
        || unlistable == Some("origin")
    {
        Reason::Origin
    } else if unlistable == Some("method")
        || text.starts_with("method ")
        || text.trim_start_matches(": ").starts_with("the method is not in `methods`")
    {
        Reason::Method
    } else if let Some(rest) = text.strip_prefix("request header `") {
        Reason::Header(LoggedValue::new(&rest[..rest.find('`')?]))
    } else if let Some(rest) = text.strip_prefix("request header ") {
        Reason::Header(LoggedValue::unquote(rest)?.0)
    } else if text.starts_with("Access-Control-Request-Headers is longer than a browser sends") {
        Reason::TooManyHeaders
    } else {
        return None;
    };
    Some((reason, setting, Vec::new()))
}

/// Where the line says to add an origin, read from the end of the reason (`... add "o" to
/// SETTING`); the `origins` key when it says nothing.
fn origins_setting(reason: &str) -> OriginsSetting {
    const VARIABLE: &str = " variable read by `origins = env(..)`";
    if let Some(rest) = reason.strip_suffix(VARIABLE)
        && let Some(start) = rest.rfind(" to the ")
    {
        return OriginsSetting::Variable(LoggedValue::new(&rest[start + " to the ".len()..]));
    }
    let Some(rest) = reason.strip_suffix('`') else { return OriginsSetting::Key };
    let set_name = |start: &str| -> Option<(usize, LoggedValue)> {
        let at = rest.rfind(start)?;
        Some((at, LoggedValue::new(&rest[at + start.len()..])))
    };
    if let Some((_, set)) = set_name(" to the origins of the request's tenant in `") {
        return OriginsSetting::Tenant { set, tenant: None };
    }
    match set_name("'s origins in `") {
        Some((at, set)) => {
            let quote = rest[..at].strip_suffix('"').and_then(|before| before.rfind('"'));
            let tenant = quote.and_then(|quote| LoggedValue::unquote(&rest[quote..]));
            OriginsSetting::Tenant { set, tenant: tenant.map(|(tenant, _)| tenant) }
        }
        None => OriginsSetting::Key,
    }
}

/// The origins and patterns of an `allowed: ...` list (`for tenant "t", a, b` too); counts and
/// explanations (`3000 origins, listed by ...`, `none yet: ...`) list none.
fn allowed_origins(listed: &str) -> Vec<String> {
    let listed = match listed.strip_prefix("for tenant \"") {
        Some(rest) => rest.split_once("\", ").map_or("", |(_, origins)| origins),
        None => listed,
    };
    listed
        .split(", ")
        .filter(|entry| {
            // Printed as they are: only what the runtime writes of a listed entry.
            entry.len() <= MAX_VALUE_BYTES
                && entry.bytes().all(is_shown_as_is)
                && cors_rules::parse_origin(entry).is_ok()
        })
        .take(super::MAX_ALLOWED_KEPT)
        .map(str::to_owned)
        .collect()
}
