//! Secrets stay where they were given: the cookie and credential headers go to the host they
//! were given for, never to one a redirect names, and are never printed unless the user asks
//! (`--show-secrets`), whichever way they came in (options, a copied request, a HAR file).

#[path = "support/recording.rs"]
mod recording;

use std::io::Write;
use std::process::{Command, Output, Stdio};

use recording::{Requests, recording_server};

const APP: &str = "http://app.example";

fn cors_check(arguments: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cors-check"))
        .args(arguments)
        .args(["--timeout", "5"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run cors-check");
    child.stdin.take().expect("stdin").write_all(stdin.as_bytes()).expect("write stdin");
    child.wait_with_output().expect("wait for cors-check")
}

/// Everything cors-check printed, standard output then standard error.
fn printed(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn port(address: &str) -> &str {
    address.rsplit_once(':').expect("host:port").1
}

fn received(requests: &Requests) -> Vec<String> {
    requests.lock().unwrap().clone()
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
