//! The example's binary over HTTP on loopback, as it runs in production: what `/metrics`
//! counts and what the JSON lines on stdout say after allowed and refused calls.

mod process;

use std::collections::BTreeMap;

use serde_json::Value;

use cors_test_support::prometheus::{Series, samples, series};
use process::Running;

const APP: &str = "https://app.example.com";
const EVIL: &str = "https://evil.example";
/// Every line of cors-runtime's events, not only each route's first in a minute.
const ALL_EVENTS: &str = "info,cors_runtime=debug";

/// A preflight for `method path` from `origin`, asking for `headers` (none when empty).
fn preflight(
    running: &Running,
    path: &str,
    origin: &str,
    method: &str,
    headers: &str,
) -> cors_test_support::raw_http::Response {
    let mut sent = vec![("Origin", origin), ("Access-Control-Request-Method", method)];
    if !headers.is_empty() {
        sent.push(("Access-Control-Request-Headers", headers));
    }
    running.send("OPTIONS", path, &sent, "")
}

/// The calls whose decisions the tests count and read: on `/api` actix-cors grants them all
/// while `API` reports; `POST /account/email` decides by its own policy, and reports its write.
fn make_calls(running: &Running) {
    let granted = |response: cors_test_support::raw_http::Response| {
        assert!(response.single_header("access-control-allow-origin").is_some(), "{response:?}");
    };
    // Allowed by API too: nothing to report.
    granted(preflight(running, "/api/orders", APP, "PUT", "content-type"));
    granted(running.send("GET", "/api/orders", &[("Origin", APP)], ""));
    // What API would refuse, let through by actix-cors.
    granted(preflight(running, "/api/orders", EVIL, "PUT", "content-type"));
    granted(preflight(running, "/api/orders/7", APP, "DELETE", ""));
    granted(preflight(running, "/api/orders", APP, "POST", "x-debug"));
    granted(running.send("GET", "/api/orders", &[("Origin", EVIL)], ""));
    // A cross-site write from an unlisted origin: reported, and the handler runs.
    let write = [("Origin", EVIL), ("Sec-Fetch-Site", "cross-site")];
    let response = running.send("POST", "/account/email", &write, "email=eve@evil.example");
    assert_eq!((response.status, response.body.as_str()), (200, "email changed (22 bytes)"));
    assert!(!response.has_cors_headers(), "{response:?}");
    // The web app's own write, granted; a call without Origin (curl, a server).
    let write = [("Origin", APP), ("Sec-Fetch-Site", "cross-site")];
    assert_eq!(running.send("POST", "/account/email", &write, "email=ada@example.com").status, 200);
    assert_eq!(running.send("POST", "/account/email", &[], "email=ada@example.com").status, 200);
    // The route's own policy is enforced: its preflight from an unlisted origin is refused.
    assert_eq!(preflight(running, "/account/email", EVIL, "POST", "content-type").status, 403);
}

/// The `cors_*` series `/metrics` serves, scraped over HTTP.
fn scrape(running: &Running) -> BTreeMap<Series, f64> {
    let response = running.send("GET", "/metrics", &[], "");
    assert_eq!(response.status, 200, "{response:?}");
    assert_eq!(
        response.single_header("content-type"),
        Some("text/plain; version=0.0.4; charset=utf-8")
    );
    let mut read = samples(&response.body);
    read.retain(|(name, _), _| name.starts_with("cors_"));
    read
}

fn labels<'a>(
    route: &'a str,
    kind: &'a str,
    outcome: &'a str,
    reason: &'a str,
) -> [(&'a str, &'a str); 4] {
    [("route", route), ("kind", kind), ("outcome", outcome), ("reason", reason)]
}

#[test]
fn metrics_count_each_decision_and_each_report_only_finding_exactly() {
    let running = Running::start("info");
    make_calls(&running);
    let requests = |labels: [(&str, &str); 4]| series("cors_requests_total", &labels);
    let reported = |labels: [(&str, &str); 4]| series("cors_report_only_total", &labels);
    let expected = BTreeMap::from([
        (reported(labels(".wrap(API)", "preflight", "would_refuse", "origin")), 1.0),
        (reported(labels(".wrap(API)", "preflight", "would_refuse", "method")), 1.0),
        (reported(labels(".wrap(API)", "preflight", "would_refuse", "header")), 1.0),
        (reported(labels(".wrap(API)", "request", "would_refuse", "origin")), 1.0),
        (reported(labels("/account/email", "write", "would_reject", "origin")), 1.0),
        (requests(labels("/account/email", "request", "refused", "origin")), 1.0),
        (requests(labels("/account/email", "request", "granted", "none")), 1.0),
        (requests(labels("/account/email", "request", "no_origin", "none")), 1.0),
        (requests(labels("/account/email", "preflight", "refused", "origin")), 1.0),
    ]);
    assert_eq!(scrape(&running), expected, "{}", running.output());

    // The same calls again: every count doubles, and no series is added (labels are routes'
    // patterns and words, never what a sender wrote).
    make_calls(&running);
    let doubled: BTreeMap<_, _> =
        expected.into_iter().map(|(series, n)| (series, 2.0 * n)).collect();
    assert_eq!(scrape(&running), doubled, "{}", running.output());
}

/// The fields of `event` the report-only findings are read by.
fn fields(event: &Value) -> [&str; 6] {
    let field = |name: &str| event["fields"][name].as_str().unwrap_or("(absent)");
    [
        field("event"),
        field("outcome"),
        field("reason"),
        field("route"),
        field("origin"),
        field("allow_value"),
    ]
}

#[test]
fn report_only_events_name_the_route_the_reason_and_the_fix() {
    let running = Running::start(ALL_EVENTS);
    make_calls(&running);
    // The five findings, the refused write's response, and the enforced route's refusal.
    let events = running.wait_for_events(7);
    let reported: Vec<_> = events
        .iter()
        .filter(|event| {
            event["fields"]["outcome"].as_str().is_some_and(|o| o.starts_with("would_"))
        })
        .collect();
    let read: Vec<_> = reported.iter().map(|event| fields(event)).collect();
    assert_eq!(
        read,
        [
            ["preflight", "would_refuse", "origin", "/api/orders", EVIL, EVIL],
            ["preflight", "would_refuse", "method", "/api/orders/{id}", APP, "DELETE"],
            ["preflight", "would_refuse", "header", "/api/orders", APP, "x-debug"],
            ["request", "would_refuse", "origin", "/api/orders", EVIL, EVIL],
            ["write", "would_reject", "origin", "/account/email", EVIL, EVIL],
        ],
        "{}",
        running.output()
    );
    let allow_keys: Vec<_> = reported.iter().map(|event| &event["fields"]["allow_key"]).collect();
    assert_eq!(allow_keys, ["origins", "methods", "headers", "origins", "origins"]);
    // The first finding of a policy in a minute is a warning, the others are at debug.
    let levels: Vec<_> = reported.iter().map(|event| event["level"].as_str().unwrap()).collect();
    assert_eq!(levels, ["WARN", "DEBUG", "DEBUG", "DEBUG", "WARN"]);
    for event in &reported[..4] {
        assert_eq!(event["fields"]["handler"], ".wrap(API)");
        assert_eq!(event["fields"]["policy"], "API");
    }
    assert_eq!(reported[4]["fields"]["handler"], "change_email");
    // Each decision is one line, its event: cors-runtime's `log` lines have no logger to go to.
    let from_runtime = running
        .raw_lines()
        .iter()
        .filter(|line| String::from_utf8_lossy(line).contains(r#""target":"cors_runtime"#))
        .count();
    assert_eq!((events.len(), from_runtime), (7, 7), "{}", running.output());
}

#[test]
fn a_hostile_origin_is_escaped_in_every_line() {
    let running = Running::start(ALL_EVENTS);
    // U+2028 (a line separator to JavaScript) and U+0085 (NEL) are bytes a header may carry.
    let hostile = "https://evil.example\u{2028}\u{85}";
    let response = preflight(&running, "/api/orders", hostile, "PUT", "");
    assert_eq!(response.status, 200, "actix-cors lets any origin in: {response:?}");
    // An escape sequence: actix-web refuses the request before any middleware sees it.
    let response = preflight(&running, "/api/orders", "https://evil.example\x1b[2J", "PUT", "");
    assert_eq!(response.status, 400, "{response:?}");
    let events = running.wait_for_events(1);
    assert_eq!(
        fields(&events[0]),
        [
            "preflight",
            "would_refuse",
            "origin",
            "/api/orders",
            r"https://evil.example\xe2\x80\xa8\xc2\x85",
            "(absent)"
        ],
        "not an origin a policy can list, so no value to add"
    );
    for line in running.raw_lines() {
        assert!(
            line.iter().all(|byte| (b' '..=b'~').contains(byte)),
            "a line holds a byte outside printable ASCII: {:?}",
            String::from_utf8_lossy(&line)
        );
    }
}
