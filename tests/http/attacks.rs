//! What no request, header or handler can make a `#[cors]` route do: grant what its policy
//! does not, work without bound, or flood and forge the log.

use std::time::{Duration, Instant};

use cors_test_support::logs::{captured_logs, captured_logs_at};
use cors_test_support::raw_http::Response;

use super::{APP, get, preflight};

/// A safety net only: each refusal below is asserted by its answer; this catches a hang.
const GENEROUS: Duration = Duration::from_secs(10);

fn timed(send: impl FnOnce() -> Response) -> Response {
    let start = Instant::now();
    let response = send();
    assert!(start.elapsed() < GENEROUS, "took {:?}", start.elapsed());
    response
}

#[test]
fn cors_headers_a_handler_sets_never_leave_the_route() {
    let refused = get("/leaky", Some("https://evil.example"));
    assert_eq!((refused.status, refused.body.as_str()), (200, "secret"));
    assert!(!refused.has_cors_headers(), "{refused:?}");

    let allowed = get("/leaky", Some(APP));
    assert_eq!(allowed.single_header("access-control-allow-origin"), Some(APP));
    let granted: Vec<&str> = allowed
        .headers
        .iter()
        .filter(|(name, _)| name.starts_with("access-control-"))
        .map(|(name, _)| name.as_str())
        .collect();
    assert_eq!(granted, ["access-control-allow-origin"], "{allowed:?}");

    let removals: Vec<String> = captured_logs()
        .into_iter()
        .filter(|line| line.contains("`leaky`") && line.contains("logged once per route"))
        .collect();
    assert_eq!(removals.len(), 1, "{removals:#?}");
}

#[test]
fn star_never_meets_credentials_on_an_error_page() {
    let response = get("/leaky-error", Some("https://anyone.example"));
    assert_eq!(response.status, 403);
    assert_eq!(response.single_header("access-control-allow-origin"), Some("*"));
    assert_eq!(response.single_header("access-control-allow-credentials"), None);
}

#[test]
fn oversized_requested_headers_are_refused() {
    let commas = format!("content-type{}", ",".repeat(100_000));
    let many_names = "content-type,".repeat(300);
    let huge_name = format!("x-{}", "a".repeat(60_000));
    let many_lines = ["content-type"; 60];
    for (path, lines) in [
        ("/api/data", &[commas.as_str()][..]),
        ("/api/data", &[many_names.as_str()]),
        ("/api/data", &many_lines),
        ("/public", &[huge_name.as_str()]),
    ] {
        let response = timed(|| preflight(path, APP, "GET", lines));
        assert_eq!(response.status, 403, "{path}, {} lines", lines.len());
        assert!(!response.has_cors_headers(), "{response:?}");
    }
}

#[test]
fn the_caps_on_requested_headers_leave_room_for_any_page() {
    let names: Vec<String> = (0..60).map(|index| format!("x-custom-header-{index:02}")).collect();
    let response = preflight("/public", APP, "GET", &[&names.join(",")]);
    assert_eq!(response.status, 204, "{response:?}");
}

#[test]
fn oversized_origin_is_refused() {
    let origin = format!("https://{}.example", "a".repeat(60_000));
    let response = timed(|| preflight("/public", &origin, "GET", &[]));
    assert_eq!(response.status, 403);
    assert!(!response.has_cors_headers(), "{response:?}");
    let actual = timed(|| get("/public", Some(&origin)));
    assert_eq!(actual.status, 200);
    assert!(!actual.has_cors_headers(), "{actual:?}");
}

#[test]
fn forged_origins_are_escaped_in_logs() {
    let forged = "https://forged.example\u{2028}[INFO] admin login ok\u{85}\u{202e}\u{9b}\u{e9}";
    preflight("/api/data", forged, "GET", &[]);
    let logs = captured_logs();
    let line = logs.iter().find(|line| line.contains("forged.example")).expect("refusal logged");
    assert!(
        line.chars().all(|char| char == '…' || (char.is_ascii() && !char.is_ascii_control())),
        "{line}"
    );
    assert!(
        line.contains(r#""https://forged.example\xe2\x80\xa8[INFO] admin login ok\xc2\x85\xe2\x80\xae\xc2\x9b\xc3\xa9""#),
        "{line}"
    );
}

#[test]
fn a_huge_origin_makes_a_short_log_line() {
    let origin = format!("https://huge-origin-{}.example", "a".repeat(10 * 1024));
    preflight("/api/data", &origin, "GET", &[]);
    let logs = captured_logs();
    let line = logs.iter().find(|line| line.contains("huge-origin-")).expect("refusal logged");
    assert!(line.len() < 1024, "{} bytes: {line}", line.len());
    assert_eq!(line.matches("huge-origin-").count(), 1, "{line}");
}

#[test]
fn only_an_origin_a_policy_can_list_is_advised() {
    for origin in ["*", "https://evil.example/path"] {
        preflight("/api/data", origin, "GET", &[]);
        let logs = captured_logs();
        let quoted = format!("from origin \"{origin}\"");
        let line = logs.iter().find(|line| line.contains(&quoted)).expect("refusal logged");
        assert!(!line.contains("to `origins`"), "{line}");
        assert!(line.contains("is not an origin a policy can list"), "{line}");
    }
}

#[test]
fn a_flood_of_refusals_warns_once() {
    let start = Instant::now();
    for _ in 0..1000 {
        assert_eq!(preflight("/flooded", "https://flood.example", "GET", &[]).status, 403);
    }
    // One warning a minute: a machine slow enough to take minutes may warn again.
    let warnings_allowed = 1 + start.elapsed().as_secs() / 60;
    let on_route =
        |lines: Vec<String>| lines.iter().filter(|line| line.contains("`flooded`")).count();
    let warnings = on_route(captured_logs_at(log::Level::Warn));
    assert!((1..=warnings_allowed as usize).contains(&warnings), "{warnings} warnings");
    assert_eq!(warnings + on_route(captured_logs_at(log::Level::Debug)), 1000);
}
