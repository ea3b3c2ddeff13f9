//! `cors-check routes` as a CI job runs it: a small `#[cors]` app served over HTTP on loopback,
//! its own report (`cors_runtime::routes_json()`) handed to the binary.

use std::process::{Command, Output};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use actix_web::web::{Data, ServiceConfig};
use actix_web::{App, HttpResponse, delete, get};
use cors_runtime::cors;
use cors_test_support::cli::{self, stderr, stdout};
use cors_test_support::server::LoopbackServer;
use serde_json::Value;

#[cors(
    origins = ["https://app.example", "https://*.preview.app.example"],
    headers = ["Content-Type"],
    expose = ["X-Total-Count"],
    credentials,
)]
#[get("/items/{id:\\d+}")]
async fn read_item() -> HttpResponse {
    HttpResponse::Ok().insert_header(("X-Total-Count", "1")).finish()
}

#[cors(origins = ["https://app.example"], headers = ["Content-Type"], credentials)]
#[delete("/items/{id:\\d+}")]
async fn delete_item(deletions: Data<AtomicUsize>) -> HttpResponse {
    deletions.fetch_add(1, Ordering::SeqCst);
    HttpResponse::NoContent().finish()
}

/// Serves the app; the returned counter says how often the DELETE handler ran.
fn serve() -> (LoopbackServer, Arc<AtomicUsize>) {
    let deletions = Data::new(AtomicUsize::new(0));
    let counter = deletions.clone().into_inner();
    let configure = move |config: &mut ServiceConfig| {
        config.app_data(deletions.clone()).service(read_item).service(delete_item);
    };
    (LoopbackServer::start(move || App::new().configure(configure.clone())), counter)
}

/// Runs `cors-check routes - --base <base> <options>` with `report` on standard input.
fn cors_check_routes(base: &str, report: &str, options: &[&str]) -> Output {
    let routes = ["routes", "-", "--base", base, "--timeout", "5"];
    cli::run(Command::new(env!("CARGO_BIN_EXE_cors-check")).args(routes).args(options), report)
}

#[test]
fn the_apps_own_report_passes_and_exits_0() {
    let (server, deletions) = serve();
    let output = cors_check_routes(&server.url(""), &cors_runtime::routes_json(), &[]);
    let stdout = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{stdout}{}", stderr(&output));
    assert_eq!(
        stdout,
        "ok   DELETE /items/{id:\\d+} delete_item 1 origin, foreign origin blocked\n\
         ok   GET    /items/{id:\\d+} read_item   2 origins, foreign origin blocked, x-total-count exposed\n\
         \n\
         all 2 route methods behave as their policies say\n"
    );
    // The DELETE from the allowed origin was sent after its preflight; the foreign one was not.
    assert_eq!(deletions.load(Ordering::SeqCst), 1);
}

#[test]
fn preflight_only_never_runs_the_delete_handler() {
    let (server, deletions) = serve();
    let output =
        cors_check_routes(&server.url(""), &cors_runtime::routes_json(), &["--preflight-only"]);
    let stdout = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{stdout}{}", stderr(&output));
    assert!(stdout.starts_with(
        "ok   DELETE /items/{id:\\d+} delete_item 1 origin, foreign origin blocked (preflight only)\n"
    ));
    assert_eq!(deletions.load(Ordering::SeqCst), 0);
}

#[test]
fn a_report_the_server_does_not_match_exits_1_naming_the_route_and_the_cause() {
    let (server, _) = serve();
    let report = cors_runtime::routes_json().replace(
        r#""origins":["https://app.example"]"#,
        r#""origins":["https://app.example","https://admin.example"]"#,
    );
    let output = cors_check_routes(&server.url(""), &report, &[]);
    let stdout = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{stdout}{}", stderr(&output));
    let fail = stdout.lines().find(|line| line.starts_with("FAIL")).expect("a FAIL line");
    assert!(
        fail.starts_with(
            "FAIL DELETE /items/{id:\\d+} delete_item: from https://admin.example: blocked — \
             Access to fetch at 'http://127.0.0.1:"
        ) && fail.contains(
            "/items/1' from origin 'https://admin.example' has been blocked by CORS policy: \
             Response to preflight request doesn't pass access control check: No \
             'Access-Control-Allow-Origin' header is present on the requested resource.; fix: \
             add \"https://admin.example\" to `origins`"
        ),
        "{stdout}"
    );
    assert!(stdout.ends_with("1 of 2 route methods do not behave as their policies say\n"));

    let output = cors_check_routes(&server.url(""), &report, &["--json"]);
    assert_eq!(output.status.code(), Some(1));
    let result: Value = serde_json::from_slice(&output.stdout).expect("--json prints JSON");
    assert_eq!(result["passed"], false);
    assert_eq!(result["routes"][0]["handler"], "delete_item");
    assert_eq!(result["routes"][0]["status"], "failed");
    assert_eq!(result["routes"][0]["calls"][1]["origin"], "https://admin.example");
    assert_eq!(
        result["routes"][0]["calls"][1]["report"]["error"]["kind"],
        "PreflightMissingAllowOriginHeader"
    );
    assert_eq!(result["routes"][1]["status"], "ok");
}

#[test]
fn report_and_network_errors_exit_2_with_the_reason() {
    let (server, _) = serve();
    let unloaded = r#"{"format":1,"routes":[{"handler":"catalog","policy":"PARTNERS",
        "path":"/catalog","methods":["GET"],"allowed_methods":["GET"],"origins":[],
        "origins_env":"PARTNER_ORIGINS","headers":[],
        "expose":[],"credentials":true,"max_age":null}]}"#;
    let output = cors_check_routes(&server.url(""), unloaded, &[]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "cors-check: the routes report cannot be checked: GET /catalog (catalog) has no origins: \
         they come from PARTNER_ORIGINS, which was not loaded when the report was made; call \
         cors_runtime::init() (with PARTNER_ORIGINS set as on the server) before \
         cors_runtime::routes_json()\n"
    );
    let output = cors_check_routes(&server.url(""), "<html>", &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output)
            .starts_with("cors-check: the routes report cannot be checked: it is not JSON")
    );

    let output = cli::run(
        Command::new(env!("CARGO_BIN_EXE_cors-check")).args([
            "routes",
            "/nonexistent/routes.json",
            "--base",
            &server.url(""),
        ]),
        "",
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).starts_with(
        "cors-check: cannot read the routes report: the argument is not a readable file"
    ));

    let base = server.url("");
    drop(server);
    let output = cors_check_routes(&base, &cors_runtime::routes_json(), &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).starts_with("cors-check: connection refused by"),
        "{}",
        stderr(&output)
    );
}
