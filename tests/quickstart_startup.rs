//! The quickstart refuses to start when the deployment gives it bad origins or a bad `max_age`,
//! and says why.

use std::process::{Command, Output};

use cors_test_support::cli::example_binary;

/// The quickstart's `--cors-report` run with `variable` set to `value`.
fn report_with(variable: &str, value: &str) -> Output {
    let mut quickstart = Command::new(example_binary("quickstart"));
    quickstart.env(variable, value).arg("--cors-report").output().expect("run the quickstart")
}

#[test]
fn bad_origins_in_the_environment_stop_the_quickstart_before_it_listens() {
    let output = report_with(
        "QUICKSTART_PAGE_ORIGINS",
        "https://app.example.com/, *, http://intranet.example",
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "stderr:\n{stderr}");
    assert!(output.stdout.is_empty(), "nothing may run after a failed check");
    for expected in [
        // `init_with(..)?` in `main`: the standard library prints the error, problems one a line.
        "Error: Custom { kind: InvalidInput, error: the CORS settings read from the deployment are not valid (5 problem(s)):\n  - QUICKSTART_PAGE_ORIGINS entry 1",
        "QUICKSTART_PAGE_ORIGINS entry 1 `https://app.example.com/`",
        "write it as browsers send it: `https://app.example.com`",
        "QUICKSTART_PAGE_ORIGINS entry 2 `*`: `*` in `origins` cannot be combined with `credentials`",
        // PAGE guards writes: a `*` from the deployment would silently turn that off.
        "QUICKSTART_PAGE_ORIGINS entry 2 `*`: `reject_unlisted_writes` rejects nothing",
        "QUICKSTART_PAGE_ORIGINS entry 3 `http://intranet.example`",
    ] {
        assert!(stderr.contains(expected), "missing {expected:?} in:\n{stderr}");
    }
}

#[test]
fn an_empty_variable_is_refused_too() {
    let output = report_with("QUICKSTART_PAGE_ORIGINS", " , ");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "stderr:\n{stderr}");
    assert!(stderr.contains("QUICKSTART_PAGE_ORIGINS: no origin is allowed"), "{stderr}");
}

#[test]
fn good_origins_start_it_and_the_report_shows_them() {
    let output = report_with("QUICKSTART_PAGE_ORIGINS", "https://app.example.com");
    assert!(output.status.success(), "stderr:\n{}", String::from_utf8_lossy(&output.stderr));
    let report: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("the report is JSON");
    let read_data = report["routes"]
        .as_array()
        .expect("a list of routes")
        .iter()
        .find(|route| route["handler"] == "read_data")
        .expect("read_data is reported");
    assert_eq!(read_data["origins"], serde_json::json!(["https://app.example.com"]));
    assert_eq!(read_data["origins_env"], "QUICKSTART_PAGE_ORIGINS");
    assert_eq!(read_data["policy"], "PAGE");
}

#[test]
fn a_bad_max_age_is_refused_with_the_variable_to_set() {
    let output = report_with("QUICKSTART_MAX_AGE", "100000");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "stderr:\n{stderr}");
    assert!(output.stdout.is_empty(), "nothing may run after a failed check");
    assert!(
        stderr.contains(
            "QUICKSTART_MAX_AGE: `max_age` is at most 86400 seconds (one day): browsers ignore longer lifetimes (Chromium caps preflight caching at 7200)\n    help: set QUICKSTART_MAX_AGE to a number of seconds from 0 to 86400, e.g. QUICKSTART_MAX_AGE=3600"
        ),
        "{stderr}"
    );
}
