//! The ways in from DevTools, through the `cors-check` binary: `explain` with pasted console
//! errors, `from-curl` with copied requests, `har` with exported files (offline and sent
//! again), against the catalogue of misconfigured servers on loopback. The samples are in
//! `cors-check-core/tests/devtools/` (hand-written from the documented formats, see its README).

use std::path::PathBuf;
use std::process::{Command, Output};

use cors_test_support::cli::{self, stderr, stdout};
use cors_test_support::misconfigured::{APP, FixtureServer};
use cors_test_support::server::bind_loopback;
use serde_json::json;

fn start() -> FixtureServer {
    FixtureServer::start(bind_loopback(0).expect("bind a free loopback port"))
}

fn cors_check(arguments: &[&str], stdin: &str) -> Output {
    cli::run(Command::new(env!("CARGO_BIN_EXE_cors-check")).args(arguments), stdin)
}

fn text(output: &Output) -> (i32, String, String) {
    (output.status.code().expect("an exit status"), stdout(output), stderr(output))
}

/// A sample of `cors-check-core/tests/devtools/` with its made-up hosts replaced.
fn sample(name: &str, replacements: &[(&str, &str)]) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../cors-check-core/tests/devtools")
        .join(name);
    let text = std::fs::read_to_string(&path).expect("a sample");
    replacements.iter().fold(text, |text, (from, to)| text.replace(from, to))
}

fn temporary_file(name: &str, contents: &str) -> PathBuf {
    let path = std::env::temp_dir().join(format!("cors-check-{}-{name}", std::process::id()));
    std::fs::write(&path, contents).expect("write a temporary file");
    path
}

#[test]
fn explain_reads_chromiums_line_and_checks_the_header_it_names() {
    let server = start();
    let url = server.url("/header-not-allowed");
    let line = format!(
        "Access to fetch at '{url}' from origin '{APP}' has been blocked by CORS policy: Request \
         header field x-custom is not allowed by Access-Control-Allow-Headers in preflight \
         response."
    );
    let (status, stdout, _) = text(&cors_check(&["explain", &line, "--timeout", "5"], ""));
    assert_eq!(status, 1, "{stdout}");
    assert!(stdout.starts_with("From Chromium's console: HeaderDisallowedByPreflightResponse\n"));
    assert!(
        stdout.contains(&format!(
            "checked as: cors-check {url} --origin {APP} --header 'x-custom: 1'"
        ))
    );
    assert!(stdout.contains("Request header field x-custom is not allowed"), "{stdout}");
    assert!(stdout.contains("add --method"), "{stdout}");
}

#[test]
fn explain_asks_for_the_origin_a_firefox_line_lacks_and_judges_as_firefox() {
    let server = start();
    let url = server.url("/missing-allow-origin");
    let line = format!(
        "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote \
         resource at {url}. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status \
         code: 200."
    );
    let (status, _, stderr) = text(&cors_check(&["explain", &line], ""));
    assert_eq!(status, 2);
    assert!(stderr.contains("add:\n  --origin <ORIGIN>"), "{stderr}");
    // From standard input, with the origin added.
    let (status, stdout, _) = text(&cors_check(&["explain", "-", "--origin", APP], &line));
    assert_eq!(status, 1, "{stdout}");
    assert!(stdout.contains("--browser firefox"), "{stdout}");
    assert!(stdout.contains(
        "(Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 200."
    ));
}

#[test]
fn explain_refuses_text_of_no_engine() {
    let (status, _, stderr) = text(&cors_check(&["explain", "TypeError: Failed to fetch"], ""));
    assert_eq!(status, 2);
    assert!(stderr.contains("not a CORS error from Chromium, Firefox or Safari's console"));
}

#[test]
fn from_curl_replays_chromiums_copy_with_the_pages_headers() {
    let server = start();
    let copy = sample(
        "chromium.curl",
        &[
            ("https://api.example.com/v1/items/3", &server.url("/missing-allow-credentials")),
            ("https://app.example.com", APP),
        ],
    );
    let file = temporary_file("chromium.curl", &copy);
    let (status, stdout, _) = text(&cors_check(&["from-curl", file.to_str().unwrap()], ""));
    assert_eq!(status, 1, "{stdout}");
    assert!(stdout.contains("--method PUT"), "{stdout}");
    assert!(stdout.contains("--header 'x-request-id: 7f3c' --credentials"), "{stdout}");
    assert!(stdout.contains("Access-Control-Allow-Credentials"), "{stdout}");
    assert!(!stdout.contains("abc123"), "the cookie's value is never printed: {stdout}");
    assert!(stdout.contains("left out as the browser's own headers: origin, priority, referer"));
}

#[test]
fn from_fetch_reads_firefoxs_copy_from_standard_input() {
    let server = start();
    let copy = sample(
        "firefox.fetch.js",
        &[("https://api.example.com/v1/me", &server.url("/ok")), ("https://app.example.com", APP)],
    );
    let (status, stdout, _) = text(&cors_check(&["from-fetch", "-", "--json"], &copy));
    assert!(
        stdout.contains("\"authorization\"") || stdout.contains("\"Authorization\""),
        "{stdout}"
    );
    assert!(stdout.contains(&format!("\"origin\": \"{APP}\"")), "{stdout}");
    assert!([0, 1].contains(&status), "{stdout}");
    let (status, _, stderr) = text(&cors_check(&["from-curl", "-"], "wget https://a.example"));
    assert_eq!(status, 2);
    assert!(stderr.contains("neither a cURL command nor a fetch() call"));
}

#[test]
fn har_offline_lists_the_blocked_calls_most_entries_first() {
    for name in ["chromium.har", "firefox.har"] {
        let file = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../cors-check-core/tests/devtools")
            .join(name);
        let (status, stdout, _) =
            text(&cors_check(&["har", file.to_str().unwrap(), "--offline"], ""));
        assert_eq!(status, 1, "{stdout}");
        let wildcard = stdout.find("WildcardOriginNotAllowed").expect("the wildcard call");
        let method = stdout.find("MethodDisallowedByPreflightResponse").expect("the PUT");
        assert!(wildcard < method, "{stdout}");
        assert!(
            stdout.starts_with("3 cross-origin call(s): 2 blocked, 0 without a verdict, 1 allowed")
        );
    }
}

#[test]
fn har_sends_the_recorded_calls_again() {
    let server = start();
    let entry = |path: &str| {
        json!({
            "request": {
                "method": "GET",
                "url": server.url(path),
                "headers": [{"name": "Origin", "value": APP}, {"name": "Accept", "value": "*/*"}],
                "cookies": [],
            },
            "response": {"status": 0, "headers": []},
        })
    };
    let har =
        json!({"log": {"version": "1.2", "entries": [entry("/ok"), entry("/wrong-allow-origin")]}});
    let file = temporary_file("replay.har", &har.to_string());
    let (status, stdout, _) =
        text(&cors_check(&["har", file.to_str().unwrap(), "--timeout", "5"], ""));
    assert_eq!(status, 1, "{stdout}");
    assert!(
        stdout.starts_with("2 cross-origin call(s): 1 blocked, 0 without a verdict, 1 allowed"),
        "{stdout}"
    );
    assert!(stdout.contains("AllowOriginMismatch"), "{stdout}");
    // Offline, no answer was recorded: nothing is judged, which is no exit status 0.
    let (status, stdout, _) = text(&cors_check(&["har", file.to_str().unwrap(), "--offline"], ""));
    assert_eq!(status, 3, "{stdout}");
    assert!(
        stdout.contains("2 without a verdict") && stdout.contains("without --offline"),
        "{stdout}"
    );
}

#[test]
fn har_json_lists_each_call_with_its_report() {
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../cors-check-core/tests/devtools/firefox.har");
    let output = cors_check(&["har", file.to_str().unwrap(), "--offline", "--json"], "");
    let (status, stdout, _) = text(&output);
    assert_eq!(status, 1, "{stdout}");
    let result: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(result["summary"]["blocked"], 2);
    assert_eq!(result["calls"][0]["entries"], json!([3, 6]));
    assert_eq!(result["calls"][0]["verdict"], "blocked");
    assert_eq!(result["calls"][0]["report"]["error"]["kind"], "WildcardOriginNotAllowed");
    assert_eq!(result["calls"][2]["verdict"], "allowed");
}

#[test]
fn har_refuses_files_that_are_no_har() {
    let file = temporary_file("bad.har", "{\"log\": {\"pages\": []}}");
    let (status, _, stderr) = text(&cors_check(&["har", file.to_str().unwrap()], ""));
    assert_eq!(status, 2);
    assert!(stderr.contains("not a HAR file: no log.entries list"), "{stderr}");
    let (status, _, stderr) = text(&cors_check(&["har", "/nonexistent.har"], ""));
    assert_eq!(status, 2);
    assert!(
        stderr.contains("cannot read the HAR file: the argument is not a readable file"),
        "{stderr}"
    );
}

#[test]
fn an_endless_input_is_refused_past_the_cap() {
    let (status, _, stderr) = text(&cors_check(&["har", "/dev/zero"], ""));
    assert_eq!(status, 2);
    assert!(
        stderr.contains("the HAR file is over the 67108864 bytes cors-check reads"),
        "{stderr}"
    );
}

#[test]
fn text_given_instead_of_a_file_is_not_repeated() {
    let command = "curl 'https://api.example.com/v1/me' -b 'session=SECRET2'";
    let (status, stdout, stderr) = text(&cors_check(&["from-curl", command], ""));
    assert_eq!(status, 2);
    assert!(stderr.contains("pass the text on standard input with -"), "{stderr}");
    assert!(!format!("{stdout}{stderr}").contains("SECRET2"), "{stdout}{stderr}");
}
