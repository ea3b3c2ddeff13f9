//! cors-check's tester page (`cors-check serve`) end to end in Chromium: the page is served by
//! the library (`cors_check::serve::TesterPage`), the API is a `#[cors]` route on loopback,
//! and Chromium fills the form, clicks, and reads what the page shows: an allowed call, a
//! blocked one with its console line and fix, a pasted console error read back into the form
//! and checked, and a HAR file chosen in the page and judged offline.
//!
//! Run with `cargo test -p cors-suite --test tester_page`. Chromium missing is a skip with a
//! notice, a failure under `CI=true` (as in the browser suite). With
//! `CORS_CHECK_SCREENSHOT=1`, the page with a blocked call is saved as
//! `cors-check/docs/tester-page.png`.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use actix_web::rt::time::sleep;
use actix_web::{App, HttpResponse, get, web};
use cors_check::serve::TesterPage;
use cors_runtime::cors;
use cors_test_support::browser::fantoccini::actions::{InputSource, MouseActions, PointerAction};
use cors_test_support::browser::{Browser, BrowserInstall};
use cors_test_support::engine::Engine;
use cors_test_support::server::LoopbackServer;
use serde_json::{Value, json};

const SUITE: &str = "tester_page_judges_calls_in_chromium";
const LINK_SUITE: &str = "a_link_from_another_site_fills_the_form_and_sends_nothing";
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

    if std::env::var("CORS_CHECK_SCREENSHOT").is_ok_and(|value| value == "1") {
        screenshot(&browser, &call("PUT", "X-Custom: 1", "chromium")).await;
    }

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

    browser.close().await;
}

/// The attack of the security review's N1: a page of another site sends the browser to the
/// tester with a link that would make cors-check send a `DELETE` with a made-up header to a
/// server on this machine, as that server's own origin (no preflight, `Sec-Fetch-Site:
/// same-origin`). The link fills the form and nothing reaches the server; a press of Check
/// does send it, which shows the count would have caught an automatic run.
#[actix_web::test]
async fn a_link_from_another_site_fills_the_form_and_sends_nothing() {
    let Some(install) = BrowserInstall::find_or_skip(Engine::Chromium, LINK_SUITE) else { return };
    let received = Arc::new(AtomicUsize::new(0));
    let count = Arc::clone(&received);
    let target = LoopbackServer::start(move || {
        let count = Arc::clone(&count);
        App::new().default_service(web::to(move || {
            count.fetch_add(1, Ordering::SeqCst);
            async { HttpResponse::Ok().finish() }
        }))
    });
    let page = TesterPage::bind("127.0.0.1:0".parse().expect("an address"), Duration::from_secs(5))
        .expect("bind the tester page")
        .spawn();
    let url = target.url("/admin/delete-all");
    let link = format!(
        "{}#url={url}&origin=http://{}&method=DELETE&headers=X-Admin%3A%201&browser=chromium&check=1",
        page.url(),
        target.addr()
    );
    let foreign_page = format!(
        "<!doctype html><title>elsewhere</title><script>location.replace({})</script>",
        Value::String(link)
    );
    let foreign = LoopbackServer::start(move || {
        let html = foreign_page.clone();
        App::new().route(
            "/",
            web::get().to(move || {
                let html = html.clone();
                async move { HttpResponse::Ok().content_type("text/html").body(html) }
            }),
        )
    });
    let browser = Browser::launch(&install).await;
    browser.show_page(&format!("http://localhost:{}/", foreign.addr().port())).await;
    let loaded = browser.run_async_script(FILLED_FROM_LINK, Value::String(url.clone())).await;
    assert_eq!(loaded["url"], url.as_str(), "the link fills the form: {loaded:#}");
    assert_eq!(loaded["method"], "DELETE", "{loaded:#}");
    assert!(
        text(&loaded["notice"]).starts_with("Loaded from a link: check the URL and the headers"),
        "{loaded:#}"
    );
    assert_eq!(loaded["banner"], "Fill in the four steps and press Check.", "{loaded:#}");
    // The second click of a double-click started on the foreign page lands at once: Check does
    // nothing until the pointer has moved over the page shown for a second.
    let early = browser.run_async_script(CLICK_CHECK_AT_ONCE, Value::Null).await;
    assert_eq!(early["disabled"], true, "{early:#}");
    // An automatic run starts as the form is filled and reaches the server on loopback within
    // milliseconds: two seconds leave it ample time to show.
    for _ in 0..20 {
        assert_eq!(received.load(Ordering::SeqCst), 0, "a request left without a click");
        sleep(Duration::from_millis(100)).await;
    }

    let pointer = MouseActions::new("mouse".to_owned())
        .then(PointerAction::MoveTo { duration: None, x: 20.0, y: 20.0 })
        .then(PointerAction::MoveTo { duration: None, x: 60.0, y: 80.0 });
    browser.client().perform_actions(pointer).await.expect("the pointer moves over the page");
    let checked = browser.run_async_script(PRESS_CHECK, Value::Null).await;
    assert!(received.load(Ordering::SeqCst) > 0, "Check sent nothing: {checked:#}");
    assert_ne!(checked["verdict"], "", "{checked:#}");
    browser.close().await;
}

/// Waits for the page the link led to and returns its form, its notice and its banner.
const FILLED_FROM_LINK: &str = r#"
const [url, done] = arguments;
const $ = (id) => document.getElementById(id);
const started = Date.now();
(function wait() {
  const form = $("url");
  if ((form && form.value === url) || Date.now() - started > 10000) {
    done({
      url: form ? form.value : location.href,
      method: $("method")?.value,
      notice: $("from-link")?.hidden === false ? $("from-link").textContent.replace(/\s+/g, " ") : "",
      banner: $("verdict")?.textContent,
    });
  } else {
    setTimeout(wait, 50);
  }
})();
"#;

/// Clicks Check as soon as the page is there, as the second click of a double-click would, and
/// says whether Check was disabled.
const CLICK_CHECK_AT_ONCE: &str = r#"
const [, done] = arguments;
const check = document.getElementById("check");
check.click();
done({ disabled: check.disabled });
"#;

/// Presses Check and returns the verdict once the page shows one.
const PRESS_CHECK: &str = r#"
const [, done] = arguments;
const $ = (id) => document.getElementById(id);
$("check").click();
const started = Date.now();
(function wait() {
  const verdict = $("verdict").dataset.verdict;
  if (verdict || Date.now() - started > 10000) {
    done({ verdict, banner: $("verdict").textContent });
  } else {
    setTimeout(wait, 50);
  }
})();
"#;

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
const HAR: &str = include_str!("../cors-check-core/tests/devtools/chromium.har");

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

/// Saves the page showing `call`, blocked, as cors-check/docs/tester-page.png, before the
/// console error and HAR sections are filled: a 1280 × 1180 view of the page as a user first
/// sees it.
async fn screenshot(browser: &Browser, call: &Value) {
    let blocked = browser.run_async_script(CHECK, call.clone()).await;
    assert_eq!(blocked["verdict"], "blocked", "{blocked:#}");
    let frame = browser
        .run_async_script(
            "arguments[1]([outerWidth - innerWidth, outerHeight - innerHeight])",
            Value::Null,
        )
        .await;
    let frame = |axis: usize| frame[axis].as_u64().and_then(|size| u32::try_from(size).ok());
    let (Some(width), Some(height)) = (frame(0), frame(1)) else { panic!("no window frame") };
    let client = browser.client();
    client.set_window_size(1280 + width, 1180 + height).await.expect("resize the window");
    let png = client.screenshot().await.expect("take a screenshot");
    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("cors-check/docs/tester-page.png");
    std::fs::write(&target, png)
        .unwrap_or_else(|error| panic!("cannot write {}: {error}", target.display()));
}
