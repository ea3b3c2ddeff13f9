//! Browser conformance suite: Debian's Chromium, driven headless through chromedriver, judges
//! the CORS headers our actix apps send: every form of `#[cors]` (browser/attribute_app.rs),
//! a hand-written policy (browser/handmade.rs), and the catalogue of misconfigured servers that
//! cors-check's tests share (`cors_test_support::misconfigured`). The cases sit in
//! browser/cases/, one file per app.
//!
//! Header-level tests can pass while a browser still blocks the call, so here each case is a
//! real `fetch()` from a page on another origin, judged by what the page could read, by the
//! CORS message Chromium logged, and by what the API received (preflights included). Each case
//! also goes through cors-check against the same API, which must agree with Chromium.
//!
//! Run with `cargo test -p cors-suite --test browser`. Without Chromium the suite prints that
//! it was skipped and how to install it (`.ci/install-test-deps`); under `CI=true` a missing
//! browser fails the run.

// A test target's root resolves `mod x;` next to itself, so the helper modules in
// tests/browser/ (which cargo must not mistake for test targets) are named by path.
#[path = "../examples/migrate_from_actix_cors/after.rs"]
mod after;
#[path = "browser/agreement.rs"]
mod agreement;
#[path = "browser/attribute_app.rs"]
mod attribute_app;
#[path = "../examples/migrate_from_actix_cors/before.rs"]
mod before;
#[path = "browser/cases/mod.rs"]
mod cases;
#[path = "browser/console.rs"]
mod console;
#[path = "browser/driver.rs"]
mod driver;
#[path = "../examples/migrate_from_actix_cors/handlers.rs"]
mod handlers;
#[path = "browser/handmade.rs"]
mod handmade;
#[path = "browser/judge.rs"]
mod judge;
#[path = "browser/runner.rs"]
mod runner;
#[path = "browser/servers.rs"]
mod servers;
#[path = "browser/wrapped_app.rs"]
mod wrapped_app;
#[path = "browser/writes.rs"]
mod writes;

use actix_web::middleware::from_fn;
use actix_web::{App, web};
use cors_test_support::misconfigured;
use cors_test_support::server::LoopbackServer;

use cases::{MAIN_PAGE_PORT, OTHER_PAGE_PORT};
use driver::{Browser, BrowserInstall};
use handmade::AllowedOrigin;
use runner::Harness;
use servers::{ExchangeLog, listen_on, record_exchange, start_page_server};

#[actix_web::test]
async fn chromium_judges_cors_policies() {
    let Some(install) = BrowserInstall::find_or_skip("chromium_judges_cors_policies") else {
        return;
    };
    // Declared before the browser so they are dropped after it: Chromium goes first.
    let _pages = start_page_server(vec![
        listen_on(MAIN_PAGE_PORT, "main page origin"),
        listen_on(OTHER_PAGE_PORT, "second page origin"),
    ]);
    let exchanges = ExchangeLog::default();
    let api = start_api(exchanges.clone());
    // The migration example: the same API with actix-cors, and converted.
    let (before_log, after_log) = (ExchangeLog::default(), ExchangeLog::default());
    let before_api = start_app(before_log.clone(), before::configure);
    let after_api = start_app(after_log.clone(), after::configure);
    let browser = Browser::launch(&install).await;
    let browser_processes = browser.process_marker();

    let harness = Harness {
        browser: &browser,
        api_origin: api.url(""),
        main_page_port: MAIN_PAGE_PORT,
        other_page_port: OTHER_PAGE_PORT,
        exchanges: &exchanges,
    };
    let misconfigured = cases::misconfigured::cases();
    // The API's exchange log is shared by every run, so names must be unique across the runs.
    runner::assert_unique_url_safe_names(
        &[cases::handmade::CASES, cases::attribute::CASES, cases::wrapped::CASES, &misconfigured]
            .concat(),
    );
    // The hand-written policy proves the harness independently of the attribute; the
    // deliberately wrong case proves a failure names the case and quotes Chromium.
    let handmade = harness.run(cases::handmade::CASES).await;
    let attribute = harness.run(cases::attribute::CASES).await;
    let misconfigured = harness.run(&misconfigured).await;
    let wrapped = harness.run(cases::wrapped::CASES).await;
    let form_failures = writes::run_form_cases(&harness).await;
    let wrong = harness.run(&[cases::handmade::DELIBERATELY_WRONG]).await;
    let on =
        |api: &LoopbackServer, exchanges| Harness { api_origin: api.url(""), exchanges, ..harness };
    let before_same = on(&before_api, &before_log).run(cases::migration::SAME_FOR_BOTH).await;
    let before_leaks = on(&before_api, &before_log).run(cases::migration::LEAKED_BEFORE).await;
    let after_same = on(&after_api, &after_log).run(cases::migration::SAME_FOR_BOTH).await;
    let after_refusals = on(&after_api, &after_log).run(cases::migration::REFUSED_AFTER).await;
    browser.close().await;
    let survivors = driver::surviving_processes(&browser_processes).await;
    assert!(
        survivors.is_empty(),
        "chromedriver/Chromium processes outlived the session: {survivors:?}"
    );

    handmade.assert_all_passed();
    attribute.assert_all_passed();
    misconfigured.assert_all_passed();
    wrapped.assert_all_passed();
    // The browser's requests only (cors-check's, in the agreement pass, are not recorded): the
    // guard answers 403 before the handler (tests/writes.rs), the handler 201.
    for (cases, status) in
        [(cases::wrapped::REJECTED_WRITES, 403), (cases::wrapped::PASSED_WRITES, 201)]
    {
        for case in cases {
            let statuses: Vec<u16> = exchanges.for_case(case).iter().map(|e| e.status).collect();
            assert_eq!(statuses, [status], "case `{case}`: what the API answered the browser");
        }
    }
    assert!(form_failures.is_empty(), "{}", form_failures.join("\n"));
    for (app, report) in [
        ("actix-cors, for the web app", before_same),
        ("actix-cors, look-alike origins it leaks to", before_leaks),
        ("converted, for the web app", after_same),
        ("converted, the same look-alikes", after_refusals),
    ] {
        println!("migration example, {app}:");
        report.assert_all_passed();
    }
    let [failure] = wrong.failures.as_slice() else {
        panic!("a deliberately wrong expectation must fail exactly once: {wrong:?}");
    };
    for needle in [
        "case `deliberately_wrong_expectation`",
        "No 'Access-Control-Allow-Origin' header is present on the requested resource.",
    ] {
        assert!(
            failure.contains(needle),
            "a failure report must contain {needle:?}; it was:\n{failure}"
        );
    }
}

/// An app of `configure` on a free loopback port, every exchange recorded in `exchanges`.
fn start_app(exchanges: ExchangeLog, configure: fn(&mut web::ServiceConfig)) -> LoopbackServer {
    LoopbackServer::start_on(vec![listen_on(0, "API")], move || {
        App::new().app_data(exchanges.data()).wrap(from_fn(record_exchange)).configure(configure)
    })
}

/// The API under test on a free loopback port, every exchange recorded in `exchanges`.
fn start_api(exchanges: ExchangeLog) -> LoopbackServer {
    let page = cases::misconfigured::GRANTED_PAGE;
    let allowed = AllowedOrigin(format!("http://{}:{MAIN_PAGE_PORT}", page.host));
    let catalogue = misconfigured::routes(&allowed.0);
    LoopbackServer::start_on(vec![listen_on(0, "API")], move || {
        App::new()
            .app_data(exchanges.data())
            .app_data(web::Data::new(allowed.clone()))
            .wrap(from_fn(record_exchange))
            .configure(handmade::configure)
            .configure(attribute_app::configure)
            .configure(wrapped_app::configure)
            .configure(catalogue.clone())
    })
}
