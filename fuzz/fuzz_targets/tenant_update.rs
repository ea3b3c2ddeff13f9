//! Updates of a run-time tenant origin set (`cors_runtime::TenantOrigins`) as an admin route or
//! a database feeds them: lines `+tenant origin origin..` (add), `-tenant origin..` (remove),
//! `=tenant origin..` (set), `*` then `tenant origin..` lines (replace all). They never panic; a
//! refused update changes nothing; what a set holds is canonical, never `*` or `null`; each
//! tenant's exact origins are granted on its own host and never on another tenant's. Lines
//! `>value` send that `X-Forwarded-Host`: from the trusted proxy it is read exactly as a `Host`
//! holding its rightmost value would be; from any other peer it changes nothing.
#![no_main]

use actix_web::http::header::HeaderValue;
use actix_web::test::TestRequest;
use cors_rules::parse_origin;
use cors_runtime::TenantOrigins;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &str| {
    let set = TenantOrigins::by_host();
    set.trust_forwarded_host(["127.0.0.1"]).expect("a valid proxy");
    let mut lines = input.lines();
    while let Some(line) = lines.next() {
        let before = snapshot(&set);
        let result = match line.split_at_checked(1) {
            Some(("*", _)) => {
                let rows: Vec<(String, Vec<String>)> = lines.by_ref().take(8).map(row).collect();
                set.replace_all(rows).map(drop)
            }
            Some((op @ ("+" | "-" | "="), rest)) => {
                let (tenant, origins) = row(rest);
                match op {
                    "+" => set.add(&tenant, origins),
                    "-" => set.remove(&tenant, origins),
                    _ => set.set(&tenant, origins),
                }
                .map(drop)
            }
            Some((">", forwarded)) => {
                check_forwarded(&set, forwarded);
                continue;
            }
            _ => continue,
        };
        if result.is_err() {
            assert_eq!(snapshot(&set), before, "a refused update changed the set: {line:?}");
        }
        check(&set);
    }
});

fn row(line: &str) -> (String, Vec<String>) {
    let mut words = line.split(' ');
    let tenant = words.next().unwrap_or_default().to_owned();
    (tenant, words.map(str::to_owned).collect())
}

fn snapshot(set: &TenantOrigins) -> Vec<(String, Vec<String>)> {
    let mut tenants: Vec<(String, Vec<String>)> = (set.some_tenants(usize::MAX).into_iter())
        .map(|tenant| {
            let origins = set.origins_of(&tenant).expect("a listed tenant has origins");
            (tenant, origins)
        })
        .collect();
    tenants.sort();
    tenants
}

fn check(set: &TenantOrigins) {
    let tenants = snapshot(set);
    let total: usize = tenants.iter().map(|(_, origins)| origins.len()).sum();
    assert_eq!(set.summary().origins, total);
    assert_eq!(set.summary().tenants, tenants.len());
    for (tenant, origins) in &tenants {
        for origin in origins {
            let parsed = parse_origin(origin).expect("a stored origin parses");
            assert_eq!(&parsed.to_string(), origin, "stored in canonical form");
            assert!(origin != "*" && origin != "null");
        }
        let exact = origins.iter().filter(|origin| !origin.contains('*'));
        for origin in exact {
            let value = HeaderValue::from_str(origin).expect("an origin is a header value");
            assert!(granted(set, tenant, &value), "{origin} on its own tenant {tenant}");
            for (other, theirs) in &tenants {
                if other != tenant && !theirs.contains(origin) && !theirs.iter().any(|o| o.contains('*')) {
                    assert!(!granted(set, other, &value), "{origin} of {tenant} granted on {other}");
                }
            }
        }
    }
}

fn granted(set: &TenantOrigins, host: &str, origin: &HeaderValue) -> bool {
    let request = TestRequest::default().insert_header(("Host", host)).to_http_request();
    set.allowed_origin_value(origin, &request).is_some()
}

/// A request through the trusted proxy (and one from another peer) with `X-Forwarded-Host:
/// forwarded`, against the same request sent straight with the rightmost value as its `Host`.
fn check_forwarded(set: &TenantOrigins, forwarded: &str) {
    let Ok(value) = HeaderValue::from_str(forwarded) else { return };
    let rightmost = forwarded.rsplit(',').next().unwrap_or_default().trim_ascii();
    let through = |peer: &str| {
        TestRequest::default()
            .peer_addr(peer.parse().expect("an address"))
            .insert_header(("Host", "proxy.invalid"))
            .insert_header(("X-Forwarded-Host", value.clone()))
            .to_http_request()
    };
    let (trusted, untrusted) = (through("127.0.0.1:9000"), through("10.0.0.1:9000"));
    for (tenant, origins) in snapshot(set).iter().take(4) {
        for origin in origins.iter().filter(|origin| !origin.contains('*')).take(2) {
            let origin = HeaderValue::from_str(origin).expect("an origin is a header value");
            assert_eq!(
                set.allowed_origin_value(&origin, &trusted).is_some(),
                granted(set, rightmost, &origin),
                "{forwarded:?} forwarded for tenant {tenant}"
            );
            assert_eq!(
                set.allowed_origin_value(&origin, &untrusted).is_some(),
                granted(set, "proxy.invalid", &origin),
                "{forwarded:?} from an untrusted peer"
            );
        }
    }
}
