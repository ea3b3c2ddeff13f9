//! `cors-check logs` on the runtime's structured events (feature `tracing`), as an app using
//! tracing-subscriber's JSON formatter writes them: each refusal twice, its `log` record bridged
//! into tracing and then its event with typed fields, which must count once.

use std::process::Command;

use actix_web::App;
use cors_test_support::cli::{json, run, stderr};
use cors_test_support::logs::LogFile;
use cors_test_support::raw_http::send;
use cors_test_support::server::LoopbackServer;
use quickstart_api as quickstart;

#[test]
fn json_events_and_their_bridged_log_records_count_once_with_the_same_fixes() {
    let file = LogFile::default();
    let writer = file.clone();
    // `init` also bridges `log` records into tracing, as most apps' setup does.
    tracing_subscriber::fmt()
        .json()
        .with_max_level(tracing_subscriber::filter::LevelFilter::DEBUG)
        .with_writer(move || writer.clone())
        .init();
    cors_runtime::init_with(|variable| match variable {
        quickstart::PAGE_ORIGINS_VARIABLE => Some(quickstart::PAGE_ORIGIN.to_owned()),
        _ => quickstart::demo_default(variable),
    })
    .expect("the demo page's origin is valid");
    let server = LoopbackServer::start(|| App::new().configure(quickstart::configure));
    let preflight = |path: &str, origin: &str, headers: &str| {
        let lines = [
            ("Origin", origin),
            ("Access-Control-Request-Method", "GET"),
            ("Access-Control-Request-Headers", headers),
        ];
        send(server.addr(), "OPTIONS", path, &lines, "").status
    };
    assert_eq!(preflight("/api/admin", "https://admin.example.com", "x-trace-id"), 204);
    assert_eq!(preflight("/api/admin", "https://partner.example", "x-trace-id"), 403);
    assert_eq!(preflight("/v1/status", "https://rnyapp.example", "x-client-version"), 403);
    assert_eq!(preflight("/v1/status", "https://myapp.example", "x-client-version"), 403);
    drop(server);
    let log = file.text();
    assert!(log.lines().all(|line| line.starts_with('{')), "JSON lines only:\n{log}");

    let output =
        run(Command::new(env!("CARGO_BIN_EXE_cors-check")).args(["logs", "-", "--json"]), &log);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let document = json(&output);
    let summary = &document["summary"];
    assert_eq!(
        (summary["refusals"].as_u64(), summary["repeated_refusal_lines"].as_u64()),
        (Some(4), Some(4)),
        "{log}\n{document:#}"
    );
    assert_eq!(summary["unread_refusal_lines"], 0);
    let route = |handler: &str| {
        let routes = document["routes"].as_array().unwrap();
        routes
            .iter()
            .find(|route| route["handler"] == handler)
            .unwrap_or_else(|| panic!("{handler}: {document:#}"))
    };
    let texts = |handler: &str| -> Vec<String> {
        let fixes = route(handler)["fixes"].as_array().unwrap().clone();
        fixes.iter().map(|fix| fix["text"].as_str().unwrap().to_owned()).collect()
    };
    assert_eq!(
        texts("admin"),
        [
            r#"add "https://partner.example" to `origins` in #[cors(...)] on `admin`"#,
            r#"add "x-trace-id" to `headers` in #[cors(...)] on `admin`"#,
        ]
    );
    // The route pattern the events name, and the timestamp of tracing-subscriber.
    let admin = route("admin");
    assert_eq!(admin["paths"][0]["value"], "/api/admin");
    assert!(admin["refused"][0]["first_seen"].as_str().is_some_and(|at| at.ends_with('Z')));
    // Two refused origins that read alike (`rnyapp`, `myapp`): either may imitate the other, so
    // both are flagged and neither is fixed.
    let status = route("status");
    let probes: Vec<&str> = status["refused"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|value| !value["probe"].is_null())
        .map(|value| value["value"].as_str().unwrap())
        .collect();
    assert_eq!(probes, ["https://myapp.example", "https://rnyapp.example"], "{status:#}");
    assert_eq!(texts("status"), Vec::<String>::new());
}
