//! `origins = tenants(SET)`: each tenant's origins, changed while the server runs, over real
//! HTTP on loopback. A request is granted only with its own tenant's origins (by `Host` or by
//! a path segment); an unknown tenant or a set never loaded gets nothing; a removal holds on
//! the next request; requests streaming from several threads while the sets change never see
//! another tenant's grant; refusals name the tenant and the fix.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use std::time::Duration;

use actix_web::{App, HttpResponse, get, put};
use cors_check_core::http::HttpTransport;
use cors_check_core::routes::{RoutesPlan, UnsafeCalls, parse_routes};
use cors_runtime::{TenantOrigins, cors, policy};
use cors_test_support::logs::{capture_logs, captured_logs};
use cors_test_support::raw_http::{Response, send};
use cors_test_support::server::LoopbackServer;
use serde_json::Value;

/// Customers who call the API on a host of their own.
static CUSTOMERS: TenantOrigins = TenantOrigins::by_host();
/// Workspaces under `/w/{workspace}/..`.
static WORKSPACES: TenantOrigins = TenantOrigins::by_path("workspace");
/// Never loaded: its routes grant nothing.
static NEVER_LOADED: TenantOrigins = TenantOrigins::by_host();

policy! {
    /// The customers' API: credentialed reads and writes from each customer's own pages.
    CUSTOMER_API(
        origins = tenants(CUSTOMERS),
        methods = [GET, PUT],
        headers = ["Content-Type"],
        credentials,
        max_age = 600,
        reject_unlisted_writes,
    );
}

#[cors(policy = CUSTOMER_API)]
#[get("/api/orders")]
async fn orders() -> HttpResponse {
    HttpResponse::Ok().body("orders")
}

#[cors(policy = CUSTOMER_API)]
#[put("/api/orders")]
async fn put_orders() -> HttpResponse {
    HttpResponse::Ok().body("written")
}

#[cors(origins = tenants(WORKSPACES), credentials)]
#[get("/w/{workspace}/files")]
async fn files() -> HttpResponse {
    HttpResponse::Ok().body("files")
}

#[cors(origins = tenants(NEVER_LOADED))]
#[get("/unloaded")]
async fn unloaded() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn app() -> App<
    impl actix_web::dev::ServiceFactory<
        actix_web::dev::ServiceRequest,
        Config = (),
        Response = actix_web::dev::ServiceResponse,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    App::new().service(orders).service(put_orders).service(files).service(unloaded)
}

fn preflight(server: &LoopbackServer, host: &str, path: &str, origin: &str) -> Response {
    let headers = [
        ("Host", host),
        ("Origin", origin),
        ("Access-Control-Request-Method", "PUT"),
        ("Access-Control-Request-Headers", "content-type"),
    ];
    send(server.addr(), "OPTIONS", path, &headers, "")
}

fn get(server: &LoopbackServer, host: &str, path: &str, origin: &str) -> Response {
    send(server.addr(), "GET", path, &[("Host", host), ("Origin", origin)], "")
}

fn granted(response: &Response) -> Option<&str> {
    response.single_header("access-control-allow-origin")
}

const ACME: &str = "api.acme.example";
const GLOBEX: &str = "api.globex.example";
const ACME_SHOP: &str = "https://shop.acme.example";
const GLOBEX_APP: &str = "https://app.globex.example";

#[test]
fn each_tenant_gets_only_its_own_origins_and_changes_hold_on_the_next_request() {
    capture_logs();
    let server = LoopbackServer::start(app);

    // Before the set is loaded: closed.
    assert_eq!(preflight(&server, ACME, "/api/orders", ACME_SHOP).status, 403);
    CUSTOMERS
        .replace_all([
            (ACME, vec![ACME_SHOP, "https://*.acme.example"]),
            (GLOBEX, vec![GLOBEX_APP]),
        ])
        .unwrap();

    let allowed = preflight(&server, ACME, "/api/orders", ACME_SHOP);
    assert_eq!(allowed.status, 204);
    assert_eq!(granted(&allowed), Some(ACME_SHOP));
    assert_eq!(allowed.single_header("access-control-allow-credentials"), Some("true"));
    assert_eq!(
        granted(&get(&server, ACME, "/api/orders", "https://eu.acme.example")),
        Some("https://eu.acme.example")
    );
    let read = get(&server, ACME, "/api/orders", ACME_SHOP);
    assert_eq!(read.single_header("vary"), Some("Origin"));

    // Tenant B's origin on tenant A's host, and A's on B's: refused, and logged with the fix.
    assert_eq!(preflight(&server, ACME, "/api/orders", GLOBEX_APP).status, 403);
    assert_eq!(granted(&get(&server, GLOBEX, "/api/orders", ACME_SHOP)), None);
    let logs = captured_logs().join("\n");
    assert!(
        logs.contains(&format!(
            "add \"{GLOBEX_APP}\" to tenant \"{ACME}\"'s origins in `CUSTOMERS`"
        )),
        "{logs}"
    );
    // Case and port variants of a tenant's host are that tenant; unknown hosts are none.
    assert_eq!(
        granted(&preflight(&server, "API.Acme.Example:8443", "/api/orders", ACME_SHOP)),
        Some(ACME_SHOP)
    );
    for host in ["api.acme.example.evil.test", "acme.example", "127.0.0.1"] {
        assert_eq!(preflight(&server, host, "/api/orders", ACME_SHOP).status, 403, "{host}");
    }
    // A forged forwarded host names no tenant.
    let forged = send(
        server.addr(),
        "GET",
        "/api/orders",
        &[("Host", "evil.test"), ("X-Forwarded-Host", ACME), ("Origin", ACME_SHOP)],
        "",
    );
    assert_eq!(granted(&forged), None);
    // The write guard uses the tenant's origins too.
    let write = send(
        server.addr(),
        "PUT",
        "/api/orders",
        &[("Host", ACME), ("Origin", GLOBEX_APP), ("Sec-Fetch-Site", "cross-site")],
        "",
    );
    assert_eq!(write.status, 403);

    // Added without a restart; removed, and the next request gets nothing (even a page whose
    // preflight a browser still holds cannot read the actual response).
    let admin = "https://admin.acme.example.test";
    assert_eq!(granted(&get(&server, ACME, "/api/orders", admin)), None);
    CUSTOMERS.add(ACME, [admin]).unwrap();
    assert_eq!(granted(&get(&server, ACME, "/api/orders", admin)), Some(admin));
    CUSTOMERS.remove(ACME, [admin]).unwrap();
    assert_eq!(granted(&get(&server, ACME, "/api/orders", admin)), None);

    // An invalid update changes nothing.
    assert!(CUSTOMERS.add(ACME, ["https://shop.acme.example/"]).is_err());
    assert_eq!(granted(&get(&server, ACME, "/api/orders", ACME_SHOP)), Some(ACME_SHOP));

    // A set never loaded grants nothing.
    assert_eq!(granted(&get(&server, ACME, "/unloaded", ACME_SHOP)), None);
}

#[test]
fn a_path_tenant_is_the_matched_segment_and_never_a_traversal() {
    let server = LoopbackServer::start(app);
    WORKSPACES.replace_all([("acme", [ACME_SHOP]), ("globex", [GLOBEX_APP])]).unwrap();
    let on = |path: &str, origin: &str| {
        granted(&get(&server, "api.example", path, origin)).map(str::to_owned)
    };
    assert_eq!(on("/w/acme/files", ACME_SHOP).as_deref(), Some(ACME_SHOP));
    assert_eq!(on("/w/globex/files", ACME_SHOP), None);
    assert_eq!(on("/w/ACME/files", ACME_SHOP), None);
    assert_eq!(on("/w/..%2Facme/files", ACME_SHOP), None);
    assert_eq!(on("/w/%2E%2E/files", ACME_SHOP), None);
    assert!(WORKSPACES.add("../acme", [ACME_SHOP]).is_err());

    // `cors-check routes` calls each sampled tenant's path from its own origins, expecting a
    // grant, and from another tenant's and a foreign origin, expecting none.
    let report: Value = serde_json::from_str(&cors_runtime::routes_json()).unwrap();
    let files_only: Vec<&Value> = report["routes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|route| route["handler"] == "files")
        .collect();
    let report =
        serde_json::json!({ "format": report["format"], "routes": files_only }).to_string();
    let routes = parse_routes(&report).expect("the report parses");
    let plan = RoutesPlan::new(&routes, &server.url(""), UnsafeCalls::Send).expect("calls");
    let transport = HttpTransport::new(Duration::from_secs(10));
    let result = plan.run(|request| transport.send(request)).expect("the server answers");
    assert!(result.passed(), "{result}");
    let checked: Value = serde_json::from_str(&result.to_json()).unwrap();
    let mut calls: Vec<(String, String, String)> = (checked["routes"].as_array().unwrap().iter())
        .flat_map(|route| {
            let path = route["path"].as_str().unwrap().to_owned();
            route["calls"].as_array().unwrap().iter().map(move |call| {
                let origin = call["origin"].as_str().unwrap().to_owned();
                (path.clone(), origin, call["expected"].as_str().unwrap().to_owned())
            })
        })
        .collect();
    calls.sort();
    let expected = [
        ("/w/acme/files", ACME_SHOP, "allowed"),
        ("/w/acme/files", GLOBEX_APP, "blocked"),
        ("/w/acme/files", "https://cors-check.invalid", "blocked"),
        ("/w/globex/files", ACME_SHOP, "blocked"),
        ("/w/globex/files", GLOBEX_APP, "allowed"),
        ("/w/globex/files", "https://cors-check.invalid", "blocked"),
    ];
    let mut expected: Vec<(String, String, String)> = expected
        .iter()
        .map(|(p, o, e)| ((*p).to_owned(), (*o).to_owned(), (*e).to_owned()))
        .collect();
    expected.sort();
    assert_eq!(calls, expected);
}

#[test]
fn requests_from_several_threads_while_the_sets_change_never_get_another_tenants_grant() {
    static RACED: TenantOrigins = TenantOrigins::by_path("workspace");
    #[cors(origins = tenants(RACED))]
    #[get("/r/{workspace}")]
    async fn raced() -> HttpResponse {
        HttpResponse::Ok().finish()
    }
    let server = Arc::new(LoopbackServer::start(|| App::new().service(raced)));
    let origins = |tenant: usize, generation: usize| {
        [
            format!("https://g{}.t{tenant}.example", generation % 2),
            format!("https://t{tenant}.example"),
        ]
    };
    RACED.replace_all((0..20).map(|tenant| (format!("t{tenant}"), origins(tenant, 0)))).unwrap();
    let done = Arc::new(AtomicBool::new(false));
    let clients: Vec<_> = (0..3)
        .map(|client| {
            let (server, done) = (Arc::clone(&server), Arc::clone(&done));
            std::thread::spawn(move || {
                let mut checked = 0_usize;
                while !done.load(Ordering::Relaxed) || checked < 200 {
                    let tenant = (checked + client) % 20;
                    let path = format!("/r/t{tenant}");
                    let own = format!("https://t{tenant}.example");
                    let other = format!("https://t{}.example", (tenant + 1) % 20);
                    let response = get(&server, "api.example", &path, &own);
                    assert_eq!(response.status, 200);
                    assert_eq!(granted(&response), Some(own.as_str()), "{path}");
                    assert_eq!(
                        granted(&get(&server, "api.example", &path, &other)),
                        None,
                        "{path}"
                    );
                    checked += 1;
                }
                checked
            })
        })
        .collect();
    for generation in 1..100 {
        let tenant = generation % 20;
        if generation % 10 == 0 {
            let all = (0..20).map(|tenant| (format!("t{tenant}"), origins(tenant, generation)));
            RACED.replace_all(all).unwrap();
        } else {
            RACED.set(&format!("t{tenant}"), origins(tenant, generation)).unwrap();
        }
    }
    done.store(true, Ordering::Relaxed);
    for client in clients {
        assert!(client.join().unwrap() >= 200);
    }
}
