use std::net::{IpAddr, SocketAddr};

use actix_web::http::header::HeaderValue;
use actix_web::test::TestRequest;

use super::*;

fn trusting(entries: &[&str]) -> TrustedProxies {
    let ranges = entries.iter().map(|entry| ProxyRange::parse(entry));
    TrustedProxies { ranges: ranges.collect::<Result<_, _>>().unwrap() }
}

fn ip(text: &str) -> IpAddr {
    text.parse().unwrap()
}

#[test]
fn addresses_and_ranges_contain_exactly_their_peers() {
    let proxies = trusting(&["10.0.0.0/8", "192.168.1.7", "fd00::/8", "::1", "172.16.0.0/12"]);
    for inside in ["10.0.0.1", "10.255.255.255", "192.168.1.7", "fd12::7", "::1", "172.31.255.255"]
    {
        assert!(proxies.contains(ip(inside)), "{inside}");
    }
    for outside in
        ["11.0.0.0", "9.255.255.255", "192.168.1.8", "fe00::1", "::2", "172.32.0.0", "127.0.0.1"]
    {
        assert!(!proxies.contains(ip(outside)), "{outside}");
    }
    assert_eq!(proxies.to_string(), "10.0.0.0/8, 192.168.1.7, fd00::/8, ::1, 172.16.0.0/12");
}

#[test]
fn an_ipv4_peer_on_a_dual_stack_socket_is_its_ipv4_address() {
    let proxies = trusting(&["10.0.0.7"]);
    assert!(proxies.contains(ip("::ffff:10.0.0.7")));
    assert!(!proxies.contains(ip("::ffff:10.0.0.8")));
    // An IPv4-mapped entry is the IPv4 address or range it maps.
    let mapped = trusting(&["::ffff:10.0.0.7", "::ffff:192.168.0.0/112"]);
    assert_eq!(mapped.to_string(), "10.0.0.7, 192.168.0.0/16");
    assert!(mapped.contains(ip("10.0.0.7")) && mapped.contains(ip("::ffff:192.168.3.4")));
}

#[test]
fn entries_no_proxy_address_is_written_as_are_refused_with_the_fix() {
    let refused = |entry: &str| ProxyRange::parse(entry).unwrap_err();
    for not_an_address in [
        "proxy.internal",
        "10.0.0.1:8080",
        "[::1]",
        "010.0.0.1",
        "10.0.0",
        "",
        "/8",
        "fe80::1%eth0",
    ] {
        let error = refused(not_an_address);
        assert_eq!(
            error,
            TrustedProxyError::NotAnAddress { entry: not_an_address.to_owned() },
            "{not_an_address}"
        );
        assert!(error.to_string().contains("help: write the address the proxy connects"));
    }
    for (bad_prefix, bits) in [
        ("10.0.0.0/33", 32),
        ("10.0.0.0/", 32),
        ("10.0.0.0/+8", 32),
        ("10.0.0.0/8/8", 32),
        ("::/129", 128),
    ] {
        assert_eq!(
            refused(bad_prefix),
            TrustedProxyError::BadPrefix { entry: bad_prefix.to_owned(), bits },
            "{bad_prefix}"
        );
    }
    let error = refused("10.0.0.1/8");
    assert_eq!(
        error,
        TrustedProxyError::HostBitsSet {
            entry: "10.0.0.1/8".to_owned(),
            range: "10.0.0.0/8".into()
        }
    );
    assert!(error.to_string().contains("help: write the range as `10.0.0.0/8`"), "{error}");
    assert!(
        matches!(refused("fd00::1/8"), TrustedProxyError::HostBitsSet { range, .. } if range == "fd00::/8")
    );
    for every in ["0.0.0.0/0", "::/0", "1.2.3.4/0", "::ffff:0.0.0.0/96"] {
        let error = refused(every);
        assert_eq!(error, TrustedProxyError::EveryAddress { entry: every.to_owned() }, "{every}");
        assert!(error.to_string().contains("any client could then send"), "{error}");
    }
    let long = "x".repeat(10_000);
    assert!(
        matches!(refused(&long), TrustedProxyError::NotAnAddress { entry } if entry.len() == 100)
    );
}

#[test]
fn proxies_are_set_once_on_a_host_set_and_an_empty_list_trusts_none() {
    let set = TenantOrigins::by_host();
    assert_eq!(set.trust_forwarded_host(Vec::<String>::new()), Err(TrustedProxyError::NoProxies));
    assert!(matches!(
        set.trust_forwarded_host(["10.0.0.0/8", "proxy.internal"]),
        Err(TrustedProxyError::NotAnAddress { entry }) if entry == "proxy.internal"
    ));
    assert!(set.trusted_proxies().is_none(), "a refused list trusts no proxy");
    assert_eq!(set.keyed_by(), "host");
    set.trust_forwarded_host([" 10.0.0.0/8 ", "::1"]).unwrap();
    let again = set.trust_forwarded_host(["10.0.0.0/8"]).unwrap_err();
    assert_eq!(again, TrustedProxyError::AlreadyTrusted { trusted: "10.0.0.0/8, ::1".to_owned() });
    assert!(again.to_string().contains("help: give every proxy in one call"), "{again}");
    assert_eq!(set.trusted_proxies().unwrap().to_string(), "10.0.0.0/8, ::1");
    assert_eq!(set.keyed_by(), "host (X-Forwarded-Host from trusted proxies)");

    let by_path = TenantOrigins::by_path("tenant");
    assert_eq!(by_path.trust_forwarded_host(["10.0.0.1"]), Err(TrustedProxyError::NotKeyedByHost));
}

const PROXY: &str = "10.0.0.7:41000";
const CLIENT: &str = "203.0.113.9:41000";
const SHOP: &str = "https://shop.acme.example";

/// A set of one tenant, `api.acme.example`, trusting the proxy at 10.0.0.7.
fn acme_behind_proxy() -> TenantOrigins {
    let set = TenantOrigins::by_host();
    set.replace_all([("api.acme.example", [SHOP])]).unwrap();
    set.trust_forwarded_host(["10.0.0.7"]).unwrap();
    set
}

fn granted(set: &TenantOrigins, peer: &str, host: &str, forwarded: &[&str]) -> bool {
    let mut request = TestRequest::default()
        .peer_addr(peer.parse::<SocketAddr>().unwrap())
        .insert_header(("Host", host));
    for value in forwarded {
        request = request.append_header(("X-Forwarded-Host", *value));
    }
    set.allowed_origin_value(&HeaderValue::from_static(SHOP), &request.to_http_request()).is_some()
}

#[test]
fn a_trusted_proxy_names_the_tenant_by_the_last_host_it_forwarded() {
    let set = acme_behind_proxy();
    assert!(granted(&set, PROXY, "proxy.internal", &["api.acme.example"]));
    assert!(granted(&set, PROXY, "proxy.internal", &["API.Acme.Example:443"]));
    assert!(granted(&set, PROXY, "proxy.internal", &["evil.test, api.acme.example"]));
    assert!(granted(&set, PROXY, "proxy.internal", &["evil.test", "evil.test ,api.acme.example "]));
    assert!(!granted(&set, PROXY, "proxy.internal", &["api.acme.example, evil.test"]));
    assert!(!granted(&set, PROXY, "proxy.internal", &["api.acme.example", "evil.test"]));
    // Without the header, the proxy's request is named by its `Host`.
    assert!(granted(&set, PROXY, "api.acme.example", &[]));
    assert!(granted(&set, "[::ffff:10.0.0.7]:41000", "proxy.internal", &["api.acme.example"]));
}

#[test]
fn a_forwarded_value_that_is_no_host_names_no_tenant_not_even_by_host() {
    let set = acme_behind_proxy();
    for invalid in ["api acme.example", "", "api.acme.example, ", "api.acme.example/x", "é.example"]
    {
        assert!(!granted(&set, PROXY, "api.acme.example", &[invalid]), "{invalid:?}");
    }
}

#[test]
fn a_host_forwarded_by_any_other_peer_is_never_read() {
    let set = acme_behind_proxy();
    assert!(!granted(&set, CLIENT, "evil.test", &["api.acme.example"]));
    assert!(!granted(&set, "10.0.0.8:41000", "evil.test", &["api.acme.example"]));
    // Its `Host` names its tenant, whatever it forwards.
    assert!(granted(&set, CLIENT, "api.acme.example", &["evil.test"]));
    // A request without a peer (a Unix socket) is no proxy's.
    let request = TestRequest::default()
        .insert_header(("Host", "evil.test"))
        .insert_header(("X-Forwarded-Host", "api.acme.example"))
        .to_http_request();
    assert_eq!(set.allowed_origin_value(&HeaderValue::from_static(SHOP), &request), None);
}
