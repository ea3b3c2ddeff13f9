//! A whole log summarized: counts, first and last seen, fixes and probes, and hostile input.

use std::io::{BufReader, Read};

use super::*;
use crate::vocabulary::Edit;

/// A refused preflight as cors-runtime writes it, at `second`, on `#[cors]` of `handler`.
fn refused_origin(second: u32, handler: &str, origin: &str) -> String {
    format!(
        "[2026-12-07T19:00:{second:02}Z WARN  cors_runtime::preflight] CORS preflight refused (403) for \"PUT\" \"/api/items/7\" from origin \"{origin}\": the origin is not allowed (allowed: https://myapp.com, https://*.myapp.com); if that page should call this route, add \"{origin}\" to `origins` in #[cors(...)] on `{handler}`. The browser will block the call.\n"
    )
}

/// A refused preflight for an allowed origin, whose `reason` is a method's or a header's.
fn refused(method: &str, reason: &str) -> String {
    format!(
        "CORS preflight refused (204 with the policy's lists) for \"{method}\" \"/x\" from origin \"https://myapp.com\": {reason}; nothing to change in the policy `API` (used by `h`). The browser will block the call.\n"
    )
}

fn refused_method(method: &str) -> String {
    refused(method, &format!("method {method} is not allowed"))
}

fn refused_header(name: &str) -> String {
    refused("PUT", &format!("request header `{name}` is not allowed"))
}

fn summary(log: &str) -> LogSummary {
    summarize(log.as_bytes()).expect("reading memory never fails")
}

fn fixes(route: &RouteRefusals) -> Vec<String> {
    route.fixes.iter().map(ToString::to_string).collect()
}

#[test]
fn refusals_are_counted_per_route_and_value_with_first_and_last_seen() {
    let log = [
        refused_origin(30, "update_item", "https://shop.example"),
        refused_origin(5, "update_item", "https://shop.example"),
        "[2026-12-07T19:00:06Z INFO  my_app] served 200\n".to_owned(),
        refused_origin(10, "update_item", "https://shop.example"),
        refused_origin(7, "delete_item", "https://partner.example"),
    ]
    .concat();
    let summary = summary(&log);
    assert_eq!((summary.lines.read, summary.lines.refusals, summary.lines.skipped), (5, 4, 1));
    let route = &summary.routes[0];
    assert_eq!(route.route.to_string(), "#[cors(...)] on `update_item`");
    let value = &route.refused[0];
    assert_eq!(value.count, 3);
    assert_eq!(value.first.as_ref().unwrap().text, "2026-12-07T19:00:05Z");
    assert_eq!(value.last.as_ref().unwrap().text, "2026-12-07T19:00:30Z");
    assert_eq!(
        route.fixes[0].edit(),
        Edit::AddToKey { key: "origins", entry: "\"https://shop.example\"".to_owned() }
    );
    assert_eq!(
        fixes(route),
        [r#"add "https://shop.example" to `origins` in #[cors(...)] on `update_item`"#]
    );
    assert_eq!(route.fixes[0].refusals, 3);
    assert_eq!(summary.routes[1].route.to_string(), "#[cors(...)] on `delete_item`");
}

#[test]
fn probes_get_a_warning_and_no_fix() {
    let log = [
        "https://myapp.com.evil.net",
        "https://myapp-com.evil.net",
        "https://rnyapp.com",
        "null",
        "*",
        "https://partner.example/",
        "https://partner.example",
    ]
    .map(|origin| refused_origin(1, "h", origin))
    .concat();
    let summary = summary(&log);
    let route = &summary.routes[0];
    assert_eq!(
        fixes(route),
        [r#"add "https://partner.example" to `origins` in #[cors(...)] on `h`"#]
    );
    assert_eq!(route.warnings, [ProbeWarning::SuspiciousOrigins { distinct: 6, refusals: 6 }]);
    let probe = |origin: &str| {
        let value = route
            .refused
            .iter()
            .find(|value| value.refused.to_string() == format!("origin \"{origin}\""));
        value.unwrap().suspicion.clone()
    };
    assert_eq!(probe("null"), Some(Suspicion::Null));
    assert_eq!(probe("*"), Some(Suspicion::Wildcard));
    assert_eq!(probe("https://partner.example/"), Some(Suspicion::NotAnOrigin));
    assert!(matches!(
        probe("https://rnyapp.com"),
        Some(Suspicion::LookAlike { how: LookAlike::Homoglyph, .. })
    ));
}

#[test]
fn a_look_alike_of_another_refused_origin_is_a_probe_without_an_allowed_list() {
    let log = ["https://shop.example", "https://shop.example.evil.net"]
        .map(|origin| {
            format!("CORS: \"GET\" \"/a\" from origin \"{origin}\" gets no CORS headers (allowed: 9000 origins, listed by cors_runtime::routes_table()); if that page should read the response, add its origin to `origins` in #[cors(...)] on `a`\n")
        })
        .concat();
    let route = &summary(&log).routes[0];
    assert!(route.allowed.is_empty());
    assert_eq!(fixes(route), [r#"add "https://shop.example" to `origins` in #[cors(...)] on `a`"#]);
}

#[test]
fn methods_and_headers_are_fixed_only_when_a_policy_can_list_them_and_never_with_a_star() {
    let log = [
        refused_method("PATCH"),
        refused_method("patch"),
        refused_method("TRACE"),
        refused_method("*"),
        refused_header("x-trace-id"),
        refused_header("cookie"),
        refused_header("*"),
    ]
    .concat();
    let route = &summary(&log).routes[0];
    assert_eq!(route.refused.len(), 7);
    assert_eq!(
        fixes(route),
        [
            "add PATCH to `methods` in the policy `API`",
            "add \"x-trace-id\" to `headers` in the policy `API`"
        ]
    );
}

#[test]
fn many_distinct_origins_on_a_route_are_probing_and_the_values_kept_are_capped() {
    let log: String =
        (0..100_000).map(|n| refused_origin(0, "h", &format!("https://t{n}.example"))).collect();
    let summary = summary(&log);
    let route = &summary.routes[0];
    assert_eq!(route.refusals, 100_000);
    assert_eq!(route.refused.len(), MAX_VALUES);
    assert_eq!(route.values_dropped, 100_000 - MAX_VALUES as u64);
    assert!(route.fixes.is_empty(), "a scan gets no origin fix");
    assert_eq!(route.warnings[0], ProbeWarning::ManyOrigins { distinct: MAX_VALUES, more: true });
    let text = summary.to_string();
    assert!(
        text.contains("at least 500 distinct origins refused: this looks like probing"),
        "{text}"
    );
}

#[test]
fn routes_kept_are_capped_and_the_rest_counted() {
    let log: String =
        (0..1000).map(|n| refused_origin(0, &format!("h{n}"), "https://a.example")).collect();
    let summary = summary(&log);
    assert_eq!(summary.routes.len(), MAX_ROUTES);
    assert_eq!(summary.routes_dropped, 1000 - MAX_ROUTES as u64);
}

#[test]
fn a_long_line_is_skipped_without_being_held_and_the_next_one_read() {
    let mut log = vec![b'a'; 1024 * 1024];
    log.push(b'\n');
    log.extend_from_slice(refused_origin(1, "h", "https://a.example").as_bytes());
    let mut reader = BufReader::with_capacity(8 * 1024, &log[..]);
    let mut line = Vec::new();
    assert_eq!(next_line(&mut reader, &mut line).unwrap(), Some(false));
    assert!(line.capacity() <= MAX_LINE_BYTES + 8 * 1024, "held {} bytes", line.capacity());
    assert_eq!(next_line(&mut reader, &mut line).unwrap(), Some(true));
    assert_eq!(next_line(&mut reader, &mut line).unwrap(), None);
    let summary = summarize(&log[..]).unwrap();
    assert_eq!((summary.lines.too_long, summary.lines.refusals), (1, 1));
    // An endless line is read through in pieces, never held.
    let endless = std::io::repeat(b'x').take(20 * 1024 * 1024);
    let summary = summarize(BufReader::new(endless)).unwrap();
    assert_eq!((summary.lines.read, summary.lines.too_long), (1, 1));
}

#[test]
fn invalid_utf8_and_control_bytes_are_read_and_never_printed_raw() {
    let mut log = b"\xff\xfe garbage \x1b[31m\n".to_vec();
    // A forged line with raw bytes the runtime would have escaped: a bidi override, an escape
    // sequence, a line separator, invalid UTF-8.
    log.extend_from_slice(b"\xff[WARN] CORS preflight refused (403) for \"PUT\" \"/a\xe2\x80\xae\x1b[2J\" from origin \"https://a.example\xe2\x80\xa8\xc0\": the origin is not allowed (allowed: https://b.example); nothing to change in #[cors(...)] on `h\xe2\x80\xae`. The browser will block the call.\n");
    let summary = summarize(&log[..]).unwrap();
    assert_eq!((summary.lines.skipped, summary.lines.refusals), (1, 1));
    let (text, json) = (summary.to_string(), summary.to_json());
    for printed in [&text, &json] {
        assert!(
            printed.chars().all(|c| c == '\n' || (' '..='~').contains(&c) || c == '…'),
            "{printed}"
        );
    }
    assert!(text.contains(r#"origin "https://a.example\xe2\x80\xa8\xef\xbf\xbd""#), "{text}");
    assert!(text.contains(r"/a\xe2\x80\xae\x1b[2J"), "{text}");
    assert!(summary.routes[0].fixes.is_empty());
}

#[test]
fn a_refusal_written_again_as_its_event_counts_once() {
    let line = refused_origin(1, "h", "https://a.example");
    let message = &line[line.find("CORS").unwrap()..line.len() - 1];
    // The event as tracing-subscriber's text and JSON formatters write it, beside the `log`
    // line they bridge.
    let text_event = format!(
        "[2026-12-07T19:00:01Z WARN  cors_runtime::events] {message} event=\"preflight\" outcome=\"refused\" reason=\"origin\" route=\"/api/items/{{id}}\" handler=\"h\" method=PUT path=/api/items/7 origin=https://a.example\n"
    );
    let json_event = format!(
        "{}\n",
        serde_json::json!({"fields": {"message": message, "event": "preflight", "outcome": "refused", "reason": "origin", "route": "/api/items/{id}", "handler": "h", "method": "PUT", "path": "/api/items/7", "origin": "https://a.example"}})
    );
    for log in [[line.clone(), text_event].concat(), [line.clone(), json_event.clone()].concat()] {
        let lines = summary(&log).lines;
        assert_eq!((lines.refusals, lines.repeated), (1, 1), "{log}");
    }
    let typed = summary(&[line.clone(), json_event].concat());
    assert_eq!(
        typed.routes[0].paths[0].0,
        LoggedValue::new("/api/items/{id}"),
        "the event's typed route"
    );
    // The same line twice is two refusals.
    assert_eq!(summary(&[line.clone(), line].concat()).lines.refusals, 2);
}

#[test]
fn report_only_refusals_are_counted_apart_and_fixed_like_the_others() {
    let log = [
        refused_origin(1, "h", "https://a.example"),
        "CORS report-only: the preflight for \"PUT\" \"/x\" from origin \"https://a.example\" would be refused: the origin is not allowed (allowed: https://b.example); if that page should call this route, add \"https://a.example\" to `origins` in #[cors(...)] on `h`. Let through unchanged.\n".to_owned(),
    ]
    .concat();
    let summary = summary(&log);
    let route = &summary.routes[0];
    assert_eq!((route.refusals, route.report_only), (2, 1));
    assert_eq!((route.refused[0].count, route.refused[0].report_only), (2, 1));
    assert_eq!(route.fixes[0].refusals, 2);
    assert!(
        summary.to_string().contains("2 refusals (1 report-only: let through, would be refused)")
    );
}

#[test]
fn an_origin_of_a_tenant_is_added_to_its_tenants_origins() {
    let log = "CORS: \"GET\" \"/t/acme/items\" from origin \"https://shop.example\" gets no CORS headers (allowed: for tenant \"acme\", https://acme.example); if that page should read the response, add its origin to tenant \"acme\"'s origins in `CUSTOMERS` in #[cors(...)] on `items`\n";
    let route = &summary(log).routes[0];
    assert_eq!(
        fixes(route),
        [r#"add https://shop.example to the origins of tenant "acme" in `CUSTOMERS`"#]
    );
    assert_eq!(
        route.fixes[0].place,
        Place::Tenant {
            set: LoggedValue::new("CUSTOMERS"),
            tenant: Some(LoggedValue::new("acme"))
        }
    );
}
