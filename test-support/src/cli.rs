//! A command-line tool run as its user runs it, and what it printed.
//!
//! Only the tool's own package knows where cargo put its binary (`env!("CARGO_BIN_EXE_<name>")`
//! compiles in its integration tests alone), so each test builds the [`Command`] and this
//! module runs it.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

/// The binary of the root package's example `name`, which `cargo test` builds beside the test
/// binaries (`target/<profile>/examples`).
///
/// # Panics
/// When it is missing: the tests were built with target filters, without the examples.
pub fn example_binary(name: &str) -> PathBuf {
    let test_binary = std::env::current_exe().expect("the test binary's path");
    let profile_dir =
        test_binary.parent().and_then(|deps| deps.parent()).expect("target/<profile>/deps");
    let binary =
        profile_dir.join("examples").join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    assert!(
        binary.exists(),
        "{} is missing: `cargo test` builds the examples when run without target filters; \
         otherwise run `cargo build --example {name}` first",
        binary.display()
    );
    binary
}

/// Runs `command` to its end with `stdin` on its standard input (closed after it, so a tool
/// reading to the end stops there); its exit status, standard output and standard error.
///
/// # Panics
/// When the program cannot be started, given its input or waited for.
pub fn run(command: &mut Command, stdin: &str) -> Output {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|error| panic!("cannot run {:?}: {error}", command.get_program()));
    child.stdin.take().expect("a piped stdin").write_all(stdin.as_bytes()).expect("write stdin");
    child.wait_with_output().expect("wait for the tool")
}

/// What the tool printed on standard output.
pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// What the tool printed on standard error.
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The JSON document the tool printed on standard output (its `--json` report).
///
/// # Panics
/// When standard output is not JSON, quoting it.
pub fn json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|error| {
        panic!("the tool printed invalid JSON ({error}):\n{}", stdout(output))
    })
}
