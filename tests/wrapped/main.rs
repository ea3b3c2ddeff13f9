//! Named policies applied with actix's own `.wrap(..)`: to a `web::scope`, a `web::resource`
//! and a whole `App`, over real HTTP on loopback. Preflights are answered before actix's
//! routing, for any path beneath; every response beneath gets the grant, error responses
//! included; a `#[cors]` route inside keeps its own policy; the route report names each
//! application with its prefix.
//!
//! The app sits in app.rs; the tests, here, share its one server (the route report and the
//! logs are the process's).

mod app;

use actix_web::{App, HttpResponse, web};
use cors_test_support::logs::captured_logs;
use cors_test_support::raw_http::{Response, send};
use cors_test_support::server::LoopbackServer;

use app::{ADMIN, ADMIN_HOST, APP, EVIL, FORMS, call, preflight, server};

#[test]
fn preflights_under_a_wrapped_scope_are_answered_before_routing() {
    // actix's method guards would answer this OPTIONS 404 (no route serves OPTIONS).
    let granted = preflight("/api/items/7", APP, "DELETE", Some("content-type,x-request-id"));
    assert_eq!(granted.status, 204, "{granted:?}");
    assert_eq!(granted.single_header("access-control-allow-origin"), Some(APP));
    assert_eq!(granted.single_header("access-control-allow-credentials"), Some("true"));
    assert_eq!(
        granted.single_header("access-control-allow-methods"),
        Some("GET, POST, PUT, DELETE")
    );
    assert_eq!(
        granted.single_header("access-control-allow-headers"),
        Some("content-type, x-request-id")
    );
    assert_eq!(granted.single_header("access-control-max-age"), Some("600"));
    // Any path under the prefix: the policy covers what the scope will ever serve.
    assert_eq!(preflight("/api/not-yet-written", APP, "PUT", None).status, 204);
    assert_eq!(preflight("/api", APP, "PUT", None).status, 204);
}

#[test]
fn refused_preflights_name_their_cause_or_get_nothing() {
    let origin = preflight("/api/items", EVIL, "PUT", None);
    assert_eq!(origin.status, 403);
    assert!(!origin.has_cors_headers(), "{origin:?}");
    // An allowed origin, a method the policy leaves out: the browser names the method.
    let method = preflight("/api/items", APP, "PATCH", None);
    assert_eq!(method.status, 204);
    assert_eq!(method.single_header("access-control-allow-origin"), Some(APP));
    assert_eq!(
        method.single_header("access-control-allow-methods"),
        Some("GET, POST, PUT, DELETE")
    );
    assert_eq!(method.single_header("access-control-max-age"), None);
    let header = preflight("/api/items", APP, "POST", Some("x-debug"));
    assert_eq!(header.status, 204);
    assert_eq!(
        header.single_header("access-control-allow-headers"),
        Some("content-type, x-request-id")
    );
}

#[test]
fn every_response_under_the_scope_carries_the_grant() {
    for (method, path, status) in [
        ("GET", "/api/items", 200),
        ("POST", "/api/items", 400), // the Json extractor's rejection: no body
        ("GET", "/api/broken", 500),
        ("GET", "/api/missing", 404),
    ] {
        let response = call(method, path, APP);
        assert_eq!(response.status, status, "{method} {path}: {response:?}");
        assert_eq!(
            response.single_header("access-control-allow-origin"),
            Some(APP),
            "{method} {path}"
        );
        assert_eq!(response.single_header("access-control-allow-credentials"), Some("true"));
        assert!(response.header_lines("vary").iter().any(|vary| vary.contains("Origin")));
    }
    let listed = call("GET", "/api/items", APP);
    assert_eq!(listed.single_header("access-control-expose-headers"), Some("x-total-count"));
    let refused = call("GET", "/api/items", EVIL);
    assert_eq!(refused.status, 200, "CORS protects the reader: the request still runs");
    assert_eq!(refused.single_header("access-control-allow-origin"), None);
    assert!(refused.header_lines("vary").iter().any(|vary| vary.contains("Origin")));
}

#[test]
fn headers_set_beneath_are_replaced_by_the_policy() {
    let response = call("GET", "/api/leaky", EVIL);
    assert!(!response.has_cors_headers(), "{response:?}");
    let response = call("GET", "/api/leaky", APP);
    assert_eq!(response.single_header("access-control-allow-origin"), Some(APP));
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

#[test]
fn a_policy_without_methods_allows_what_browsers_send_without_asking() {
    let post = preflight("/forms/send", APP, "POST", Some("content-type"));
    assert_eq!(post.status, 204);
    assert_eq!(post.single_header("access-control-allow-headers"), Some("content-type"));
    let put = preflight("/forms/send", APP, "PUT", None);
    assert_eq!(put.status, 204, "refused for its method, so that the browser names it");
    assert_eq!(put.single_header("access-control-allow-methods"), Some("GET, HEAD, POST"));
}

#[test]
fn a_wrapped_resource_answers_its_preflights() {
    let granted = preflight("/admin/cache", ADMIN, "DELETE", None);
    assert_eq!(granted.status, 204);
    assert_eq!(granted.single_header("access-control-allow-origin"), Some(ADMIN));
    assert_eq!(preflight("/admin/cache", APP, "DELETE", None).status, 403);
    let deleted = call("DELETE", "/admin/cache", ADMIN);
    assert_eq!(deleted.status, 204);
    assert_eq!(deleted.single_header("access-control-allow-origin"), Some(ADMIN));
}

#[test]
fn the_whole_app_can_be_wrapped() {
    let server = LoopbackServer::start(|| {
        App::new().wrap(FORMS).route("/anything/{deep}/path", web::get().to(HttpResponse::Ok))
    });
    let preflight = send(
        server.addr(),
        "OPTIONS",
        "/not/routed",
        &[
            ("Origin", APP),
            ("Access-Control-Request-Method", "POST"),
            ("Access-Control-Request-Headers", "content-type"),
        ],
        "",
    );
    assert_eq!(preflight.status, 204);
    assert_eq!(preflight.single_header("access-control-allow-origin"), Some(APP));
    let response = send(server.addr(), "GET", "/anything/x/path", &[("Origin", APP)], "");
    assert_eq!(response.status, 200);
    assert_eq!(response.single_header("access-control-allow-origin"), Some(APP));
}

#[test]
fn the_report_names_each_application_with_its_prefix() {
    call("GET", "/api/items", APP);
    call("DELETE", "/admin/cache", ADMIN);
    let table = cors_runtime::routes_table();
    let api =
        table.lines().find(|line| line.contains("/api/*")).unwrap_or_else(|| panic!("{table}"));
    assert!(
        api.contains(".wrap(API)") && api.contains("origins: https://app.example.com;"),
        "{api}"
    );
    assert!(api.trim_start().starts_with("GET,POST,PUT,DELETE"), "{api}");
    assert!(table.contains("/admin/cache/*"), "{table}");
    let json = cors_runtime::routes_json();
    let report: serde_json::Value = serde_json::from_str(&json).expect("routes_json is JSON");
    let api = report["routes"]
        .as_array()
        .and_then(|routes| {
            routes.iter().find(|route| route["wrapped"] == true && route["path"] == "/api")
        })
        .unwrap_or_else(|| panic!("{json}"));
    assert_eq!(api["handler"], ".wrap(API)");
    assert_eq!(api["policy"], "API");
    assert_eq!(api["methods"], serde_json::json!(["GET", "POST", "PUT", "DELETE"]));
    assert_eq!(
        (&api["credentials"], &api["reject_unlisted_writes"]),
        (&serde_json::json!(true), &serde_json::json!(false))
    );
}

#[test]
fn the_prefix_is_read_from_the_segments_place_not_from_the_first_request_text() {
    cors_runtime::policy! {
        /// Applied to one scope with a dynamic segment.
        PROFILES(origins = ["https://app.example.com"]);
    }
    let server = LoopbackServer::start(|| {
        App::new().service(
            web::scope("/users/{id}")
                .wrap(PROFILES)
                .route("/posts", web::post().to(HttpResponse::Ok)),
        )
    });
    // The segment's value also appears earlier in the path: a text search put `{id}` there.
    send(server.addr(), "POST", "/users/users/posts", &[("Origin", APP)], "");
    let report: serde_json::Value =
        serde_json::from_str(&cors_runtime::routes_json()).expect("routes_json is JSON");
    let paths: Vec<&serde_json::Value> = report["routes"]
        .as_array()
        .expect("routes")
        .iter()
        .filter(|route| route["policy"] == "PROFILES")
        .map(|route| &route["path"])
        .collect();
    assert_eq!(paths, [&serde_json::json!("/users/{id}")], "{report}");
}

#[test]
fn each_application_and_its_prefix_are_logged_once() {
    call("GET", "/api/items", APP);
    call("GET", "/api/items", APP);
    let logs = captured_logs();
    let applied: Vec<&String> = logs
        .iter()
        .filter(|line| line.starts_with("CORS policy `API` is applied with .wrap(API)"))
        .collect();
    assert_eq!(applied.len(), 1, "{logs:#?}");
    let covers: Vec<&String> = logs
        .iter()
        .filter(|line| *line == "CORS policy `API` (.wrap(API)) covers /api/*")
        .collect();
    assert_eq!(covers.len(), 1, "{logs:#?}");
}

#[test]
fn refusals_under_a_wrapped_policy_say_where_to_fix_them() {
    preflight("/forms/send", "https://forms-refusal.example", "POST", None);
    let logs = captured_logs();
    assert!(
        logs.iter().any(|line| line.contains("\"https://forms-refusal.example\"")
            && line.contains("in the policy `FORMS` (used by `.wrap(FORMS)`)")),
        "{logs:#?}"
    );
}
