//! `cors-check`: tells whether a browser allows a cross-origin call, and how to fix it.

use std::ffi::OsString;
use std::process::ExitCode;

fn main() -> ExitCode {
    let arguments: Vec<OsString> = std::env::args_os().skip(1).collect();
    cors_check::run(&arguments)
}
