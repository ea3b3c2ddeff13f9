//! Properties of subdomain patterns over generated hosts: a pattern never matches its apex,
//! another registrable domain, or a site under a public suffix that lies below its base.

use cors_rules::{AllowedOrigin, SubdomainPattern, parse_origin};
use proptest::prelude::*;

/// Bases people write, including ones with public suffixes at or below them.
const BASES: [&str; 7] = [
    "myapp.com",
    "preview.myapp.com",
    "myapp.co.uk",
    "amazonaws.com",
    "windows.net",
    "core.windows.net",
    "example.github.io.myapp.com",
];

fn label() -> impl Strategy<Value = String> {
    "[a-z0-9_-]{1,12}"
}

/// A host built from labels, some of them public-suffix rules' labels, so generated hosts
/// cross suffix boundaries often.
fn host() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        label(),
        Just("s3".to_owned()),
        Just("blob".to_owned()),
        Just("core".to_owned()),
        Just("execute-api".to_owned()),
        Just("us-east-1".to_owned()),
        Just("github".to_owned()),
        Just("io".to_owned()),
    ];
    prop::collection::vec(piece, 1..5).prop_map(|labels| labels.join("."))
}

fn pattern_of(base: &str) -> (String, String) {
    let Ok(pattern) = parse_origin(&format!("https://*.{base}")) else {
        panic!("`https://*.{base}` is accepted by the rules");
    };
    assert!(matches!(pattern, AllowedOrigin::Subdomains(_)));
    pattern.subdomain_parts().expect("a pattern has parts")
}

/// The registrable domain of `host` (one label more than its public suffix), if any.
fn registrable(host: &str) -> Option<&str> {
    let suffix_len = psl::suffix(host.as_bytes())?.as_bytes().len();
    let before_suffix = host.len().checked_sub(suffix_len + 1)?;
    let start = host[..before_suffix].rfind('.').map_or(0, |dot| dot + 1);
    Some(&host[start..])
}

proptest! {
    #[test]
    fn a_match_is_a_subdomain_of_the_base_within_its_registrable_domain(
        base in prop::sample::select(&BASES[..]),
        host in host(),
        port in prop::option::of(1u16..),
    ) {
        let (prefix, suffix) = pattern_of(base);
        let pattern = SubdomainPattern::from_parts(&prefix, &suffix);
        let port = port.map(|port| format!(":{port}")).unwrap_or_default();
        for candidate in [host.clone(), format!("{host}.{base}")] {
            let origin = format!("https://{candidate}{port}");
            if pattern.matches(origin.as_bytes()) {
                prop_assert!(port.is_empty(), "{origin} matched across ports");
                prop_assert!(candidate.ends_with(&format!(".{base}")), "{origin} is not under {base}");
                prop_assert_ne!(candidate.as_str(), base, "the apex matched");
                prop_assert_eq!(
                    registrable(&candidate),
                    registrable(base).or(Some(base)),
                    "{} crossed a public suffix below {}", origin, base
                );
            }
        }
    }

    #[test]
    fn the_apex_and_lookalike_registrable_domains_never_match(
        base in prop::sample::select(&BASES[..]),
        extra in label(),
    ) {
        let (prefix, suffix) = pattern_of(base);
        let pattern = SubdomainPattern::from_parts(&prefix, &suffix);
        for origin in [
            format!("https://{base}"),
            format!("https://{extra}{base}"),
            format!("https://{base}.{extra}"),
            format!("https://{extra}.{base}.{extra}"),
            format!("http://{extra}.{base}"),
            format!("https://{extra}.{base}:443"),
            format!("https://{extra}.{base}."),
        ] {
            prop_assert!(!pattern.matches(origin.as_bytes()), "{} matched", origin);
        }
    }
}
