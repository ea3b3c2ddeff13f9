use std::sync::Arc;

use actix_web::http::header::HeaderValue;
use actix_web::test::TestRequest;

use super::*;

fn origin(text: &'static str) -> HeaderValue {
    HeaderValue::from_static(text)
}

fn on_host(set: &TenantOrigins, host: &str, from: &'static str) -> Option<HeaderValue> {
    let request = TestRequest::default().insert_header(("Host", host)).to_http_request();
    set.allowed_origin_value(&origin(from), &request)
}

#[test]
fn a_set_never_loaded_grants_nothing() {
    let set = TenantOrigins::by_host();
    assert_eq!(on_host(&set, "api.acme.example", "https://shop.acme.example"), None);
    assert!(!set.summary().loaded);
}

#[test]
fn each_tenant_is_granted_only_its_own_origins() {
    let set = TenantOrigins::by_host();
    set.replace_all([
        ("api.acme.example", vec!["https://shop.acme.example", "https://*.acme.example"]),
        ("api.globex.example", vec!["https://globex.example"]),
    ])
    .unwrap();
    let acme = "api.acme.example";
    assert_eq!(
        on_host(&set, acme, "https://shop.acme.example").unwrap(),
        "https://shop.acme.example"
    );
    assert_eq!(on_host(&set, acme, "https://eu.acme.example").unwrap(), "https://eu.acme.example");
    // Tenant B's origin on tenant A's host, and the reverse.
    assert_eq!(on_host(&set, acme, "https://globex.example"), None);
    assert_eq!(on_host(&set, "api.globex.example", "https://shop.acme.example"), None);
    // Case, port and trailing-dot variants of the same host are the same tenant.
    for host in ["API.ACME.example", "api.acme.example:8443", "api.acme.example."] {
        assert!(on_host(&set, host, "https://shop.acme.example").is_some(), "{host}");
    }
    // An unknown host, or a look-alike one, is no tenant.
    for host in ["api.acme.example.evil", "evil.example", "acme.example", ""] {
        assert_eq!(on_host(&set, host, "https://shop.acme.example"), None, "{host}");
    }
    assert_eq!(set.summary().tenants, 2);
    assert_eq!(set.summary().origins, 3);
}

#[test]
fn a_forwarded_host_is_never_read_unless_the_set_trusts_the_proxy() {
    let set = TenantOrigins::by_host();
    set.replace_all([("api.acme.example", ["https://shop.acme.example"])]).unwrap();
    let request = TestRequest::default()
        .insert_header(("Host", "api.evil.example"))
        .insert_header(("X-Forwarded-Host", "api.acme.example"))
        .insert_header(("Forwarded", "host=api.acme.example"))
        .to_http_request();
    assert_eq!(set.allowed_origin_value(&origin("https://shop.acme.example"), &request), None);
}

#[test]
fn a_path_tenant_is_the_matched_segment_as_written() {
    let set = TenantOrigins::by_path("tenant");
    set.replace_all([("acme", ["https://shop.acme.example"])]).unwrap();
    let on_path = |tenant: &str| {
        let request = TestRequest::default().param("tenant", tenant.to_owned()).to_http_request();
        set.allowed_origin_value(&origin("https://shop.acme.example"), &request)
    };
    assert!(on_path("acme").is_some());
    for other in ["ACME", "../acme", "acme/..", "globex", ""] {
        assert_eq!(on_path(other), None, "{other}");
    }
}

#[test]
fn an_update_with_any_bad_origin_is_refused_whole_with_every_problem() {
    let set = TenantOrigins::by_host();
    set.replace_all([("api.acme.example", ["https://shop.acme.example"])]).unwrap();
    let error = set
        .replace_all([
            ("api.acme.example", vec!["https://new.acme.example", "https://shop.acme.example/"]),
            ("api.globex.example", vec!["null", "http://globex.example", "*"]),
            ("API.Initech.example", vec!["https://*.vercel.app"]),
        ])
        .unwrap_err();
    let problems = error.problems();
    let at = |origin: &str| problems.iter().find(|p| p.origin.as_deref() == Some(origin));
    for refused in
        ["https://shop.acme.example/", "null", "http://globex.example", "*", "https://*.vercel.app"]
    {
        assert!(at(refused).is_some(), "{refused} is reported: {error}");
    }
    assert!(
        problems.iter().any(|p| p.origin.is_none() && p.help.contains("`api.initech.example`")),
        "{error}"
    );
    // Nothing changed: the old origin is still granted, the new one is not.
    assert!(on_host(&set, "api.acme.example", "https://shop.acme.example").is_some());
    assert_eq!(on_host(&set, "api.acme.example", "https://new.acme.example"), None);
    let text = error.to_string();
    assert!(text.starts_with("the tenant origins were not changed ("), "{text}");
    assert!(
        text.contains("tenant `api.acme.example`, origin `https://shop.acme.example/`: "),
        "{text}"
    );
}

#[test]
fn add_set_remove_and_remove_tenant_change_one_tenant() {
    let set = TenantOrigins::by_host();
    set.add("api.acme.example", ["https://shop.acme.example"]).unwrap();
    set.add("api.acme.example", ["https://shop.acme.example", "https://admin.acme.example"])
        .unwrap();
    set.add("api.globex.example", ["https://globex.example"]).unwrap();
    assert_eq!(
        set.origins_of("api.acme.example").unwrap(),
        ["https://admin.acme.example", "https://shop.acme.example"]
    );
    set.remove("api.acme.example", ["https://shop.acme.example", "https://unknown.example"])
        .unwrap();
    assert_eq!(on_host(&set, "api.acme.example", "https://shop.acme.example"), None);
    assert!(on_host(&set, "api.acme.example", "https://admin.acme.example").is_some());
    set.set("api.acme.example", ["https://new.acme.example"]).unwrap();
    assert_eq!(set.origins_of("api.acme.example").unwrap(), ["https://new.acme.example"]);
    assert!(set.remove_tenant("api.acme.example"));
    assert!(!set.remove_tenant("api.acme.example"));
    assert_eq!(on_host(&set, "api.acme.example", "https://new.acme.example"), None);
    let summary = set.summary();
    assert_eq!((summary.tenants, summary.origins), (1, 1));
    assert!(summary.changed.is_some());
}

#[test]
fn http_origins_need_the_sets_opt_out_unless_loopback() {
    let strict = TenantOrigins::by_host();
    assert!(strict.add("api.acme.example", ["http://acme.example"]).is_err());
    strict.add("api.acme.example", ["http://localhost:3000", "http://127.0.0.1:*"]).unwrap();
    let lax = TenantOrigins::by_host().dangerously_allow_http_origins();
    lax.add("api.acme.example", ["http://acme.example"]).unwrap();
}

#[test]
fn updates_past_the_caps_are_refused_before_their_origins_are_read() {
    let set = TenantOrigins::by_host();
    let many = (0..=MAX_ORIGINS_PER_TENANT).map(|n| format!("https://t{n}.acme.example"));
    assert!(set.add("api.acme.example", many).is_err());
    // A million origins: refused after reading the cap, never held whole.
    let read = std::cell::Cell::new(0_usize);
    let million = (0..1_000_000).map(|n| {
        read.set(read.get() + 1);
        (format!("api{n}.example"), [format!("https://app{n}.example")])
    });
    let error = set.replace_all(million).unwrap_err();
    assert!(error.to_string().contains("more than"), "{error}");
    assert!(read.get() <= MAX_TENANTS + 1, "read {} tenants", read.get());
    assert!(!set.summary().loaded);
}

#[test]
fn a_refused_update_lists_a_hundred_problems_and_counts_the_rest() {
    let set = TenantOrigins::by_host();
    let bad = (0..500).map(|n| (format!("api{n}.example"), [format!("https://app{n}.example/")]));
    let error = set.replace_all(bad).unwrap_err();
    assert_eq!(error.problems().len(), 100);
    assert!(error.to_string().ends_with("\n  - and 400 more"), "{error}");
}

#[test]
fn requests_racing_updates_see_the_old_or_the_new_set_never_a_mix() {
    static SET: TenantOrigins = TenantOrigins::by_host();
    let generation = |n: usize| {
        (0..50)
            .map(move |t| (format!("t{t}.example"), [format!("https://g{}.t{t}.example", n % 2)]))
    };
    SET.replace_all(generation(0)).unwrap();
    let done = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let readers: Vec<_> = (0..3)
        .map(|_| {
            let done = Arc::clone(&done);
            std::thread::spawn(move || {
                let mut checked = 0;
                while !done.load(std::sync::atomic::Ordering::Relaxed) || checked < 1000 {
                    let t = checked % 50;
                    let host = format!("t{t}.example");
                    for (from, mine) in [
                        (format!("https://g0.t{t}.example"), true),
                        (format!("https://g1.t{t}.example"), true),
                        (format!("https://g0.t{}.example", (t + 1) % 50), false),
                    ] {
                        let request = TestRequest::default()
                            .insert_header(("Host", host.as_str()))
                            .to_http_request();
                        let value = HeaderValue::from_str(&from).unwrap();
                        let granted = SET.allowed_origin_value(&value, &request);
                        assert!(mine || granted.is_none(), "{from} granted on {host}");
                    }
                    checked += 1;
                }
                checked
            })
        })
        .collect();
    for n in 1..200 {
        SET.replace_all(generation(n)).unwrap();
        SET.add(
            &format!("t{}.example", n % 50),
            [format!("https://g{}.t{}.example", n % 2, n % 50)],
        )
        .unwrap();
    }
    done.store(true, std::sync::atomic::Ordering::Relaxed);
    for reader in readers {
        assert!(reader.join().unwrap() >= 1000);
    }
}
