//! A log as anyone may have written it (the requests' values are the senders', the rest any
//! program's): summarizing it never panics, every line is counted once, the routes and values
//! kept stay within their caps, every refusal is on a route or counted as dropped, and nothing
//! printed, as text or JSON, holds a byte beyond printable ASCII but the line ends and the `…`
//! of a cut value.
#![no_main]

use cors_check_core::logs::{MAX_PATHS, MAX_ROUTES, MAX_VALUES, summarize};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|log: &[u8]| {
    let summary = summarize(log).expect("reading memory never fails");
    let lines = summary.lines;
    assert_eq!(
        lines.read,
        lines.refusals
            + lines.repeated
            + lines.unread
            + lines.other_runtime
            + lines.skipped
            + lines.too_long
    );
    assert!(summary.routes.len() <= MAX_ROUTES);
    let on_routes: u64 = summary.routes.iter().map(|route| route.refusals).sum();
    assert_eq!(on_routes + summary.routes_dropped, lines.refusals);
    for route in &summary.routes {
        assert!(route.refused.len() <= MAX_VALUES && route.paths.len() <= MAX_PATHS);
        let counted: u64 = route.refused.iter().map(|value| value.count).sum();
        assert_eq!(counted + route.values_dropped, route.refusals);
    }
    for printed in [summary.to_string(), summary.to_json()] {
        assert!(
            printed.chars().all(|c| c == '\n' || (' '..='~').contains(&c) || c == '…'),
            "{printed}"
        );
    }
});
