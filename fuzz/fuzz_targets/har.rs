//! A HAR file as anyone may send one (attached to a bug report, uploaded to the tester page):
//! reading it and judging it offline never panics, its calls are entries of the file in order,
//! and every call is in exactly one row of the listing. The work stays linear in the file's
//! size: libFuzzer's `-timeout` stops an input that makes it slow.
#![no_main]

use cors_check_core::input::{judge_offline, read_har};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let Ok(calls) = read_har(text) else { return };
    for pair in calls.windows(2) {
        assert!(pair[0].entry < pair[1].entry, "{:?}", (pair[0].entry, pair[1].entry));
    }
    let mut entries: Vec<usize> = calls.iter().map(|call| call.entry).collect();
    let result = judge_offline(calls);
    let mut listed: Vec<usize> = result.rows.iter().flat_map(|row| row.entries.clone()).collect();
    listed.sort_unstable();
    entries.sort_unstable();
    assert_eq!(listed, entries);
});
