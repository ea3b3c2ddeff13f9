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

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::thread;
use std::time::Duration;

use cors_test_support::browser::{Browser, BrowserInstall};
use cors_test_support::cli::example_binary;
use cors_test_support::engine::Engine;
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

/// The quickstart binary, running until dropped; its standard error kept for the test to read.
struct Quickstart {
    process: Child,
    stderr: Arc<Mutex<String>>,
}

impl Quickstart {
    /// Starts it with the demo's defaults, once it listens on its three ports.
    fn start() -> Self {
        let mut process = Command::new(example_binary("quickstart"))
            .env_remove("QUICKSTART_PAGE_ORIGINS")
            .env_remove("QUICKSTART_MAX_AGE")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start the quickstart");
        let stderr = Arc::new(Mutex::new(String::new()));
        let mut pipe = process.stderr.take().expect("piped stderr");
        let kept = Arc::clone(&stderr);
        thread::spawn(move || {
            let mut buffer = [0; 4096];
            while let Ok(read @ 1..) = pipe.read(&mut buffer) {
                kept.lock().unwrap().push_str(&String::from_utf8_lossy(&buffer[..read]));
            }
        });
        // It prints its instructions once both servers are bound.
        let (listening, bound) = mpsc::channel();
        let stdout = process.stdout.take().expect("piped stdout");
        thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if line.starts_with("API   http://127.0.0.1:8080") {
                    let _ = listening.send(());
                }
            }
        });
        let quickstart = Quickstart { process, stderr };
        if bound.recv_timeout(Duration::from_secs(30)).is_err() {
            panic!("the quickstart did not listen on 8080-8082:\n{}", quickstart.stderr());
        }
        quickstart
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }
}

impl Drop for Quickstart {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
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
    let installs: Vec<BrowserInstall> = Engine::chosen()
        .into_iter()
        .filter_map(|engine| BrowserInstall::find_or_skip(engine, SUITE))
        .collect();
    if installs.is_empty() {
        return;
    }
    let quickstart = Quickstart::start();
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
