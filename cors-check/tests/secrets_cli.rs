//! Secrets stay where they were given: the cookie and credential headers go to the host they
//! were given for, never to one a redirect names, and are never printed unless the user asks
//! (`--show-secrets`), whichever way they came in (options, a copied request, a HAR file).

use std::process::{Command, Output};

use cors_test_support::cli::{self, stderr, stdout};
use cors_test_support::recording::{Requests, recording_server};
use serde_json::{Value, json};

const APP: &str = "http://app.example";
const SECRETS: [&str; 3] = ["SECRET", "TOKEN123", "K123"];

fn cors_check(arguments: &[&str], stdin: &str) -> Output {
    cli::run(
        Command::new(env!("CARGO_BIN_EXE_cors-check")).args(arguments).args(["--timeout", "5"]),
        stdin,
    )
}

/// Everything cors-check printed, standard output then standard error.
fn printed(output: &Output) -> String {
    format!("{}{}", stdout(output), stderr(output))
}

fn assert_no_secret_printed(output: &Output) {
    let printed = printed(output);
    for secret in SECRETS {
        assert!(!printed.contains(secret), "{secret} was printed:\n{printed}");
    }
}

fn port(address: &str) -> &str {
    address.rsplit_once(':').expect("host:port").1
}

fn received(requests: &Requests) -> Vec<String> {
    requests.lock().unwrap().clone()
}

/// Grants `APP` with credentials and the two credential headers, preflight and call alike.
fn granting_server() -> (String, Requests) {
    recording_server(format!(
        "HTTP/1.1 204 No Content\r\nAccess-Control-Allow-Origin: {APP}\r\n\
         Access-Control-Allow-Credentials: true\r\n\
         Access-Control-Allow-Headers: authorization, x-api-key\r\nVary: Origin\r\n\
         Content-Length: 0\r\nConnection: close\r\n\r\n"
    ))
}

/// A server at another port of loopback, and the API at `127.0.0.1`, granting `APP` with
/// credentials and redirecting to `location(that port)`.
struct Redirect {
    api: String,
    sent: Requests,
    elsewhere: String,
    stolen: Requests,
}

impl Redirect {
    fn to(location: impl Fn(&str) -> String) -> Self {
        let (elsewhere, stolen) =
            recording_server("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        let (api, sent) = recording_server(format!(
            "HTTP/1.1 302 Found\r\nLocation: {}\r\nAccess-Control-Allow-Origin: {APP}\r\n\
             Access-Control-Allow-Credentials: true\r\nContent-Length: 0\r\n\
             Connection: close\r\n\r\n",
            location(port(&elsewhere))
        ));
        Self { api, sent, elsewhere, stolen }
    }
}

#[test]
fn a_host_a_browser_writes_otherwise_is_refused_before_the_cookie_is_sent_anywhere() {
    // The review's attack: 127.1 and 2130706433 both had no origin, so were "the same origin",
    // and the cookie followed the redirect to the other port.
    let redirect = Redirect::to(|port| format!("http://2130706433:{port}/steal"));
    let url = format!("http://127.1:{}/api", port(&redirect.api));
    let output =
        cors_check(&[&url, "--origin", APP, "--cookie", "session=SECRET", "--credentials"], "");
    assert_eq!(output.status.code(), Some(2), "{}", printed(&output));
    let canonical = format!("http://127.0.0.1:{}/api", port(&redirect.api));
    let refusal = format!("use {canonical}, the host a browser would use");
    assert!(printed(&output).contains(&refusal), "{}", printed(&output));
    assert_eq!(received(&redirect.sent), Vec::<String>::new());
    assert_eq!(received(&redirect.stolen), Vec::<String>::new());
}

#[test]
fn a_redirect_to_a_host_written_otherwise_goes_to_the_browsers_host_without_the_cookie() {
    let redirect = Redirect::to(|port| format!("http://2130706433:{port}/steal"));
    let url = format!("http://{}/api", redirect.api);
    let output = cors_check(
        &[&url, "--origin", APP, "--cookie", "session=SECRET", "--credentials", "--json"],
        "",
    );
    let sent = received(&redirect.sent);
    assert!(sent.len() == 1 && sent[0].contains("session=SECRET"), "{sent:?}");
    let stolen = received(&redirect.stolen);
    assert_eq!(stolen.len(), 1, "{}", printed(&output));
    assert!(stolen[0].starts_with("GET /steal "), "{}", stolen[0]);
    assert!(!stolen[0].contains("SECRET"), "{}", stolen[0]);
    let host = format!("host: {}\r\n", redirect.elsewhere);
    assert!(stolen[0].to_ascii_lowercase().contains(&host), "{}", stolen[0]);
}

#[test]
fn secrets_given_as_options_are_sent_and_printed_only_when_asked() {
    let (address, requests) = granting_server();
    let url = format!("http://{address}/me");
    let given = [
        url.as_str(),
        "--origin",
        APP,
        "--credentials",
        "--cookie=session=SECRET",
        "-H",
        "authorization: Bearer TOKEN123",
        "-H",
        "x-api-key: K123",
    ];
    let output = cors_check(&given, "");
    assert_eq!(output.status.code(), Some(0), "{}", printed(&output));
    assert_no_secret_printed(&output);
    let output = cors_check(&[&given[..], &["--json"]].concat(), "");
    assert_no_secret_printed(&output);
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(
        report["request"]["headers"],
        json!([["authorization", "<secret>"], ["x-api-key", "<secret>"]])
    );
    let requests = received(&requests);
    let actual = requests.iter().find(|request| request.starts_with("GET /me")).expect("the call");
    for secret in SECRETS {
        assert!(actual.contains(secret), "{secret} was not sent: {actual}");
    }
    let output = cors_check(&[&given[..], &["--json", "--show-secrets"]].concat(), "");
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(
        report["request"]["headers"],
        json!([["authorization", "Bearer TOKEN123"], ["x-api-key", "K123"]])
    );
}

#[test]
fn a_copied_requests_secrets_and_the_options_added_are_hidden_in_the_line_checked() {
    let (address, _) = granting_server();
    let copy = format!(
        "curl 'http://{address}/me' -H 'origin: {APP}' -H 'authorization: Bearer TOKEN123' \
         -H 'x-api-key: K123' -b 'session=SECRET'"
    );
    let output = cors_check(&["from-curl", "-", "--cookie=more=SECRET"], &copy);
    assert_eq!(output.status.code(), Some(0), "{}", printed(&output));
    assert_no_secret_printed(&output);
    let checked = format!(
        "checked as: cors-check http://{address}/me --origin {APP} --header 'authorization: \
         <secret>' --header 'x-api-key: <secret>' --credentials --cookie '<secret>' \
         '--cookie=<secret>'"
    );
    assert!(printed(&output).contains(&checked), "{}", printed(&output));
    // curl's own cookie option is no option of cors-check's: refused, after the line is printed.
    let output = cors_check(&["from-fetch", "-", "--json", "-b", "session=SECRET"], &copy);
    assert_eq!(output.status.code(), Some(2), "{}", printed(&output));
    assert_no_secret_printed(&output);
    let output = cors_check(&["from-curl", "-", "--show-secrets"], &copy);
    let shown = "--header 'authorization: Bearer TOKEN123' --header 'x-api-key: K123' \
                 --credentials --cookie session=SECRET --show-secrets";
    assert!(printed(&output).contains(shown), "{}", printed(&output));
}

#[test]
fn a_har_files_cookie_and_credential_headers_are_hidden_unless_asked() {
    // Refused, so that the call is listed with the line that checks it again.
    let (address, _) = recording_server(
        "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
    );
    let header = |name: &str, value: &str| json!({"name": name, "value": value});
    let har = json!({"log": {"version": "1.2", "entries": [{
        "request": {
            "method": "GET",
            "url": format!("http://{address}/me"),
            "headers": [
                header("Origin", APP),
                header("Authorization", "Bearer TOKEN123"),
                header("X-Api-Key", "K123"),
                header("Cookie", "session=SECRET"),
            ],
            "cookies": [{"name": "session", "value": "SECRET"}],
        },
        "response": {"status": 0, "headers": []},
    }]}})
    .to_string();
    let again = format!(
        "again: cors-check http://{address}/me --origin {APP} --header 'Authorization: <secret>' \
         --header 'X-Api-Key: <secret>' --credentials --cookie '<secret>'"
    );
    for (options, status) in [(&["--offline"][..], 3), (&[], 1)] {
        let output = cors_check(&[&["har", "-"], options].concat(), &har);
        assert_eq!(output.status.code(), Some(status), "{}", printed(&output));
        assert_no_secret_printed(&output);
        assert!(printed(&output).contains(&again), "{}", printed(&output));
    }
    let output = cors_check(&["har", "-", "--json"], &har);
    assert_no_secret_printed(&output);
    let result: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let headers = &result["calls"][0]["report"]["request"]["headers"];
    assert_eq!(headers, &json!([["Authorization", "<secret>"], ["X-Api-Key", "<secret>"]]));
    let output = cors_check(&["har", "-", "--offline", "--show-secrets"], &har);
    let shown = "--header 'Authorization: Bearer TOKEN123' --header 'X-Api-Key: K123' \
                 --credentials --cookie session=SECRET --show-secrets";
    assert!(printed(&output).contains(shown), "{}", printed(&output));
}
