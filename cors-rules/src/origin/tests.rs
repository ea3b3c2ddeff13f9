//! Parsing origins: canonical forms, what cannot be fixed, and patterns.
use super::*;

fn exact(text: &str) -> String {
    match parse_origin(text) {
        Ok(AllowedOrigin::Exact(origin)) => origin.to_string(),
        other => panic!("{text}: expected an exact origin, got {other:?}"),
    }
}

fn fix_for(text: &str) -> String {
    parse_origin(text).expect_err(text).help
}

#[test]
fn accepts_canonical_origins() {
    for text in [
        "https://myapp.com",
        "http://localhost:3000",
        "http://127.0.0.1:8081",
        "http://[::1]:8080",
        "https://a-b.example.co.uk:8443",
    ] {
        assert_eq!(exact(text), text);
    }
}

#[test]
fn suggests_the_canonical_form() {
    let cases = [
        ("https://example.com/", "`https://example.com`"),
        ("https://example.com/api?x#y", "`https://example.com`"),
        ("https://example.com:443", "`https://example.com`"),
        ("http://example.com:80", "`http://example.com`"),
        ("HTTPS://Example.COM", "`https://example.com`"),
        ("https://user:pw@example.com", "`https://example.com`"),
        ("https://example.com:08443", "`https://example.com:8443`"),
        ("https://example.com.", "`https://example.com`"),
        ("http://[0:0:0:0:0:0:0:1]:80", "`http://[::1]`"),
        (" https://example.com", "`https://example.com`"),
        // The URL standard's IPv4 forms, as inet_aton reads them too.
        ("http://127.1:8080", "`http://127.0.0.1:8080`"),
        ("http://2130706433", "`http://127.0.0.1`"),
        ("http://0x7f.1", "`http://127.0.0.1`"),
        ("http://0177.0.0.1", "`http://127.0.0.1`"),
        ("http://0", "`http://0.0.0.0`"),
        ("http://1.0x1", "`http://1.0.0.1`"),
    ];
    for (text, fix) in cases {
        assert!(fix_for(text).contains(fix), "{text}: {}", fix_for(text));
    }
    assert!(fix_for("example.com").contains("`https://example.com`"));
}

#[test]
fn rejects_what_cannot_be_fixed() {
    for text in [
        "null",
        "NULL",
        "",
        "file:///home/me/index.html",
        "ftp://example.com",
        "chrome-extension://abc",
        "https://",
        "https://example.com:0",
        "https://example.com:65536",
        "https://example.com:port",
        "https://exa mple.com",
        "https://a..b",
        "https://bücher.de",
        "https://ex*ample.com",
        "https://256.1.1.1",
        "http://1.2.3.4.5",
        "http://0x100000000",
        "http://1.2.65536",
        "http://09.1",
        "http://[::g]",
        "https://*.com",
        "https://*.co.uk",
        "https://*.github.io",
        "http://*.127.0.0.1",
    ] {
        assert!(parse_origin(text).is_err(), "{text} was accepted");
    }
}

#[test]
fn parses_subdomain_patterns() {
    let pattern = parse_origin("https://*.myapp.com:8443").unwrap();
    assert_eq!(pattern.to_string(), "https://*.myapp.com:8443");
    assert_eq!(
        pattern.pattern_parts(),
        Some(("https://".to_owned(), Wildcard::Subdomains, ".myapp.com:8443".to_owned()))
    );
    let in_label = parse_origin("https://pr-*-app.myapp.com").unwrap();
    assert_eq!(
        in_label.pattern_parts(),
        Some(("https://pr-".to_owned(), Wildcard::InLabel, "-app.myapp.com".to_owned()))
    );
    let any_port = parse_origin("http://[::1]:*").unwrap();
    assert_eq!(
        any_port.pattern_parts(),
        Some(("http://[::1]:".to_owned(), Wildcard::Port, String::new()))
    );
    assert!(any_port.origin().unwrap().is_loopback());
    assert_eq!(parse_origin("https://myapp.com").unwrap().pattern_parts(), None);
}

#[test]
fn a_base_with_a_wildcard_public_suffix_below_is_refused() {
    let problem = parse_origin("https://*.run.app").unwrap_err();
    assert!(problem.message.contains("`*.run.app` covers public suffixes"), "{problem:?}");
    assert!(problem.help.contains("exact origin"), "{problem:?}");
    for accepted in ["https://*.amazonaws.com", "https://*.myapp.com", "https://*.a.run.app.x.com"]
    {
        assert!(parse_origin(accepted).is_ok(), "{accepted}");
    }
}

#[test]
fn knows_loopback_hosts() {
    let loopback = ["http://localhost:1", "http://app.localhost:3", "http://127.9.9.9"];
    for text in loopback.into_iter().chain(["http://127.0.0.1", "http://[::1]"]) {
        assert!(parse_origin(text).unwrap().origin().unwrap().is_loopback(), "{text}");
    }
    for text in ["http://myapp.com", "http://localhost.example", "http://mylocalhost"] {
        assert!(!parse_origin(text).unwrap().origin().unwrap().is_loopback(), "{text}");
    }
}
