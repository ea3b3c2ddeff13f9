//! The `cors-check` app: the command line (`cors-check --help`) and the tester page
//! (`cors-check serve`), built on the library `cors-check-core`, which judges the calls.
//!
//! This is a library only so that the app's tests, and the workspace's browser suite, can start
//! the tester page in-process ([`serve::TesterPage`]); a test author checking a server from
//! Rust uses `cors-check-core`, which builds no command line, page or TLS stack unasked.
//!
//! # Layout
//!
//! Each module uses only those listed before it:
//!
//! 1. `options`: what every command shares (exit statuses, reading a file or standard input,
//!    the options of a check);
//! 2. `checking`: the one front door, "check this call as one engine or as all of them", which
//!    the command line, the page and the DevTools inputs all go through;
//! 3. `serve`: the tester page (`api` over `checking`, `page`, `request`: a head judged before
//!    its body);
//! 4. `commands`: the command line, one file per command.

// No unsafe code in the published crates (why the fuzz targets need no sanitizer:
// fuzz/README.md). Here, not in `[lints]`, which would also cover tests that count allocations.
#![forbid(unsafe_code)]

mod checking;
mod commands;
mod options;
pub mod serve;

use std::ffi::OsString;
use std::process::ExitCode;

/// Runs the command line `arguments` (without the program's name) and says how it ended.
pub fn run(arguments: &[OsString]) -> ExitCode {
    commands::run(arguments)
}
