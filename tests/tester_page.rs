//! cors-check's tester page (`cors-check serve`) end to end in Chromium: the page is served by
//! the library (`cors_check::serve::TesterPage`), the API is a `#[cors]` route on loopback,
//! and Chromium fills the form, clicks, and reads what the page shows: an allowed call, a
//! blocked one with its console line and fix, a pasted console error read back into the form
//! and checked, and a HAR file chosen in the page and judged offline.
//!
//! Run with `cargo test -p cors-suite --test tester_page`. Chromium missing is a skip with a
//! notice, a failure under `CI=true` (as in the browser suite). With
//! `CORS_CHECK_SCREENSHOT=1`, the page with a blocked call is saved as
//! `cors-check/docs/tester-page.png` (by Chromium's own `--screenshot`: the suite's driver
//! does not expose WebDriver's screenshot).

// The browser suite's helpers, by path (see tests/browser.rs); this test uses part of them.
#[allow(dead_code)]
#[path = "browser/driver.rs"]
mod driver;
#[allow(dead_code)]
#[path = "browser/engines.rs"]
mod engines;
#[allow(dead_code)]
#[path = "browser/proxy.rs"]
mod proxy;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use actix_web::{App, HttpResponse, get};
use cors_check::serve::TesterPage;
use cors_runtime::cors;
use cors_test_support::server::LoopbackServer;
use serde_json::{Value, json};

use driver::Browser;
use engines::{BrowserInstall, Engine};

const SUITE: &str = "tester_page_judges_calls_in_chromium";
const APP: &str = "https://app.example";
const OTHER: &str = "https://evil.example";

#[cors(origins = ["https://app.example"], headers = ["Content-Type"], credentials)]
#[get("/api/items")]
async fn items() -> HttpResponse {
    HttpResponse::Ok().json(["a", "b"])
}

/// Fills the four steps, clicks Check and returns what the page shows once it has answered.
const CHECK: &str = r#"
const [form, done] = arguments;
const $ = (id) => document.getElementById(id);
$("url").value = form.url;
$("origin").value = form.origin;
$("method").value = form.method;
$("headers").value = form.headers;
$("credentials").checked = form.credentials;
$("browser").value = form.browser;
$("verdict").dataset.verdict = "";
$(form.button).click();
const started = Date.now();
(function wait() {
  const verdict = $("verdict").dataset.verdict;
  if (verdict || Date.now() - started > 10000) {
    done({
      verdict,
      banner: $("verdict").textContent,
      engines: [...document.querySelectorAll(".engine")].map((engine) => ({
        browser: engine.dataset.browser,
        title: engine.querySelector("h3").textContent,
        steps: [...engine.querySelectorAll("ol.steps li")].map((step) => step.textContent),
        console: engine.querySelector(".console")?.textContent ?? null,
        fix: engine.querySelector(".fix-attribute")?.textContent ?? null,
      })),
      form: { url: $("url").value, origin: $("origin").value, method: $("method").value },
      explained: $("explained").textContent,
    });
  } else {
    setTimeout(wait, 50);
  }
})();
"#;

#[actix_web::test]
async fn tester_page_judges_calls_in_chromium() {
    let Some(install) = BrowserInstall::find_or_skip(Engine::Chromium, SUITE) else { return };
    let api = LoopbackServer::start(|| App::new().service(items));
    let page = TesterPage::bind("127.0.0.1:0".parse().expect("an address"), Duration::from_secs(5))
        .expect("bind the tester page")
        .spawn();
    let browser = Browser::launch(&install).await;
    browser.show_page(&page.url()).await;
    let url = api.url("/api/items");
    let call = |method: &str, headers: &str, browser: &str| {
        json!({
            "url": url, "origin": APP, "method": method, "headers": headers,
            "credentials": true, "browser": browser, "button": "check",
        })
    };

    let allowed = browser.run_async_script(CHECK, call("GET", "", "chromium")).await;
    assert_eq!(allowed["verdict"], "allowed", "{allowed:#}");
    let steps = &allowed["engines"][0]["steps"];
    assert!(
        steps.as_array().unwrap().iter().any(|step| step
            .as_str()
            .unwrap()
            .contains("< access-control-allow-origin: https://app.example")),
        "the step shows the header that decided it: {allowed:#}"
    );

    let blocked = browser.run_async_script(CHECK, call("PUT", "X-Custom: 1", "all")).await;
    assert_eq!(blocked["verdict"], "blocked", "{blocked:#}");
    let engines: Vec<&str> = blocked["engines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["browser"].as_str().unwrap())
        .collect();
    assert_eq!(engines, ["chromium", "firefox", "safari"]);
    let chromium = &blocked["engines"][0];
    assert!(text(&chromium["console"]).starts_with(&format!(
        "Access to fetch at '{url}' from origin '{APP}' has been blocked by CORS policy: "
    )));
    assert!(text(&blocked["engines"][1]["console"]).starts_with("Cross-Origin Request Blocked"));
    assert!(text(&chromium["fix"]).starts_with("#[cors]: "), "{blocked:#}");

    // A console error pasted: the page reads it back into the form (the line names no
    // method: a note says so) and checks the call.
    let line = format!(
        "Access to fetch at '{url}' from origin '{OTHER}' has been blocked by CORS policy: \
         Response to preflight request doesn't pass access control check: No \
         'Access-Control-Allow-Origin' header is present on the requested resource."
    );
    let explained = browser.run_async_script(PASTE_AND_CHECK, Value::String(line)).await;
    assert_eq!(explained["form"]["url"], url.as_str(), "{explained:#}");
    assert_eq!(explained["form"]["origin"], OTHER);
    let read = text(&explained["explained"]);
    assert!(read.contains("From Chromium's console: PreflightMissingAllowOriginHeader"), "{read}");
    assert!(read.contains("add --method and --header"), "{read}");
    assert_eq!(explained["verdict"], "blocked", "{explained:#}");
    assert!(text(&explained["engines"][0]["title"]).ends_with("MissingAllowOriginHeader"));

    // A HAR file chosen in the page, judged offline.
    let listing = browser.run_async_script(HAR_OFFLINE, Value::String(HAR.to_owned())).await;
    let listing = text(&listing);
    assert!(
        listing.starts_with("3 cross-origin call(s): 2 blocked, 0 without a verdict, 1 allowed"),
        "{listing}"
    );
    assert!(listing.contains("BLOCKED  GET https://api.example.com/v1/me"), "{listing}");

    if std::env::var("CORS_CHECK_SCREENSHOT").is_ok_and(|value| value == "1") {
        let link = format!(
            "{}#url={url}&origin={APP}&method=PUT&headers=X-Custom%3A%201&credentials=1&browser=chromium&check=1",
            page.url()
        );
        screenshot(&install.browser, &link);
    }
    browser.close().await;
}

/// Pastes a console error, clicks "Read the error" and waits for the check it starts; returns
/// the form as the page filled it, what it read, and the verdict.
const PASTE_AND_CHECK: &str = r#"
const [text, done] = arguments;
const $ = (id) => document.getElementById(id);
$("pasted").value = text;
$("verdict").dataset.verdict = "";
$("explain").click();
const started = Date.now();
(function wait() {
  const verdict = $("verdict").dataset.verdict;
  if (verdict || Date.now() - started > 10000) {
    const engine = document.querySelector(".engine");
    done({
      verdict,
      engines: engine ? [{ title: engine.querySelector("h3").textContent }] : [],
      form: { url: $("url").value, origin: $("origin").value, method: $("method").value },
      explained: $("explained").textContent,
    });
  } else {
    setTimeout(wait, 50);
  }
})();
"#;

/// A HAR sample of cors-check's tests (hand-written; see its README).
const HAR: &str = include_str!("../cors-check/tests/devtools/chromium.har");

/// Chooses a HAR file in the page's file input, clicks its button with "send nothing" ticked,
/// and returns the listing the page shows.
const HAR_OFFLINE: &str = r#"
const [har, done] = arguments;
const $ = (id) => document.getElementById(id);
const files = new DataTransfer();
files.items.add(new File([har], "session.har", { type: "application/json" }));
$("har-file").files = files.files;
$("har-offline").checked = true;
$("har-result").textContent = "";
$("har").click();
const started = Date.now();
(function wait() {
  const text = $("har-result").textContent;
  if ((text && text !== "Checking…") || Date.now() - started > 10000) {
    done(text);
  } else {
    setTimeout(wait, 50);
  }
})();
"#;

fn text(value: &Value) -> &str {
    value.as_str().unwrap_or_else(|| panic!("not text: {value}"))
}

/// Saves the page at `link` (which runs its check on load) as cors-check/docs/tester-page.png.
fn screenshot(chromium: &Path, link: &str) {
    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("cors-check/docs/tester-page.png");
    std::fs::create_dir_all(target.parent().expect("a folder")).expect("create cors-check/docs");
    let profile =
        std::env::temp_dir().join(format!("cors-check-screenshot-{}", std::process::id()));
    let mut child = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--no-first-run",
            "--disable-background-networking",
            "--window-size=1280,1180",
            "--virtual-time-budget=8000",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--screenshot={}", target.display()))
        .arg(link)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start Chromium for the screenshot");
    let deadline = Instant::now() + Duration::from_secs(60);
    while child.try_wait().expect("wait for Chromium").is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("Chromium did not take the screenshot within a minute");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let _ = std::fs::remove_dir_all(profile);
    assert!(target.is_file(), "no screenshot at {}", target.display());
}
