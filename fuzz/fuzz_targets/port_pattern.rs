//! A loopback pattern with any port (`http://localhost:*`) against any `Origin` bytes: never
//! panics, and matches exactly the origins browsers send for that host: no port, or a port from
//! 1 to 65535 in decimal without leading zeros and other than the scheme's default.
#![no_main]

use cors_rules::{AllowedOrigin, OriginPattern, Wildcard, parse_origin};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (&str, &[u8])| {
    let (pattern_text, origin) = input;
    let Ok(allowed @ AllowedOrigin::AnyPort(_)) = parse_origin(pattern_text) else { return };
    let (prefix, wildcard, suffix) = allowed.pattern_parts().expect("a pattern has parts");
    assert_eq!(wildcard, Wildcard::Port);
    let pattern = OriginPattern::from_parts(&prefix, wildcard, &suffix);
    let loopback = allowed.origin().expect("an origin").to_string();
    let host = loopback.split_once("://").map(|(_, host)| host);
    assert!(host.is_some_and(|host| ["localhost", "127.0.0.1", "[::1]"].contains(&host)), "{allowed}");
    // What browsers send for that host, decided independently of the matcher.
    let default_port = if loopback.starts_with("https:") { 443 } else { 80 };
    let sent_by_browsers = origin == loopback.as_bytes()
        || std::str::from_utf8(origin)
            .ok()
            .and_then(|text| text.strip_prefix(&prefix))
            .and_then(|port| Some((port, port.parse::<u16>().ok()?)))
            .is_some_and(|(text, port)| port != 0 && port != default_port && port.to_string() == text);
    let shown = String::from_utf8_lossy(origin);
    assert_eq!(pattern.matches(origin), sent_by_browsers, "{shown:?} against {allowed}");
});
