//! An `origins = env("VAR")` value as the deployment sets it (any text, split on commas as
//! cors-runtime's startup does), checked with the same rules as origins in the attribute: they
//! never panic, and what they accept is canonical and never `*` with credentials.
#![no_main]

use cors_rules::{AllowedOrigin, Draft, parse_origin};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (bool, bool, &str)| {
    let (credentials, allow_http, value) = input;
    let draft = Draft {
        origins: value
            .split(',')
            .map(str::trim)
            .enumerate()
            .filter(|(_, entry)| !entry.is_empty())
            .map(|(index, entry)| (index + 1, entry.to_owned()))
            .collect(),
        credentials: credentials.then_some(0),
        allow_http_origins: allow_http.then_some(0),
        ..Draft::new(0)
    };
    let Ok(policy) = draft.check() else { return };
    for origin in &policy.origins {
        assert_eq!(parse_origin(&origin.to_string()).as_ref(), Ok(origin));
        assert!(!(credentials && *origin == AllowedOrigin::Any), "{value:?}");
    }
});
