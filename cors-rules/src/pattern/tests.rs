//! The matcher of each kind of pattern, on the origins browsers send and on look-alikes.
use super::*;

fn subdomains(suffix: &'static str) -> OriginPattern<'static> {
    OriginPattern::from_parts("https://", Wildcard::Subdomains, suffix)
}

#[test]
fn subdomain_pattern_matches_only_real_subdomains() {
    let pattern = subdomains(".myapp.com");
    for origin in ["https://a.myapp.com", "https://a.b.myapp.com", "https://x-1.myapp.com"] {
        assert!(pattern.matches(origin.as_bytes()), "{origin}");
    }
    for origin in [
        "https://myapp.com",
        "https://.myapp.com",
        "https://evilmyapp.com",
        "https://a.myapp.com.evil.com",
        "http://a.myapp.com",
        "https://a.myapp.com:8443",
        "https://evil.com/.myapp.com",
        "https://a..myapp.com",
        "https://A.myapp.com",
    ] {
        assert!(!pattern.matches(origin.as_bytes()), "{origin}");
    }
}

#[test]
fn subdomain_patterns_never_reach_public_suffixes_below_their_base() {
    let amazonaws = subdomains(".amazonaws.com");
    assert!(amazonaws.matches(b"https://a.amazonaws.com"), "its public suffix is `com`");
    for origin in [
        "https://attacker-bucket.s3.amazonaws.com",
        "https://abcd.execute-api.us-east-1.amazonaws.com",
        "https://s3.amazonaws.com",
    ] {
        assert!(!amazonaws.matches(origin.as_bytes()), "{origin}");
    }
    let windows = subdomains(".windows.net:8443");
    assert!(windows.matches(b"https://portal.windows.net:8443"));
    assert!(!windows.matches(b"https://acct.blob.core.windows.net:8443"));
    assert!(
        subdomains(".myapp.com").matches(b"https://a.b.c.myapp.com"),
        "depth is the base's own"
    );
}

#[test]
fn a_star_in_a_label_stands_for_one_or_more_label_characters_never_a_dot() {
    let preview = OriginPattern::from_parts("https://preview-", Wildcard::InLabel, ".myapp.com");
    assert_eq!(preview.to_string(), "https://preview-*.myapp.com");
    for origin in ["https://preview-1.myapp.com", "https://preview-pr-42_x.myapp.com"] {
        assert!(preview.matches(origin.as_bytes()), "{origin}");
    }
    for origin in [
        "https://preview-.myapp.com",
        "https://preview-a.b.myapp.com",
        "https://preview-a.myapp.com.evil.com",
        "https://preview-a.myapp.com:8443",
        "https://preview-A.myapp.com",
        "https://preview-a%2e.myapp.com",
        "https://preview-evil.com#.myapp.com",
        "https://previewa.myapp.com",
        "https://a.preview-a.myapp.com",
        "https://preview-a.myapp.co",
        "http://preview-a.myapp.com",
        "https://myapp.com",
    ] {
        assert!(!preview.matches(origin.as_bytes()), "{origin}");
    }
    let staging =
        OriginPattern::from_parts("https://", Wildcard::InLabel, "-staging.myapp.com:8443");
    assert!(staging.matches(b"https://pr-7-staging.myapp.com:8443"));
    for origin in [
        "https://-staging.myapp.com:8443",
        "https://a.b-staging.myapp.com:8443",
        "https://pr-7-staging.myapp.com",
    ] {
        assert!(!staging.matches(origin.as_bytes()), "{origin}");
    }
}

#[test]
fn a_star_in_a_label_never_matches_a_public_suffix_below_the_base() {
    // `s3-us-west-2.amazonaws.com` is a public suffix: anyone's page is served from it.
    let s3 = OriginPattern::from_parts("https://s3-", Wildcard::InLabel, ".amazonaws.com");
    assert!(!s3.matches(b"https://s3-us-west-2.amazonaws.com"));
    assert!(s3.matches(b"https://s3-console.amazonaws.com"), "its public suffix is `com`");
}

#[test]
fn a_port_wildcard_matches_every_port_as_browsers_write_it_and_nothing_else() {
    let localhost = OriginPattern::from_parts("http://localhost:", Wildcard::Port, "");
    assert_eq!(localhost.to_string(), "http://localhost:*");
    let allowed =
        (1..=65535).filter(|port| *port != 80).map(|port| format!("http://localhost:{port}"));
    for origin in allowed.chain(["http://localhost".to_owned()]) {
        assert!(localhost.matches(origin.as_bytes()), "{origin}");
    }
    for origin in [
        "http://localhost:",
        "http://localhost:0",
        "http://localhost:80",
        "http://localhost:03000",
        "http://localhost:65536",
        "http://localhost:99999",
        "http://localhost:4294967296",
        "http://localhost:+3000",
        "http://localhost:3000/",
        "http://localhost:3000:3000",
        "http://localhost.evil.test:3000",
        "http://localhost.evil.test",
        "http://localhostevil.test",
        "https://localhost:3000",
        "http://LOCALHOST:3000",
        "http://localhos",
    ] {
        assert!(!localhost.matches(origin.as_bytes()), "{origin}");
    }
    let secure = OriginPattern::from_parts("https://[::1]:", Wildcard::Port, "");
    assert!(secure.matches(b"https://[::1]") && secure.matches(b"https://[::1]:80"));
    assert!(!secure.matches(b"https://[::1]:443") && !secure.matches(b"http://[::1]:8080"));
    // Parts that no rule produces match nothing, rather than panic.
    let malformed = OriginPattern::from_parts("", Wildcard::Port, "");
    assert!(!malformed.matches(b"") && !malformed.matches(b":80"));
    let ipv4 = OriginPattern::from_parts("http://127.0.0.1:", Wildcard::Port, "");
    assert!(ipv4.matches(b"http://127.0.0.1:8080"));
    assert!(!ipv4.matches(b"http://127.0.0.1.evil.test") && !ipv4.matches(b"http://127.0.0.10"));
}
