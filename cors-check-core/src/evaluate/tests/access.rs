//! The access check on the actual response.

use super::*;

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
    for value in ["app.example", "*.example.com", "-", "", "https://app.example:99999"] {
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
        // GURL accepts `*` in a host, so Chromium calls the most common pattern mistake a
        // mismatch (`url_canon_host.cc`, crbug.com/1416013).
        "https://*.example",
        "https://*.app.example",
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
    let mismatch = Finding::OriginMismatch {
        allowed: "https://app.example/".to_owned(),
        origin: "https://app.example".to_owned(),
        near_miss: Some(OriginNearMiss::TrailingSlashOrPath),
    };
    assert_eq!(report.steps[0].detail, mismatch);
    let fix = report.failure.unwrap().fix;
    let entry = r#""https://app.example""#.to_owned();
    assert_eq!(fix.edits[1], Edit::AddToKey { key: "origins", entry });
    assert_eq!(fix.cors_attribute(), r#"add "https://app.example" to `origins`"#);
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
        let fix = report.failure.unwrap().fix;
        let method = "GET".to_owned();
        assert_eq!(fix.kind, FixKind::AllowCredentials { on: Exchange::Actual, method });
        assert_eq!(fix.edits[1], Edit::AddFlag { key: "credentials" });
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

#[test]
fn the_fix_is_also_data_the_headers_to_send_and_the_keys_to_change() {
    use crate::vocabulary::Edit;
    let response = Response::new(200)
        .with_header("Access-Control-Allow-Origin", "*")
        .with_header("Access-Control-Allow-Credentials", "true");
    let report = simple(request().with_credentials(), response);
    let send = |name, value: &str| Edit::SendHeader {
        on: Exchange::Actual,
        name,
        value: value.to_owned(),
    };
    assert_eq!(
        report.failure.unwrap().fix.edits,
        [
            send("Access-Control-Allow-Origin", ORIGIN),
            send("Vary", "Origin"),
            Edit::ReplaceInKey {
                key: "origins",
                old: "\"*\"".to_owned(),
                new: format!("\"{ORIGIN}\""),
            },
        ]
    );
    let missing = simple(request().with_credentials(), Response::new(200));
    assert_eq!(
        missing.failure.unwrap().fix.edits,
        [
            send("Access-Control-Allow-Origin", ORIGIN),
            Edit::AddToKey { key: "origins", entry: format!("\"{ORIGIN}\"") },
        ]
    );
}

#[test]
fn a_refused_header_fix_names_the_whole_list_to_send_and_the_entry_to_add() {
    use crate::vocabulary::Edit;
    let preflight = granting(204).with_header("Access-Control-Allow-Methods", "PUT");
    let report = preflighted(put_with_header(), preflight, granting(200));
    assert_eq!(
        report.failure.unwrap().fix.edits,
        [
            Edit::SendHeader {
                on: Exchange::Preflight,
                name: "Access-Control-Allow-Headers",
                value: "X-Custom".to_owned(),
            },
            Edit::AddToKey { key: "headers", entry: "\"X-Custom\"".to_owned() },
        ]
    );
}
