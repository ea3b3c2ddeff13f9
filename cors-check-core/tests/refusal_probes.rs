//! The refusal probes against a real `#[cors]` app. For an allowed origin, `#[cors]` refuses a
//! method or request header with its own lists, which Chromium names precisely, so cors-check
//! needs no probe; its other preflight refusals are a bare 403 (the origin, or any refusal on a
//! path and method several handlers share), or a 404 when no annotated handler serves the
//! method, and cors-check must still name the part that was refused, while printing the console
//! message Chromium prints.

use actix_web::guard::GuardContext;
use actix_web::{App, HttpResponse, get, put, route, test};
use cors_check_core::{
    Check, CorsErrorKind, CorsRequest, Exchange, Finding, Fix, FixKind, MAX_HEADER_PROBES,
    OriginOnlyAnswer, Plan, Probe, RefusalProbe, Report, Sent,
};
use cors_runtime::cors;

const APP: &str = "https://app.example";
const PARTNER: &str = "https://partner.example";

#[cors(origins = ["https://app.example"], headers = ["Content-Type", "X-Request-Id"], credentials)]
#[get("/api/data")]
async fn read_data() -> HttpResponse {
    HttpResponse::Ok().body("data")
}

/// Same path, its own policy: only the partner may replace the data.
#[cors(origins = ["https://partner.example"])]
#[put("/api/data")]
async fn replace_data() -> HttpResponse {
    HttpResponse::Ok().body("replaced")
}

/// Serves DELETE, but its policy leaves DELETE out.
#[cors(origins = ["https://app.example"], methods = [GET])]
#[route("/api/report", method = "GET", method = "DELETE")]
async fn yearly_report() -> HttpResponse {
    HttpResponse::Ok().body("report")
}

/// Beta clients send `X-Beta`; a preflight never carries it, so both handlers below accept it.
fn stable_client(ctx: &GuardContext<'_>) -> bool {
    !ctx.head().headers().contains_key("x-beta")
}

/// Two handlers on one path and method, told apart by a header a preflight does not carry: a
/// preflight is judged by both policies, and refused with a bare 403.
#[cors(origins = ["https://app.example"], headers = ["Content-Type", "X-Request-Id"], credentials)]
#[get("/api/shared", guard = "stable_client")]
async fn stable_data() -> HttpResponse {
    HttpResponse::Ok().body("stable")
}

#[cors(
    origins = ["https://app.example"],
    headers = ["Content-Type", "X-Request-Id", "X-Beta"],
    expose = ["X-Total-Count"],
    credentials,
)]
#[get("/api/shared")]
async fn beta_data() -> HttpResponse {
    HttpResponse::Ok().body("beta")
}

async fn check(request: CorsRequest) -> Report {
    let app = test::init_service(
        App::new()
            .service(read_data)
            .service(replace_data)
            .service(yearly_report)
            .service(stable_data)
            .service(beta_data),
    )
    .await;
    cors_check_core::actix::check(&app, request).await
}

fn probes(report: &Report) -> Vec<RefusalProbe> {
    report
        .steps
        .iter()
        .filter_map(|step| match step.sent {
            Sent::Probe(Probe::Refusal(probe)) => Some(probe),
            _ => None,
        })
        .collect()
}

/// Chromium only sees the bare refusal, so the kind and message never change with the probes.
fn assert_reported_as_missing_allow_origin(report: &Report) {
    report.assert_blocked(CorsErrorKind::PreflightMissingAllowOriginHeader);
    let message = &report.failure.as_ref().unwrap().console_message;
    assert!(
        message.ends_with(
            "has been blocked by CORS policy: Response to preflight request doesn't pass access \
             control check: No 'Access-Control-Allow-Origin' header is present on the requested \
             resource."
        ),
        "{message}"
    );
}

fn fix(report: &Report) -> &Fix {
    &report.failure.as_ref().unwrap().fix
}

/// The headers the fix allows, and those it names as not probed.
fn headers_to_allow(report: &Report) -> (Vec<&str>, Vec<&str>) {
    match &fix(report).kind {
        FixKind::AllowHeaders { missing, unprobed, .. } => (
            missing.iter().map(String::as_str).collect(),
            unprobed.iter().map(String::as_str).collect(),
        ),
        other => panic!("a fix that does not allow headers: {other:?}"),
    }
}

#[actix_web::test]
async fn a_refused_header_on_a_shared_path_is_named_after_one_probe() {
    let request =
        CorsRequest::new("/api/shared", APP).with_header("X-Debug", "1").with_credentials();
    let report = check(request).await;
    assert_reported_as_missing_allow_origin(&report);
    assert_eq!(probes(&report), [RefusalProbe::PreflightWithoutRequestHeaders]);
    assert_eq!(headers_to_allow(&report), (vec!["X-Debug"], vec![]));
    let probe = report.steps.last().unwrap();
    let granted = Finding::ProbeWithoutRequestHeaders {
        method: "GET".to_owned(),
        status: 204,
        granted: true,
    };
    assert_eq!((probe.passed, &probe.detail), (true, &granted));
    // One snapshot of how the text report prints a probe's step.
    assert!(report.to_string().contains(
        "[pass] refusal-probe allow-origin: the preflight without Access-Control-Request-Headers \
         got 204: the origin and GET are granted, so a request header is refused"
    ));
}

#[actix_web::test]
async fn each_header_is_probed_alone_to_find_the_refused_ones() {
    let request = CorsRequest::new("/api/shared", APP)
        .with_header("X-Trace", "t")
        .with_header("X-Request-Id", "1")
        .with_header("X-Debug", "1")
        .with_credentials();
    let report = check(request).await;
    assert_reported_as_missing_allow_origin(&report);
    assert_eq!(
        probes(&report),
        [
            RefusalProbe::PreflightWithoutRequestHeaders,
            RefusalProbe::PreflightWithOneRequestHeader(0),
            RefusalProbe::PreflightWithOneRequestHeader(1),
            RefusalProbe::PreflightWithOneRequestHeader(2),
        ]
    );
    assert_eq!(headers_to_allow(&report), (vec!["X-Debug", "X-Trace"], vec![]));
}

#[actix_web::test]
async fn headers_beyond_the_probe_budget_are_listed_unprobed() {
    let mut request = CorsRequest::new("/api/shared", APP).with_header("X-Request-Id", "1");
    for name in ["X-A", "X-B", "X-C", "X-D", "X-E"] {
        request = request.with_header(name, "1");
    }
    let report = check(request).await;
    assert_eq!(probes(&report).len(), 1 + MAX_HEADER_PROBES);
    // Sorted: x-a, x-b, x-c, x-d are probed and refused; x-e and x-request-id are not probed.
    let probed = vec!["X-A", "X-B", "X-C", "X-D"];
    assert_eq!(headers_to_allow(&report), (probed, vec!["X-E", "X-Request-Id"]));
    assert_eq!(
        fix(&report).cors_attribute(),
        r#"add "X-A", "X-B", "X-C", "X-D" to `headers` (not probed, add them too if they are refused: X-E, X-Request-Id)"#
    );
}

/// Chromium's message and cors-check's fix name the refused part without a probe.
fn assert_named_without_probes(report: &Report, kind: CorsErrorKind, message_end: &str) {
    report.assert_blocked(kind);
    let message = &report.failure.as_ref().unwrap().console_message;
    assert!(message.ends_with(message_end), "{message}");
    assert_eq!(probes(report), []);
}

#[actix_web::test]
async fn a_refused_header_is_named_by_the_browser() {
    let request = CorsRequest::new("/api/data", APP).with_header("X-Debug", "1").with_credentials();
    let report = check(request).await;
    assert_named_without_probes(
        &report,
        CorsErrorKind::HeaderDisallowedByPreflightResponse,
        "Request header field x-debug is not allowed by Access-Control-Allow-Headers in \
         preflight response.",
    );
    assert_eq!(headers_to_allow(&report), (vec!["X-Debug"], vec![]));

    let several = CorsRequest::new("/api/data", APP)
        .with_header("X-Trace", "t")
        .with_header("X-Request-Id", "1")
        .with_header("X-Debug", "1")
        .with_credentials();
    let report = check(several).await;
    assert_named_without_probes(
        &report,
        CorsErrorKind::HeaderDisallowedByPreflightResponse,
        "Request header field x-debug is not allowed by Access-Control-Allow-Headers in \
         preflight response.",
    );
    assert_eq!(headers_to_allow(&report), (vec!["X-Debug", "X-Trace"], vec![]));
}

#[actix_web::test]
async fn a_method_the_policy_leaves_out_is_named_by_the_browser() {
    let report = check(CorsRequest::new("/api/report", APP).with_method("DELETE")).await;
    assert_named_without_probes(
        &report,
        CorsErrorKind::MethodDisallowedByPreflightResponse,
        "Method DELETE is not allowed by Access-Control-Allow-Methods in preflight response.",
    );
    let fix = &fix(&report).kind;
    assert!(matches!(fix, FixKind::AllowMethod { method, .. } if method == "DELETE"), "{fix:?}");
}

#[actix_web::test]
async fn a_method_no_annotated_handler_serves_is_named() {
    let report = check(CorsRequest::new("/api/data", APP).with_method("DELETE")).await;
    assert_reported_as_missing_allow_origin(&report);
    assert_eq!(probes(&report), [RefusalProbe::OriginOnly]);
    let no_route = FixKind::MethodWithoutPreflightRoute {
        method: "DELETE".to_owned(),
        origin: APP.to_owned(),
        status: 404,
    };
    assert_eq!(fix(&report).kind, no_route);
    let granted = Finding::ProbeOriginOnly { status: 200, answer: OriginOnlyAnswer::Granted };
    assert_eq!(report.steps.last().unwrap().detail, granted);
}

#[actix_web::test]
async fn a_policy_refusing_the_origin_of_its_method_is_named() {
    let expected = |method: &str| {
        format!(
            "the #[cors(...)] of the handler serving {method} refuses the origin or the method \
             (a GET to this URL grants the origin): add \"{APP}\" to its `origins`, or {method} \
             to its `methods`"
        )
    };
    let partner_only = CorsRequest::new("/api/data", APP)
        .with_method("PUT")
        .with_header("Content-Type", "application/json");
    let report = check(partner_only).await;
    assert_eq!(
        probes(&report),
        [RefusalProbe::PreflightWithoutRequestHeaders, RefusalProbe::OriginOnly]
    );
    let elsewhere = FixKind::OriginGrantedElsewhere {
        method: "PUT".to_owned(),
        origin: APP.to_owned(),
        status: 403,
    };
    assert_eq!(fix(&report).kind, elsewhere);
    assert_eq!(fix(&report).cors_attribute(), expected("PUT"));
}

#[actix_web::test]
async fn an_origin_granted_nowhere_keeps_the_origin_fix() {
    let request = CorsRequest::new("/api/data", PARTNER).with_header("X-Request-Id", "1");
    let report = check(request).await;
    assert_reported_as_missing_allow_origin(&report);
    assert_eq!(
        probes(&report),
        [RefusalProbe::PreflightWithoutRequestHeaders, RefusalProbe::OriginOnly]
    );
    let fix = &fix(&report).kind;
    assert!(matches!(fix, FixKind::AllowOrigin { origin, .. } if origin == PARTNER), "{fix:?}");
}

#[actix_web::test]
async fn without_probes_only_the_browsers_request_is_sent() {
    let plan = Plan::new(CorsRequest::new("/api/data", APP).with_header("X-Debug", "1")).unwrap();
    let mut sent = Vec::new();
    let report = Check::new(plan)
        .without_probes()
        .run(|request| {
            sent.push(request.sent);
            Ok::<_, ()>(cors_check_core::Response::new(403))
        })
        .unwrap();
    assert_eq!(sent, [Sent::Browser(Exchange::Preflight)]);
    let fix = &fix(&report).kind;
    assert!(matches!(fix, FixKind::AllowOrigin { origin, .. } if origin == APP), "{fix:?}");
}
