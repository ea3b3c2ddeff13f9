//! Behind a proxy that rewrites `Host` (nginx's `proxy_pass` sends its upstream's name unless
//! told otherwise), the tenant comes from `X-Forwarded-Host`, read only on requests from the
//! proxies `--trusted-proxy` names; a range no proxy can be stops the server at startup.

use std::time::Duration;

use cors_test_support::process::Background;

use crate::instance::{ACME, ACME_SHOP, Instance, TOKEN, command};

/// The `Host` a proxy that rewrites it sends: its upstream's name, which names no tenant.
const UPSTREAM: &str = "tenants-api:8080";

/// An instance in memory that grants `ACME_SHOP` on `ACME`'s API, started with `arguments`.
fn acme_instance(arguments: &[&str]) -> Instance {
    let api = Instance::start_with(":memory:", arguments);
    let added = api.admin("POST", ACME, &[ACME_SHOP], Some(TOKEN));
    assert_eq!(added.status, 200, "{added:?}");
    api
}

#[test]
fn behind_a_trusted_proxy_the_forwarded_host_names_the_tenant() {
    // The test's connections come from 127.0.0.1, as a proxy's on the same machine do.
    let behind = acme_instance(&["--trusted-proxy", "127.0.0.1"]);
    behind.wait_for_log(
        "`X-Forwarded-Host` is read from requests of 127.0.0.1",
        Duration::from_secs(5),
    );
    let forwarded = [("Host", UPSTREAM), ("X-Forwarded-Host", ACME), ("Origin", ACME_SHOP)];
    let preflight = behind.preflight_with(&forwarded);
    assert_eq!(preflight.status, 204, "{preflight:?}");
    assert_eq!(preflight.single_header("access-control-allow-origin"), Some(ACME_SHOP));
    // The proxy's Host alone names no tenant.
    assert_eq!(behind.preflight(UPSTREAM, ACME_SHOP).status, 403);

    // Without the flag, the same request is judged by its Host: a client's X-Forwarded-Host
    // picks no tenant.
    let direct = acme_instance(&[]);
    assert_eq!(direct.preflight_with(&forwarded).status, 403);
    assert_eq!(direct.preflight(ACME, ACME_SHOP).status, 204);
}

#[test]
fn a_range_of_every_address_stops_the_server_with_the_fix() {
    let mut server = Background::start(&mut command(":memory:", &["--trusted-proxy", "0.0.0.0/0"]));
    let status = server.wait_for_exit();
    let stderr = server.stderr();
    assert!(!status.success(), "{stderr}");
    assert!(stderr.contains("trusted proxy `0.0.0.0/0` is every address"), "{stderr}");
    assert!(stderr.contains("help: list only the addresses of the proxies"), "{stderr}");
    assert!(!server.output().contains("listening on"), "{}", server.output());
}
