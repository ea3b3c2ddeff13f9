//! The preflight.

use super::*;

#[test]
fn a_good_preflight_and_response_are_allowed() {
    let report = preflighted(put_with_header(), good_preflight(), granting(200));
    report.assert_allowed();
    let steps: Vec<(Sent, StepKind)> =
        report.steps.iter().map(|step| (step.sent, step.kind)).collect();
    let (preflight, actual) = (Sent::Browser(Exchange::Preflight), Sent::Browser(Exchange::Actual));
    assert_eq!(
        steps,
        [
            (preflight, StepKind::AllowOrigin),
            (preflight, StepKind::Status),
            (preflight, StepKind::AllowMethods),
            (preflight, StepKind::AllowHeaders),
            (actual, StepKind::AllowOrigin),
        ]
    );
}

#[test]
fn preflight_access_errors_take_precedence_over_the_status() {
    let report = preflighted(put_with_header(), Response::new(404), granting(200));
    report.assert_blocked(CorsErrorKind::PreflightMissingAllowOriginHeader);
    assert!(report.failure.unwrap().console_message.contains(
        "Response to preflight request doesn't pass access control check: No \
         'Access-Control-Allow-Origin' header is present"
    ));
}

#[test]
fn every_access_error_on_the_preflight_gets_its_preflight_kind() {
    let cases = [
        ("*", CorsErrorKind::PreflightWildcardOriginNotAllowed),
        ("https://a.example,https://b.example", CorsErrorKind::PreflightMultipleAllowOriginValues),
        ("nonsense", CorsErrorKind::PreflightInvalidAllowOriginValue),
        ("https://other.example", CorsErrorKind::PreflightAllowOriginMismatch),
    ];
    for (value, kind) in cases {
        let preflight = Response::new(204).with_header("Access-Control-Allow-Origin", value);
        let report = preflighted(put_with_header().with_credentials(), preflight, granting(200));
        report.assert_blocked(kind);
    }
    let report = preflighted(put_with_header().with_credentials(), good_preflight(), granting(200));
    report.assert_blocked(CorsErrorKind::PreflightInvalidAllowCredentials);
}

#[test]
fn a_granting_preflight_with_an_error_status_is_invalid_status() {
    let preflight = granting(403).with_header("Access-Control-Allow-Methods", "PUT");
    let report = preflighted(put_with_header(), preflight, granting(200));
    report.assert_blocked(CorsErrorKind::PreflightInvalidStatus);
    assert!(
        report
            .failure
            .unwrap()
            .console_message
            .ends_with("Response to preflight request doesn't pass access control check: It does not have HTTP ok status.")
    );
}

#[test]
fn a_redirected_preflight_is_reported_before_its_headers() {
    let preflight = Response::new(308).with_header("Location", "https://api.example/data/");
    let report = preflighted(put_with_header(), preflight, granting(200));
    report.assert_blocked(CorsErrorKind::PreflightDisallowedRedirect);
    let no_redirect = FixKind::NoRedirect {
        url: "https://api.example/data".to_owned(),
        location: "https://api.example/data/".to_owned(),
    };
    assert_eq!(report.failure.unwrap().fix, Fix { kind: no_redirect, edits: Vec::new() });
}

#[test]
fn a_3xx_without_location_is_an_invalid_status() {
    let report = preflighted(put_with_header(), granting(304), granting(200));
    report.assert_blocked(CorsErrorKind::PreflightInvalidStatus);
}

#[test]
fn unparsable_allow_methods_is_reported_before_a_disallowed_header() {
    let preflight = granting(204).with_header("Access-Control-Allow-Methods", "GET PUT");
    let report = preflighted(put_with_header(), preflight, granting(200));
    report.assert_blocked(CorsErrorKind::InvalidAllowMethodsPreflightResponse);
    let fix = report.failure.unwrap().fix;
    let unparsable = FixKind::ParsableList {
        header: "Access-Control-Allow-Methods",
        valid_items: vec!["GET".to_owned(), "PUT".to_owned()],
        invalid_item: "GET PUT".to_owned(),
    };
    assert_eq!(fix.kind, unparsable);
    assert_eq!(
        fix.server(),
        "send a comma-separated list of tokens such as `Access-Control-Allow-Methods: GET, PUT` \
         on the preflight response; 'GET PUT' is not a token"
    );
}

#[test]
fn unparsable_allow_headers_is_reported_before_a_disallowed_method() {
    let preflight = granting(204)
        .with_header("Access-Control-Allow-Methods", "GET")
        .with_header("Access-Control-Allow-Headers", "x-custom; x-other");
    let report = preflighted(put_with_header(), preflight, granting(200));
    report.assert_blocked(CorsErrorKind::InvalidAllowHeadersPreflightResponse);
}

#[test]
fn lists_tolerate_spaces_empty_elements_and_several_lines() {
    let preflight = granting(204)
        .with_header("Access-Control-Allow-Methods", " ,GET, ,")
        .with_header("Access-Control-Allow-Methods", "PUT")
        .with_header("Access-Control-Allow-Headers", ",y-lol,X-CUSTOM, ,,,Y-PRINT");
    preflighted(put_with_header(), preflight, granting(200)).assert_allowed();
}

#[test]
fn a_method_not_listed_is_disallowed() {
    let preflight = granting(204).with_header("Access-Control-Allow-Methods", "GET, POST");
    let report = preflighted(request().with_method("PATCH"), preflight, granting(200));
    blocked_with(&report, CorsErrorKind::MethodDisallowedByPreflightResponse, "PATCH");
    let fix = report.failure.unwrap().fix;
    let methods = ["GET", "POST", "PATCH"].map(str::to_owned).to_vec();
    assert_eq!(fix.kind, FixKind::AllowMethod { method: "PATCH".to_owned(), methods });
    assert_eq!(fix.edits[1], Edit::AddToKey { key: "methods", entry: "PATCH".to_owned() });
    assert_eq!(
        fix.server(),
        "send `Access-Control-Allow-Methods: GET, POST, PATCH` on the preflight response"
    );
}

#[test]
fn methods_are_case_sensitive() {
    let preflight = granting(204).with_header("Access-Control-Allow-Methods", "PATCH");
    let report = preflighted(request().with_method("patch"), preflight, granting(200));
    blocked_with(&report, CorsErrorKind::MethodDisallowedByPreflightResponse, "patch");
    assert!(report.has_warning(WarningKind::MethodNotUpperCase));
    let other_case =
        Finding::MethodInOtherCase { method: "patch".to_owned(), listed: "PATCH".to_owned() };
    assert_eq!(report.steps.last().unwrap().detail, other_case);
    let fix = report.failure.unwrap().fix;
    assert_eq!(
        fix,
        Fix { kind: FixKind::MethodCase { method: "patch".to_owned() }, edits: vec![] }
    );
    assert_eq!(
        fix.cors_attribute(),
        "nothing: have the page send 'PATCH' instead of 'patch' (fetch() sends it exactly as \
         written, and methods are case-sensitive)"
    );

    let preflight = granting(204).with_header("Access-Control-Allow-Methods", "put");
    // `put` is normalized to PUT by fetch(), and `put` does not allow PUT.
    preflighted(put_with_header(), preflight, granting(200))
        .assert_blocked(CorsErrorKind::MethodDisallowedByPreflightResponse);
}

#[test]
fn safelisted_methods_need_no_allow_methods() {
    let request = request().with_method("POST").with_header("Content-Type", "application/json");
    let preflight = granting(204).with_header("Access-Control-Allow-Headers", "Content-Type");
    preflighted(request, preflight, granting(200)).assert_allowed();
}

#[test]
fn a_method_wildcard_counts_only_without_credentials() {
    let preflight = || {
        granting(204)
            .with_header("Access-Control-Allow-Methods", "*")
            .with_header("Access-Control-Allow-Credentials", "true")
    };
    preflighted(request().with_method("DELETE"), preflight(), granting(200)).assert_allowed();
    let actual = granting(200).with_header("Access-Control-Allow-Credentials", "true");
    preflighted(request().with_method("DELETE").with_credentials(), preflight(), actual)
        .assert_blocked(CorsErrorKind::MethodDisallowedByPreflightResponse);
}

#[test]
fn a_literal_wildcard_method_matches_itself_with_credentials() {
    let preflight = granting(204)
        .with_header("Access-Control-Allow-Methods", "*")
        .with_header("Access-Control-Allow-Credentials", "true");
    let actual = granting(200).with_header("Access-Control-Allow-Credentials", "true");
    preflighted(request().with_method("*").with_credentials(), preflight, actual).assert_allowed();
}

#[test]
fn one_missing_header_is_named_the_step_says_chromium_may_name_another_and_the_fix_lists_all() {
    let request = request()
        .with_method("PUT")
        .with_header("X-Zeta", "1")
        .with_header("X-Alpha", "1")
        .with_header("X-Listed", "1");
    let preflight = granting(204)
        .with_header("Access-Control-Allow-Methods", "PUT")
        .with_header("Access-Control-Allow-Headers", "X-LISTED");
    let report = preflighted(request, preflight, granting(200));
    blocked_with(&report, CorsErrorKind::HeaderDisallowedByPreflightResponse, "x-alpha");
    let failure = report.failure.unwrap();
    assert!(failure.console_message.ends_with(
        "Request header field x-alpha is not allowed by Access-Control-Allow-Headers in \
         preflight response."
    ));
    let allow_headers = FixKind::AllowHeaders {
        names: ["x-listed", "X-Alpha", "X-Zeta"].map(str::to_owned).to_vec(),
        missing: ["X-Alpha", "X-Zeta"].map(str::to_owned).to_vec(),
        unprobed: Vec::new(),
    };
    assert_eq!(failure.fix.kind, allow_headers);
    assert_eq!(
        failure.fix.server(),
        "send `Access-Control-Allow-Headers: x-listed, X-Alpha, X-Zeta` on the preflight response"
    );
    assert_eq!(failure.fix.cors_attribute(), r#"add "X-Alpha", "X-Zeta" to `headers`"#);
    let detail = &report.steps.last().unwrap().detail;
    let not_listed = Finding::HeadersNotListed {
        missing: vec!["x-alpha".to_owned(), "x-zeta".to_owned()],
        wildcard_listed: false,
        any_one_named_by: Some(Browser::Chromium),
    };
    assert_eq!(*detail, not_listed);
    // One snapshot of the words, which the report and the JSON print.
    assert_eq!(
        detail.to_string(),
        "not listed: x-alpha, x-zeta; Chromium names any one of them in its message (its header \
         map has no order), not necessarily x-alpha"
    );
}

#[test]
fn a_header_wildcard_counts_only_without_credentials() {
    let preflight = || {
        granting(204)
            .with_header("Access-Control-Allow-Methods", "PUT")
            .with_header("Access-Control-Allow-Headers", "*")
            .with_header("Access-Control-Allow-Credentials", "true")
    };
    preflighted(put_with_header(), preflight(), granting(200)).assert_allowed();
    let actual = granting(200).with_header("Access-Control-Allow-Credentials", "true");
    preflighted(put_with_header().with_credentials(), preflight(), actual)
        .assert_blocked(CorsErrorKind::HeaderDisallowedByPreflightResponse);
}

#[test]
fn a_header_wildcard_covers_authorization_like_chromium_but_warns() {
    let request = request().with_header("Authorization", "Bearer t").with_header("X-Custom", "1");
    let preflight = granting(204).with_header("Access-Control-Allow-Headers", "*");
    let report = preflighted(request.clone(), preflight, granting(200));
    report.assert_allowed();
    assert!(report.has_warning(WarningKind::AuthorizationCoveredByWildcard));
    let preflight = granting(204).with_header("Access-Control-Allow-Headers", "*, Authorization");
    let report = preflighted(request, preflight, granting(200));
    report.assert_allowed();
    assert!(!report.has_warning(WarningKind::AuthorizationCoveredByWildcard));
}

#[test]
fn the_actual_response_is_still_checked_after_a_good_preflight() {
    let report = preflighted(put_with_header(), good_preflight(), Response::new(200));
    report.assert_blocked(CorsErrorKind::MissingAllowOriginHeader);
}
