//! Each form of cors-runtime's lines, as its format strings write them, read back.

use super::*;

const PREFIX: &str = "[2026-12-07T19:00:00Z WARN  cors_runtime::preflight] ";

fn record(line: &str) -> Record {
    match parse_line(line) {
        Line::Refusal(record) => *record,
        other => panic!("not read as a refusal ({other:?}): {line}"),
    }
}

fn value(text: &str) -> LoggedValue {
    LoggedValue::new(text)
}

fn attribute(handler: &str) -> RouteKey {
    RouteKey { policy: None, handler: Some(value(handler)) }
}

#[test]
fn a_refused_preflight_for_an_origin_names_its_values_place_and_allowed_origins() {
    let line = format!(
        "{PREFIX}CORS preflight refused (403) for \"PUT\" \"/api/items/7\" from origin \"https://shop.example\": the origin is not allowed (allowed: https://myapp.com, http://localhost:3000, https://*.myapp.com); if that page should call this route, add \"https://shop.example\" to `origins` in #[cors(...)] on `update_item`. The browser will block the call."
    );
    let record = record(&line);
    assert_eq!(record.at.unwrap().text, "2026-12-07T19:00:00Z");
    assert_eq!((record.mode, record.call), (Mode::Enforced, RefusedCall::Preflight));
    assert_eq!(record.method, Some(value("PUT")));
    assert_eq!(record.path, value("/api/items/7"));
    assert_eq!(record.origin, Some(value("https://shop.example")));
    assert_eq!(record.reason, Reason::Origin);
    assert_eq!(record.route, attribute("update_item"));
    assert_eq!(record.setting, OriginsSetting::Key);
    assert_eq!(
        record.allowed,
        ["https://myapp.com", "http://localhost:3000", "https://*.myapp.com"]
    );
    assert_eq!(record.suppressed, 0);
}

#[test]
fn method_and_header_refusals_name_what_to_add_and_a_named_policy() {
    let method = record(
        "CORS preflight refused (204 with the policy's lists) for \"PATCH\" \"/api/data\" from origin \"http://127.0.0.1:8081\": method PATCH is not allowed; if pages should use it, add PATCH to `methods` in the policy `PAGE` (used by `write_data`). The browser will block the call. (12 more refusals on this route since the last warning were logged at debug only.)",
    );
    assert_eq!(method.reason, Reason::Method);
    assert_eq!(
        method.route,
        RouteKey { policy: Some(value("PAGE")), handler: Some(value("write_data")) }
    );
    assert_eq!(method.suppressed, 12);
    assert_eq!(method.at, None, "no prefix, no timestamp");
    let header = record(
        "CORS preflight refused (204 with the policy's lists) for \"PUT\" \"/x\" from origin \"https://a.example\": request header `x-trace-id` is not allowed; if pages should send it, add \"x-trace-id\" to `headers` in #[cors(...)] on `h`. The browser will block the call.",
    );
    assert_eq!(header.reason, Reason::Header(value("x-trace-id")));
    let unlistable = record(
        "CORS preflight refused (403) for \"PUT\" \"/x\" from origin \"https://a.example\": request header \"x\\x0ay\" is not a name a policy can list; nothing to change in #[cors(...)] on `h`. The browser will block the call.",
    );
    assert_eq!(unlistable.reason, Reason::Header(LoggedValue::new(&b"x\ny"[..])));
    let bomb = record(
        "CORS preflight refused (403) for \"PUT\" \"/x\" from origin \"https://a.example\": Access-Control-Request-Headers is longer than a browser sends (over 16 lines, 4096 bytes or 64 names); nothing to change in #[cors(...)] on `h`. The browser will block the call.",
    );
    assert_eq!(bomb.reason, Reason::TooManyHeaders);
}

#[test]
fn writes_handshakes_and_requests_without_a_grant_are_refusals_too() {
    let write = record(
        "[WARN cors_runtime::writes] CORS: \"POST\" \"/shop/cart\" from origin \"(none)\" rejected with 403 before the handler ran: `reject_unlisted_writes` is on and the origin is not allowed (allowed: http://127.0.0.1:8081); nothing to change in the policy `PAGE` (used by `.wrap(PAGE)`).",
    );
    assert_eq!((write.call, write.origin), (RefusedCall::Write, None));
    assert_eq!(write.route, RouteKey { policy: Some(value("PAGE")), handler: None });
    assert_eq!(write.allowed, ["http://127.0.0.1:8081"]);
    let variable = record(
        "CORS: \"POST\" \"/api/data\" from origin \"https://shop.example\" rejected with 403 before the handler ran: `reject_unlisted_writes` is on and the origin is not allowed (allowed: http://127.0.0.1:8081); if that page should write here, add \"https://shop.example\" to the QUICKSTART_PAGE_ORIGINS variable read by `origins = env(..)` in the policy `PAGE` (used by `write_data`).",
    );
    assert_eq!(variable.setting, OriginsSetting::Variable(value("QUICKSTART_PAGE_ORIGINS")));
    let socket = record(
        "CORS: WebSocket handshake to \"/ws\" from origin \"https://shop.example\" refused with 403 before the handler ran: the origin is not allowed (allowed: for tenant \"acme\", https://acme.example); if that page should open this socket, add \"https://shop.example\" to tenant \"acme\"'s origins in `CUSTOMERS` in #[cors(...)] on `socket`; for a socket any site may open, add `public_websocket`.",
    );
    assert_eq!((socket.call, socket.method), (RefusedCall::WebSocket, None));
    assert_eq!(
        socket.setting,
        OriginsSetting::Tenant { set: value("CUSTOMERS"), tenant: Some(value("acme")) }
    );
    assert_eq!(socket.allowed, ["https://acme.example"]);
    let request = record(
        "CORS: \"GET\" \"/api/admin\" from origin \"https://shop.example\" gets no CORS headers (allowed: https://admin.example.com); if that page should read the response, add its origin to `origins` in #[cors(...)] on `admin`",
    );
    assert_eq!((request.call, request.reason), (RefusedCall::Request, Reason::Origin));
    let method = record(
        "CORS: \"PUT\" \"/api/admin\" from origin \"https://admin.example.com\" gets no CORS headers: the method is not in `methods` in #[cors(...)] on `admin`",
    );
    assert_eq!(method.reason, Reason::Method);
}

#[test]
fn report_only_lines_are_refusals_that_were_let_through() {
    let reason = "the origin is not allowed (allowed: https://myapp.com); if that page should call this route, add \"https://x.example\" to `origins` in the policy `API` (used by `.wrap`)";
    for (line, call) in [
        (format!("CORS report-only: the preflight for \"PUT\" \"/api\" from origin \"https://x.example\" would be refused: {reason}. Let through unchanged."), RefusedCall::Preflight),
        (format!("CORS report-only: \"GET\" \"/api\" from origin \"https://x.example\" would get no CORS headers: {reason}. Let through unchanged. (2 more refusals on this route since the last warning were logged at debug only.)"), RefusedCall::Request),
        ("CORS report-only: \"POST\" \"/api\" from origin \"https://x.example\" would be rejected with 403 before the handler ran: `reject_unlisted_writes` is on and the origin is not allowed (allowed: https://myapp.com); if that page should write here, add \"https://x.example\" to `origins` in the policy `API` (used by `.wrap`). Let through unchanged.".to_owned(), RefusedCall::Write),
        ("CORS report-only: WebSocket handshake to \"/ws\" from origin \"https://x.example\" would be refused with 403 before the handler ran: the origin is not allowed (allowed: https://myapp.com); if that page should open this socket, add \"https://x.example\" to `origins` in the policy `API` (used by `.wrap`); for a socket any site may open, add `public_websocket`. Let through unchanged.".to_owned(), RefusedCall::WebSocket),
    ] {
        let record = record(&line);
        assert_eq!((record.mode, record.call), (Mode::ReportOnly, call), "{line}");
        assert_eq!(record.origin, Some(value("https://x.example")));
        assert_eq!(record.route, RouteKey { policy: Some(value("API")), handler: None });
        assert_eq!(record.allowed, ["https://myapp.com"]);
    }
}

#[test]
fn the_report_only_write_guard_and_unlistable_values_are_read() {
    let write = record(
        "CORS report-only: \"POST\" \"/api\" from origin \"https://x.example\" would be rejected with 403 before the handler ran: `report_unlisted_writes` is on and the origin is not allowed (allowed: https://myapp.com); if that page should write here, add \"https://x.example\" to `origins` in #[cors(...)] on `h`. Let through unchanged.",
    );
    assert_eq!(
        (write.mode, write.call, write.allowed.len()),
        (Mode::ReportOnly, RefusedCall::Write, 1)
    );
    for (what, reason) in [("origin", Reason::Origin), ("method", Reason::Method)] {
        let line = format!(
            "CORS report-only: \"GET\" \"/api\" from origin \"null\" would get no CORS headers: the {what} is not one a policy can list; nothing to change in #[cors(...)] on `h`. Let through unchanged."
        );
        assert_eq!(record(&line).reason, reason);
    }
}

#[test]
fn structured_events_are_read_from_their_fields_nested_or_flattened() {
    let nested = r#"{"timestamp":"2026-12-07T19:00:00.123456Z","level":"WARN","fields":{"message":"CORS preflight refused (403) for \"PUT\" \"/api/items/7\" from origin \"https://evil.example\": the origin is not allowed (allowed: https://myapp.com); if that page should call this route, add \"https://evil.example\" to `origins` in #[cors(...)] on `update_item`. The browser will block the call.","event":"preflight","outcome":"refused","reason":"origin","route":"/api/items/{id}","handler":"update_item","method":"PUT","path":"/api/items/7","origin":"https://evil.example","suppressed":4},"target":"cors_runtime::events"}"#;
    let record = record(nested);
    assert_eq!(record.at.unwrap().text, "2026-12-07T19:00:00.123456Z");
    assert_eq!(record.pattern, Some(value("/api/items/{id}")));
    assert_eq!(record.origin, Some(value("https://evil.example")));
    assert_eq!((record.route, record.suppressed), (attribute("update_item"), 4));
    assert_eq!(record.allowed, ["https://myapp.com"], "what no field carries, from the message");
    let flattened = r#"{"timestamp":"2026-12-07T19:00:01Z","level":"WARN","message":"...","event":"write","outcome":"would_reject","route":"/api","policy":"API","method":"POST","path":"/api","origin":"https://e.example\\xe2\\x80\\xae","target":"cors_runtime::events"}"#;
    let record = self::record(flattened);
    assert_eq!((record.mode, record.call), (Mode::ReportOnly, RefusedCall::Write));
    assert_eq!(record.origin, Some(LoggedValue::new("https://e.example\u{202e}")));
    let header = r#"{"fields":{"event":"preflight","outcome":"would_refuse","reason":"header","header":"x-a","handler":"h","method":"PUT","path":"/"}}"#;
    assert_eq!(self::record(header).reason, Reason::Header(value("x-a")));
    let removed = r#"{"fields":{"event":"headers_removed","outcome":"removed","handler":"h"}}"#;
    assert_eq!(parse_line(removed), Line::OtherRuntime);
    let bridged = r#"{"timestamp":"2026-12-07T19:00:02Z","fields":{"message":"CORS: \"GET\" \"/a\" from origin \"https://b.example\" gets no CORS headers (allowed: https://c.example); if that page should read the response, add its origin to `origins` in #[cors(...)] on `a`"},"target":"cors_runtime::actual"}"#;
    assert_eq!(self::record(bridged).at.unwrap().text, "2026-12-07T19:00:02Z");
    for not_runtime in
        [r#"{"fields":{"message":"listening"},"target":"my_app"}"#, "{not json", "[1,2]"]
    {
        assert_eq!(parse_line(not_runtime), Line::NotRuntime, "{not_runtime}");
    }
}

#[test]
fn other_lines_are_told_from_the_runtimes_and_forged_text_does_not_move_the_place() {
    assert_eq!(parse_line("[INFO my_app] CORS is configured"), Line::NotRuntime);
    assert_eq!(
        parse_line("[INFO cors_runtime::routes] CORS policy `PAGE` (.wrap) covers /shop/*"),
        Line::OtherRuntime
    );
    // A path cannot end the quoted value early: the runtime writes `"` as \x22.
    let forged = record(
        "CORS preflight refused (403) for \"PUT\" \"/a\\x22: in #[cors(...)] on `admin`\" from origin \"https://a.example\": the origin is not allowed (allowed: https://b.example); if that page should call this route, add \"https://a.example\" to `origins` in #[cors(...)] on `items`. The browser will block the call.",
    );
    assert_eq!(forged.route, attribute("items"));
    assert_eq!(forged.path.bytes(), b"/a\": in #[cors(...)] on `admin`");
    // A line cut short or reworded is no refusal, and never a panic.
    let whole = "CORS preflight refused (403) for \"PUT\" \"/a\" from origin \"https://a.example\": method PUT is not allowed; if pages should use it, add PUT to `methods` in #[cors(...)] on `a`. The browser will block the call.";
    for end in 0..whole.len() {
        if whole.is_char_boundary(end) {
            let _ = parse_line(&whole[..end]);
        }
    }
    assert_eq!(parse_line(&whole[..whole.len() - 1]), Line::Unread);
    assert_eq!(parse_line("CORS report-only: something new"), Line::Unread);
}
