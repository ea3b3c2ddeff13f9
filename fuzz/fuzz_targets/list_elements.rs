//! Splitting a list header (`Access-Control-Request-Headers`, `Vary`, ...) on any bytes: never
//! panics, and every element is non-empty, free of commas and of surrounding tab or space.
#![no_main]

use cors_rules::fetch::{list_elements, vary_covers_origin};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|line: &[u8]| {
    let mut count = 0;
    for element in list_elements(line) {
        count += 1;
        assert!(!element.is_empty() && !element.contains(&b','));
        assert!(![b' ', b'\t'].contains(&element[0]));
        assert!(![b' ', b'\t'].contains(&element[element.len() - 1]));
    }
    assert!(count <= line.iter().filter(|&&byte| byte == b',').count() + 1);
    let _ = vary_covers_origin(line);
});
