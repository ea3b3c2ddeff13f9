//! `dev_origins` in a release build: a development server's page gets no grant (preflight or
//! actual response), and the route report lists only the production origins.

use actix_web::App;
use cors_release_build::{built_as_release, profile};
use cors_test_support::raw_http::send;
use cors_test_support::server::LoopbackServer;

const PRODUCTION: &str = "https://myapp.com";
const DEV_SERVERS: [&str; 2] = ["http://127.0.0.1:5173", "http://localhost:3000"];

#[test]
fn a_release_build_neither_allows_nor_reports_dev_origins() {
    assert!(
        built_as_release(),
        "the route must be compiled without debug_assertions: see \
         [profile.dev.package.cors-release-build] in the root Cargo.toml"
    );
    let server = LoopbackServer::start(|| App::new().service(profile));
    let grant = |origin: &str| {
        let call = send(server.addr(), "GET", "/profile", &[("Origin", origin)], "");
        assert_eq!(call.status, 200, "{call:?}");
        call.single_header("access-control-allow-origin").map(str::to_owned)
    };
    assert_eq!(grant(PRODUCTION).as_deref(), Some(PRODUCTION));
    for dev_server in DEV_SERVERS {
        assert_eq!(grant(dev_server), None, "{dev_server}");
        let preflight = send(
            server.addr(),
            "OPTIONS",
            "/profile",
            &[("Origin", dev_server), ("Access-Control-Request-Method", "GET")],
            "",
        );
        assert_eq!(preflight.status, 403, "{dev_server}: {preflight:?}");
        assert_eq!(preflight.single_header("access-control-allow-origin"), None);
    }

    let route = cors_runtime::routes().into_iter().find(|route| route.handler() == "profile");
    let origins = route.expect("the route is linked in").policy().origins().to_vec();
    assert_eq!(origins, [PRODUCTION]);
    let report: serde_json::Value =
        serde_json::from_str(&cors_runtime::routes_json()).expect("the report is JSON");
    assert_eq!(report["routes"][0]["origins"], serde_json::json!([PRODUCTION]));
    let table = cors_runtime::routes_table();
    assert!(table.contains("origins: https://myapp.com;"), "{table}");
    assert!(!table.contains("localhost") && !table.contains("127.0.0.1"), "{table}");
}
