//! Properties of origin patterns over generated hosts: a host pattern never matches its apex,
//! another registrable domain, or a site at or under a public suffix that lies below its base;
//! a label pattern's `*` never crosses a dot; a port pattern matches exactly the ports browsers
//! write. The public suffix and registrable domain the crate reads are the Public Suffix
//! List's.

use cors_rules::{AllowedOrigin, OriginPattern, Wildcard, parse_origin};
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

fn pattern_of(text: &str) -> (String, Wildcard, String) {
    let Ok(pattern) = parse_origin(text) else {
        panic!("`{text}` is accepted by the rules");
    };
    assert!(!matches!(pattern, AllowedOrigin::Exact(_)));
    pattern.pattern_parts().expect("a pattern has parts")
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
        let (prefix, wildcard, suffix) = pattern_of(&format!("https://*.{base}"));
        let pattern = OriginPattern::from_parts(&prefix, wildcard, &suffix);
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
        let (prefix, wildcard, suffix) = pattern_of(&format!("https://*.{base}"));
        let pattern = OriginPattern::from_parts(&prefix, wildcard, &suffix);
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

/// The fixed parts of labels people write around a `*`, some of them the start of public
/// suffixes below a base (`s3-` below `amazonaws.com`).
const LABEL_PARTS: [(&str, &str); 6] =
    [("preview-", ""), ("", "-staging"), ("pr-", "-app"), ("s3-", ""), ("s3", ""), ("x", "y")];

/// What a request may put where the `*` is: label characters, dots, public suffixes' labels,
/// upper case, and bytes no host has.
fn middle() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z0-9_-]{0,12}",
        "[a-zA-Z0-9_.:/#@%-]{0,12}",
        Just("us-west-2".to_owned()),
        Just("website-us-east-1".to_owned()),
        Just("website.us-east-1".to_owned()),
        host(),
    ]
}

fn label_pattern(base: &str, (before, after): (&str, &str)) -> (String, Wildcard, String) {
    let parts = pattern_of(&format!("https://{before}*{after}.{base}"));
    assert_eq!(parts.1, Wildcard::InLabel);
    parts
}

proptest! {
    #[test]
    fn a_label_pattern_matches_one_label_within_the_bases_registrable_domain(
        base in prop::sample::select(&BASES[..]),
        parts in prop::sample::select(&LABEL_PARTS[..]),
        middle in middle(),
        port in prop::option::of(1u16..),
    ) {
        let (prefix, wildcard, suffix) = label_pattern(base, parts);
        let pattern = OriginPattern::from_parts(&prefix, wildcard, &suffix);
        let (before, after) = parts;
        let label = format!("{before}{middle}{after}");
        let port = port.map(|port| format!(":{port}")).unwrap_or_default();
        let origin = format!("https://{label}.{base}{port}");
        if pattern.matches(origin.as_bytes()) {
            prop_assert!(port.is_empty(), "{origin} matched across ports");
            prop_assert!(!middle.is_empty(), "the `*` stood for nothing in {origin}");
            prop_assert!(!middle.contains('.'), "the `*` crossed a dot in {origin}");
            let host = format!("{label}.{base}");
            prop_assert_ne!(psl::suffix_str(&host), Some(host.as_str()), "{} is a public suffix", host);
            prop_assert_eq!(
                registrable(&host),
                registrable(base).or(Some(base)),
                "{} crossed a public suffix below {}", origin, base
            );
        }
    }

    #[test]
    fn a_label_pattern_never_matches_its_apex_or_lookalikes(
        base in prop::sample::select(&BASES[..]),
        parts in prop::sample::select(&LABEL_PARTS[..]),
        star in "[a-z0-9-]{1,8}",
        extra in label(),
    ) {
        let (prefix, wildcard, suffix) = label_pattern(base, parts);
        let pattern = OriginPattern::from_parts(&prefix, wildcard, &suffix);
        let (before, after) = parts;
        let matched = format!("{before}{star}{after}");
        for origin in [
            format!("https://{base}"),
            format!("https://{before}{after}.{base}"),
            format!("https://{extra}.{matched}.{base}"),
            format!("https://{before}{star}.{extra}{after}.{base}"),
            format!("https://{matched}.{base}.{extra}"),
            format!("https://{matched}{base}"),
            format!("https://{matched}.{extra}{base}"),
            format!("https://{matched}.{base}."),
            format!("https://{matched}.{base}:443"),
            format!("http://{matched}.{base}"),
            format!("https://{}.{base}", matched.to_ascii_uppercase()),
        ] {
            prop_assert!(!pattern.matches(origin.as_bytes()), "{} matched", origin);
        }
    }

    #[test]
    fn a_port_pattern_matches_exactly_the_ports_browsers_write(
        host in prop::sample::select(&["localhost", "127.0.0.1", "[::1]"][..]),
        secure in any::<bool>(),
        port in prop_oneof!["[0-9]{0,7}", "[0-9:+ a-z.]{0,7}", (0u32..70_000).prop_map(|port| port.to_string())],
    ) {
        let scheme = if secure { "https" } else { "http" };
        let (prefix, wildcard, suffix) = pattern_of(&format!("{scheme}://{host}:*"));
        let pattern = OriginPattern::from_parts(&prefix, wildcard, &suffix);
        let default_port = if secure { 443 } else { 80 };
        let written_by_browsers = port
            .parse::<u16>()
            .is_ok_and(|number| number != 0 && number != default_port && number.to_string() == port);
        let origin = format!("{scheme}://{host}:{port}");
        prop_assert_eq!(pattern.matches(origin.as_bytes()), written_by_browsers, "{}", origin);
        let lookalike = format!("{scheme}://{host}.{port}");
        prop_assert!(!pattern.matches(lookalike.as_bytes()), "{}", lookalike);
    }

    #[test]
    fn the_public_suffix_and_registrable_domain_are_the_public_suffix_lists(
        base in prop::sample::select(&BASES[..]),
        host in host(),
    ) {
        for name in [host.clone(), format!("{host}.{base}"), format!("{host}.{base}."), base.to_owned()] {
            let suffix = psl::suffix(name.as_bytes()).map_or(0, |found| found.as_bytes().len());
            prop_assert_eq!(cors_rules::public_suffix_len(name.as_bytes()), suffix, "{}", name);
            prop_assert_eq!(cors_rules::registrable_domain(&name), psl::domain_str(&name), "{}", name);
        }
    }
}
