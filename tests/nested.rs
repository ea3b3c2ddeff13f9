//! A `#[cors]` route beneath a named policy applied with `.wrap(..)`, over real HTTP on
//! loopback: the route's own policy decides for its preflights and its responses (error pages
//! included), so the policy around it never grants more, nor less; a preflight no `#[cors]`
//! route beneath takes is the wrapped policy's; one a middleware beneath turns away is never
//! the wrapped policy's; each such route is logged once and marked in the report.

use std::sync::OnceLock;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::guard::{self, Guard, GuardContext};
use actix_web::middleware::{Next, from_fn};
use actix_web::web;
use actix_web::{App, HttpResponse, delete, error, get};
use cors_runtime::cors;
use cors_test_support::logs::{capture_logs, captured_logs};
use cors_test_support::raw_http::{self, Response, send};
use cors_test_support::server::LoopbackServer;

const APP: &str = "https://app.example.com";
const ADMIN: &str = "https://admin.example.com";

cors_runtime::policy! {
    /// The web app's calls to the API, with credentials.
    API(
        origins = ["https://app.example.com"],
        methods = [GET, POST, DELETE],
        headers = ["Content-Type", "X-Request-Id"],
        credentials,
    );
}

/// A `#[cors]` route with a policy of its own, registered inside the wrapped scope: its own
/// policy decides for it.
#[cors(origins = ["https://admin.example.com"], headers = ["X-Admin"])]
#[get("/inner")]
async fn inner() -> HttpResponse {
    HttpResponse::Ok().body("inner")
}

/// Fails inside the wrapped scope: its error page still gets its own policy's grant.
#[cors(origins = ["https://admin.example.com"])]
#[get("/inner-broken")]
async fn inner_broken() -> Result<HttpResponse, actix_web::Error> {
    Err(error::ErrorInternalServerError("deliberate failure"))
}

const ADMIN_HOST: &str = "admin-api.example.com";

fn admin_host(ctx: &GuardContext<'_>) -> bool {
    guard::Host(ADMIN_HOST).check(ctx)
}

/// The admin host's delete, beside a plain one for every other host on the same path.
#[cors(origins = ["https://admin.example.com"], methods = [DELETE])]
#[delete("/thing", guard = "admin_host")]
async fn admin_thing() -> HttpResponse {
    HttpResponse::Ok().body("admin thing")
}

/// Behind a session check that, like many, also turns preflights away.
#[cors(origins = ["https://admin.example.com"], methods = [DELETE])]
#[delete("/thing")]
async fn session_thing() -> HttpResponse {
    HttpResponse::Ok().body("session thing")
}

async fn require_session(
    request: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    if request.headers().contains_key("cookie") {
        Ok(next.call(request).await?.map_into_left_body())
    } else {
        Ok(request.into_response(HttpResponse::Unauthorized().finish()).map_into_right_body())
    }
}

fn server() -> &'static LoopbackServer {
    static SERVER: OnceLock<LoopbackServer> = OnceLock::new();
    SERVER.get_or_init(|| {
        capture_logs();
        LoopbackServer::start(|| {
            App::new()
                .service(
                    web::scope("/api")
                        .wrap(API)
                        .route("/items", web::get().to(HttpResponse::Ok))
                        .service(inner)
                        .service(inner_broken),
                )
                .service(
                    web::scope("/hosts")
                        .wrap(API)
                        .service(admin_thing)
                        .route("/thing", web::delete().to(|| async { "plain thing" })),
                )
                .service(
                    web::scope("/session")
                        .wrap(from_fn(require_session))
                        .wrap(API)
                        .service(session_thing),
                )
        })
    })
}

fn preflight(path: &str, origin: &str, method: &str, request_headers: Option<&str>) -> Response {
    raw_http::preflight(server().addr(), path, origin, method, request_headers)
}

fn call(method: &str, path: &str, origin: &str) -> Response {
    send(server().addr(), method, path, &[("Origin", origin)], "")
}

#[test]
fn a_cors_route_inside_keeps_its_own_policy() {
    // The scope's policy grants the app's page with credentials; the route lists only the
    // admin page, without credentials, and allows X-Admin.
    let admin = preflight("/api/inner", ADMIN, "GET", Some("x-admin"));
    assert_eq!(admin.status, 204, "{admin:?}");
    assert_eq!(admin.single_header("access-control-allow-origin"), Some(ADMIN));
    assert_eq!(admin.single_header("access-control-allow-headers"), Some("x-admin"));
    let app = preflight("/api/inner", APP, "GET", Some("x-admin"));
    assert!(!app.has_cors_headers(), "the scope's grant does not reach the route: {app:?}");
    let app = call("GET", "/api/inner", APP);
    assert_eq!(app.body, "inner");
    assert!(!app.has_cors_headers(), "{app:?}");
    assert_eq!(app.single_header("vary"), Some("Origin"));
    let admin = call("GET", "/api/inner", ADMIN);
    assert_eq!(admin.single_header("access-control-allow-origin"), Some(ADMIN), "{admin:?}");
    assert_eq!(admin.single_header("access-control-allow-credentials"), None);
    assert_eq!(admin.single_header("vary"), Some("Origin"), "one Vary, not one per layer");
    // Every other route of the scope is still the scope's.
    let items = preflight("/api/items", APP, "GET", None);
    assert_eq!(items.single_header("access-control-allow-origin"), Some(APP));
    assert_eq!(preflight("/api/items", ADMIN, "GET", None).status, 403);
}

#[test]
fn a_cors_route_insides_error_pages_keep_its_own_policy() {
    let admin = call("GET", "/api/inner-broken", ADMIN);
    assert_eq!(admin.status, 500);
    assert_eq!(admin.single_header("access-control-allow-origin"), Some(ADMIN), "{admin:?}");
    let app = call("GET", "/api/inner-broken", APP);
    assert_eq!(app.status, 500);
    assert!(!app.has_cors_headers(), "{app:?}");
    assert_eq!(app.single_header("vary"), Some("Origin"));
}

fn preflight_to(host: &str, path: &str, origin: &str) -> Response {
    let headers = [("Host", host), ("Origin", origin), ("Access-Control-Request-Method", "DELETE")];
    send(server().addr(), "OPTIONS", path, &headers, "")
}

#[test]
fn a_preflight_no_cors_route_beneath_takes_is_the_wrapped_policys() {
    // The admin host's route answers its own preflights, with its own policy.
    let admin = preflight_to(ADMIN_HOST, "/hosts/thing", ADMIN);
    assert_eq!(admin.status, 204, "{admin:?}");
    assert_eq!(admin.single_header("access-control-allow-origin"), Some(ADMIN));
    assert!(!preflight_to(ADMIN_HOST, "/hosts/thing", APP).has_cors_headers());
    // Another host's request goes to the plain handler, which the scope's policy covers.
    let plain = preflight_to("api.example.com", "/hosts/thing", APP);
    assert_eq!(plain.status, 204, "{plain:?}");
    assert_eq!(plain.single_header("access-control-allow-origin"), Some(APP));
    assert!(!preflight_to("api.example.com", "/hosts/thing", ADMIN).has_cors_headers());
}

#[test]
fn a_preflight_a_middleware_beneath_turns_away_is_never_the_wrapped_policys() {
    // The session check answers 401 before the route: the scope's policy, which allows the
    // app's page to DELETE, must not answer in the route's place.
    let app = preflight_to("localhost", "/session/thing", APP);
    assert_eq!(app.status, 401, "{app:?}");
    assert!(!app.has_cors_headers(), "{app:?}");
    let admin = preflight_to("localhost", "/session/thing", ADMIN);
    assert!(!admin.has_cors_headers(), "{admin:?}");
}

#[test]
fn a_cors_route_inside_is_logged_once_and_reported() {
    call("GET", "/api/inner", ADMIN);
    call("GET", "/api/inner", APP);
    let logs = captured_logs();
    let noted: Vec<&String> = logs
        .iter()
        .filter(|line| line.starts_with("CORS: `inner` is beneath a policy applied with .wrap(..)"))
        .collect();
    assert_eq!(noted.len(), 1, "{logs:#?}");
    let table = cors_runtime::routes_table();
    let line =
        table.lines().find(|line| line.contains("/inner ")).unwrap_or_else(|| panic!("{table}"));
    assert!(line.contains("beneath a .wrap(..), which its own policy overrides here"), "{line}");
    let report: serde_json::Value =
        serde_json::from_str(&cors_runtime::routes_json()).expect("routes_json is JSON");
    let route = report["routes"]
        .as_array()
        .and_then(|routes| routes.iter().find(|route| route["handler"] == "inner"))
        .unwrap_or_else(|| panic!("{report}"));
    assert_eq!(route["under_wrap"], true);
}
