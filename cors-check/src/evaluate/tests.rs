use super::*;
use crate::request::CorsRequest;
use crate::vocabulary::{Sent, Verdict};

const URL: &str = "https://api.example/data";
const ORIGIN: &str = "https://app.example";

fn request() -> CorsRequest {
    CorsRequest::new(URL, ORIGIN)
}

fn granting(status: u16) -> Response {
    Response::new(status).with_header("Access-Control-Allow-Origin", ORIGIN)
}

/// Evaluates a call that needs no preflight against `actual`.
fn simple(request: CorsRequest, actual: Response) -> Report {
    let plan = Plan::new(request).unwrap();
    assert!(!plan.needs_preflight());
    evaluate(&plan, &Responses { actual: Some(actual), ..Responses::default() })
}

/// Evaluates a preflighted call whose preflight gets `preflight` and, if it passes, `actual`.
fn preflighted(request: CorsRequest, preflight: Response, actual: Response) -> Report {
    let plan = Plan::new(request).unwrap();
    assert!(plan.needs_preflight());
    let passes = preflight_passes(&plan, &preflight);
    evaluate(
        &plan,
        &Responses {
            preflight: Some(preflight),
            actual: passes.then_some(actual),
            ..Responses::default()
        },
    )
}

fn blocked_with(report: &Report, kind: CorsErrorKind, failed_value: &str) {
    report.assert_blocked(kind);
    assert_eq!(report.failure.as_ref().unwrap().failed_value, failed_value);
}

// The access check on the actual response.

#[test]
fn exact_origin_is_allowed() {
    simple(request(), granting(200)).assert_allowed();
}

#[test]
fn wildcard_is_allowed_without_credentials() {
    let report =
        simple(request(), Response::new(200).with_header("Access-Control-Allow-Origin", " * "));
    report.assert_allowed();
    assert_eq!(report.verdict(), Verdict::Allowed);
}

#[test]
fn missing_allow_origin_is_blocked() {
    blocked_with(
        &simple(request(), Response::new(200)),
        CorsErrorKind::MissingAllowOriginHeader,
        "",
    );
}

#[test]
fn wildcard_with_credentials_is_blocked() {
    let response = Response::new(200)
        .with_header("Access-Control-Allow-Origin", "*")
        .with_header("Access-Control-Allow-Credentials", "true");
    blocked_with(
        &simple(request().with_credentials(), response),
        CorsErrorKind::WildcardOriginNotAllowed,
        "*",
    );
}

#[test]
fn two_allow_origin_lines_are_multiple_values_even_if_one_matches() {
    let response = granting(200).with_header("Access-Control-Allow-Origin", ORIGIN);
    let report = simple(request(), response);
    blocked_with(
        &report,
        CorsErrorKind::MultipleAllowOriginValues,
        "https://app.example, https://app.example",
    );
    assert!(report.failure.unwrap().console_message.contains(
        "contains multiple values 'https://app.example, https://app.example', but only one \
             is allowed."
    ));
}

#[test]
fn a_space_separated_list_is_multiple_values() {
    let response = Response::new(200)
        .with_header("Access-Control-Allow-Origin", "https://app.example https://b.example");
    simple(request(), response).assert_blocked(CorsErrorKind::MultipleAllowOriginValues);
}

#[test]
fn a_value_that_is_not_a_url_is_invalid() {
    for value in ["app.example", "*.example.com", "-", "", "https://*.example"] {
        let response = Response::new(200).with_header("Access-Control-Allow-Origin", value);
        blocked_with(&simple(request(), response), CorsErrorKind::InvalidAllowOriginValue, value);
    }
}

#[test]
fn another_origin_is_a_mismatch() {
    for value in [
        "https://other.example",
        "https://app.example/",
        "HTTPS://APP.EXAMPLE",
        "http://app.example",
        "null",
    ] {
        let response = Response::new(200).with_header("Access-Control-Allow-Origin", value);
        blocked_with(&simple(request(), response), CorsErrorKind::AllowOriginMismatch, value);
    }
}

#[test]
fn the_mismatch_explains_a_trailing_slash() {
    let response =
        Response::new(200).with_header("Access-Control-Allow-Origin", "https://app.example/");
    let report = simple(request(), response);
    assert!(report.steps[0].detail.contains("no trailing slash"));
    assert_eq!(
        report.failure.unwrap().fix.cors_attribute,
        r#"add "https://app.example" to `origins`"#
    );
}

#[test]
fn credentials_need_exactly_true() {
    for (value, failed) in [(None, ""), (Some("True"), "True"), (Some("false"), "false")] {
        let mut response = granting(200);
        if let Some(value) = value {
            response = response.with_header("Access-Control-Allow-Credentials", value);
        }
        let report = simple(request().with_credentials(), response);
        blocked_with(&report, CorsErrorKind::InvalidAllowCredentials, failed);
        assert_eq!(
            report.failure.unwrap().fix.cors_attribute,
            "add `credentials` (the origins must then be listed exactly, not \"*\")"
        );
    }
    let response = granting(200).with_header("Access-Control-Allow-Credentials", "true");
    simple(request().with_credentials(), response).assert_allowed();
}

#[test]
fn allow_credentials_is_ignored_without_credentials() {
    let response = granting(200).with_header("Access-Control-Allow-Credentials", "nope");
    simple(request(), response).assert_allowed();
}

#[test]
fn the_null_origin_matches_null() {
    let response = Response::new(200).with_header("Access-Control-Allow-Origin", "null");
    let report = simple(CorsRequest::new(URL, "null"), response);
    report.assert_allowed();
    assert!(report.has_warning(WarningKind::NullOriginAllowed));
}

#[test]
fn any_response_status_is_fine_for_the_actual_request() {
    simple(request(), granting(500)).assert_allowed();
}

// The preflight.

fn put_with_header() -> CorsRequest {
    request().with_method("PUT").with_header("X-Custom", "1")
}

fn good_preflight() -> Response {
    granting(204)
        .with_header("Access-Control-Allow-Methods", "PUT")
        .with_header("Access-Control-Allow-Headers", "x-custom")
}

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
    assert!(report.failure.unwrap().fix.server.contains("https://api.example/data/"));
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
    assert_eq!(
        report.failure.unwrap().fix.server,
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
    assert_eq!(
        fix.server,
        "send `Access-Control-Allow-Methods: GET, POST, PATCH` on the preflight response"
    );
    assert!(fix.cors_attribute.starts_with("add PATCH to `methods`"));
}

#[test]
fn methods_are_case_sensitive() {
    let preflight = granting(204).with_header("Access-Control-Allow-Methods", "PATCH");
    let report = preflighted(request().with_method("patch"), preflight, granting(200));
    blocked_with(&report, CorsErrorKind::MethodDisallowedByPreflightResponse, "patch");
    assert!(report.has_warning(WarningKind::MethodNotUpperCase));
    assert!(report.steps.last().unwrap().detail.contains("case-sensitive"));
    assert_eq!(
        report.failure.unwrap().fix.cors_attribute,
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
fn the_first_missing_header_in_sorted_order_is_named_and_the_fix_lists_all() {
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
    assert_eq!(
        failure.fix.server,
        "send `Access-Control-Allow-Headers: x-listed, X-Alpha, X-Zeta` on the preflight response"
    );
    assert_eq!(failure.fix.cors_attribute, r#"add "X-Alpha", "X-Zeta" to `headers`"#);
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

// Warnings.

#[test]
fn max_age_above_chromiums_cap_or_unparsable_is_reported() {
    let warned = |max_age: &str| {
        let preflight = good_preflight().with_header("Access-Control-Max-Age", max_age);
        let actual = granting(200).with_header("Vary", "Accept, origin");
        preflighted(put_with_header(), preflight, actual)
            .warnings
            .iter()
            .map(|warning| warning.kind)
            .collect::<Vec<_>>()
    };
    assert_eq!(warned("86400"), [WarningKind::MaxAgeAboveChromiumCap]);
    assert_eq!(warned("ten"), [WarningKind::MaxAgeInvalid]);
    assert_eq!(warned("7200"), []);
}

#[test]
fn a_granted_origin_without_vary_origin_is_reported() {
    let report = simple(request(), granting(200).with_header("Vary", "Accept"));
    report.assert_allowed();
    assert!(report.has_warning(WarningKind::MissingVaryOrigin));
    let wildcard = Response::new(200).with_header("Access-Control-Allow-Origin", "*");
    assert!(simple(request(), wildcard).warnings.is_empty());
}

#[test]
fn wildcard_with_credentials_header_is_reported_for_an_anonymous_call() {
    let response = Response::new(200)
        .with_header("Access-Control-Allow-Origin", "*")
        .with_header("Access-Control-Allow-Credentials", "true");
    let report = simple(request(), response);
    report.assert_allowed();
    assert!(report.has_warning(WarningKind::WildcardWithCredentials));
}

#[test]
fn a_redirected_actual_response_is_reported() {
    let response = granting(302).with_header("Location", "https://api.example/elsewhere");
    let report = simple(request(), response);
    report.assert_allowed();
    assert!(report.has_warning(WarningKind::RedirectNotFollowed));
}
