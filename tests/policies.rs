//! Named policies shared by handlers, origins read when the application starts, and the report
//! of every route's policy.

use std::sync::OnceLock;

use actix_web::web::ServiceConfig;
use actix_web::{App, HttpResponse, delete, get, post};
use cors_runtime::cors;
use cors_test_support::logs::{capture_logs, captured_logs};
use cors_test_support::raw_http::{self, Response, send};
use cors_test_support::server::LoopbackServer;

mod policies {
    cors_runtime::policy! {
        /// The JSON API, called with cookies from the web app and its previews.
        pub API(
            origins = ["https://myapp.com", "https://*.preview.myapp.com"],
            headers = ["Content-Type"],
            methods = [GET, POST],
            expose = ["X-Request-Id"],
            credentials,
            max_age = 600,
        );
        /// Partner sites differ per deployment: their origins come from PARTNER_ORIGINS.
        pub PARTNERS(origins = env("PARTNER_ORIGINS"), credentials);
    }
}

#[cors(policy = policies::API)]
#[get("/items")]
async fn list_items() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(("X-Request-Id", "1"))
        .insert_header(("X-Total-Count", "9"))
        .finish()
}

#[cors(policy = policies::API, expose = ["X-Total-Count"])]
#[post("/items")]
async fn create_item() -> HttpResponse {
    HttpResponse::Created()
        .insert_header(("X-Request-Id", "2"))
        .insert_header(("X-Total-Count", "10"))
        .finish()
}

/// The policy allows GET and POST; this route serves DELETE, which the policy does not cover.
#[cors(policy = policies::API)]
#[actix_web::route("/items/{id}", method = "GET", method = "DELETE")]
async fn item() -> HttpResponse {
    HttpResponse::Ok().finish()
}

#[cors(policy = policies::PARTNERS)]
#[get("/catalog")]
async fn catalog() -> HttpResponse {
    HttpResponse::Ok().finish()
}

#[cors(origins = ["https://admin.myapp.com"])]
#[delete("/cache")]
async fn clear_cache() -> HttpResponse {
    HttpResponse::NoContent().finish()
}

/// A policy from another crate of the workspace, named by its path.
#[cors(policy = cors_test_support::policies::SHARED_API)]
#[post("/shared")]
async fn shared() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn app(config: &mut ServiceConfig) {
    config
        .service(list_items)
        .service(create_item)
        .service(item)
        .service(catalog)
        .service(clear_cache)
        .service(shared);
}

fn server() -> &'static LoopbackServer {
    static SERVER: OnceLock<LoopbackServer> = OnceLock::new();
    SERVER.get_or_init(|| {
        capture_logs();
        LoopbackServer::start(|| App::new().configure(app))
    })
}

fn preflight(path: &str, origin: &str, method: &str) -> Response {
    raw_http::preflight(server().addr(), path, origin, method, None)
}

#[test]
fn handlers_share_a_named_policy() {
    for (method, path) in [("GET", "/items"), ("POST", "/items")] {
        let response = preflight(path, "https://myapp.com", method);
        assert_eq!(response.status, 204, "{method} {path}");
        assert_eq!(response.single_header("access-control-allow-credentials"), Some("true"));
        assert_eq!(response.single_header("access-control-max-age"), Some("600"));
    }
    let preview = preflight("/items", "https://pr-7.preview.myapp.com", "GET");
    assert_eq!(
        preview.single_header("access-control-allow-origin"),
        Some("https://pr-7.preview.myapp.com")
    );
    assert_eq!(preflight("/items", "https://evil.example", "GET").status, 403);
}

#[test]
fn refusals_name_the_policy_to_change() {
    preflight("/items", "https://unlisted.example", "GET");
    let logs = captured_logs();
    let refusal =
        logs.iter().find(|line| line.contains("https://unlisted.example")).expect("refusal logged");
    assert!(
        refusal.contains("add \"https://unlisted.example\" to `origins` in the policy `API` (used by `list_items`)"),
        "{refusal}"
    );
}

#[test]
fn a_policy_from_another_crate_applies() {
    let response = send(
        server().addr(),
        "OPTIONS",
        "/shared",
        &[
            ("Origin", "https://shared.example"),
            ("Access-Control-Request-Method", "POST"),
            ("Access-Control-Request-Headers", "content-type"),
        ],
        "",
    );
    assert_eq!(response.status, 204);
    assert_eq!(
        response.single_header("access-control-allow-origin"),
        Some("https://shared.example")
    );
    assert_eq!(response.single_header("access-control-max-age"), Some("60"));
    assert_eq!(preflight("/shared", "https://myapp.com", "POST").status, 403);
}

#[test]
fn a_handler_adds_exposed_headers_to_the_policy() {
    let list = send(server().addr(), "GET", "/items", &[("Origin", "https://myapp.com")], "");
    assert_eq!(list.single_header("access-control-expose-headers"), Some("x-request-id"));
    let create = send(server().addr(), "POST", "/items", &[("Origin", "https://myapp.com")], "");
    assert_eq!(
        create.single_header("access-control-expose-headers"),
        Some("x-request-id, x-total-count")
    );
}

#[test]
fn policy_methods_apply_where_the_route_serves_them() {
    assert_eq!(preflight("/items/1", "https://myapp.com", "GET").status, 204);
    // Refused with the policy's own methods, so the browser names DELETE as the cause.
    let delete = preflight("/items/1", "https://myapp.com", "DELETE");
    assert_eq!(delete.status, 204, "{delete:?}");
    assert_eq!(delete.single_header("access-control-allow-origin"), Some("https://myapp.com"));
    assert_eq!(delete.single_header("access-control-allow-credentials"), Some("true"));
    assert_eq!(delete.single_header("access-control-allow-methods"), Some("GET"));
    assert_eq!(delete.single_header("access-control-max-age"), None);
}

#[test]
fn origins_env_the_deployment_are_checked_loaded_once_and_used() {
    // Before the application loads them, the route allows no origin: closed, never open.
    assert_eq!(preflight("/catalog", "https://partner.example", "GET").status, 403);
    assert!(captured_logs().iter().any(|line| line.contains("call cors_runtime::init()")));

    let missing = cors_runtime::init_with(|_| None).unwrap_err();
    assert_eq!(missing.problems().len(), 1, "{missing}");
    assert!(missing.to_string().contains("PARTNER_ORIGINS is not set"), "{missing}");

    let invalid = cors_runtime::init_with(|variable| {
        (variable == "PARTNER_ORIGINS")
            .then(|| "https://partner.example/, *, http://partner.example, null".to_owned())
    })
    .unwrap_err();
    let message = invalid.to_string();
    for expected in [
        "PARTNER_ORIGINS entry 1 `https://partner.example/`",
        "write it as browsers send it: `https://partner.example`",
        "PARTNER_ORIGINS entry 2 `*`",
        "PARTNER_ORIGINS entry 3 `http://partner.example`",
        "PARTNER_ORIGINS entry 4 `null`",
    ] {
        assert!(message.contains(expected), "missing {expected:?} in:\n{message}");
    }
    assert_eq!(preflight("/catalog", "https://partner.example", "GET").status, 403);

    cors_runtime::init_with(|variable| {
        (variable == "PARTNER_ORIGINS")
            .then(|| " https://partner.example , https://*.partners.example".to_owned())
    })
    .expect("valid origins load");
    let allowed = preflight("/catalog", "https://partner.example", "GET");
    assert_eq!(allowed.status, 204);
    assert_eq!(
        allowed.single_header("access-control-allow-origin"),
        Some("https://partner.example")
    );
    assert_eq!(allowed.single_header("access-control-allow-credentials"), Some("true"));
    assert_eq!(preflight("/catalog", "https://shop.partners.example", "GET").status, 204);
    assert_eq!(preflight("/catalog", "https://partner.example.evil", "GET").status, 403);
    let logs = captured_logs();
    assert!(
        logs.iter().any(|line| line.contains(
            "CORS origins from PARTNER_ORIGINS: https://partner.example, https://*.partners.example"
        )),
        "{logs:#?}"
    );
    // A look-alike of a listed origin is named as such, with the variable, never plainly advised.
    assert!(
        logs.iter().any(|line| line.contains(
            "\"https://partner.example.evil\" imitates https://partner.example (its host with more labels after it), as CORS scanners' probes do: nothing to change unless that page is really yours and should call this route; then add it to the PARTNER_ORIGINS variable"
        )),
        "{logs:#?}"
    );
    assert!(!logs.iter().any(|line| line.contains("add \"https://partner.example.evil\"")));
    assert_eq!(
        preflight("/items", "https://partner.example", "GET").status,
        403,
        "only PARTNERS uses the variable"
    );
}

#[test]
fn every_route_is_in_the_report() {
    let routes = cors_runtime::routes();
    let summary: Vec<(&str, &str, &[&str], Option<&str>)> = routes
        .iter()
        .map(|route| (route.path(), route.handler(), route.methods(), route.policy_name()))
        .collect();
    assert_eq!(
        summary,
        [
            ("/cache", "clear_cache", &["DELETE"][..], None),
            ("/catalog", "catalog", &["GET"][..], Some("PARTNERS")),
            ("/items", "create_item", &["POST"][..], Some("API")),
            ("/items", "list_items", &["GET"][..], Some("API")),
            ("/items/{id}", "item", &["GET", "DELETE"][..], Some("API")),
            ("/shared", "shared", &["POST"][..], Some("SHARED_API")),
        ]
    );

    let json: serde_json::Value =
        serde_json::from_str(&cors_runtime::routes_json()).expect("the report is JSON");
    let create = &json["routes"][2];
    assert_eq!(create["handler"], "create_item");
    assert_eq!(create["policy"], "API");
    assert_eq!(create["methods"], serde_json::json!(["POST"]));
    assert_eq!(create["allowed_methods"], serde_json::json!(["POST"]));
    let item_route = &json["routes"][4];
    assert_eq!(item_route["methods"], serde_json::json!(["GET", "DELETE"]));
    assert_eq!(
        item_route["allowed_methods"],
        serde_json::json!(["GET"]),
        "the policy allows GET and POST, the route serves GET"
    );
    assert_eq!(
        create["origins"],
        serde_json::json!(["https://myapp.com", "https://*.preview.myapp.com"])
    );
    assert_eq!(create["origins_env"], serde_json::Value::Null);
    assert_eq!(create["headers"], serde_json::json!(["content-type"]));
    assert_eq!(create["expose"], serde_json::json!(["x-request-id", "x-total-count"]));
    assert_eq!(create["credentials"], true);
    assert_eq!(create["max_age"], 600);
    assert_eq!(json["routes"][1]["origins_env"], "PARTNER_ORIGINS");
    assert_eq!(json["routes"][0]["max_age"], serde_json::Value::Null);
    assert_eq!(json["routes"][0]["credentials"], false);

    let table = cors_runtime::routes_table();
    assert!(
        table.starts_with("CORS policies of 6 route(s) and 0 policy(ies) applied with .wrap(..):"),
        "{table}"
    );
    assert!(
        table.lines().any(|line| line.contains("/items")
            && line.contains("list_items")
            && line.contains("credentials: yes")),
        "{table}"
    );
    assert!(table.contains("(from PARTNER_ORIGINS)"), "{table}");
}
