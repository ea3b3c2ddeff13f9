//! The README's first command as its user meets it: the quickstart binary started as
//! `cargo run --example quickstart` starts it (the API on 127.0.0.1:8080, the demo page on 8081
//! and, unlisted, on 8082), and each engine presses every button of the page from both origins.
//! From the listed origin each call ends as the page announces and the WebSocket echoes; from
//! the unlisted one only the public route is readable, the WebSocket is refused, and the
//! quickstart's terminal says why.
//!
//! The ports are the quickstart's own, so this fails, naming them, while another quickstart
//! runs. Run with `cargo test -p cors-suite --test quickstart_page`; a missing engine is skipped
//! with a notice, and fails under `CI=true` (as in the browser suite).

use std::process::Command;

use cors_test_support::browser::{Browser, BrowserInstall};
use cors_test_support::cli::example_binary;
use cors_test_support::process::Background;
use serde_json::Value;

const SUITE: &str = "every_button_of_the_quickstart_page_ends_as_announced";
const LISTED_PAGE: &str = "http://127.0.0.1:8081/";
const UNLISTED_PAGE: &str = "http://127.0.0.1:8082/";
/// The one call the unlisted page can read: `origins = ["*"]`, without cookies.
const PUBLIC_CALL: &str = "GET /api/public (any origin, no cookies)";

/// Presses each call's button in turn, then the WebSocket's, waiting for each answer; returns
/// every call's label, the outcome the page announces for the listed origin, and the outcome
/// shown (`allowed` or `blocked`, the result's class).
const PRESS_EVERY_BUTTON: &str = r##"
const done = arguments[1];
const outcome = async (result, button) => {
  result.className = "result";
  button.click();
  const started = Date.now();
  while (!/allowed|blocked/.test(result.className) && Date.now() - started < 10000) {
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return result.className.replace("result", "").trim() || "no answer";
};
(async () => {
  // The page's own list (a global `const`, which Firefox's scripts cannot name directly).
  const calls = window.eval("calls");
  const boxes = [...document.querySelectorAll("#calls .call")];
  const shown = [];
  for (const [index, box] of boxes.entries()) {
    shown.push({
      label: calls[index].label,
      expect: calls[index].expect,
      outcome: await outcome(box.querySelector(".result"), box.querySelector("button")),
    });
  }
  const socket = document.getElementById("socket-result");
  const socketOutcome = await outcome(socket, document.getElementById("socket-open"));
  done({ calls: shown, socket: socketOutcome, socketText: socket.textContent });
})().catch((error) => done({ error: String(error) }));
"##;

/// The quickstart binary with the demo's defaults, once it listens on its three ports (it
/// prints its instructions then).
fn start_quickstart() -> Background {
    let mut command = Command::new(example_binary("quickstart"));
    command.env_remove("QUICKSTART_PAGE_ORIGINS").env_remove("QUICKSTART_MAX_AGE");
    let mut quickstart = Background::start(&mut command);
    quickstart.wait_for_line("the quickstart's instructions (8080-8082 bound)", |line| {
        line.starts_with(b"API   http://127.0.0.1:8080").then_some(())
    });
    quickstart
}

/// Each call's label and outcome, and the WebSocket's, as `page` showed them in `browser`.
async fn press_every_button(
    browser: &Browser,
    page: &str,
) -> (Vec<(String, String, String)>, Value) {
    browser.show_page(page).await;
    let shown = browser.run_async_script(PRESS_EVERY_BUTTON, Value::Null).await;
    let engine = browser.engine().name();
    assert!(shown.get("error").is_none(), "{engine}, {page}: the script failed: {shown}");
    let calls = shown["calls"].as_array().expect("the calls the page shows");
    let calls = calls
        .iter()
        .map(|call| {
            let text = |key: &str| call[key].as_str().expect("a string").to_owned();
            (text("label"), text("expect"), text("outcome"))
        })
        .collect();
    (calls, shown)
}

#[actix_web::test]
async fn every_button_of_the_quickstart_page_ends_as_announced() {
    let installs = BrowserInstall::chosen_or_skip(SUITE);
    if installs.is_empty() {
        return;
    }
    let quickstart = start_quickstart();
    for install in &installs {
        let browser = Browser::launch(install).await;
        let engine = browser.engine().name();

        let (calls, shown) = press_every_button(&browser, LISTED_PAGE).await;
        assert_eq!(calls.len(), 11, "{engine}: {shown}");
        for (label, expect, outcome) in &calls {
            assert_eq!(outcome, expect, "{engine}, {LISTED_PAGE}: {label}");
        }
        assert_eq!(shown["socket"], "allowed", "{engine}: {shown}");
        assert_eq!(shown["socketText"], r#"Connected; the server answered "echo: hello""#);

        let (calls, shown) = press_every_button(&browser, UNLISTED_PAGE).await;
        for (label, _, outcome) in &calls {
            let expected = if label == PUBLIC_CALL { "allowed" } else { "blocked" };
            assert_eq!(outcome, expected, "{engine}, {UNLISTED_PAGE}: {label}");
        }
        assert_eq!(shown["socket"], "blocked", "{engine}: {shown}");
        browser.close().await;
    }
    let terminal = quickstart.stderr();
    let refused =
        r#"WebSocket handshake to "/api/live" from origin "http://127.0.0.1:8082" refused"#;
    let fix = r#"add "http://127.0.0.1:8082" to the QUICKSTART_PAGE_ORIGINS variable"#;
    assert!(
        terminal.lines().any(|line| line.contains(refused) && line.contains(fix)),
        "the terminal does not say why the handshake was refused:\n{terminal}"
    );
}
