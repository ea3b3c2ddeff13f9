//! Runs the catalogue of misconfigured servers in-process through `cors_check_core::actix`, the way
//! a user's test would.

use actix_web::{App, test};
use cors_check_core::{CorsErrorKind, Verdict};
use cors_test_support::engine::Engine;
use cors_test_support::misconfigured::{APP, CASES, routes};

#[actix_web::test]
async fn every_catalogue_case_gets_the_same_verdict_in_process() {
    let app = test::init_service(App::new().configure(routes(APP))).await;
    let mut mismatches = Vec::new();
    for case in CASES {
        let report = cors_check_core::actix::check(&app, case.request()).await;
        if case.leaves_the_api {
            if report.verdict() != Verdict::Inconclusive {
                mismatches.push(format!("{}: expected no verdict in-process\n{report}", case.name));
            }
            continue;
        }
        let (expected, warning) = (case.expected.chromium, case.warning.chromium);
        let warning_missing = warning.is_some_and(|warning| !report.has_warning(warning));
        if report.error_kind() != expected || warning_missing {
            mismatches.push(format!("{}: expected {expected:?}\n{report}", case.name));
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

/// Every engine over every call of the catalogue: its kind, its warnings, and for Firefox and
/// Safari its exact console line.
#[actix_web::test]
async fn every_engine_judges_every_catalogue_case_in_its_order_and_words() {
    let app = test::init_service(App::new().configure(routes(APP))).await;
    let mut mismatches = Vec::new();
    // A redirect to another host cannot be followed in-process (the test above checks that).
    for case in CASES.iter().filter(|case| !case.leaves_the_api) {
        for engine in Engine::ALL {
            let browser = engine.tester_browser();
            let report =
                cors_check_core::actix::check(&app, case.request().with_browser(browser)).await;
            let kind = case.expected.of(engine);
            let warning = case.warning.of(engine);
            let warning_missing = warning.is_some_and(|warning| !report.has_warning(warning));
            let unexpected_cap = warning.is_none()
                && report.warnings.iter().any(|warning| warning.kind().is_max_age_above_cap());
            let message = report.failure.as_ref().map(|failure| failure.console_message.clone());
            let expected_message = match kind {
                Some(_) if engine != Engine::Chromium => {
                    let message = case.console_line(engine);
                    if message.is_none() {
                        mismatches.push(format!(
                            "{}: no {browser} console line in the catalogue",
                            case.name
                        ));
                    }
                    message
                }
                _ => message.clone(),
            };
            if report.error_kind() != kind
                || warning_missing
                || unexpected_cap
                || message != expected_message
            {
                mismatches.push(format!(
                    "{} in {browser}: expected {kind:?}, warning {warning:?}, message \
                     {expected_message:?}\n{report}",
                    case.name
                ));
            }
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

#[actix_web::test]
async fn assert_allowed_panics_with_the_explanation() {
    let app = test::init_service(App::new().configure(routes(APP))).await;
    let request = cors_check_core::CorsRequest::new("/header-not-allowed", APP)
        .with_method("PUT")
        .with_header("X-Custom", "1");
    let report = cors_check_core::actix::check(&app, request).await;
    report.assert_blocked(CorsErrorKind::HeaderDisallowedByPreflightResponse);
    let panic = std::panic::catch_unwind(|| report.assert_allowed()).unwrap_err();
    let message = panic.downcast_ref::<String>().expect("a formatted panic message");
    assert!(message.starts_with("CORS blocks this call, but it was expected to be allowed:\nBLOCKED: PUT /header-not-allowed"));
    assert!(message.contains(
        "Access to fetch at '/header-not-allowed' from origin 'https://app.example' has been \
         blocked by CORS policy: Request header field x-custom is not allowed"
    ));
    assert!(message.contains(r#"#[cors]: add "X-Custom" to `headers`"#));
}
