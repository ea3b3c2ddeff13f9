//! `parse_origin` on any text (an `origins` entry, or an entry of an `env(..)` variable): it
//! never panics, and what it accepts is canonical: parsing the canonical form again gives it
//! back unchanged.
#![no_main]

use cors_rules::{AllowedOrigin, parse_origin};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let Ok(allowed) = parse_origin(text) else { return };
    let canonical = allowed.to_string();
    assert_eq!(parse_origin(&canonical).as_ref(), Ok(&allowed), "{text:?} -> {canonical:?}");
    if let AllowedOrigin::Exact(origin) = &allowed {
        assert!(!canonical.ends_with('/') && !canonical.contains('@'), "{canonical:?}");
        assert_eq!(origin.to_string(), canonical);
    }
});
