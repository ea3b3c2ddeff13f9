//! Browser conformance suite: Chromium, Firefox and WebKit, each driven headless through its
//! WebDriver server (`cors_test_support::browser`), judge the CORS headers our actix apps send:
//! every form of `#[cors]` (attribute_app.rs), a named policy wrapped around a scope and
//! guarded writes (wrapped_app.rs, writes.rs), the migration example before and after
//! (examples/migrate_from_actix_cors/), run-time tenant origins added and revoked (tenants.rs),
//! a hand-written policy (handmade.rs), and the catalogue
//! of misconfigured servers that cors-check's tests share (`cors_test_support::misconfigured`).
//! The cases sit in cases/, one file per app; each states what every engine must make of it
//! (`PerEngine`: one value for all three, or each engine by name where they differ).
//!
//! Header-level tests can pass while a browser still blocks the call, so here each case is a
//! real `fetch()` from a page on another origin, judged by what the page could read, by the
//! CORS message the engine logged (where it exposes one), and by what the API received
//! (preflights included). Each case also goes through cors-check, as that engine, against the
//! same API, which must agree with the engine.
//!
//! Run with `cargo test -p cors-suite --test browser`, or in some engines only with
//! `CORS_SUITE_ENGINES=firefox,webkit`. A missing engine is skipped with a notice naming what
//! installs it (`.ci/install-test-deps`); under `CI=true` it fails the run.

mod agreement;
mod attribute_app;
mod cases;
mod console;
mod handmade;
mod judge;
mod runner;
mod servers;
mod sockets;
mod tenants;
mod wrapped_app;
mod writes;

use actix_web::middleware::from_fn;
use actix_web::{App, web};
use cors_test_support::browser::{Browser, BrowserInstall, surviving_processes};
use cors_test_support::engine::Engine;
use cors_test_support::misconfigured;
use cors_test_support::server::LoopbackServer;
use migrate_from_actix_cors::{after, before};

use cases::{MAIN_PAGE_PORT, OTHER_PAGE_PORT};
use handmade::AllowedOrigin;
use runner::Harness;
use servers::{ExchangeLog, listen_on, record_exchange, start_page_server};

const SUITE: &str = "browsers_judge_cors_policies";

#[actix_web::test]
async fn browsers_judge_cors_policies() {
    let installs = BrowserInstall::chosen_or_skip(SUITE);
    if installs.is_empty() {
        return;
    }
    // Declared before the browsers so it is dropped after them.
    let _pages = start_page_server(vec![
        listen_on(MAIN_PAGE_PORT, "main page origin"),
        listen_on(OTHER_PAGE_PORT, "second page origin"),
    ]);
    let mut failures = Vec::new();
    for install in &installs {
        failures.extend(judge_in(install).await);
    }
    let engines: Vec<&str> = installs.iter().map(|install| install.engine.name()).collect();
    assert!(
        failures.is_empty(),
        "{} browser case(s) failed in {engines:?}:\n\n{}",
        failures.len(),
        failures.join("\n")
    );
    println!("every case passed in {engines:?}");
}

/// Every case in one engine, against APIs of its own (so the exchange logs hold only this
/// engine's requests); the failures, each naming the engine and the case.
async fn judge_in(install: &BrowserInstall) -> Vec<String> {
    let engine = install.engine;
    let exchanges = ExchangeLog::default();
    let api = start_api(exchanges.clone());
    // The migration example: the same API with actix-cors, and converted.
    let (before_log, after_log) = (ExchangeLog::default(), ExchangeLog::default());
    let before_api = start_app(before_log.clone(), before::configure);
    let after_api = start_app(after_log.clone(), after::configure);
    let browser = Browser::launch(install).await;
    let (marker, group) = (browser.process_marker(), browser.process_group());

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
        &[
            cases::handmade::CASES,
            cases::attribute::CASES,
            cases::engines::CASES,
            cases::wrapped::CASES,
            &misconfigured,
        ]
        .concat(),
    );
    // The hand-written policy proves the harness independently of the attribute; the
    // deliberately wrong case proves a failure names the engine and the case.
    let mut reports = vec![
        ("hand-written policy", harness.run(cases::handmade::CASES).await),
        ("#[cors]", harness.run(cases::attribute::CASES).await),
        ("where engines differ", harness.run(cases::engines::CASES).await),
        ("misconfigured servers", harness.run(&misconfigured).await),
        (".wrap(POLICY) and guarded writes", harness.run(cases::wrapped::CASES).await),
    ];
    let mut failures: Vec<String> = writes::run_form_cases(&harness).await;
    failures.extend(sockets::run_socket_cases(&harness).await);
    failures.extend(tenants::run_tenant_cases(&harness).await);
    let wrong = harness.run(&[cases::handmade::DELIBERATELY_WRONG]).await;
    let on =
        |api: &LoopbackServer, exchanges| Harness { api_origin: api.url(""), exchanges, ..harness };
    reports.extend([
        (
            "migration, actix-cors, for the web app",
            on(&before_api, &before_log).run(cases::migration::SAME_FOR_BOTH).await,
        ),
        (
            "migration, actix-cors, the look-alikes it leaks to",
            on(&before_api, &before_log).run(cases::migration::LEAKED_BEFORE).await,
        ),
        (
            "migration, converted, for the web app",
            on(&after_api, &after_log).run(cases::migration::SAME_FOR_BOTH).await,
        ),
        (
            "migration, converted, the same look-alikes",
            on(&after_api, &after_log).run(cases::migration::REFUSED_AFTER).await,
        ),
    ]);
    browser.close().await;
    let survivors = surviving_processes(&marker, group).await;
    if !survivors.is_empty() {
        failures.push(format!(
            "the driver's or browser's processes outlived the session: {survivors:?}"
        ));
    }
    // The browser's requests only (cors-check's, in the agreement pass, are not recorded): the
    // guard answers 403 before the handler (tests/writes.rs), the handler 201.
    for (cases, status) in
        [(cases::wrapped::REJECTED_WRITES, 403), (cases::wrapped::PASSED_WRITES, 201)]
    {
        for case in cases {
            let statuses: Vec<u16> = exchanges.for_case(case).iter().map(|e| e.status).collect();
            if statuses != [status] {
                failures.push(format!(
                    "case `{case}`: the API answered the browser {statuses:?}, expected [{status}]"
                ));
            }
        }
    }
    for (what, report) in reports {
        println!("{} — {what}:", engine.name());
        report.print_passes();
        failures.extend(report.failures);
    }
    failures.extend(wrong_case_problems(engine, &wrong.failures));
    failures.into_iter().map(|failure| format!("[{}] {failure}", engine.name())).collect()
}

/// The deliberately wrong case must fail exactly once, and its report must name the case and
/// quote what the engine said (Chromium's console; the page's error elsewhere).
fn wrong_case_problems(engine: Engine, failures: &[String]) -> Vec<String> {
    let [failure] = failures else {
        return vec![format!(
            "a deliberately wrong expectation must fail exactly once: {failures:?}"
        )];
    };
    let quoted = match engine {
        Engine::Chromium => {
            "No 'Access-Control-Allow-Origin' header is present on the requested resource."
        }
        Engine::Firefox | Engine::WebKit => "fetch() rejected (TypeError",
    };
    ["case `deliberately_wrong_expectation`", quoted]
        .into_iter()
        .filter(|needle| !failure.contains(needle))
        .map(|needle| format!("a failure report must contain {needle:?}; it was:\n{failure}"))
        .collect()
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
            .configure(sockets::configure)
            .configure(tenants::configure)
            .configure(catalogue.clone())
    })
}
