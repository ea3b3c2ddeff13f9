//! The command line where the browser applies no CORS (same origin), blocks before CORS (mixed
//! content), follows redirects, or gets an answer cors-check cannot judge (exit status 3).

use std::io::{Read, Write};
use std::net::TcpListener;
use std::process::{Command, Output};
use std::sync::Arc;
use std::thread;

use cors_test_support::cli;
use cors_test_support::misconfigured::{APP, CASES, FixtureServer};
use cors_test_support::recording::recording_server;
use cors_test_support::server::bind_loopback;
use serde_json::Value;

fn cors_check(arguments: &[&str]) -> Output {
    let options = ["--timeout", "5", "--json"];
    cli::run(Command::new(env!("CARGO_BIN_EXE_cors-check")).args(arguments).args(options), "")
}

/// Answers every connection with `answer`, raw, until the test ends.
fn raw_server(answer: &'static str) -> String {
    recording_server(answer).0
}

#[test]
fn a_same_origin_call_is_allowed_without_any_cors_check() {
    let server = FixtureServer::start(bind_loopback(0).unwrap());
    // A PUT with a custom header to a route whose preflight answer names another origin, which
    // would block a cross-origin call: from the API's own origin, no preflight is sent.
    let case = CASES.iter().find(|case| case.name == "same_origin_put_is_not_cors").unwrap();
    let arguments = server.arguments(&case.request_to(&server.origin()));
    let arguments: Vec<&str> = arguments.iter().map(String::as_str).collect();
    let output = cors_check(&arguments);
    assert_eq!(output.status.code(), Some(0));
    let report = cli::json(&output);
    assert_eq!(report["verdict"], "allowed");
    assert_eq!(report["request"]["origin"], server.origin());
    assert_eq!(report["preflight"]["needed"], false);
    let steps = report["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 1, "{steps:?}");
    assert_eq!(steps[0]["check"], "same-origin");
}

#[test]
fn mixed_content_is_blocked_before_anything_is_sent() {
    // Nothing listens at api.invalid: the tool must not even try.
    let output = cors_check(&["http://api.invalid/data", "--origin", APP]);
    assert_eq!(output.status.code(), Some(1));
    let report = cli::json(&output);
    assert_eq!(report["error"]["kind"], "MixedContent");
    assert_eq!(
        report["error"]["console_message"],
        "Mixed Content: The page at 'https://app.example/' was loaded over HTTPS, but requested \
         an insecure resource 'http://api.invalid/data'. This request has been blocked; the \
         content must be served over HTTPS."
    );
}

#[test]
fn a_cross_origin_redirect_is_followed_with_origin_null_and_named_as_chromium_names_it() {
    let server = FixtureServer::start(bind_loopback(0).unwrap());
    let url = server.url("/redirect/other-origin");
    let output = cors_check(&[&url, "--origin", APP]);
    assert_eq!(output.status.code(), Some(1));
    let report = cli::json(&output);
    assert_eq!(report["error"]["kind"], "MissingAllowOriginHeader");
    let message = report["error"]["console_message"].as_str().unwrap();
    let target = url.replace("127.0.0.1", "localhost").replace("/redirect/other-origin", "/ok");
    assert!(
        message.starts_with(&format!(
            "Access to fetch at '{target}' (redirected from '{url}') from origin '{APP}'"
        )),
        "{message}"
    );
    let hops: Vec<u64> = report["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|step| step["hop"].as_u64().unwrap())
        .collect();
    assert_eq!(hops, [0, 0, 1]);
}

#[test]
fn a_redirect_cors_check_cannot_follow_exits_3() {
    let address = raw_server(
        "HTTP/1.1 302 Found\r\nLocation: ftp://files.example/data\r\n\
         Access-Control-Allow-Origin: https://app.example\r\nContent-Length: 0\r\n\r\n",
    );
    let output = cors_check(&[&format!("http://{address}/data"), "--origin", APP]);
    assert_eq!(output.status.code(), Some(3));
    let report = cli::json(&output);
    assert_eq!(report["verdict"], "inconclusive");
    let warnings = report["warnings"].as_array().unwrap();
    assert!(warnings.iter().any(|warning| warning["kind"] == "redirect-not-followed"));
}

#[test]
fn a_tls_failure_exits_3() {
    // Plain HTTP where the client expects a TLS handshake.
    let address = raw_server("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    let output = cors_check(&[&format!("https://{address}/data"), "--origin", APP]);
    assert_eq!(output.status.code(), Some(3), "{}", String::from_utf8_lossy(&output.stderr));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("TLS with 127.0.0.1 failed"), "{stderr}");
    assert!(stderr.contains("no verdict"), "{stderr}");
}

#[test]
fn the_cookie_is_sent_not_printed_and_a_logged_out_answer_is_flagged() {
    let (address, heads) = recording_server(
        "HTTP/1.1 401 Unauthorized\r\nAccess-Control-Allow-Origin: https://app.example\r\n\
         Access-Control-Allow-Credentials: true\r\nAccess-Control-Allow-Methods: PUT\r\n\
         Vary: Origin\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
    );
    let url = format!("http://{address}/me");
    let with_cookie = cors_check(&[&url, "--origin", APP, "--credentials", "--cookie", "sid=42"]);
    let report_with_cookie = cli::json(&with_cookie);
    assert_eq!(report_with_cookie["request"]["cookie"], true);
    let actual = heads.lock().unwrap()[0].clone();
    assert!(actual.starts_with("GET /me"), "{actual}");
    assert!(actual.to_ascii_lowercase().contains("cookie: sid=42"), "{actual}");
    // The value is sent, never printed.
    assert!(!String::from_utf8_lossy(&with_cookie.stdout).contains("sid=42"));
    let kinds = |report: &Value| -> Vec<String> {
        let warnings = report["warnings"].as_array().unwrap();
        warnings.iter().map(|warning| warning["kind"].as_str().unwrap().to_owned()).collect()
    };
    assert!(!kinds(&report_with_cookie).contains(&"session-may-be-missing".to_owned()));
    let without_cookie = cli::json(&cors_check(&[&url, "--origin", APP, "--credentials"]));
    assert!(kinds(&without_cookie).contains(&"session-may-be-missing".to_owned()));
}

#[test]
fn data_is_sent_with_the_implicit_type_and_the_browsers_own_headers() {
    let (address, heads) = recording_server(
        "HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin: https://app.example\r\n\
         Vary: Origin\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
    );
    let url = format!("http://{address}/transfer");
    let output = cors_check(&[&url, "--origin", APP, "-X", "POST", "--data", "amount=1"]);
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stdout));
    let heads = heads.lock().unwrap().clone();
    // No preflight: a string body's implicit type is safelisted; the probe never repeats a POST.
    assert_eq!(heads.len(), 1, "{heads:?}");
    let sent = heads[0].to_ascii_lowercase();
    for line in [
        "post /transfer",
        "content-type: text/plain;charset=utf-8",
        "sec-fetch-site: cross-site",
        "sec-fetch-mode: cors",
        "sec-fetch-dest: empty",
        "user-agent: mozilla/5.0",
    ] {
        assert!(sent.contains(line), "{line} in {sent}");
    }
    assert!(sent.ends_with("\r\n\r\namount=1"), "{sent}");
}

#[test]
fn a_body_on_a_get_is_refused_as_fetch_refuses_it() {
    let output = cors_check(&["http://127.0.0.1:9/x", "--origin", APP, "--data", "x"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("fetch() refuses a body on GET"));
}

/// Answers one HTTPS connection with a granting 200, with the test authority's certificate
/// for 127.0.0.1 (`support/tls/`: `ca.pem` signed `server.pem`).
fn https_server() -> String {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};
    let certificates =
        vec![CertificateDer::from_pem_slice(include_bytes!("support/tls/server.pem")).unwrap()];
    let key = PrivateKeyDer::from_pem_slice(include_bytes!("support/tls/server.key")).unwrap();
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(certificates, key)
        .unwrap();
    let config = Arc::new(config);
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap().to_string();
    thread::spawn(move || {
        for tcp in listener.incoming().flatten() {
            let config = Arc::clone(&config);
            thread::spawn(move || {
                let connection = rustls::ServerConnection::new(config).unwrap();
                let mut stream = rustls::StreamOwned::new(connection, tcp);
                let mut buffer = [0; 4096];
                if stream.read(&mut buffer).is_ok() {
                    let _ = stream.write_all(
                        b"HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin: https://app.example\r\n\
                          Vary: Origin\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                    );
                    stream.conn.send_close_notify();
                    let _ = stream.flush();
                }
            });
        }
    });
    address
}

/// cors-check trusts what the system trusts, as the browser does: with the test authority in
/// the system's bundle (`SSL_CERT_FILE`, as after `mkcert -install`), no flag is needed; with a
/// bundle without it, `--cacert` adds it.
#[test]
fn the_systems_certificate_authorities_are_trusted_and_cacert_adds_to_them() {
    let url = format!("https://{}/data", https_server());
    let authority = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/support/tls/ca.pem");
    let with_bundle = |bundle: &str, extra: &[&str]| {
        cli::run(
            Command::new(env!("CARGO_BIN_EXE_cors-check"))
                .args([url.as_str(), "--origin", APP, "--no-probe", "--timeout", "5", "--json"])
                .args(extra)
                .env("SSL_CERT_FILE", bundle),
            "",
        )
    };
    let trusted = with_bundle(authority, &[]);
    assert_eq!(trusted.status.code(), Some(0), "{}", String::from_utf8_lossy(&trusted.stderr));
    let other = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/support/tls/server.pem");
    let untrusted = with_bundle(other, &[]);
    assert_eq!(untrusted.status.code(), Some(3), "{}", String::from_utf8_lossy(&untrusted.stderr));
    let added = with_bundle(other, &["--cacert", authority]);
    assert_eq!(added.status.code(), Some(0), "{}", String::from_utf8_lossy(&added.stderr));
}

#[test]
fn a_local_certificate_authority_is_trusted_with_cacert_and_any_certificate_with_insecure() {
    let url = format!("https://{}/data", https_server());
    let untrusted = cors_check(&[&url, "--origin", APP, "--no-probe"]);
    assert_eq!(untrusted.status.code(), Some(3), "{}", String::from_utf8_lossy(&untrusted.stderr));
    assert!(String::from_utf8_lossy(&untrusted.stderr).contains("--cacert FILE"));
    let authority = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/support/tls/ca.pem");
    let trusted = cors_check(&[&url, "--origin", APP, "--no-probe", "--cacert", authority]);
    assert_eq!(trusted.status.code(), Some(0), "{}", String::from_utf8_lossy(&trusted.stderr));
    let insecure = cors_check(&[&url, "--origin", APP, "--no-probe", "--insecure"]);
    assert_eq!(insecure.status.code(), Some(0), "{}", String::from_utf8_lossy(&insecure.stderr));
    let not_pem = cors_check(&[
        &url,
        "--origin",
        APP,
        "--cacert",
        concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml"),
    ]);
    assert_eq!(not_pem.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&not_pem.stderr).contains("no CERTIFICATE block"));
}
