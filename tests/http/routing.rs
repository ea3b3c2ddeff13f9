//! `#[cors]` among actix-web's routing: several handlers on one path, `#[route]` and `#[routes]`,
//! route names, scopes and the user's own guards.

use cors_test_support::raw_http::send;

use super::{ADMIN, APP, get, preflight, server};

#[test]
fn handlers_on_one_path_answer_preflights_for_their_own_method() {
    assert_eq!(preflight("/api/data", APP, "GET", &[]).status, 204);
    assert_eq!(preflight("/api/data", APP, "POST", &["content-type"]).status, 403);
    let admin = preflight("/api/data", ADMIN, "POST", &["content-type"]);
    assert_eq!(admin.status, 204);
    assert_eq!(admin.single_header("access-control-allow-origin"), Some(ADMIN));
    assert_eq!(admin.single_header("access-control-allow-methods"), None, "POST is safelisted");
    assert_eq!(preflight("/api/data", ADMIN, "GET", &[]).status, 403);
}

#[test]
fn method_outside_the_policy_is_refused_in_preflight_and_not_granted() {
    assert_eq!(preflight("/narrow", APP, "GET", &[]).status, 204);
    let refused = preflight("/narrow", APP, "DELETE", &[]);
    assert_eq!(refused.single_header("access-control-allow-methods"), Some("GET"), "{refused:?}");
    let delete = send(server().addr(), "DELETE", "/narrow", &[("Origin", APP)], "");
    assert_eq!(delete.status, 200);
    assert!(!delete.has_cors_headers());
}

#[test]
fn routes_attribute_gets_a_preflight_per_path() {
    let a = preflight("/multi/a", APP, "GET", &["x-custom"]);
    assert_eq!(a.status, 204);
    let b = preflight("/multi/b", APP, "DELETE", &["x-custom"]);
    assert_eq!(b.status, 204);
    assert_eq!(b.single_header("access-control-allow-methods"), Some("GET, DELETE"));
    assert_ne!(preflight("/multi/a", APP, "DELETE", &[]).status, 204);
    let delete = send(server().addr(), "DELETE", "/multi/b", &[("Origin", APP)], "");
    assert_eq!(delete.single_header("access-control-allow-origin"), Some(APP));
}

#[test]
fn route_names_and_path_parameters_keep_working() {
    let response = get("/items/7", Some(APP));
    assert_eq!(response.body, "/items/7");
    assert_eq!(response.single_header("access-control-allow-origin"), Some(APP));
    assert_eq!(preflight("/items/7", APP, "GET", &[]).status, 204);
}

#[test]
fn scoped_routes_get_their_preflight_under_the_scope() {
    let response = preflight("/v1/nested/api/data", APP, "GET", &["x-request-id"]);
    assert_eq!(response.status, 204);
    assert_eq!(
        get("/v1/nested/api/data", Some(APP)).single_header("access-control-allow-origin"),
        Some(APP)
    );
    let v2 = preflight("/v2/status", APP, "GET", &["x-version"]);
    assert_eq!(v2.status, 204);
    assert_eq!(get("/v2/status", Some(APP)).body, "v2");
}

#[test]
fn user_guards_decide_preflights_unless_the_route_says_they_cannot() {
    let preflight_skips_guards = preflight("/keyed", APP, "GET", &["x-api-key"]);
    assert_eq!(preflight_skips_guards.status, 204, "{preflight_skips_guards:?}");
    let with_key =
        send(server().addr(), "GET", "/keyed", &[("Origin", APP), ("X-Api-Key", "k")], "");
    assert_eq!(with_key.body, "keyed");
    assert_eq!(with_key.single_header("access-control-allow-origin"), Some(APP));
    let without_key = get("/keyed", Some(APP));
    assert_eq!(without_key.status, 404, "the guard still turns the route's own requests away");
    // Asked about the preflight, which carries no key, the guard refuses it: no grant.
    let strict = preflight("/keyed-strict", APP, "GET", &["x-api-key"]);
    assert_eq!(strict.status, 404, "{strict:?}");
    assert!(!strict.has_cors_headers(), "{strict:?}");
}
