//! Every `--json` document is the derived one of `cors_check_core::document`, and reads back
//! into its type unchanged: a field renamed on one side only fails here.

use cors_check_core::document::{
    ComparisonDocument, FORMAT, HarDocument, LogsDocument, ReportDocument,
};
use cors_check_core::input::{judge_offline, read_har};
use cors_check_core::logs::summarize;
use cors_check_core::{Check, CorsRequest, Plan, Response};

const HAR: &str = include_str!("devtools/chromium.har");
/// What cors-runtime logged for the quickstart's API (cors-check's `logs_cli.rs` makes it).
const LOG: &str = include_str!("../../cors-check/tests/cors.log");

#[test]
fn a_comparison_and_each_of_its_reports_read_back_unchanged() {
    let request = CorsRequest::new("https://api.example/data", "https://app.example")
        .with_method("PUT")
        .with_header("Authorization", "Bearer t0k3n")
        .with_credentials();
    let check = Check::new(Plan::new(request).unwrap()).without_probes();
    // A bare refusal of the preflight: a failure, steps with headers, every engine's words.
    let comparison = check.compare(|_| Ok::<_, ()>(Response::new(403))).unwrap();
    let document: ComparisonDocument = serde_json::from_str(&comparison.to_json()).unwrap();
    assert_eq!(document, comparison.document());
    assert_eq!((document.format, document.reports.len()), (FORMAT, 3));
    for report in &comparison.reports {
        let read: ReportDocument = serde_json::from_str(&report.to_json()).unwrap();
        assert_eq!(read, report.document());
        assert!(read.error.is_some(), "{read:?}");
        assert_eq!(read.request.headers, [["Authorization".to_owned(), "<secret>".to_owned()]]);
    }
}

#[test]
fn a_har_listing_reads_back_unchanged() {
    let result = judge_offline(read_har(HAR).unwrap());
    let document: HarDocument = serde_json::from_str(&result.to_json()).unwrap();
    assert_eq!(document, result.document());
    assert_eq!(document.summary.calls, result.rows.len());
    assert!(document.calls.iter().any(|call| call.report.is_some()), "{document:?}");
}

#[test]
fn a_log_summary_reads_back_unchanged_with_its_fixes_as_edits() {
    let summary = summarize(LOG.as_bytes()).unwrap();
    let document: LogsDocument = serde_json::from_str(&summary.to_json()).unwrap();
    assert_eq!(document, summary.document());
    assert_eq!(document.summary.refusals, 8);
    let fixes: Vec<_> = document.routes.iter().flat_map(|route| &route.fixes).collect();
    assert!(fixes.iter().any(|fix| fix.place == "variable"), "{fixes:?}");
    assert!(
        document.routes.iter().any(|route| route.refused.iter().any(|value| value.probe.is_some()))
    );
}
