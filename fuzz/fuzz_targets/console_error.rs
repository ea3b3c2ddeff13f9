//! Text pasted as a console error (`cors-check explain`, the tester page): reading it never
//! panics, text past the cap is refused, and the URL and origin it finds are single words.
//! Matching is linear in the text's length: libFuzzer's `-timeout` stops an input that makes
//! it slow.
#![no_main]

use cors_check_core::input::{MAX_CONSOLE_ERROR_BYTES, explain};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let Ok(explanation) = explain(text) else { return };
    assert!(text.len() <= MAX_CONSOLE_ERROR_BYTES);
    let error = &explanation.error;
    for word in [&error.url, &error.origin].into_iter().flatten() {
        assert!(!word.is_empty() && !word.contains(char::is_whitespace), "{word:?} in {text:?}");
    }
    let _ = explanation.reason();
    let _ = explanation.call.request();
});
