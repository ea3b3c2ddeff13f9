use std::convert::Infallible;

use serde_json::{Value, json};

use super::result::CallProblem;
use super::*;
use crate::message::CorsErrorKind;
use crate::plan::OutgoingRequest;
use crate::probe::foreign::FOREIGN_PROBE_ORIGIN;
use crate::response::Response;
use crate::vocabulary::Verdict;

/// A report like the quickstart's: a credentialed route with an exposed header, whose origins
/// come from a variable, a JSON POST, and a public route.
const REPORT: &str = r#"{"format":1,"routes":[
  {"handler":"read_data","policy":"PAGE","path":"/api/data","methods":["GET"],
   "allowed_methods":["*"],
   "origins":["https://app.example","https://*.preview.example"],"origins_env":"PAGE_ORIGINS",
   "headers":["content-type"],"expose":["x-total-count"],"credentials":true,"max_age":600},
  {"handler":"write_data","policy":"PAGE","path":"/api/data","methods":["POST"],
   "allowed_methods":["*"],"origins":["https://app.example"],"origins_env":"PAGE_ORIGINS",
   "headers":["content-type"],"expose":[],"credentials":true,"max_age":600},
  {"handler":"public_data","policy":null,"path":"/api/public/{id:\\d+}","methods":["GET"],
   "allowed_methods":["*"],"origins":["*"],"origins_env":null,"headers":["*"],"expose":[],"credentials":false,
   "max_age":null}
]}"#;

fn routes() -> Vec<Route> {
    parse_routes(REPORT).expect("the report parses")
}

fn problems(json: &str) -> Vec<String> {
    parse_routes(json).expect_err("the report is refused").problems().to_vec()
}

fn origin_of(request: &OutgoingRequest) -> &str {
    let origin = request.headers.iter().find(|(name, _)| name == "Origin");
    origin.map(|(_, value)| value.as_str()).expect("every request has an Origin")
}

/// A server that grants `granted` origins with credentials, JSON and `GET, POST`, and sends
/// `expose` as `Access-Control-Expose-Headers` on actual responses; it refuses preflights from
/// other origins with a bare 403, as `#[cors]` does.
fn server(
    granted: &'static [&'static str],
    expose: Option<&'static str>,
) -> impl FnMut(&OutgoingRequest) -> Result<Response, Infallible> {
    move |request| {
        let origin = origin_of(request);
        let is_preflight = request.method == "OPTIONS";
        if !granted.contains(&origin) {
            return Ok(Response::new(if is_preflight { 403 } else { 200 }));
        }
        let mut response = Response::new(if is_preflight { 204 } else { 200 })
            .with_header("Access-Control-Allow-Origin", origin)
            .with_header("Access-Control-Allow-Credentials", "true")
            .with_header("Vary", "Origin");
        if is_preflight {
            response = response
                .with_header("Access-Control-Allow-Methods", "GET, POST")
                .with_header("Access-Control-Allow-Headers", "content-type");
        } else if let Some(expose) = expose {
            response = response.with_header("Access-Control-Expose-Headers", expose);
        }
        Ok(response)
    }
}

const PAGE_ORIGINS: &[&str] =
    &["https://app.example", "https://cors-check.preview.example", FOREIGN_PROBE_ORIGIN];

fn check_credentialed_routes(
    granted: &'static [&'static str],
    expose: Option<&'static str>,
) -> RoutesResult {
    let routes = &routes()[..2];
    let check = RoutesPlan::new(routes, "https://api.example", UnsafeCalls::Send).unwrap();
    check.run(server(granted, expose)).unwrap()
}

#[test]
fn the_report_of_routes_json_parses_into_policies() {
    let routes = routes();
    assert_eq!(
        routes[0],
        Route {
            handler: "read_data".to_owned(),
            policy: Some("PAGE".to_owned()),
            path: "/api/data".to_owned(),
            methods: vec!["GET".to_owned()],
            allowed_methods: vec!["*".to_owned()],
            origins: vec!["https://app.example".to_owned(), "https://*.preview.example".to_owned()],
            origins_env: Some("PAGE_ORIGINS".to_owned()),
            // Absent from a report written before keys besides `origins` could be read at
            // startup: read as written in the attribute.
            methods_env: None,
            headers_env: None,
            expose_env: None,
            max_age_env: None,
            headers: vec!["content-type".to_owned()],
            expose: vec!["x-total-count".to_owned()],
            credentials: true,
            max_age: Some(600),
            reject_unlisted_writes: false,
            report_unlisted_writes: false,
            wrapped: false,
            under_wrap: false,
            public_websocket: false,
            tenants: None,
        }
    );
    assert_eq!(routes[2].policy, None);
    assert_eq!(routes[2].origins_env, None);
}

#[test]
fn a_report_that_is_not_routes_json_is_refused() {
    let [not_json] = problems("{\"routes\": [").try_into().unwrap();
    assert!(not_json.starts_with("it is not JSON ("), "{not_json}");
    assert!(not_json.ends_with("make it with cors_runtime::routes_json()"), "{not_json}");
    let [unversioned] = problems(r#"{"handlers": []}"#).try_into().unwrap();
    assert!(unversioned.contains("no `format` field"), "{unversioned}");
    // The first wrong field is named with where it is, as serde_json reports it.
    let without_path = REPORT.replacen(r#""path":"/api/data","#, "", 1);
    let [missing] = problems(&without_path).try_into().unwrap();
    assert!(missing.contains("missing field `path` at line 5"), "{missing}");
    let with_bad_methods = REPORT.replacen(r#""methods":["POST"]"#, r#""methods":"POST""#, 1);
    let [wrong_shape] = problems(&with_bad_methods).try_into().unwrap();
    assert!(wrong_shape.contains("expected a sequence at line 6"), "{wrong_shape}");
}

#[test]
fn lists_read_at_startup_and_never_loaded_name_their_variables() {
    let route = |allowed_methods: &str| {
        format!(
            r#"{{"format":1,"routes":[{{"handler":"items","policy":null,"path":"/items","methods":["PUT"],
            "allowed_methods":{allowed_methods},"origins":["https://app.example"],"origins_env":null,
            "methods_env":null,"headers_env":"ITEM_HEADERS","expose_env":null,"max_age_env":"ITEM_MAX_AGE",
            "headers":[],"expose":[],"credentials":false,"max_age":null}}]}}"#
        )
    };
    assert_eq!(
        problems(&route("[]")),
        ["PUT /items (items) reads `headers` from ITEM_HEADERS, `max_age` from ITEM_MAX_AGE at \
          startup, which were not loaded when the report was made; call cors_runtime::init() \
          (with them set as on the server) before cors_runtime::routes_json()"]
    );
    // Once loaded (the methods are there), the lists read are checked like written ones.
    assert_eq!(parse_routes(&route(r#"["PUT"]"#)).unwrap().len(), 1);
}

#[test]
fn origins_never_loaded_name_the_variable_for_every_route() {
    let unloaded = REPORT
        .replacen(
            r#""origins":["https://app.example","https://*.preview.example"]"#,
            r#""origins":[]"#,
            1,
        )
        .replacen(r#""origins":["https://app.example"]"#, r#""origins":[]"#, 1);
    let problems = problems(&unloaded);
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(problems[0].starts_with(
        "GET /api/data (read_data) has no origins: they come from PAGE_ORIGINS, which was not \
         loaded when the report was made; call cors_runtime::init()"
    ));
    assert!(problems[1].starts_with("POST /api/data (write_data) has no origins"));
    let message = parse_routes(&unloaded).unwrap_err().to_string();
    assert!(message.starts_with("the routes report cannot be checked:\n  - GET /api/data"));
}

#[test]
fn calls_come_from_each_origin_a_pattern_subdomain_its_lookalike_and_a_foreign_origin() {
    let check = RoutesPlan::new(&routes(), "https://api.example/", UnsafeCalls::Send).unwrap();
    let read = &check.methods()[0];
    assert_eq!(read.url, "https://api.example/api/data");
    let origins: Vec<(&str, Verdict)> =
        read.calls.iter().map(|call| (call.origin.as_str(), call.expected)).collect();
    assert_eq!(
        origins,
        [
            ("https://app.example", Verdict::Allowed),
            ("https://cors-check.preview.example", Verdict::Allowed),
            ("https://cors-check.preview.example.cors-check.invalid", Verdict::Blocked),
            (FOREIGN_PROBE_ORIGIN, Verdict::Blocked),
        ]
    );
    let request = read.calls[0].plan.request();
    assert!(request.credentials);
    assert_eq!(request.headers, [("Content-Type".to_owned(), "application/json".to_owned())]);
    assert!(read.calls[0].plan.needs_preflight(), "JSON needs a preflight");

    // `*` is tried from an unrelated origin, which is then not expected to be blocked; `*` in
    // the headers names no header to send.
    let public = &check.methods()[2];
    assert_eq!(public.url, "https://api.example/api/public/1");
    assert_eq!(public.calls.len(), 1);
    assert_eq!(
        (public.calls[0].origin.as_str(), public.calls[0].expected),
        (FOREIGN_PROBE_ORIGIN, Verdict::Allowed)
    );
    assert!(public.calls[0].plan.request().headers.is_empty());
}

#[test]
fn a_server_that_follows_the_policy_passes() {
    let result = check_credentialed_routes(PAGE_ORIGINS[..2].as_ref(), Some("x-total-count"));
    assert!(result.passed(), "{result}");
    assert_eq!(
        result.to_string(),
        "ok   GET  /api/data read_data  2 origins, foreign origin blocked, x-total-count exposed\n\
         ok   POST /api/data write_data 1 origin, foreign origin blocked\n\
         \n\
         all 2 route methods behave as their policies say\n"
    );
}

#[test]
fn an_origin_the_server_refuses_fails_with_chromiums_message_and_the_fix() {
    let result = check_credentialed_routes(&["https://app.example"], Some("x-total-count"));
    assert!(!result.passed());
    let read = &result.methods[0];
    assert_eq!(read.status(), MethodStatus::Failed);
    assert_eq!(
        read.calls[1].report.error_kind(),
        Some(CorsErrorKind::PreflightMissingAllowOriginHeader)
    );
    let console_message = &read.calls[1].report.failure.as_ref().unwrap().console_message;
    assert!(read.problems()[0].starts_with(&format!(
        "from https://cors-check.preview.example: blocked — {console_message}; fix: add \
         \"https://cors-check.preview.example\" to `origins`"
    )));
    assert!(result.to_string().contains(
        "FAIL GET  /api/data read_data: from https://cors-check.preview.example: blocked — \
         Access to fetch at 'https://api.example/api/data' from origin \
         'https://cors-check.preview.example' has been blocked by CORS policy"
    ));
    assert!(
        result.to_string().ends_with("1 of 2 route methods do not behave as their policies say\n")
    );
}

#[test]
fn an_exposed_header_the_page_cannot_read_fails() {
    let result = check_credentialed_routes(PAGE_ORIGINS[..2].as_ref(), Some("x-request-id"));
    assert_eq!(
        result.methods[0].problems()[0],
        "from https://app.example: allowed, but Access-Control-Expose-Headers is 'x-request-id', \
         so the page cannot read x-total-count; fix: add \"X-Total-Count\" to `expose`"
    );
    assert_eq!(result.methods[1].status(), MethodStatus::Ok);
}

#[test]
fn a_server_granting_an_unlisted_origin_fails() {
    let result = check_credentialed_routes(PAGE_ORIGINS, Some("x-total-count"));
    for method in &result.methods {
        assert_eq!(method.status(), MethodStatus::Failed);
        assert_eq!(method.calls.last().unwrap().problem, Some(CallProblem::ForeignOriginAllowed));
    }
    assert!(
        result.methods[1].problems()[0].starts_with(
            "from https://cors-check.invalid, which the policy does not list: allowed"
        )
    );
}

#[test]
fn preflight_only_never_sends_an_unsafe_call() {
    let mut report = REPORT.to_owned();
    // A form POST without headers: no preflight, so nothing can be checked without running it.
    report = report.replacen(r#""headers":["*"]"#, r#""headers":[]"#, 1).replacen(
        r#""path":"/api/public/{id:\\d+}","methods":["GET"]"#,
        r#""path":"/api/form","methods":["POST"]"#,
        1,
    );
    let routes = parse_routes(&report).unwrap();
    let check =
        RoutesPlan::new(&routes, "https://api.example", UnsafeCalls::PreflightOnly).unwrap();
    let mut sent = Vec::new();
    let mut serve = server(PAGE_ORIGINS[..2].as_ref(), Some("x-total-count"));
    let result = check
        .run(|request| {
            sent.push(request.method.clone());
            serve(request)
        })
        .unwrap();
    assert!(!sent.iter().any(|method| method == "POST"), "{sent:?}");
    assert!(result.passed(), "{result}");
    let statuses: Vec<MethodStatus> = result.methods.iter().map(MethodResult::status).collect();
    assert_eq!(statuses, [MethodStatus::Ok, MethodStatus::Ok, MethodStatus::Skipped]);
    let text = result.to_string();
    assert!(
        text.contains(
            "ok   POST /api/data write_data  1 origin, foreign origin blocked (preflight only)"
        ),
        "{text}"
    );
    assert!(text.contains(
        "skip POST /api/form public_data: not checked: a POST with these headers needs no \
         preflight, and sending the call itself would run the handler"
    ));
    assert!(text.ends_with("all 2 route methods behave as their policies say; 1 not checked\n"));
}

#[test]
fn the_json_result_has_one_entry_per_route_method() {
    let result = check_credentialed_routes(&["https://app.example"], Some("x-total-count"));
    let json: Value = serde_json::from_str(&result.to_json()).expect("the result is JSON");
    assert_eq!(json["format"], 1);
    assert_eq!(json["passed"], false);
    assert_eq!(json["summary"], json!({"ok": 1, "failed": 1, "skipped": 0}));
    let read = &json["routes"][0];
    assert_eq!(read["handler"], "read_data");
    assert_eq!(read["status"], "failed");
    assert_eq!(read["calls"][1]["origin"], "https://cors-check.preview.example");
    assert_eq!(read["calls"][1]["passed"], false);
    assert_eq!(read["calls"][1]["report"]["error"]["kind"], "PreflightMissingAllowOriginHeader");
    assert_eq!(read["calls"][2]["expected"], "blocked");
    // The printed JSON is the derived document, and reads back into it unchanged.
    let document: crate::document::RoutesDocument =
        serde_json::from_str(&result.to_json()).expect("the result reads back");
    assert_eq!(document, result.document());
}

#[test]
fn a_served_method_the_policy_does_not_allow_must_be_refused() {
    let report = REPORT.replacen(
        r#""methods":["POST"],
   "allowed_methods":["*"],"#,
        r#""methods":["POST"],
   "allowed_methods":["GET"],"#,
        1,
    );
    let routes = parse_routes(&report).expect("the report parses");
    assert_eq!(routes[1].allowed_methods, ["GET"]);
    let check = RoutesPlan::new(&routes, "https://api.example", UnsafeCalls::Send).unwrap();
    let write = &check.methods()[1];
    assert!(write.calls.iter().all(|call| call.expected == Verdict::Blocked));
    // The test server grants POST from the page: that now breaks the policy.
    let result = RoutesPlan::new(&routes[..2], "https://api.example", UnsafeCalls::Send)
        .unwrap()
        .run(server(PAGE_ORIGINS, Some("x-total-count")))
        .unwrap();
    assert!(!result.passed());
}

#[test]
fn a_wrapped_policy_is_checked_under_its_prefix_or_skipped_without_one() {
    let report = r#"{"format":1,"routes":[
      {"handler":".wrap(API)","policy":"API","path":"/api","methods":["GET"],"allowed_methods":["GET"],
       "origins":["https://app.example"],"origins_env":null,"headers":[],"expose":[],
       "credentials":false,"max_age":null,"reject_unlisted_writes":true,"wrapped":true},
      {"handler":".wrap(LATER)","policy":"LATER","path":"","methods":["GET"],"allowed_methods":["GET"],
       "origins":["https://app.example"],"origins_env":null,"headers":[],"expose":[],
       "credentials":false,"max_age":null,"wrapped":true}
    ]}"#;
    let routes = parse_routes(report).expect("the report parses");
    assert!(
        routes[0].wrapped && routes[0].reject_unlisted_writes && !routes[1].reject_unlisted_writes
    );
    let plan = RoutesPlan::new(&routes, "https://api.example", UnsafeCalls::Send).unwrap();
    let [under_prefix, unknown] = plan.methods() else { panic!("one method each: {plan:?}") };
    assert_eq!(under_prefix.url(), "https://api.example/api");
    assert_eq!(under_prefix.skipped(), None);
    let skipped = unknown.skipped().expect("no prefix, nothing to call");
    assert_eq!(skipped, &Skipped::PrefixUnknown { handler: ".wrap(LATER)".to_owned() });
    // The one sentence rendered from it, whole: its words once lost a line continuation.
    assert_eq!(
        skipped.to_string(),
        "not checked: .wrap(LATER) had handled no request when the report was made, so the \
         prefix it covers is not known; make the report after one request under it"
    );
}
