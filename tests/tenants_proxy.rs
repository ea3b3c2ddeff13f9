//! A host-keyed tenant set behind a reverse proxy that rewrites `Host`, over real HTTP on
//! loopback (every request's peer is 127.0.0.1): `X-Forwarded-Host` names the tenant only when
//! the peer is a proxy the set trusts, and then its last value, read as `Host` is; a value
//! that is no host names no tenant. Each set is a `static`, so each test has its own.

use actix_web::{App, HttpResponse, get};
use cors_check_core::routes::parse_routes;
use cors_runtime::{TenantOrigins, TrustedProxyError, cors};
use cors_test_support::logs::{capture_logs, captured_logs};
use cors_test_support::raw_http::{Response, send};
use cors_test_support::server::LoopbackServer;
use serde_json::Value;

/// Behind nginx on the same machine: the proxy the tests' requests come from.
static BEHIND_LOCAL_PROXY: TenantOrigins = TenantOrigins::by_host();
/// Behind proxies elsewhere: the tests' requests come from none of them.
static BEHIND_OTHER_PROXIES: TenantOrigins = TenantOrigins::by_host();

#[cors(origins = tenants(BEHIND_LOCAL_PROXY), credentials)]
#[get("/local/orders")]
async fn local_orders() -> HttpResponse {
    HttpResponse::Ok().body("orders")
}

#[cors(origins = tenants(BEHIND_OTHER_PROXIES), credentials)]
#[get("/other/orders")]
async fn other_orders() -> HttpResponse {
    HttpResponse::Ok().body("orders")
}

fn server() -> LoopbackServer {
    LoopbackServer::start(|| App::new().service(local_orders).service(other_orders))
}

const ACME: &str = "api.acme.example";
const GLOBEX: &str = "api.globex.example";
const ACME_SHOP: &str = "https://shop.acme.example";
const GLOBEX_APP: &str = "https://app.globex.example";
/// The `Host` the proxy sends the application.
const UPSTREAM: &str = "proxy.internal";

fn load(set: &TenantOrigins) {
    set.replace_all([(ACME, [ACME_SHOP]), (GLOBEX, [GLOBEX_APP])]).unwrap();
}

/// A GET from `origin` with `Host: host` and one `X-Forwarded-Host` line per `forwarded`.
fn get(
    server: &LoopbackServer,
    path: &str,
    host: &str,
    forwarded: &[&str],
    origin: &str,
) -> Response {
    let mut headers = vec![("Host", host), ("Origin", origin)];
    headers.extend(forwarded.iter().map(|value| ("X-Forwarded-Host", *value)));
    send(server.addr(), "GET", path, &headers, "")
}

fn preflight(server: &LoopbackServer, path: &str, forwarded: &str, origin: &str) -> Response {
    let headers = [
        ("Host", UPSTREAM),
        ("X-Forwarded-Host", forwarded),
        ("Origin", origin),
        ("Access-Control-Request-Method", "GET"),
        ("Access-Control-Request-Headers", "content-type"),
    ];
    send(server.addr(), "OPTIONS", path, &headers, "")
}

fn granted(response: &Response) -> Option<&str> {
    response.single_header("access-control-allow-origin")
}

#[test]
fn a_trusted_proxys_last_forwarded_host_names_the_tenant() {
    capture_logs();
    let server = server();
    load(&BEHIND_LOCAL_PROXY);
    let on = |forwarded: &[&str], origin: &str| {
        granted(&get(&server, "/local/orders", UPSTREAM, forwarded, origin)).map(str::to_owned)
    };

    // Before the set trusts the proxy, its requests name the tenant `proxy.internal`: none.
    assert_eq!(on(&[ACME], ACME_SHOP), None);
    let logs = captured_logs().join("\n");
    assert!(
        logs.contains(
            "\"proxy.internal\" is not a tenant of `BEHIND_LOCAL_PROXY`; its `X-Forwarded-Host` \
             was not read, as it came from no proxy `BEHIND_LOCAL_PROXY` trusts (see \
             `BEHIND_LOCAL_PROXY.trust_forwarded_host`)"
        ),
        "{logs}"
    );

    // Trusted while the server runs: from the next request on.
    BEHIND_LOCAL_PROXY.trust_forwarded_host(["127.0.0.1"]).unwrap();
    assert_eq!(on(&[ACME], ACME_SHOP).as_deref(), Some(ACME_SHOP));
    assert_eq!(on(&["API.Acme.Example:443"], ACME_SHOP).as_deref(), Some(ACME_SHOP));
    let allowed = preflight(&server, "/local/orders", ACME, ACME_SHOP);
    assert_eq!((allowed.status, granted(&allowed)), (204, Some(ACME_SHOP)));
    // Each tenant only its own origins.
    assert_eq!(on(&[ACME], GLOBEX_APP), None);
    assert_eq!(on(&[GLOBEX], GLOBEX_APP).as_deref(), Some(GLOBEX_APP));
    assert_eq!(preflight(&server, "/local/orders", GLOBEX, ACME_SHOP).status, 403);

    // A client's own value comes first, the one the proxy appended last: only that one counts,
    // over several values and several lines.
    assert_eq!(on(&["evil.test, api.acme.example"], ACME_SHOP).as_deref(), Some(ACME_SHOP));
    assert_eq!(on(&["api.acme.example, evil.test"], ACME_SHOP), None);
    assert_eq!(on(&[ACME, "evil.test"], ACME_SHOP), None);
    assert_eq!(on(&["evil.test", ACME], ACME_SHOP).as_deref(), Some(ACME_SHOP));
    // An unknown forwarded host is logged as the tenant, with no hint about trust.
    assert_eq!(on(&["unknown.example"], ACME_SHOP), None);
    let logs = captured_logs().join("\n");
    let refusal = "\"unknown.example\" is not a tenant of `BEHIND_LOCAL_PROXY`)";
    assert!(logs.contains(refusal), "{logs}");
    // Without the header, the proxy's request is named by its `Host`.
    assert_eq!(granted(&get(&server, "/local/orders", ACME, &[], ACME_SHOP)), Some(ACME_SHOP));

    // Set once: a second call is refused and changes nothing.
    let again = BEHIND_LOCAL_PROXY.trust_forwarded_host(["10.0.0.0/8"]).unwrap_err();
    assert_eq!(again, TrustedProxyError::AlreadyTrusted { trusted: "127.0.0.1".to_owned() });
    assert_eq!(on(&[ACME], ACME_SHOP).as_deref(), Some(ACME_SHOP));

    // Reports say what the tenant is read from, and `cors-check routes` reads them.
    let report: Value = serde_json::from_str(&cors_runtime::routes_json()).unwrap();
    let set_of = |handler: &str| -> Value {
        let routes = report["routes"].as_array().unwrap();
        routes.iter().find(|route| route["handler"] == handler).unwrap()["tenants"].clone()
    };
    assert_eq!(set_of("local_orders")["keyed_by"], "host");
    assert_eq!(set_of("local_orders")["forwarded_host_from"], serde_json::json!(["127.0.0.1"]));
    let routes = parse_routes(&cors_runtime::routes_json()).expect("the report parses");
    let local = routes.iter().find(|route| route.handler == "local_orders").unwrap();
    assert_eq!(local.tenants.as_ref().unwrap().forwarded_host_from, ["127.0.0.1"]);
    let table = cors_runtime::routes_table();
    assert!(
        table.contains(
            "from `BEHIND_LOCAL_PROXY` by host (X-Forwarded-Host from trusted proxies): 2 tenant(s)"
        ),
        "{table}"
    );
}

#[test]
fn a_host_forwarded_by_a_peer_the_set_does_not_trust_names_no_tenant() {
    let server = server();
    load(&BEHIND_OTHER_PROXIES);
    BEHIND_OTHER_PROXIES.trust_forwarded_host(["::1", "10.0.0.0/8", "127.0.0.2"]).unwrap();
    let on = |host: &str, forwarded: &[&str]| {
        granted(&get(&server, "/other/orders", host, forwarded, ACME_SHOP)).map(str::to_owned)
    };
    // The attack: a client sends the tenant it wants as a forwarded host.
    assert_eq!(on("evil.test", &[ACME]), None);
    assert_eq!(on(UPSTREAM, &["evil.test, api.acme.example"]), None);
    assert_eq!(preflight(&server, "/other/orders", ACME, ACME_SHOP).status, 403);
    // Its `Host` still names its tenant, whatever it forwards.
    assert_eq!(on(ACME, &["api.globex.example"]).as_deref(), Some(ACME_SHOP));

    let report: Value = serde_json::from_str(&cors_runtime::routes_json()).unwrap();
    let routes = report["routes"].as_array().unwrap();
    let other = routes.iter().find(|route| route["handler"] == "other_orders").unwrap();
    assert_eq!(
        other["tenants"]["forwarded_host_from"],
        serde_json::json!(["::1", "10.0.0.0/8", "127.0.0.2"])
    );
}

#[test]
fn a_forwarded_value_that_is_no_host_names_no_tenant_and_host_is_not_read_instead() {
    static FAIL_CLOSED: TenantOrigins = TenantOrigins::by_host();
    #[cors(origins = tenants(FAIL_CLOSED))]
    #[get("/closed")]
    async fn closed() -> HttpResponse {
        HttpResponse::Ok().finish()
    }
    let server = LoopbackServer::start(|| App::new().service(closed));
    load(&FAIL_CLOSED);
    FAIL_CLOSED.trust_forwarded_host(["127.0.0.1"]).unwrap();
    // `Host` names acme; the forwarded value, which is what counts, names nothing.
    for invalid in
        ["api acme.example", "api.acme.example/", "api.acme.example:x", "api.acme.example,", "[::1"]
    {
        let response = get(&server, "/closed", ACME, &[invalid], ACME_SHOP);
        assert_eq!(granted(&response), None, "{invalid:?}");
    }
    assert_eq!(granted(&get(&server, "/closed", ACME, &[], ACME_SHOP)), Some(ACME_SHOP));
}
