//! `cors-check logs` on what the real runtime wrote: the quickstart's API on loopback, refused
//! preflights, requests, writes and hostile origins sent to it, its log captured as env_logger
//! writes it by default (`[timestamp LEVEL target] message`), and the tool run on that file.

use std::process::Command;

use actix_web::App;
use cors_test_support::cli::{json, run, stderr, stdout};
use cors_test_support::logs::LogFile;
use cors_test_support::raw_http::{send, send_bytes};
use cors_test_support::server::LoopbackServer;
use quickstart_api as quickstart;
use serde_json::Value;

/// What the test below makes the runtime log, as the README shows it (`tests/cors.log`).
const SAMPLE: &str = include_str!("cors.log");

/// The lines of an env_logger log without their timestamps.
fn without_timestamps(log: &str) -> Vec<&str> {
    log.lines().map(|line| line.split_once(' ').map_or(line, |(_, rest)| rest)).collect()
}

fn cors_check(arguments: &[&str], stdin: &str) -> std::process::Output {
    run(Command::new(env!("CARGO_BIN_EXE_cors-check")).args(arguments), stdin)
}

/// The route of the document with this handler and policy.
fn route<'a>(document: &'a Value, handler: Option<&str>, policy: Option<&str>) -> &'a Value {
    let routes = document["routes"].as_array().expect("routes");
    routes
        .iter()
        .find(|route| route["handler"].as_str() == handler && route["policy"].as_str() == policy)
        .unwrap_or_else(|| panic!("no route {handler:?} {policy:?} in {document:#}"))
}

/// The refused value of a route.
fn refused<'a>(route: &'a Value, kind: &str, value: &str) -> &'a Value {
    let refused = route["refused"].as_array().expect("refused");
    refused
        .iter()
        .find(|refused| refused["refused"] == kind && refused["value"] == value)
        .unwrap_or_else(|| panic!("{kind} {value} not refused in {route:#}"))
}

fn fix_texts(route: &Value) -> Vec<&str> {
    route["fixes"].as_array().unwrap().iter().map(|fix| fix["text"].as_str().unwrap()).collect()
}

#[test]
fn the_runtimes_own_log_is_summarized_with_the_exact_fixes_and_the_probes_flagged() {
    let captured = LogFile::default();
    env_logger::Builder::new()
        .filter_level(log::LevelFilter::Warn)
        // Every refusal is logged, the first of a minute per route at warn and the rest at debug.
        .filter_module("cors_runtime", log::LevelFilter::Debug)
        .target(env_logger::Target::Pipe(Box::new(captured.clone())))
        .init();
    cors_runtime::init_with(|variable| match variable {
        quickstart::PAGE_ORIGINS_VARIABLE => Some(quickstart::PAGE_ORIGIN.to_owned()),
        _ => quickstart::demo_default(variable),
    })
    .expect("the demo page's origin is valid");
    cors_runtime::log_routes();
    let server = LoopbackServer::start(|| App::new().configure(quickstart::configure));
    let addr = server.addr();
    let preflight = |path: &str, origin: &str, method: &str, headers: Option<&str>| {
        let mut lines = vec![("Origin", origin), ("Access-Control-Request-Method", method)];
        lines.extend(headers.map(|names| ("Access-Control-Request-Headers", names)));
        send(addr, "OPTIONS", path, &lines, "")
    };
    // A shop page the policy forgot, twice; the admin site with a header it does not allow.
    for _ in 0..2 {
        assert_eq!(
            preflight("/api/data", "https://shop.example", "POST", Some("content-type")).status,
            403
        );
    }
    preflight("/api/admin", "https://admin.example.com", "GET", Some("x-trace-id"));
    // A read from the shop page: no CORS headers (logged at debug).
    let read = send(addr, "GET", "/api/admin", &[("Origin", "https://shop.example")], "");
    assert!(!read.has_cors_headers());
    // A cross-site form post to the wrapped shop scope: rejected before the handler.
    let write = send(
        addr,
        "POST",
        "/shop/cart",
        &[("Origin", "https://evil.example"), ("Sec-Fetch-Site", "cross-site")],
        "apple",
    );
    assert_eq!(write.status, 403);
    // Probes: a look-alike of the admin site, null, and bytes no browser sends.
    assert_eq!(
        preflight("/api/admin", "https://admin.example.com.evil.net", "GET", None).status,
        403
    );
    preflight("/v1/status", "null", "GET", Some("x-client-version"));
    send_bytes(
        addr,
        b"OPTIONS /v1/status HTTP/1.1\r\nHost: x\r\nConnection: close\r\nOrigin: https://myapp.com\xe2\x80\xae.evil\r\nAccess-Control-Request-Method: GET\r\nAccess-Control-Request-Headers: x-client-version\r\n\r\n",
    );
    drop(server);
    let log_text = captured.text();
    let folder = std::env::temp_dir().join(format!("cors-check-logs-{}", std::process::id()));
    std::fs::create_dir_all(&folder).unwrap();
    let file = folder.join("cors.log");
    std::fs::write(&file, &log_text).unwrap();

    let output = cors_check(&["logs", file.to_str().unwrap(), "--json"], "");
    assert_eq!(output.status.code(), Some(1), "something was refused\n{}", stderr(&output));
    let document = json(&output);
    assert_eq!(document["format"], 1);
    assert_eq!(document["summary"]["refusals"], 8, "{log_text}\n{document:#}");
    assert_eq!(document["summary"]["unread_refusal_lines"], 0, "{log_text}");
    assert!(document["summary"]["other_runtime_lines"].as_u64().unwrap() > 0, "the route table");

    let write_data = route(&document, Some("write_data"), Some("PAGE"));
    let shop = refused(write_data, "origin", "https://shop.example");
    assert_eq!(
        (shop["count"].as_u64(), shop["calls"].clone()),
        (Some(2), serde_json::json!(["preflight"]))
    );
    let first = shop["first_seen"].as_str().expect("env_logger writes a timestamp");
    assert!(first.starts_with("20") && first.ends_with('Z'), "{first}");
    assert_eq!(
        fix_texts(write_data),
        [
            "add https://shop.example to the QUICKSTART_PAGE_ORIGINS variable read by `origins = env(..)`"
        ]
    );
    assert_eq!(write_data["fixes"][0]["place"], "variable");
    assert_eq!(
        write_data["fixes"][0]["edit"],
        serde_json::json!({"edit": "add-to-key", "key": "origins", "entry": "\"https://shop.example\""})
    );

    let admin = route(&document, Some("admin"), None);
    assert_eq!(
        fix_texts(admin),
        [
            r#"add "https://shop.example" to `origins` in #[cors(...)] on `admin`"#,
            r#"add "x-trace-id" to `headers` in #[cors(...)] on `admin`"#,
        ]
    );
    assert_eq!(
        refused(admin, "origin", "https://shop.example")["calls"],
        serde_json::json!(["request"])
    );
    let look_alike = refused(admin, "origin", "https://admin.example.com.evil.net");
    assert_eq!(look_alike["probe"]["kind"], "look-alike");
    assert_eq!(look_alike["probe"]["of"], "https://admin.example.com");
    assert_eq!(admin["warnings"][0]["kind"], "suspicious-origins");

    let status = route(&document, Some("status"), None);
    assert_eq!(refused(status, "origin", "null")["probe"]["kind"], "null");
    let hostile = refused(status, "origin", r"https://myapp.com\xe2\x80\xae.evil");
    assert_eq!(hostile["probe"]["kind"], "not-an-origin");
    assert_eq!(fix_texts(status), Vec::<&str>::new(), "no fix for probes");

    let wrapped = route(&document, None, Some("PAGE"));
    assert_eq!(
        refused(wrapped, "origin", "https://evil.example")["calls"],
        serde_json::json!(["write"])
    );

    // The text, from standard input: the same fixes, every byte printable.
    let output = cors_check(&["logs", "-"], &log_text);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(1));
    assert!(text.starts_with("8 refusals on 4 routes"), "{text}");
    assert!(
        text.contains("  fix: add \"x-trace-id\" to `headers` in #[cors(...)] on `admin`\n"),
        "{text}"
    );
    assert!(
        text.contains(
            "probe: a look-alike of https://admin.example.com: its host with more labels after it"
        ),
        "{text}"
    );
    assert!(text.chars().all(|c| c == '\n' || (' '..='~').contains(&c) || c == '…'), "{text}");
    // The README's sample is this log, written at other times.
    assert_eq!(
        without_timestamps(&log_text),
        without_timestamps(SAMPLE),
        "cors-runtime now logs otherwise: write this log to tests/cors.log (keeping its \
         timestamps) and regenerate the README's transcript\n{log_text}"
    );
    std::fs::remove_dir_all(&folder).unwrap();
}

#[test]
fn a_log_without_refusals_exits_0_and_a_missing_file_2() {
    let quiet = cors_check(&["logs", "-"], "[2026-12-07T19:00:00Z INFO  my_app] listening\n");
    assert_eq!(quiet.status.code(), Some(0), "{}", stderr(&quiet));
    assert_eq!(
        stdout(&quiet),
        "0 refusals on 0 routes, in 1 line (1 not cors-runtime's, skipped)\n"
    );
    let missing = cors_check(&["logs", "/nonexistent/cors.log"], "");
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        stderr(&missing).starts_with("cors-check: cannot read the log"),
        "{}",
        stderr(&missing)
    );
    let usage = cors_check(&["logs"], "");
    assert_eq!(usage.status.code(), Some(2));
    assert!(stderr(&usage).contains("Usage: cors-check logs"));
}
