//! Warnings.

use super::*;

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
fn a_redirect_that_was_not_followed_gives_no_verdict() {
    let response = granting(302).with_header("Location", "https://api.example/elsewhere");
    let report = simple(request(), response);
    assert_eq!(report.verdict(), Verdict::Inconclusive);
    assert!(report.failure.is_none());
    assert!(report.has_warning(WarningKind::RedirectNotFollowed));
}
