//! Compile-time behaviour of `#[cors]` and `policy!`: every rule's error, and every accepted form.
//!
//! The `.stderr` files are rustc's output with our messages; regenerate them with
//! `TRYBUILD=overwrite cargo test -p cors-ui-tests` and review the diff.

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("fail/*.rs");
    cases.pass("pass/*.rs");
}
