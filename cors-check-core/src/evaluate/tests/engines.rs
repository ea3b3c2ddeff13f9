//! What each engine does its own way: the order of the preflight checks, which header it
//! names, how long it keeps a preflight, and its words.

use super::*;
use crate::browser::Browser;

/// The preflighted `request` as `browser` judges it.
fn judged(browser: Browser, request: CorsRequest, preflight: Response) -> Report {
    preflighted(request.with_browser(browser), preflight, granting(200))
}

fn failure(report: &Report) -> &crate::vocabulary::Failure {
    report.failure.as_ref().expect("a blocked call")
}

#[test]
fn safari_checks_the_preflight_status_before_the_origin() {
    let refusal = || Response::new(403);
    let chromium = judged(Browser::Chromium, put_with_header(), refusal());
    chromium.assert_blocked(CorsErrorKind::PreflightMissingAllowOriginHeader);
    let firefox = judged(Browser::Firefox, put_with_header(), refusal());
    firefox.assert_blocked(CorsErrorKind::PreflightMissingAllowOriginHeader);
    assert!(failure(&firefox).console_message.ends_with(
        "(Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 403."
    ));
    let safari = judged(Browser::Safari, put_with_header(), refusal());
    safari.assert_blocked(CorsErrorKind::PreflightInvalidStatus);
    let failure = failure(&safari);
    assert_eq!(failure.console_message, "Preflight response is not successful. Status code: 403");
    assert_eq!(safari.steps.len(), 1, "the status is the first and only step");
    let status_and_origin = FixKind::OkStatusAndAllowOrigin {
        status: 403,
        method: "PUT".to_owned(),
        origin: "https://app.example".to_owned(),
    };
    assert_eq!(failure.fix.kind, status_and_origin);
    assert_eq!(failure.fix.edits[0], Edit::PreflightStatusOk { instead_of: 403 });
    assert!(failure.fix.server().starts_with(
        "answer the preflight with a 2xx status such as 204 instead of 403, and send \
         `Access-Control-Allow-Origin: https://app.example`"
    ));
}

#[test]
fn every_engine_checks_the_origin_of_a_granted_preflight_before_its_lists() {
    let preflight = || {
        Response::new(204)
            .with_header("Access-Control-Allow-Origin", "https://other.example")
            .with_header("Access-Control-Allow-Methods", "GET PUT")
    };
    for browser in Browser::ALL {
        judged(browser, put_with_header(), preflight())
            .assert_blocked(CorsErrorKind::PreflightAllowOriginMismatch);
    }
    let safari = judged(Browser::Safari, put_with_header(), preflight());
    assert_eq!(
        failure(&safari).console_message,
        "Origin https://app.example is not allowed by Access-Control-Allow-Origin. Status code: 204"
    );
}

#[test]
fn firefox_checks_the_origin_before_a_redirect_and_the_others_the_redirect_first() {
    let bare = || Response::new(308).with_header("Location", "https://api.example/data/");
    let firefox = judged(Browser::Firefox, put_with_header(), bare());
    firefox.assert_blocked(CorsErrorKind::PreflightMissingAllowOriginHeader);
    assert!(failure(&firefox).console_message.ends_with("missing). Status code: 308."));
    // Sending the header would not help: the fix is the redirect's.
    let fix = &failure(&firefox).fix.kind;
    assert!(matches!(fix, FixKind::NoRedirect { location, .. } if location.ends_with("/data/")));
    for browser in [Browser::Chromium, Browser::Safari] {
        judged(browser, put_with_header(), bare())
            .assert_blocked(CorsErrorKind::PreflightDisallowedRedirect);
    }
    let safari = judged(Browser::Safari, put_with_header(), bare());
    assert_eq!(
        failure(&safari).console_message,
        "Preflight response is not successful. Status code: 308"
    );

    let granted = granting(307).with_header("Location", "https://api.example/data/");
    let firefox = judged(Browser::Firefox, put_with_header(), granted);
    firefox.assert_blocked(CorsErrorKind::PreflightDisallowedRedirect);
    assert!(
        failure(&firefox)
            .console_message
            .ends_with("(Reason: CORS request external redirect not allowed).")
    );
}

#[test]
fn firefox_checks_the_method_before_it_parses_the_headers() {
    let preflight = || {
        granting(204)
            .with_header("Access-Control-Allow-Methods", "GET")
            .with_header("Access-Control-Allow-Headers", "x-custom; x-other")
    };
    for (browser, kind) in [
        (Browser::Chromium, CorsErrorKind::InvalidAllowHeadersPreflightResponse),
        (Browser::Firefox, CorsErrorKind::MethodDisallowedByPreflightResponse),
        (Browser::Safari, CorsErrorKind::InvalidAllowHeadersPreflightResponse),
    ] {
        judged(browser, put_with_header(), preflight()).assert_blocked(kind);
    }
}

#[test]
fn each_engine_quotes_an_unparsable_list_its_own_way() {
    let preflight = || {
        granting(204)
            .with_header("Access-Control-Allow-Methods", "GET PUT")
            .with_header("Access-Control-Allow-Methods", "DELETE")
    };
    let quoted = |browser| {
        let report = judged(browser, put_with_header(), preflight());
        report.assert_blocked(CorsErrorKind::InvalidAllowMethodsPreflightResponse);
        failure(&report).failed_value.clone()
    };
    assert_eq!(quoted(Browser::Chromium), "");
    assert_eq!(quoted(Browser::Firefox), "GET PUT");
    assert_eq!(quoted(Browser::Safari), "GET PUT, DELETE");
}

#[test]
fn safari_names_the_first_refused_header_the_script_set_as_written() {
    let request =
        request().with_method("PUT").with_header("X-Zeta", "1").with_header("X-Alpha", "1");
    let preflight = || granting(204).with_header("Access-Control-Allow-Methods", "PUT");
    let named = |browser| {
        let report = judged(browser, request.clone(), preflight());
        report.assert_blocked(CorsErrorKind::HeaderDisallowedByPreflightResponse);
        failure(&report).console_message.clone()
    };
    assert!(named(Browser::Chromium).contains("Request header field x-alpha is not allowed"));
    assert!(named(Browser::Firefox).contains("(Reason: header ‘x-alpha’ is not allowed"));
    assert_eq!(
        named(Browser::Safari),
        "Request header field X-Zeta is not allowed by Access-Control-Allow-Headers."
    );
}

#[test]
fn each_engine_warns_above_its_own_preflight_cache_cap() {
    let warned = |browser, max_age: &str| {
        let preflight = good_preflight().with_header("Access-Control-Max-Age", max_age);
        let actual = granting(200).with_header("Vary", "Origin");
        let report = preflighted(put_with_header().with_browser(browser), preflight, actual);
        report.assert_allowed();
        report.warnings
    };
    let kinds = |browser, max_age| -> Vec<WarningKind> {
        warned(browser, max_age).iter().map(Warning::kind).collect()
    };
    assert_eq!(kinds(Browser::Safari, "600"), []);
    assert_eq!(kinds(Browser::Safari, "601"), [WarningKind::MaxAgeAboveSafariCap]);
    assert_eq!(kinds(Browser::Chromium, "3600"), []);
    assert_eq!(kinds(Browser::Chromium, "7201"), [WarningKind::MaxAgeAboveChromiumCap]);
    assert_eq!(kinds(Browser::Firefox, "86400"), []);
    assert_eq!(kinds(Browser::Firefox, "86401"), [WarningKind::MaxAgeAboveFirefoxCap]);
    let safari = &warned(Browser::Safari, "3600")[0];
    assert_eq!(*safari, Warning::MaxAgeAboveCap { judge: Browser::Safari, seconds: 3600 });
    // The words name each engine's cap, from the engine tables.
    let safari = safari.to_string();
    assert!(safari.starts_with("Access-Control-Max-Age: 3600 is above what Safari keeps (600 s"));
    assert!(safari.ends_with("(browsers keep Chromium 7200 s, Firefox 86400 s, Safari 600 s)"));
    let firefox = &warned(Browser::Firefox, "ten")[0];
    assert_eq!(*firefox, Warning::MaxAgeInvalid { judge: Browser::Firefox, value: "ten".into() });
    assert!(firefox.to_string().ends_with("so Firefox does not keep the preflight at all"));
    assert!(
        warned(Browser::Safari, "ten")[0]
            .to_string()
            .ends_with("so Safari keeps the preflight for 5 s only")
    );
}

#[test]
fn every_engine_lets_a_header_wildcard_cover_authorization_with_a_warning() {
    let request = request().with_header("Authorization", "Bearer t");
    for browser in Browser::ALL {
        let preflight = granting(204).with_header("Access-Control-Allow-Headers", "*");
        let report = judged(browser, request.clone(), preflight);
        report.assert_allowed();
        let warning = Warning::AuthorizationCoveredByWildcard { judge: browser };
        assert!(report.warnings.contains(&warning), "{browser}: {:?}", report.warnings);
    }
}

#[test]
fn the_call_itself_gets_each_engines_line() {
    let report = |browser| simple(request().with_browser(browser), Response::new(200));
    for browser in Browser::ALL {
        report(browser).assert_blocked(CorsErrorKind::MissingAllowOriginHeader);
    }
    assert_eq!(
        failure(&report(Browser::Firefox)).console_message,
        "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote \
         resource at https://api.example/data. (Reason: CORS header \
         ‘Access-Control-Allow-Origin’ missing). Status code: 200."
    );
    assert_eq!(
        failure(&report(Browser::Safari)).console_message,
        "Origin https://app.example is not allowed by Access-Control-Allow-Origin. Status code: 200"
    );
}

#[test]
fn the_judge_is_a_parameter_of_evaluation_and_the_requests_stay_the_senders() {
    let plan = Plan::new(put_with_header()).unwrap();
    let responses = Responses { preflight: Some(Response::new(403)), actual: None };
    let safari = evaluate(&plan, &responses, Browser::Safari);
    assert_eq!(safari.browser(), Browser::Safari);
    assert_eq!(safari.request.browser(), Browser::Chromium, "Chromium made the call");
    assert_eq!(failure(&safari).kind, CorsErrorKind::PreflightInvalidStatus);
    let chromium = evaluate(&plan, &responses, Browser::Chromium);
    assert_eq!(failure(&chromium).kind, CorsErrorKind::PreflightMissingAllowOriginHeader);
}
