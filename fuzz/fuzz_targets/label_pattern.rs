//! A pattern with a `*` inside its first label (`https://preview-*.myapp.com`) against any
//! `Origin` bytes: never panics, and a match is always the pattern's scheme and the label's
//! literal start, one or more host-label characters with no dot, the label's literal end, the
//! base and its port, and a host that is no public suffix and whose registrable domain lies
//! within the base.
#![no_main]

use cors_rules::{AllowedOrigin, OriginPattern, Wildcard, parse_origin};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (&str, &[u8])| {
    let (pattern_text, origin) = input;
    let Ok(allowed) = parse_origin(pattern_text) else { return };
    let AllowedOrigin::InLabel { base, before, after } = &allowed else { return };
    let (prefix, wildcard, suffix) = allowed.pattern_parts().expect("a pattern has parts");
    assert_eq!(wildcard, Wildcard::InLabel);
    let pattern = OriginPattern::from_parts(&prefix, wildcard, &suffix);
    if !pattern.matches(origin) {
        return;
    }
    let text = std::str::from_utf8(origin).expect("a match is ASCII");
    let scheme = format!("{}://", base.scheme.as_str());
    let port = base.port.map(|port| format!(":{port}")).unwrap_or_default();
    let host = text.strip_prefix(&scheme).and_then(|rest| rest.strip_suffix(&port));
    let host = host.unwrap_or_else(|| panic!("{text:?} has another scheme or port than {allowed}"));
    let (label, rest) = host.split_once('.').expect("a host below the base");
    assert_eq!(rest, base.host, "{text:?} is not one label below the base of {allowed}");
    let star = label.strip_prefix(before.as_str()).and_then(|label| label.strip_suffix(after.as_str()));
    let star = star.unwrap_or_else(|| panic!("{text:?} lost the literal parts of {allowed}"));
    assert!(!star.is_empty(), "the `*` of {allowed} stood for nothing in {text:?}");
    assert!(star.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-_".contains(&b)));
    // Checked against the Public Suffix List (through the crate's one call of `psl`, which its
    // tests compare with `psl`): the host is no public suffix, and its own public suffix is
    // shorter than the base.
    let public_suffix = cors_rules::public_suffix_len(host.as_bytes());
    assert!(public_suffix < base.host.len(), "{text:?} matched {allowed} across a public suffix");
});
