//! `methods`, `headers`, `expose` and `max_age` read from the deployment when the application
//! starts: refused until `cors_runtime::init` loads them, every problem reported at once with
//! its variable and fix, then granted exactly as the variables say, over real HTTP on loopback.
//!
//! One test: `init` loads every variable of the program once, so the steps share one process.

use actix_web::{App, HttpResponse, get, put};
use cors_check_core::routes::{RoutesError, parse_routes};
use cors_runtime::{cors, policy};
use cors_test_support::raw_http::{self, Response, send};
use cors_test_support::server::LoopbackServer;

#[cors(
    origins = ["https://myapp.com"],
    headers = env("TEST_ITEM_HEADERS"),
    max_age = env("TEST_ITEM_MAX_AGE"),
    credentials,
)]
#[put("/items")]
async fn put_item() -> HttpResponse {
    HttpResponse::Ok().finish()
}

#[cors(origins = ["https://myapp.com"], methods = env("TEST_ORDER_METHODS"))]
#[actix_web::route("/orders", method = "GET", method = "PUT", method = "DELETE")]
async fn orders() -> HttpResponse {
    HttpResponse::Ok().insert_header(("X-Total-Count", "3")).finish()
}

policy! {
    /// What pages may read differs per deployment.
    REPORTS(origins = ["https://myapp.com"], expose = env("TEST_REPORT_EXPOSE"));
}

#[cors(policy = REPORTS)]
#[get("/reports")]
async fn reports() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(("X-Total-Count", "3"))
        .insert_header(("X-Secret", "s"))
        .finish()
}

fn preflight(server: &LoopbackServer, path: &str, method: &str, headers: &str) -> Response {
    let headers = (!headers.is_empty()).then_some(headers);
    raw_http::preflight(server.addr(), path, "https://myapp.com", method, headers)
}

fn deployment(variable: &str) -> Option<String> {
    let value = match variable {
        "TEST_ITEM_HEADERS" => " Content-Type , X-Request-Id",
        "TEST_ITEM_MAX_AGE" => "600",
        "TEST_ORDER_METHODS" => "PUT",
        "TEST_REPORT_EXPOSE" => "X-Total-Count",
        _ => return None,
    };
    Some(value.to_owned())
}

#[test]
fn lists_from_the_deployment_are_refused_until_loaded_checked_at_once_then_granted_as_read() {
    let server =
        LoopbackServer::start(|| App::new().service(put_item).service(orders).service(reports));

    // Before init: closed, whatever is asked.
    assert_eq!(preflight(&server, "/items", "PUT", "content-type").status, 403);
    assert_eq!(preflight(&server, "/orders", "PUT", "").status, 403);
    let read = send(server.addr(), "GET", "/reports", &[("Origin", "https://myapp.com")], "");
    assert_eq!(read.status, 200);
    assert!(!read.has_cors_headers(), "{read:?}");

    // `cors-check routes` refuses a report made before the lists were loaded, naming them.
    let early = parse_routes(&cors_runtime::routes_json()).unwrap_err();
    assert!(
        matches!(early, RoutesError::ListsNotLoaded(ref routes) if routes.len() == 3),
        "{early}"
    );
    assert!(early.to_string().contains("`headers` from TEST_ITEM_HEADERS"), "{early}");

    let unset = cors_runtime::init_with(|_| None).unwrap_err();
    for variable in
        ["TEST_ITEM_HEADERS", "TEST_ITEM_MAX_AGE", "TEST_ORDER_METHODS", "TEST_REPORT_EXPOSE"]
    {
        assert!(
            unset
                .problems()
                .iter()
                .any(|problem| problem.starts_with(&format!("{variable} is not set: set it to"))),
            "{unset}"
        );
    }

    let invalid = cors_runtime::init_with(|variable| {
        let value = match variable {
            "TEST_ITEM_HEADERS" => "Content-Type, Cookie, *, content-type",
            "TEST_ITEM_MAX_AGE" => "1h",
            "TEST_ORDER_METHODS" => "PUT, PATCH, delete",
            _ => return deployment(variable),
        };
        Some(value.to_owned())
    })
    .unwrap_err();
    // Every problem at once, each at its variable and entry, with the fix; in any order, as
    // the routes are linked.
    let mut problems = invalid.problems().to_vec();
    problems.sort();
    let mut expected = [
        "TEST_ITEM_MAX_AGE `1h` is not a whole number of seconds\n    help: set TEST_ITEM_MAX_AGE to a number of seconds from 0 to 86400, e.g. TEST_ITEM_MAX_AGE=3600",
        "TEST_ITEM_HEADERS entry 2 `Cookie`: browsers never let a page set `Cookie` (a forbidden request header); they send it themselves, so listing it has no effect\n    help: remove `Cookie`",
        "TEST_ITEM_HEADERS entry 3 `*`: `*` in `headers` cannot be combined with `credentials`: browsers refuse the wildcard when a request carries cookies or HTTP authentication, and block the call\n    help: list the exact names in `headers`, or remove `credentials`",
        "TEST_ITEM_HEADERS entry 4 `content-type`: `content-type` is listed twice in `headers`\n    help: remove the second `content-type`",
        "TEST_ORDER_METHODS entry 2 `PATCH`: `PATCH` is not a method of `orders`, which serves GET, PUT, DELETE: its preflight would never reach this handler\n    help: remove `PATCH` from TEST_ORDER_METHODS, or serve it with `#[route(\"/path\", method = \"PATCH\", ...)]`",
        "TEST_ORDER_METHODS entry 3 `delete`: methods are case-sensitive and browsers send `DELETE`, so `delete` never matches\n    help: write `DELETE`",
    ];
    expected.sort_unstable();
    assert_eq!(problems, expected, "{invalid}");
    assert_eq!(preflight(&server, "/items", "PUT", "content-type").status, 403, "still closed");

    cors_runtime::init_with(deployment).expect("valid values load");
    assert_eq!(
        parse_routes(&cors_runtime::routes_json()).expect("loaded lists are checked").len(),
        3
    );
    let granted = preflight(&server, "/items", "PUT", "content-type,x-request-id");
    assert_eq!(granted.status, 204);
    assert_eq!(granted.single_header("access-control-allow-origin"), Some("https://myapp.com"));
    assert_eq!(
        granted.single_header("access-control-allow-headers"),
        Some("content-type, x-request-id")
    );
    assert_eq!(granted.single_header("access-control-max-age"), Some("600"));
    assert_eq!(granted.single_header("access-control-allow-credentials"), Some("true"));
    // A header the variable does not list: refused so that the browser names it.
    let unlisted = preflight(&server, "/items", "PUT", "x-debug");
    assert_eq!(
        unlisted.single_header("access-control-allow-headers"),
        Some("content-type, x-request-id")
    );
    assert_eq!(unlisted.single_header("access-control-max-age"), None);

    assert_eq!(preflight(&server, "/orders", "PUT", "").status, 204);
    let delete = preflight(&server, "/orders", "DELETE", "");
    assert_eq!(delete.single_header("access-control-allow-methods"), Some("PUT"), "{delete:?}");

    let read = send(server.addr(), "GET", "/reports", &[("Origin", "https://myapp.com")], "");
    assert_eq!(read.single_header("access-control-allow-origin"), Some("https://myapp.com"));
    assert_eq!(read.single_header("access-control-expose-headers"), Some("x-total-count"));

    let policy = |handler: &str| {
        let route = cors_runtime::routes().into_iter().find(|route| route.handler() == handler);
        route.expect("linked in").policy()
    };
    let items = policy("put_item");
    assert_eq!(items.headers().collect::<Vec<_>>(), ["content-type", "x-request-id"]);
    assert_eq!(items.max_age(), Some(600));
    assert_eq!(
        items.keys_from_env().collect::<Vec<_>>(),
        [("headers", "TEST_ITEM_HEADERS"), ("max_age", "TEST_ITEM_MAX_AGE")]
    );
    assert_eq!(policy("orders").methods().collect::<Vec<_>>(), ["PUT"]);

    let table = cors_runtime::routes_table();
    assert!(
        table.contains(
            "headers: content-type, x-request-id (from TEST_ITEM_HEADERS); expose: -; credentials: yes; max_age: 600s (from TEST_ITEM_MAX_AGE)"
        ),
        "{table}"
    );
    assert!(
        table.contains("max_age: -; allowed methods: PUT (from TEST_ORDER_METHODS)"),
        "{table}"
    );
    let report: serde_json::Value =
        serde_json::from_str(&cors_runtime::routes_json()).expect("the report is JSON");
    let routes = report["routes"].as_array().expect("routes");
    let reported = routes.iter().find(|route| route["handler"] == "orders").expect("reported");
    assert_eq!(reported["methods_env"], "TEST_ORDER_METHODS");
    assert_eq!(reported["headers_env"], serde_json::Value::Null);
    assert_eq!(reported["allowed_methods"], serde_json::json!(["PUT"]));
}
