//! Observe, then enforce: the write guard's report-only form, a policy rolled out report-only
//! over the configuration in place (which it must never change), the `tracing` events with
//! their documented fields, and the counters by route, kind, outcome and reason.

use std::io;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use actix_web::body::{self, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{Method, StatusCode, header};
use actix_web::middleware::{Next, from_fn};
use actix_web::test::{TestRequest, call_service, init_service};
use actix_web::{App, HttpResponse, get, post, web};
use cors_runtime::cors;
use cors_test_support::logs::{capture_logs, captured_logs};
use cors_test_support::prometheus::samples;

const APP: &str = "https://app.example.com";
const EVIL: &str = "https://evil.example";

static ORDERS: AtomicUsize = AtomicUsize::new(0);

#[cors(origins = ["https://app.example.com"], report_unlisted_writes)]
#[post("/orders")]
async fn orders() -> HttpResponse {
    ORDERS.fetch_add(1, Ordering::SeqCst);
    HttpResponse::Created().finish()
}

cors_runtime::policy! {
    /// Stricter than the configuration in place: one origin, two methods, one header.
    STRICT(
        origins = ["https://app.example.com"],
        methods = [GET, POST],
        headers = ["Content-Type"],
        reject_unlisted_writes,
    );
    /// Broader than the configuration in place, which allows only APP.
    BROAD(
        origins = ["https://app.example.com", "https://evil.example"],
        methods = [GET, POST, PUT, DELETE],
        headers = ["*"],
    );
    /// Lists another origin than the `#[cors]` route beneath it.
    OTHER(origins = ["https://other.example"]);
}

fn logs() -> &'static () {
    static CAPTURING: OnceLock<()> = OnceLock::new();
    CAPTURING.get_or_init(capture_logs)
}

fn lines_about(path: &str) -> Vec<String> {
    let quoted = format!("\"{path}\"");
    captured_logs().into_iter().filter(|line| line.contains(&quoted)).collect()
}

#[actix_web::test]
async fn report_unlisted_writes_logs_the_write_and_lets_it_run() {
    logs();
    let app = init_service(App::new().service(orders)).await;
    let before = ORDERS.load(Ordering::SeqCst);
    let cross_site = TestRequest::post()
        .uri("/orders")
        .insert_header((header::ORIGIN, EVIL))
        .insert_header(("sec-fetch-site", "cross-site"))
        .to_request();
    assert_eq!(call_service(&app, cross_site).await.status(), StatusCode::CREATED);
    let listed = TestRequest::post()
        .uri("/orders")
        .insert_header((header::ORIGIN, APP))
        .insert_header(("sec-fetch-site", "cross-site"))
        .to_request();
    assert_eq!(call_service(&app, listed).await.status(), StatusCode::CREATED);
    assert_eq!(ORDERS.load(Ordering::SeqCst), before + 2, "both writes ran");
    let lines = lines_about("/orders");
    let reported: Vec<&String> =
        lines.iter().filter(|line| line.starts_with("CORS report-only:")).collect();
    assert_eq!(reported.len(), 1, "{lines:#?}");
    assert_eq!(
        reported[0],
        "CORS report-only: \"POST\" \"/orders\" from origin \"https://evil.example\" would be rejected with 403 before the handler ran: `report_unlisted_writes` is on and the origin is not allowed (allowed: https://app.example.com); if that page should write here, add \"https://evil.example\" to `origins` in #[cors(...)] on `orders`. Let through unchanged."
    );
}

/// The configuration in place, written by hand as many apps have it: every preflight granted
/// with what it asked for, every response granted to its origin, unless the origin is not
/// `allowed`.
async fn permissive(
    allowed: Option<&'static str>,
    request: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let origin = request.headers().get(header::ORIGIN).cloned();
    let origin = origin.filter(|origin| allowed.is_none_or(|allowed| origin == allowed));
    if request.method() == Method::OPTIONS
        && request.headers().contains_key(header::ACCESS_CONTROL_REQUEST_METHOD)
    {
        let mut answer = HttpResponse::NoContent();
        if let Some(origin) = origin {
            answer.insert_header((header::ACCESS_CONTROL_ALLOW_ORIGIN, origin));
            for (asked, allow) in [
                (header::ACCESS_CONTROL_REQUEST_METHOD, header::ACCESS_CONTROL_ALLOW_METHODS),
                (header::ACCESS_CONTROL_REQUEST_HEADERS, header::ACCESS_CONTROL_ALLOW_HEADERS),
            ] {
                if let Some(value) = request.headers().get(asked).cloned() {
                    answer.insert_header((allow, value));
                }
            }
        }
        return Ok(request.into_response(answer.finish()).map_into_boxed_body());
    }
    let mut response = next.call(request).await?.map_into_boxed_body();
    if let Some(origin) = origin {
        response.headers_mut().insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
    }
    Ok(response)
}

fn matrix() -> Vec<TestRequest> {
    let preflight = |origin: &str, method: &str, headers: Option<&str>| {
        let mut request = TestRequest::default()
            .method(Method::OPTIONS)
            .uri("/api/items/7")
            .insert_header((header::ORIGIN, origin))
            .insert_header((header::ACCESS_CONTROL_REQUEST_METHOD, method));
        if let Some(headers) = headers {
            request = request.insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, headers));
        }
        request
    };
    let from = |method: Method, origin: &str| {
        TestRequest::default()
            .method(method)
            .uri("/api/items/7")
            .insert_header((header::ORIGIN, origin))
            .insert_header(("sec-fetch-site", "cross-site"))
    };
    vec![
        preflight(APP, "POST", Some("content-type")),
        preflight(EVIL, "POST", None),
        preflight(APP, "DELETE", None),
        preflight(APP, "PUT", Some("x-debug")),
        preflight("null", "GET", None),
        from(Method::GET, APP),
        from(Method::GET, EVIL),
        from(Method::POST, EVIL),
        from(Method::DELETE, APP),
        TestRequest::get().uri("/api/items/7"),
        from(Method::GET, EVIL)
            .insert_header((header::UPGRADE, "websocket"))
            .insert_header((header::CONNECTION, "Upgrade")),
    ]
}

/// Status, every header (sorted) and the body: what a response is to a browser.
async fn seen<B: MessageBody>(
    response: ServiceResponse<B>,
) -> (u16, Vec<(String, String)>, Vec<u8>) {
    let status = response.status().as_u16();
    let mut headers: Vec<(String, String)> = response
        .headers()
        .iter()
        .map(|(name, value)| (name.to_string(), String::from_utf8_lossy(value.as_bytes()).into()))
        .collect();
    headers.sort();
    let body = body::to_bytes(response.into_body()).await.map_err(|_| "body").unwrap().to_vec();
    (status, headers, body)
}

async fn item() -> HttpResponse {
    HttpResponse::Ok().body("item 7")
}

macro_rules! app {
    ($allowed:expr) => {
        App::new()
            .route("/api/items/{id}", web::route().to(item))
            .wrap(from_fn(move |request, next| permissive($allowed, request, next)))
    };
}

#[actix_web::test]
async fn a_policy_rolled_out_report_only_changes_no_response_and_reports_what_it_would_refuse() {
    logs();
    for (allowed, policy) in [(None, STRICT), (Some(APP), BROAD)] {
        let in_place = init_service(app!(allowed)).await;
        let watched = init_service(app!(allowed).wrap(policy.report_only())).await;
        for (index, request) in matrix().into_iter().enumerate() {
            let (alone, with_report) = (request.to_request(), matrix().remove(index).to_request());
            let alone = seen(call_service(&in_place, alone).await).await;
            let with_report = seen(call_service(&watched, with_report).await).await;
            assert_eq!(
                alone,
                with_report,
                "request {index} under {:?}",
                policy.policy().policy_name()
            );
        }
    }
    let lines = lines_about("/api/items/7");
    let would: Vec<&String> =
        lines.iter().filter(|line| line.starts_with("CORS report-only:")).collect();
    let expected = [
        "CORS report-only: the preflight for \"POST\" \"/api/items/7\" from origin \"https://evil.example\" would be refused: the origin is not allowed (allowed: https://app.example.com); if that page should call this route, add \"https://evil.example\" to `origins` in the policy `STRICT`",
        "CORS report-only: the preflight for \"DELETE\" \"/api/items/7\" from origin \"https://app.example.com\" would be refused: method DELETE is not allowed; if pages should use it, add DELETE to `methods` in the policy `STRICT`",
        "CORS report-only: the preflight for \"PUT\" \"/api/items/7\" from origin \"https://app.example.com\" would be refused: method PUT is not allowed",
        "CORS report-only: the preflight for \"GET\" \"/api/items/7\" from origin \"null\" would be refused: the Origin header is not an origin a policy can list",
        "CORS report-only: \"GET\" \"/api/items/7\" from origin \"https://evil.example\" would get no CORS headers: the origin is not allowed (allowed: https://app.example.com); if that page should read the response, add \"https://evil.example\" to `origins` in the policy `STRICT`",
        "CORS report-only: \"POST\" \"/api/items/7\" from origin \"https://evil.example\" would be rejected with 403 before the handler ran: `reject_unlisted_writes` is on",
        "CORS report-only: \"DELETE\" \"/api/items/7\" from origin \"https://app.example.com\" would get no CORS headers: method DELETE is not allowed; if pages should use it, add DELETE to `methods` in the policy `STRICT`",
        "CORS report-only: WebSocket handshake to \"/api/items/7\" from origin \"https://evil.example\" would be refused with 403 before the handler ran",
    ];
    for expected in expected {
        assert!(
            would.iter().any(|line| line.starts_with(expected)),
            "no line starts with {expected:?}:\n{would:#?}"
        );
    }
    assert_eq!(would.len(), expected.len(), "{would:#?}");
    assert!(would.iter().all(|line| line.contains("Let through unchanged.")), "{would:#?}");
    // BROAD grants more than the configuration in place, which refused EVIL: nothing to report.
    assert!(!would.iter().any(|line| line.contains("BROAD")), "{would:#?}");
}

#[cors(origins = ["https://app.example.com"])]
#[get("/own")]
async fn own() -> HttpResponse {
    HttpResponse::Ok().finish()
}

#[actix_web::test]
async fn requests_a_cors_route_beneath_decides_are_not_reported() {
    logs();
    let app = init_service(App::new().service(own).wrap(OTHER.report_only())).await;
    let preflight = TestRequest::default()
        .method(Method::OPTIONS)
        .uri("/own")
        .insert_header((header::ORIGIN, APP))
        .insert_header((header::ACCESS_CONTROL_REQUEST_METHOD, "GET"))
        .to_request();
    assert_eq!(call_service(&app, preflight).await.status(), StatusCode::NO_CONTENT);
    let get = TestRequest::get().uri("/own").insert_header((header::ORIGIN, APP)).to_request();
    let response = call_service(&app, get).await;
    assert_eq!(response.headers().get(header::ACCESS_CONTROL_ALLOW_ORIGIN).unwrap(), APP);
    assert_eq!(lines_about("/own"), Vec::<String>::new());
}

/// What a `tracing-subscriber` JSON formatter wrote: one object per line.
#[derive(Clone, Default)]
struct Written(Arc<Mutex<Vec<u8>>>);

impl io::Write for Written {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The JSON lines of every event from here on: one subscriber for the whole program, as an
/// application installs it (other tests' events land there too).
fn json_lines() -> &'static Written {
    static WRITTEN: OnceLock<Written> = OnceLock::new();
    WRITTEN.get_or_init(|| {
        let written = Written::default();
        let writer = written.clone();
        let subscriber = tracing_subscriber::fmt()
            .json()
            .with_max_level(tracing::Level::DEBUG)
            .with_writer(move || writer.clone())
            .finish();
        tracing::subscriber::set_global_default(subscriber).expect("one subscriber per program");
        written
    })
}

#[cors(origins = ["https://app.example.com"], methods = [PUT], headers = ["Content-Type"])]
#[actix_web::put("/things/{id}")]
async fn thing() -> HttpResponse {
    HttpResponse::Ok().finish()
}

#[actix_web::test]
async fn every_refusal_is_an_event_with_the_documented_fields() {
    let written = json_lines();
    let app = init_service(App::new().service(thing)).await;
    let hostile = "https://evil.example\u{2028}\u{202e}";
    for (origin, headers) in [(APP, "x-debug"), (hostile, "content-type")] {
        let preflight = TestRequest::default()
            .method(Method::OPTIONS)
            .uri("/things/7")
            .insert_header((header::ORIGIN, origin))
            .insert_header((header::ACCESS_CONTROL_REQUEST_METHOD, "PUT"))
            .insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, headers))
            .to_request();
        call_service(&app, preflight).await;
    }
    let text = String::from_utf8(written.0.lock().unwrap().clone()).expect("JSON is UTF-8");
    let text: String = text
        .lines()
        .filter(|line| line.contains("/things/7"))
        .map(|line| format!("{line}\n"))
        .collect();
    assert!(!text.contains('\u{2028}') && !text.contains('\u{202e}'), "{text}");
    let events: Vec<serde_json::Value> = text
        .lines()
        .map(|line| serde_json::from_str(line).expect("one JSON object per line"))
        .filter(|event: &serde_json::Value| event["target"] == "cors_runtime::events")
        .collect();
    assert_eq!(events.len(), 2, "{text}");
    let fields = &events[0]["fields"];
    assert_eq!(events[0]["level"], "WARN");
    for (field, value) in [
        ("event", "preflight"),
        ("outcome", "refused"),
        ("reason", "header"),
        ("route", "/things/{id}"),
        ("handler", "thing"),
        ("method", "PUT"),
        ("path", "/things/7"),
        ("origin", APP),
        ("header", "x-debug"),
        ("allow_key", "headers"),
        ("allow_value", "x-debug"),
    ] {
        assert_eq!(fields[field], value, "{field} in {fields}");
    }
    assert!(
        fields["message"]
            .as_str()
            .unwrap()
            .starts_with("CORS preflight refused (204 with the policy's lists) for \"PUT\""),
        "{fields}"
    );
    assert!(fields.get("policy").is_none() && fields.get("tenant").is_none(), "{fields}");
    let hostile_fields = &events[1]["fields"];
    assert_eq!(hostile_fields["origin"], "https://evil.example\\xe2\\x80\\xa8\\xe2\\x80\\xae");
    assert_eq!(hostile_fields["reason"], "origin");
    assert!(
        hostile_fields.get("allow_key").is_none(),
        "no edit for what no browser sends: {hostile_fields}"
    );
    // The route's second refusal in the minute went to `debug`.
    assert_eq!(events[1]["level"], "DEBUG");
}

#[cors(origins = ["https://app.example.com"], methods = [GET, DELETE], reject_unlisted_writes)]
#[actix_web::route("/metered/{id}", method = "GET", method = "DELETE")]
async fn metered() -> HttpResponse {
    HttpResponse::Ok().finish()
}

#[actix_web::test]
async fn requests_are_counted_by_route_kind_outcome_and_reason() {
    let recorder = metrics_exporter_prometheus::PrometheusBuilder::new().build_recorder();
    let scrape = recorder.handle();
    let _counting = metrics::set_default_local_recorder(&recorder);
    let app = init_service(App::new().service(metered)).await;
    let preflight = |origin: &str, method: &str| {
        TestRequest::default()
            .method(Method::OPTIONS)
            .uri("/metered/1")
            .insert_header((header::ORIGIN, origin))
            .insert_header((header::ACCESS_CONTROL_REQUEST_METHOD, method))
            .to_request()
    };
    let sent = [
        preflight(APP, "DELETE"),
        preflight(APP, "DELETE"),
        preflight(EVIL, "DELETE"),
        TestRequest::get().uri("/metered/2").insert_header((header::ORIGIN, APP)).to_request(),
        TestRequest::get().uri("/metered/3").insert_header((header::ORIGIN, EVIL)).to_request(),
        TestRequest::get().uri("/metered/4").to_request(),
        TestRequest::delete()
            .uri("/metered/5")
            .insert_header((header::ORIGIN, EVIL))
            .insert_header(("sec-fetch-site", "cross-site"))
            .to_request(),
    ];
    for request in sent {
        call_service(&app, request).await;
    }
    let mut counted: Vec<(String, String, String, f64)> = Vec::new();
    for ((name, labels), value) in samples(&scrape.render()) {
        if name == "cors_requests_total" {
            assert_eq!(labels["route"], "/metered/{id}", "never the raw path: {labels:?}");
            counted.push((
                labels["kind"].clone(),
                labels["outcome"].clone(),
                labels["reason"].clone(),
                value,
            ));
        }
    }
    let mut counted: Vec<(&str, &str, &str, f64)> =
        counted.iter().map(|(k, o, r, v)| (k.as_str(), o.as_str(), r.as_str(), *v)).collect();
    counted.sort_by(|a, b| a.partial_cmp(b).unwrap());
    assert_eq!(
        counted,
        [
            ("preflight", "granted", "none", 2.0),
            ("preflight", "refused", "origin", 1.0),
            ("request", "granted", "none", 1.0),
            ("request", "no_origin", "none", 1.0),
            ("request", "refused", "origin", 1.0),
            ("write", "rejected", "origin", 1.0),
        ]
    );
}
