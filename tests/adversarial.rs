//! What CORS scanners (Corsy, CORScanner, nuclei, Burp) and the published CORS bugs of other
//! libraries try, sent over real HTTP on loopback to `#[cors]` routes. Every response, whatever
//! was sent, keeps the invariants: never `*` with credentials, `Access-Control-Allow-Origin`
//! only ever a value the policy lists and the request sent, on one line, and never a 5xx.

use std::net::SocketAddr;
use std::sync::OnceLock;

use actix_web::http::header::HeaderValue;
use actix_web::{App, HttpResponse, get, route};
use cors_runtime::cors;
use cors_test_support::raw_http::{self, Response, send, send_bytes};
use cors_test_support::server::LoopbackServer;
use proptest::prelude::*;

const APP: &str = "https://myapp.com";

#[cors(
    origins = ["https://myapp.com", "https://*.preview.myapp.com", "http://localhost:3000"],
    methods = [GET, PUT],
    headers = ["Content-Type", "X-Request-Id"],
    credentials,
)]
#[route("/private", method = "GET", method = "PUT")]
async fn private() -> HttpResponse {
    HttpResponse::Ok().body("secret")
}

#[cors(origins = ["*"], headers = ["*"])]
#[get("/public")]
async fn public() -> HttpResponse {
    HttpResponse::Ok().body("hello")
}

#[cors(origins = ["https://preview-*.myapp.com", "http://localhost:*"], credentials)]
#[get("/previews")]
async fn previews() -> HttpResponse {
    HttpResponse::Ok().body("preview data")
}

#[cors(origins = ["https://*.amazonaws.com"])]
#[get("/aws")]
async fn aws() -> HttpResponse {
    HttpResponse::Ok().body("bucket list")
}

fn addr() -> SocketAddr {
    static SERVER: OnceLock<LoopbackServer> = OnceLock::new();
    SERVER
        .get_or_init(|| {
            LoopbackServer::start(|| {
                App::new().service(private).service(public).service(previews).service(aws)
            })
        })
        .addr()
}

/// Whether `origin` is one the `/private` policy lists, checked independently of the library:
/// an exact entry, or `https://` + lower-case labels + `.preview.myapp.com`.
fn private_policy_lists(origin: &str) -> bool {
    let pattern_labels = origin
        .strip_prefix("https://")
        .and_then(|rest| rest.strip_suffix(".preview.myapp.com"))
        .filter(|labels| !labels.is_empty());
    let is_subdomain = pattern_labels.is_some_and(|labels| {
        labels.split('.').all(|label| {
            !label.is_empty()
                && label.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        })
    });
    ["https://myapp.com", "http://localhost:3000"].contains(&origin) || is_subdomain
}

/// Whether `origin` is one the `/previews` policy lists, checked independently of the library:
/// `https://preview-` + one lower-case label's characters + `.myapp.com`, or `http://localhost`
/// with no port or a port from 1 to 65535 (not 80) as decimal digits without a leading zero.
fn previews_policy_lists(origin: &str) -> bool {
    let preview = origin
        .strip_prefix("https://preview-")
        .and_then(|rest| rest.strip_suffix(".myapp.com"))
        .is_some_and(|star| {
            !star.is_empty()
                && star
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-_".contains(&b))
        });
    let port = origin.strip_prefix("http://localhost:");
    let loopback = origin == "http://localhost"
        || port.is_some_and(|port| {
            !port.starts_with('0')
                && port.bytes().all(|b| b.is_ascii_digit())
                && port.parse::<u16>().is_ok_and(|port| port != 80)
        });
    preview || loopback
}

/// The invariants every response of `path` keeps, whatever the request (`sent_origins`: the
/// `Origin` lines it carried).
fn assert_invariants(path: &str, sent_origins: &[&str], response: &Response) {
    assert!(response.status < 500, "{path}: a 5xx answer to {sent_origins:?}: {response:?}");
    let allow_origin = response.header_lines("access-control-allow-origin");
    assert!(allow_origin.len() <= 1, "{path}: several Allow-Origin lines: {response:?}");
    let credentials = response.header_lines("access-control-allow-credentials");
    let Some(&granted) = allow_origin.first() else {
        assert!(credentials.is_empty(), "{path}: credentials without an origin: {response:?}");
        return;
    };
    assert!(granted != "*" || credentials.is_empty(), "{path}: * with credentials");
    match path {
        "/public" => assert_eq!(granted, "*", "{response:?}"),
        "/private" => {
            assert!(private_policy_lists(granted), "{path}: granted unlisted {granted:?}");
            assert_eq!(sent_origins.first(), Some(&granted), "{path}: not the sent origin");
        }
        "/previews" => {
            assert!(previews_policy_lists(granted), "{path}: granted unlisted {granted:?}");
            assert_eq!(sent_origins.first(), Some(&granted), "{path}: not the sent origin");
        }
        "/aws" => assert!(
            granted.ends_with(".amazonaws.com") && sent_origins.first() == Some(&granted),
            "{path}: granted {granted:?}"
        ),
        other => panic!("no invariants for {other}"),
    }
}

fn get_from(path: &str, origin: &str) -> Response {
    let response = send(addr(), "GET", path, &[("Origin", origin)], "");
    assert_invariants(path, &[origin], &response);
    response
}

fn preflight(path: &str, origin: &str, method: &str) -> Response {
    let response = raw_http::preflight(addr(), path, origin, method, None);
    assert_invariants(path, &[origin], &response);
    response
}

/// Sends `method path` with `header_lines` written byte for byte, for what `&str` cannot carry.
fn send_raw(method: &str, path: &str, header_lines: &[&[u8]]) -> Response {
    let mut request =
        format!("{method} {path} HTTP/1.1\r\nHost: a\r\nConnection: close\r\n").into_bytes();
    for line in header_lines {
        request.extend_from_slice(line);
        request.extend_from_slice(b"\r\n");
    }
    request.extend_from_slice(b"\r\n");
    send_bytes(addr(), &request)
}

const LOOKALIKES: [&str; 24] = [
    "https://MYAPP.com",
    "HTTPS://myapp.com",
    "https://myapp.com.",
    "https://myapp.com:443",
    "https://myapp.com:0443",
    "https://myapp.com/",
    "https://myapp.com/path",
    "https://myapp.com?x",
    "https://myapp.com#x",
    "https://user@myapp.com",
    "https://myapp.com@evil.com",
    "https://myapp.com%2eevil.com",
    "https://%6Dyapp.com",
    "https://xn--myap-0ve.com",
    "https://myapp.com.evil.com",
    "https://evilmyapp.com",
    "http://myapp.com",
    "https://myapp.com:8443",
    "https://myapp.com, https://evil.com",
    "https://myapp.com https://evil.com",
    "null",
    "*",
    "",
    "https://evil.com",
];

#[test]
fn origin_lookalikes_get_no_grant_on_actual_requests_or_preflights() {
    for origin in LOOKALIKES {
        let actual = get_from("/private", origin);
        assert!(!actual.has_cors_headers(), "GET from {origin:?} was granted: {actual:?}");
        let answer = preflight("/private", origin, "PUT");
        assert!(!answer.has_cors_headers(), "preflight from {origin:?} was granted: {answer:?}");
    }
    assert_eq!(get_from("/private", APP).single_header("access-control-allow-origin"), Some(APP));
}

#[test]
fn raw_utf8_confusables_and_obs_text_never_match() {
    for origin in [
        "https://myаpp.com".as_bytes(), // Cyrillic `а`
        "https://myapp.com\u{200b}".as_bytes(),
        b"https://myapp.com\xff",
        b"https://\xe2\x80\xa8myapp.com",
        b"\xefhttps://myapp.com",
    ] {
        let line = [b"Origin: ", origin].concat();
        let response = send_raw("GET", "/private", &[&line]);
        assert!(response.status < 500 && !response.has_cors_headers(), "{origin:?}: {response:?}");
        let preflight_lines: [&[u8]; 2] = [&line, b"Access-Control-Request-Method: PUT"];
        let response = send_raw("OPTIONS", "/private", &preflight_lines);
        assert!(response.status < 500 && !response.has_cors_headers(), "{origin:?}: {response:?}");
    }
}

#[test]
fn repeated_origin_lines_never_grant_an_unlisted_value() {
    for lines in [
        [&b"Origin: https://evil.com"[..], b"Origin: https://myapp.com"],
        [b"Origin: https://myapp.com", b"Origin: https://evil.com"],
        [b"Origin: null", b"Origin: https://myapp.com"],
    ] {
        let sent: Vec<&str> =
            lines.iter().map(|line| std::str::from_utf8(&line[8..]).expect("ASCII")).collect();
        assert_invariants("/private", &sent, &send_raw("GET", "/private", &lines));
        let preflight_lines = [lines[0], lines[1], b"Access-Control-Request-Method: PUT"];
        assert_invariants("/private", &sent, &send_raw("OPTIONS", "/private", &preflight_lines));
    }
}

#[test]
fn subdomain_pattern_edge_cases_match_only_real_subdomains() {
    for origin in [
        "https://preview.myapp.com",
        "https://.preview.myapp.com",
        "https://a..preview.myapp.com",
        "https://evil.com#.preview.myapp.com",
        "https://evil.com/.preview.myapp.com",
        "https://evil.com?.preview.myapp.com",
        "https://a.preview.myapp.com:443",
        "https://a.preview.myapp.com.",
        "https://A.preview.myapp.com",
        "https://a.preview.myapp.com.evil.com",
        "http://a.preview.myapp.com",
        "https://a b.preview.myapp.com",
    ] {
        assert!(!get_from("/private", origin).has_cors_headers(), "{origin} was granted");
    }
    let deep = "https://pr-42.ci.preview.myapp.com";
    assert_eq!(get_from("/private", deep).single_header("access-control-allow-origin"), Some(deep));
}

#[test]
fn label_and_port_pattern_lookalikes_get_no_grant() {
    for origin in [
        "https://preview-.myapp.com",
        "https://preview-1.myapp.com.evil.com",
        "https://preview-1.myapp.comevil.com",
        "https://preview-evil.com#.myapp.com",
        "https://preview-evil.com/.myapp.com",
        "https://preview-1%2emyapp.com",
        "https://preview-a.evil.myapp.com",
        "https://preview-1.myapp.com:443",
        "https://preview-1.myapp.com.",
        "https://evil-preview-1.myapp.com",
        "http://localhost.evil.com",
        "http://localhost.evil.com:3000",
        "http://localhost:3000.evil.com",
        "http://localhost:3000@evil.com",
        "http://localhost@evil.com",
        "http://localhost%2eevil.com",
        "http://localhost:3000/",
        "http://localhost:03000",
        "http://localhost:65536",
        "http://localhost:+3000",
        "http://localhost:",
        "http://localhost:80",
        "http://localhost:3000, https://evil.com",
    ] {
        assert!(!get_from("/previews", origin).has_cors_headers(), "{origin} was granted");
        let answer = preflight("/previews", origin, "GET");
        assert!(!answer.has_cors_headers(), "preflight from {origin:?} was granted: {answer:?}");
    }
    for granted in ["https://preview-pr-7.myapp.com", "http://localhost", "http://localhost:5173"] {
        let answer = get_from("/previews", granted);
        assert_eq!(answer.single_header("access-control-allow-origin"), Some(granted));
    }
}

#[test]
fn a_pattern_never_reaches_sites_under_a_public_suffix_below_its_base() {
    for origin in ["https://attacker-bucket.s3.amazonaws.com", "https://s3.amazonaws.com"] {
        assert!(!get_from("/aws", origin).has_cors_headers(), "{origin} was granted");
    }
    let own = "https://console.amazonaws.com";
    assert_eq!(get_from("/aws", own).single_header("access-control-allow-origin"), Some(own));
}

#[test]
fn requested_method_tricks_are_never_granted() {
    for method in ["put", "PUT, GET", "PUT,DELETE", "", "P UT", "DELETE", "TRACE", "*"] {
        let answer = preflight("/private", APP, method);
        assert!(!answer.has_cors_headers(), "ACRM {method:?} was granted: {answer:?}");
    }
    let two_lines = send_raw(
        "OPTIONS",
        "/private",
        &[
            b"Origin: https://myapp.com",
            b"Access-Control-Request-Method: DELETE",
            b"Access-Control-Request-Method: PUT",
        ],
    );
    assert!(
        !two_lines.has_cors_headers(),
        "the first ACRM line, DELETE, is refused: {two_lines:?}"
    );
}

#[test]
fn a_requested_method_on_other_requests_is_no_way_around_the_guards() {
    // Only OPTIONS with Origin and Access-Control-Request-Method is a preflight: the same
    // header on a method the route does not serve must not reach a preflight answer.
    for method in ["DELETE", "POST", "PATCH"] {
        let headers = [("Origin", APP), ("Access-Control-Request-Method", "PUT")];
        let response = send(addr(), method, "/private", &headers, "");
        assert_invariants("/private", &[APP], &response);
        assert!(
            response.status == 404 || response.status == 405,
            "{method} with ACRM reached a handler: {response:?}"
        );
        assert!(!response.has_cors_headers(), "{method} with ACRM got CORS headers: {response:?}");
    }
    // On a served method it is an ordinary request, granted as such (no preflight headers).
    let headers = [("Origin", APP), ("Access-Control-Request-Method", "DELETE")];
    let response = send(addr(), "GET", "/private", &headers, "");
    assert_eq!(response.body, "secret");
    assert!(response.header_lines("access-control-allow-methods").is_empty(), "{response:?}");
}

#[test]
fn the_wildcard_policy_never_sends_credentials_whatever_the_origin() {
    for origin in LOOKALIKES.iter().chain(&[APP, "https://evil.com"]) {
        get_from("/public", origin);
        preflight("/public", origin, "GET");
    }
}

/// One edit of an allowed origin, as a scanner or a typo-squatter makes them.
fn lookalike_of(origin: &'static str) -> impl Strategy<Value = String> {
    let length = origin.len();
    prop_oneof![
        (0..length).prop_map(move |at| {
            let mut text = origin.to_owned();
            text.replace_range(at..=at, &origin[at..=at].to_ascii_uppercase());
            text
        }),
        (0..=length, any::<char>()).prop_map(move |(at, extra)| {
            let mut text = origin.to_owned();
            text.insert(at, extra);
            text
        }),
        (0..length).prop_map(move |at| {
            let mut text = origin.to_owned();
            text.remove(at);
            text
        }),
        prop::sample::select(&[".", "/", ":443", ":80", ":0443", "%2e", ".evil.com", "?", "#"][..])
            .prop_map(move |tail| format!("{origin}{tail}")),
        prop::sample::select(&["x", "evil-", "www.", "user@", "a.b@"][..]).prop_map(move |head| {
            let (scheme, host) = origin.split_once("://").expect("an origin");
            format!("{scheme}://{head}{host}")
        }),
    ]
}

/// The policy of the `handler` route.
fn policy_of(handler: &str) -> &'static cors_runtime::Policy {
    cors_runtime::routes()
        .into_iter()
        .find(|route| route.handler() == handler)
        .expect("the route is linked in")
        .policy()
}

proptest! {
    #[test]
    fn no_generated_lookalike_of_an_allowed_origin_is_granted(
        origin in prop::sample::select(&["https://myapp.com", "http://localhost:3000", "https://pr-1.preview.myapp.com"][..])
            .prop_flat_map(lookalike_of)
    ) {
        let Ok(value) = HeaderValue::from_str(&origin) else { return Ok(()) };
        if let Some(granted) = policy_of("private").allowed_origin_value(&value) {
            prop_assert!(private_policy_lists(&origin), "{:?} was granted as {:?}", origin, granted);
            prop_assert_eq!(granted.as_bytes(), origin.as_bytes());
        }
    }

    #[test]
    fn no_generated_lookalike_of_a_label_or_port_pattern_match_is_granted(
        origin in prop::sample::select(&["https://preview-1.myapp.com", "http://localhost:5173", "http://localhost"][..])
            .prop_flat_map(lookalike_of)
    ) {
        let Ok(value) = HeaderValue::from_str(&origin) else { return Ok(()) };
        if let Some(granted) = policy_of("previews").allowed_origin_value(&value) {
            prop_assert!(previews_policy_lists(&origin), "{:?} was granted as {:?}", origin, granted);
            prop_assert_eq!(granted.as_bytes(), origin.as_bytes());
        }
    }
}
