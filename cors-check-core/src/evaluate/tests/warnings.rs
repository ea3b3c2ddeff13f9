//! Warnings.

use super::*;
use crate::browser::Browser;
use crate::url::AddressSpace;

#[test]
fn max_age_above_chromiums_cap_or_unparsable_is_reported() {
    let warned = |max_age: &str| {
        let preflight = good_preflight().with_header("Access-Control-Max-Age", max_age);
        let actual = granting(200).with_header("Vary", "Accept, origin");
        preflighted(put_with_header(), preflight, actual).warnings
    };
    let above = warned("86400");
    assert_eq!(above, [Warning::MaxAgeAboveCap { judge: Browser::Chromium, seconds: 86400 }]);
    assert_eq!(above[0].kind(), WarningKind::MaxAgeAboveChromiumCap);
    let invalid = Warning::MaxAgeInvalid { judge: Browser::Chromium, value: "ten".into() };
    assert_eq!(warned("ten"), [invalid]);
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

fn credentialed(status: u16) -> Response {
    granting(status)
        .with_header("Access-Control-Allow-Credentials", "true")
        .with_header("Vary", "Origin")
}

#[test]
fn a_401_without_a_cookie_may_be_the_logged_out_answer() {
    let report = simple(request().with_credentials(), credentialed(401));
    report.assert_allowed();
    assert!(report.has_warning(WarningKind::SessionMayBeMissing));
    let with_cookie =
        simple(request().with_credentials().with_cookie("session=1"), credentials_ok());
    assert!(!with_cookie.has_warning(WarningKind::SessionMayBeMissing));
    let ok = simple(request().with_credentials(), credentials_ok());
    assert!(!ok.has_warning(WarningKind::SessionMayBeMissing));
}

fn credentials_ok() -> Response {
    credentialed(200)
}

#[test]
fn a_cookie_without_credentials_is_not_what_the_browser_sends() {
    let report =
        simple(request().with_cookie("session=1"), granting(200).with_header("Vary", "Origin"));
    assert!(report.has_warning(WarningKind::CookieWithoutCredentials));
}

#[test]
fn a_credentialed_cross_site_call_warns_about_third_party_cookies_in_each_engine() {
    let cross_site = request().with_credentials().with_cookie("session=1");
    for browser in Browser::ALL {
        let report = simple(cross_site.clone().with_browser(browser), credentials_ok());
        report.assert_allowed();
        let warning = Warning::ThirdPartyCookie { judge: browser };
        assert!(report.warnings.contains(&warning), "{browser}: {:?}", report.warnings);
    }
    // api.example.com and app.example.com are one site.
    let same_site = CorsRequest::new("https://api.example.com/data", "https://app.example.com")
        .with_credentials();
    let response = Response::new(200)
        .with_header("Access-Control-Allow-Origin", "https://app.example.com")
        .with_header("Access-Control-Allow-Credentials", "true")
        .with_header("Vary", "Origin");
    assert!(!simple(same_site, response).has_warning(WarningKind::ThirdPartyCookie));
}

#[test]
fn a_public_page_calling_the_users_machine_or_network_needs_their_permission() {
    let granted = |origin: &str| {
        Response::new(200)
            .with_header("Access-Control-Allow-Origin", origin)
            .with_header("Vary", "Origin")
    };
    let warning = |url: &str, origin: &str, address: Option<&str>| {
        let mut call = CorsRequest::new(url, origin);
        if let Some(address) = address {
            call = call.with_target_address(address.parse().unwrap());
        }
        let report = simple(call, granted(origin));
        report.assert_allowed();
        report
            .warnings
            .into_iter()
            .find(|warning| warning.kind() == WarningKind::LocalNetworkAccess)
    };
    let loopback = warning("http://127.0.0.1:8080/api", "https://app.example", None).unwrap();
    let from_public_https = Warning::LocalNetworkAccess {
        page: None,
        target: AddressSpace::Loopback,
        secure_page: true,
        judge: Browser::Chromium,
    };
    assert_eq!(loopback, from_public_https);
    // One snapshot of the words: Chrome asks an https: page's user.
    assert_eq!(
        loopback.to_string(),
        "a page taken as `public` (a host name) calls the more private `loopback` address \
         space: Chrome 142+ asks the user's permission first (refused: `Permission was denied \
         for this request to access the `loopback` address space.`); the user, an enterprise \
         policy (`LocalNetworkAccessAllowedForUrls`) or a page in the same space does. No server \
         header grants it"
    );
    // A name is sorted by the address it resolved to.
    let printer =
        warning("http://printer.lan/status", "http://app.example", Some("192.168.1.20")).unwrap();
    let from_public_http = Warning::LocalNetworkAccess {
        page: None,
        target: AddressSpace::Local,
        secure_page: false,
        judge: Browser::Chromium,
    };
    assert_eq!(printer, from_public_http);
    assert!(printer.to_string().contains("https: pages only"), "{printer}");
    assert!(warning("http://192.168.1.20/", "http://localhost:3000", None).is_none());
    assert!(
        warning("https://api.example/", "https://app.example", Some("93.184.216.34")).is_none()
    );
}
