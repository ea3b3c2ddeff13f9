//! What no request can make a `#[cors]` route do: flood or forge the log.

use cors_test_support::logs::{captured_logs, captured_logs_at};

use super::preflight;

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
    for _ in 0..1000 {
        assert_eq!(preflight("/flooded", "https://flood.example", "GET", &[]).status, 403);
    }
    let on_route =
        |lines: Vec<String>| lines.iter().filter(|line| line.contains("`flooded`")).count();
    assert_eq!(on_route(captured_logs_at(log::Level::Warn)), 1);
    assert_eq!(on_route(captured_logs_at(log::Level::Debug)), 999);
}
