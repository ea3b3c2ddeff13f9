//! A subdomain pattern against any `Origin` bytes: never panics, and a match is always the
//! pattern's scheme, one or more lower-case host labels, the pattern's base and port, and a
//! host whose registrable domain is the base's own (no public suffix at or below the base).
#![no_main]

use cors_rules::{OriginPattern, Wildcard, parse_origin};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (&str, &[u8])| {
    let (pattern_text, origin) = input;
    let Some((prefix, Wildcard::Subdomains, suffix)) =
        parse_origin(pattern_text).ok().and_then(|p| p.pattern_parts())
    else {
        return;
    };
    let pattern = OriginPattern::from_parts(&prefix, Wildcard::Subdomains, &suffix);
    if !pattern.matches(origin) {
        return;
    }
    let labels = &origin[prefix.len()..origin.len() - suffix.len()];
    assert!(origin.starts_with(prefix.as_bytes()) && origin.ends_with(suffix.as_bytes()));
    assert!(!labels.is_empty() && !labels.starts_with(b".") && !labels.ends_with(b"."));
    assert!(labels.split(|&b| b == b'.').all(|label| !label.is_empty()));
    assert!(labels.iter().all(|&b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-_.".contains(&b)));
    // The base's own rule, checked against the Public Suffix List (through the crate's one call
    // of `psl`, which its tests compare with `psl`): the host's public suffix is shorter than
    // the base, so its registrable domain lies within the base.
    let dot_base = suffix.split(':').next().unwrap_or(&suffix);
    let host = &origin[prefix.len()..prefix.len() + labels.len() + dot_base.len()];
    let public_suffix = cors_rules::public_suffix_len(host);
    assert!(public_suffix < dot_base.len() - 1, "{:?} matched {pattern_text:?}", String::from_utf8_lossy(origin));
});
