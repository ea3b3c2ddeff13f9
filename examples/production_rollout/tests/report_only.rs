//! The report-only property, in-process: `.wrap(POLICY.report_only())` around the configuration
//! in place changes no response (status, every header, body), whether the policy is narrower
//! than that configuration (the rollout `API` over `Cors::permissive()`) or broader (it would
//! grant what the configuration refuses, and still grants nothing).

use actix_cors::Cors;
use actix_web::http::header;
use actix_web::test::{self, TestRequest};
use actix_web::{App, web};
use production_rollout::api::{API, api_routes, legacy_cors};

const APP: &str = "https://app.example.com";
const ADMIN: &str = "https://admin.example.com";
const EVIL: &str = "https://evil.example";

cors_runtime::policy! {
    /// Broader than `allowed_origin(APP)`: more origins, methods and headers.
    BROADER(
        origins = ["https://app.example.com", "https://admin.example.com", "https://evil.example"],
        methods = [GET, POST, PUT, DELETE],
        headers = ["Content-Type", "X-Request-Id"],
        credentials,
    );
}

/// One request of the matrix: method, path and headers.
struct Call {
    name: &'static str,
    method: &'static str,
    path: &'static str,
    headers: Vec<(&'static str, String)>,
}

impl Call {
    fn new(name: &'static str, method: &'static str, path: &'static str) -> Self {
        Call { name, method, path, headers: Vec::new() }
    }

    fn with(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }

    fn preflight(name: &'static str, path: &'static str, origin: &str, method: &str) -> Self {
        Call::new(name, "OPTIONS", path)
            .with("Origin", origin)
            .with("Access-Control-Request-Method", method)
    }

    fn request(&self) -> TestRequest {
        let method = self.method.parse().expect("a method");
        let mut request = TestRequest::default().method(method).uri(self.path);
        for (name, value) in &self.headers {
            request = request.insert_header((*name, value.as_str()));
        }
        request
    }
}

/// Preflights and actual requests from listed and unlisted origins, methods and headers a
/// policy refuses, writes, a WebSocket handshake, header bombs and paths no route serves.
fn matrix() -> Vec<Call> {
    let many_headers = (0..200).map(|n| format!("x-h{n}")).collect::<Vec<_>>().join(",");
    let mut calls = Vec::new();
    for origin in [APP, ADMIN, EVIL, "null", "https://app.example.com.evil.example"] {
        calls.extend([
            Call::preflight("preflight PUT", "/api/orders/7", origin, "PUT")
                .with("Access-Control-Request-Headers", "content-type"),
            Call::preflight("preflight DELETE", "/api/orders/7", origin, "DELETE"),
            Call::preflight("preflight PATCH", "/api/orders/7", origin, "PATCH"),
            Call::preflight("preflight unlisted header", "/api/orders", origin, "POST")
                .with("Access-Control-Request-Headers", "content-type,x-debug"),
            Call::preflight("preflight listed header", "/api/orders", origin, "POST")
                .with("Access-Control-Request-Headers", "x-request-id"),
            Call::preflight("preflight header bomb", "/api/orders", origin, "POST")
                .with("Access-Control-Request-Headers", many_headers.clone()),
            Call::preflight("preflight nowhere", "/api/missing", origin, "GET"),
            Call::new("GET", "GET", "/api/orders").with("Origin", origin),
            Call::new("GET with cookie", "GET", "/api/orders")
                .with("Origin", origin)
                .with("Cookie", "session=1"),
            Call::new("cross-site POST", "POST", "/api/orders")
                .with("Origin", origin)
                .with("Sec-Fetch-Site", "cross-site")
                .with("Content-Type", "text/plain"),
            Call::new("cross-site PUT", "PUT", "/api/orders/7")
                .with("Origin", origin)
                .with("Sec-Fetch-Site", "cross-site"),
            Call::new("DELETE", "DELETE", "/api/orders/7").with("Origin", origin),
            Call::new("WebSocket handshake", "GET", "/api/orders")
                .with("Origin", origin)
                .with("Connection", "Upgrade")
                .with("Upgrade", "websocket")
                .with("Sec-WebSocket-Version", "13")
                .with("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="),
            Call::new("GET nowhere", "GET", "/api/missing").with("Origin", origin),
        ]);
    }
    calls.push(Call::new("GET without Origin", "GET", "/api/orders"));
    calls.push(Call::new("POST without Origin", "POST", "/api/orders"));
    calls
}

/// A response as the client receives it: status, every header (sorted, repeated ones kept),
/// body.
type Seen = (u16, Vec<(String, Vec<u8>)>, Vec<u8>);

/// The lists actix-cors writes from a `HashSet`: their order differs between two `Cors` values
/// (each set has its own hash seed), so they are compared as sets, every item kept.
const UNORDERED_LISTS: [header::HeaderName; 3] = [
    header::ACCESS_CONTROL_ALLOW_METHODS,
    header::ACCESS_CONTROL_ALLOW_HEADERS,
    header::ACCESS_CONTROL_EXPOSE_HEADERS,
];

/// A header's value as compared: its bytes, a list's items sorted.
fn as_compared(name: &header::HeaderName, value: &header::HeaderValue) -> Vec<u8> {
    if !UNORDERED_LISTS.contains(name) {
        return value.as_bytes().to_vec();
    }
    let mut items: Vec<_> =
        value.as_bytes().split(|byte| *byte == b',').map(<[u8]>::trim_ascii).collect();
    items.sort_unstable();
    items.join(&b',')
}

/// Sends each call of the matrix to the app `app` builds, once per app instance.
macro_rules! responses {
    ($app:expr) => {{
        let service = test::init_service($app).await;
        let mut seen: Vec<Seen> = Vec::new();
        for call in matrix() {
            let response = test::call_service(&service, call.request().to_request()).await;
            let status = response.status().as_u16();
            let mut headers: Vec<_> = response
                .headers()
                .iter()
                .map(|(name, value)| (name.as_str().to_owned(), as_compared(name, value)))
                .collect();
            headers.sort();
            seen.push((status, headers, test::read_body(response).await.to_vec()));
        }
        seen
    }};
}

/// Asserts that the two lists of responses are the same, naming the first call that differs.
fn assert_same(alone: &[Seen], reported: &[Seen]) {
    assert_eq!(alone.len(), reported.len());
    for ((call, alone), reported) in matrix().iter().zip(alone).zip(reported) {
        let origin = call.headers.iter().find(|(name, _)| *name == "Origin");
        assert_eq!(alone, reported, "{} from {origin:?}", call.name);
    }
}

/// Whether the response grants `Access-Control-Allow-Origin`.
fn granted(seen: &Seen) -> bool {
    seen.1.iter().any(|(name, _)| name == header::ACCESS_CONTROL_ALLOW_ORIGIN.as_str())
}

#[actix_web::test]
async fn report_only_over_permissive_cors_changes_no_response() {
    let alone = responses!(
        App::new().service(web::scope("/api").configure(api_routes).wrap(legacy_cors()))
    );
    let reported = responses!(App::new().service(
        web::scope("/api").configure(api_routes).wrap(legacy_cors()).wrap(API.report_only())
    ));
    assert_same(&alone, &reported);
    // The matrix has what API would refuse, granted by the configuration in place.
    let evil_grants = matrix()
        .iter()
        .zip(&reported)
        .filter(|(call, seen)| call.headers.contains(&("Origin", EVIL.into())) && granted(seen))
        .count();
    assert!(evil_grants >= 5, "actix-cors granted {EVIL} {evil_grants} times");
}

#[actix_web::test]
async fn a_broader_policy_reported_only_never_grants_more_than_the_configuration_in_place() {
    let in_place = || {
        Cors::default()
            .allowed_origin(APP)
            .allowed_methods(["GET", "POST"])
            .allowed_header(header::CONTENT_TYPE)
            .supports_credentials()
    };
    let alone =
        responses!(App::new().service(web::scope("/api").configure(api_routes).wrap(in_place())));
    let reported = responses!(App::new().service(
        web::scope("/api").configure(api_routes).wrap(in_place()).wrap(BROADER.report_only())
    ));
    assert_same(&alone, &reported);
    // What BROADER alone would grant, the configuration in place refuses, and so does the pair.
    for (call, seen) in matrix().iter().zip(&reported) {
        let from = |origin: &str| call.headers.contains(&("Origin", origin.into()));
        if from(ADMIN) || from(EVIL) {
            assert!(!granted(seen), "{} from a listed origin of BROADER only: {seen:?}", call.name);
        }
    }
    let enforced = responses!(
        App::new().service(web::scope("/api").configure(api_routes).wrap(in_place()).wrap(BROADER))
    );
    let broader_grants = matrix()
        .iter()
        .zip(&enforced)
        .filter(|(call, seen)| call.headers.contains(&("Origin", ADMIN.into())) && granted(seen))
        .count();
    assert!(broader_grants >= 3, "enforced, BROADER grants {ADMIN}: {broader_grants} times");
}
