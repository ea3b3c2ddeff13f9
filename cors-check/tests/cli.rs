//! Runs the `cors-check` binary against the catalogue of misconfigured servers on loopback.

use std::net::{Ipv4Addr, TcpListener};
use std::process::{Command, Output};

use cors_test_support::cli::{self, stderr, stdout};
use cors_test_support::misconfigured::{APP, CASES, FixtureServer, OTHER};
use cors_test_support::server::bind_loopback;
use serde_json::Value;

fn start() -> FixtureServer {
    FixtureServer::start(bind_loopback(0).expect("bind a free loopback port"))
}

fn cors_check<I, S>(arguments: I) -> Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    cli::run(
        Command::new(env!("CARGO_BIN_EXE_cors-check")).args(arguments).args(["--timeout", "5"]),
        "",
    )
}

#[test]
fn every_catalogue_case_gets_the_browsers_verdict_kind_and_exit_code() {
    let server = start();
    let mut mismatches = Vec::new();
    for case in CASES {
        let mut arguments = server.arguments(&case.request_to(&server.origin()));
        arguments.push("--json".to_owned());
        let output = cors_check(&arguments);
        let report = cli::json(&output);
        // The command line judges as Chromium unless told otherwise.
        let (expected, warning) = (case.expected.chromium, case.warning.chromium);
        let expected_exit = if expected.is_some() { 1 } else { 0 };
        let expected_kind = expected.map(|kind| kind.as_str());
        let kind = report["error"]["kind"].as_str();
        let warnings: Vec<&str> = report["warnings"]
            .as_array()
            .expect("warnings is an array")
            .iter()
            .map(|warning| warning["kind"].as_str().expect("warning kind"))
            .collect();
        let warning_missing = warning.is_some_and(|warning| !warnings.contains(&warning.as_str()));
        if output.status.code() != Some(expected_exit) || kind != expected_kind || warning_missing {
            mismatches.push(format!(
                "{}: exit {:?}, kind {kind:?}, warnings {warnings:?}; expected exit {expected_exit}, \
                 kind {expected_kind:?}, warning {:?}",
                case.name,
                output.status.code(),
                warning.map(|warning| warning.as_str()),
            ));
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

#[test]
fn a_blocked_call_prints_chromiums_message_and_the_fix() {
    let server = start();
    let url = server.url("/header-not-allowed");
    let output =
        cors_check([url.as_str(), "--origin", APP, "--method", "PUT", "--header", "X-Custom: 1"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.starts_with(&format!("BLOCKED: PUT {url} from origin {APP}")), "{text}");
    assert!(text.contains("  - header X-Custom is not CORS-safelisted"), "{text}");
    assert!(text.contains("  > Access-Control-Request-Headers: x-custom"), "{text}");
    assert!(text.contains("< access-control-allow-headers: content-type"), "{text}");
    assert!(
        text.contains(&format!(
            "Access to fetch at '{url}' from origin '{APP}' has been blocked by CORS policy: \
             Request header field x-custom is not allowed by Access-Control-Allow-Headers in \
             preflight response."
        )),
        "{text}"
    );
    assert!(
        text.contains("server:  send `Access-Control-Allow-Headers: content-type, X-Custom`"),
        "{text}"
    );
    assert!(text.contains(r#"#[cors]: add "X-Custom" to `headers`"#), "{text}");
}

#[test]
fn the_json_report_has_the_documented_fields() {
    let server = start();
    let url = server.url("/missing-allow-credentials");
    let output = cors_check([url.as_str(), "--origin", APP, "--credentials", "--json"]);
    assert_eq!(output.status.code(), Some(1));
    let report = cli::json(&output);
    assert_eq!(report["format"], 1);
    assert_eq!(report["verdict"], "blocked");
    assert_eq!(report["request"]["url"], url.as_str());
    assert_eq!(report["request"]["origin"], APP);
    assert_eq!(report["request"]["method"], "GET");
    assert_eq!(report["request"]["credentials"], true);
    assert_eq!(report["preflight"]["needed"], false);
    assert_eq!(report["preflight"]["access_control_request_headers"], Value::Null);
    let steps = report["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 2);
    assert_eq!(steps[0]["exchange"], "actual");
    assert_eq!(steps[0]["check"], "allow-origin");
    assert_eq!(steps[0]["passed"], true);
    assert_eq!(steps[0]["headers"], serde_json::json!([["access-control-allow-origin", APP]]));
    assert_eq!(steps[1]["check"], "allow-credentials");
    assert_eq!(steps[1]["passed"], false);
    let error = &report["error"];
    assert_eq!(error["kind"], "InvalidAllowCredentials");
    assert_eq!(error["failed_value"], "");
    assert!(
        error["console_message"]
            .as_str()
            .unwrap()
            .ends_with("The value of the 'Access-Control-Allow-Credentials' header in the response is '' which must be 'true' when the request's credentials mode is 'include'.")
    );
    assert_eq!(
        error["fix"]["server"],
        "send `Access-Control-Allow-Credentials: true` on the response to GET"
    );
    assert!(error["fix"]["cors_attribute"].as_str().unwrap().starts_with("add `credentials`"));
}

#[test]
fn an_allowed_call_exits_0_with_its_steps_and_warnings() {
    let server = start();
    let url = server.url("/reflects-any-origin");
    let output = cors_check([url.as_str(), "--origin", APP, "--credentials"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.starts_with("ALLOWED: GET"), "{text}");
    assert!(text.contains("[pass] actual allow-credentials"), "{text}");
    assert!(text.contains("reflects-any-origin: the server also granted"), "{text}");
    assert!(text.contains("missing-vary-origin"), "{text}");
    assert!(!text.contains("Chromium console"), "{text}");
}

#[test]
fn the_probe_can_be_turned_off() {
    let server = start();
    let url = server.url("/reflects-any-origin");
    let output = cors_check([url.as_str(), "--origin", APP, "--no-probe", "--json"]);
    assert_eq!(output.status.code(), Some(0));
    let report = cli::json(&output);
    let kinds: Vec<&Value> =
        report["warnings"].as_array().unwrap().iter().map(|warning| &warning["kind"]).collect();
    // The https page calling loopback is a Local Network Access call too.
    assert_eq!(kinds, [&Value::from("local-network-access"), &Value::from("missing-vary-origin")]);
}

#[test]
fn an_unreachable_port_exits_2_with_a_clear_message() {
    // Bind then release a port so that nothing listens on it.
    let port = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap().local_addr().unwrap().port();
    let url = format!("http://127.0.0.1:{port}/api");
    let output = cors_check([url.as_str(), "--origin", APP]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output).trim(),
        format!("cors-check: connection refused by {url}: nothing listens on that host and port")
    );
    assert!(output.stdout.is_empty());
}

#[test]
fn a_server_that_never_answers_times_out_with_exit_2() {
    // The kernel accepts the connection into the backlog; nobody ever reads or answers.
    let silent = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
    let url = format!("http://{}/api", silent.local_addr().unwrap());
    let output = cli::run(
        Command::new(env!("CARGO_BIN_EXE_cors-check")).args([
            url.as_str(),
            "--origin",
            APP,
            "--timeout",
            "0.5",
        ]),
        "",
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).starts_with(&format!("cors-check: no answer from {url} within 0.5 s")),
        "{}",
        stderr(&output)
    );
}

#[test]
fn invalid_input_exits_2_with_a_clear_message() {
    let cases: [(&[&str], &str); 6] = [
        (&["not-a-url", "--origin", APP], "cors-check: invalid URL 'not-a-url'"),
        (
            &["ftp://127.0.0.1/x", "--origin", APP],
            "cors-check: invalid URL 'ftp://127.0.0.1/x': only http:// and https://",
        ),
        (&["http://127.0.0.1:9/x"], "cors-check: missing --origin"),
        (
            &["http://127.0.0.1:9/x", "--origin", "https://app.example/"],
            "did you mean 'https://app.example'?",
        ),
        (
            &["http://127.0.0.1:9/x", "--origin", APP, "--header", "Cookie: a=b"],
            "forbidden header 'Cookie'",
        ),
        (
            &["http://127.0.0.1:9/x", "--origin", APP, "--header", "no-colon"],
            "needs the form 'Name: value'",
        ),
    ];
    for (arguments, message) in cases {
        let output = cors_check(arguments);
        assert_eq!(output.status.code(), Some(2), "{arguments:?}");
        assert!(stderr(&output).contains(message), "{arguments:?}: {}", stderr(&output));
    }
}

#[test]
fn help_exits_0() {
    let output = cors_check(["--help"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(stdout(&output).starts_with("Usage: cors-check <URL> --origin <ORIGIN>"));
    assert!(stdout(&output).contains("  --browser <ENGINE>  "));
}

#[test]
fn firefox_prints_its_reason_in_its_frame() {
    let server = start();
    let url = server.url("/header-not-allowed");
    let arguments = [url.as_str(), "--origin", APP, "-X", "PUT", "-H", "X-Custom: 1"];
    let output = cors_check(arguments.iter().chain(&["--browser", "firefox"]));
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.contains(&format!(
            "\nFirefox console:\n  Cross-Origin Request Blocked: The Same Origin Policy \
             disallows reading the remote resource at {url}. (Reason: header ‘x-custom’ is not \
             allowed according to header ‘Access-Control-Allow-Headers’ from CORS preflight \
             response).\n"
        )),
        "{text}"
    );
    let output = cors_check(arguments.iter().chain(&["--browser", "Firefox", "--json"]));
    let report = cli::json(&output);
    assert_eq!(report["browser"], "firefox");
    assert_eq!(report["error"]["kind"], "HeaderDisallowedByPreflightResponse");
    assert_eq!(report["error"]["failed_value"], "x-custom");
}

#[test]
fn safari_reports_a_bare_refusal_by_its_status() {
    let server = start();
    let url = server.url("/ok");
    for engine in ["safari", "webkit"] {
        let output = cors_check([
            url.as_str(),
            "--origin",
            OTHER,
            "--method",
            "PUT",
            "--browser",
            engine,
            "--json",
        ]);
        assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
        let report = cli::json(&output);
        assert_eq!(report["browser"], "safari");
        assert_eq!(report["error"]["kind"], "PreflightInvalidStatus");
        assert_eq!(
            report["error"]["console_message"],
            "Preflight response is not successful. Status code: 403"
        );
        // The probes find the refused origin, whatever the browser named.
        assert!(
            report["error"]["fix"]["cors_attribute"]
                .as_str()
                .unwrap()
                .starts_with(&format!("add \"{OTHER}\" to `origins`")),
            "{report}"
        );
    }
}

#[test]
fn all_browsers_side_by_side_where_they_differ() {
    let server = start();
    let url = server.url("/missing-allow-origin");
    let output = cors_check([url.as_str(), "--origin", APP, "-X", "DELETE", "--browser", "all"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.starts_with(&format!(
            "BLOCKED in Chromium, Firefox and Safari: DELETE {url} from origin {APP}"
        )),
        "{text}"
    );
    for line in [
        "\nThe engines differ:\n",
        "\n  Chromium  BLOCKED  PreflightMissingAllowOriginHeader\n",
        "\n  Safari    BLOCKED  PreflightInvalidStatus\n",
        "\n  Chromium: Access to fetch at",
        "\n  Firefox:  Cross-Origin Request Blocked:",
        "\n  Safari:   Preflight response is not successful. Status code: 404\n",
    ] {
        assert!(text.contains(line), "{line:?}\n{text}");
    }
    let output =
        cors_check([url.as_str(), "--origin", APP, "-X", "DELETE", "--browser", "all", "--json"]);
    let comparison = cli::json(&output);
    assert_eq!(comparison["agree"], false);
    assert_eq!(comparison["verdict"], "blocked");
    let browsers: Vec<&Value> =
        comparison["reports"].as_array().unwrap().iter().map(|report| &report["browser"]).collect();
    assert_eq!(browsers, ["chromium", "firefox", "safari"]);
}

#[test]
fn all_browsers_agreeing_get_one_verdict() {
    let server = start();
    let url = server.url("/ok");
    let output = cors_check([url.as_str(), "--origin", APP, "--browser", "all"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.starts_with(&format!("ALLOWED in Chromium, Firefox and Safari: GET {url}")));
    assert!(!text.contains("differ"), "{text}");
    assert!(text.contains("\nSteps:\n"), "{text}");
}

#[test]
fn an_unknown_browser_exits_2_naming_the_accepted_ones() {
    let output = cors_check(["http://127.0.0.1:9/x", "--origin", APP, "--browser", "opera"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).starts_with(
            "cors-check: --browser: unknown browser 'opera': expected chromium, firefox or \
             safari (webkit), or all\n"
        ),
        "{}",
        stderr(&output)
    );
    assert!(stdout(&output).is_empty());
}
