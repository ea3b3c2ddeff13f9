//! `cors-check`: tells whether a browser allows a cross-origin call, and how to fix it.

// No unsafe code in the published crates (why the fuzz targets need no sanitizer:
// fuzz/README.md). Here, not in `[lints]`, which would also cover tests that count allocations.
#![forbid(unsafe_code)]

use std::ffi::OsString;
use std::process::ExitCode;

fn main() -> ExitCode {
    let arguments: Vec<OsString> = std::env::args_os().skip(1).collect();
    cors_check::run(&arguments)
}
