//! Compile-time behaviour of `#[cors]`: every rule's error, and every accepted form.
//!
//! The `.stderr` files are rustc's output with our messages; regenerate them with
//! `TRYBUILD=overwrite cargo test --test ui` and review the diff.

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/fail/*.rs");
    cases.pass("tests/ui/pass/*.rs");
}
