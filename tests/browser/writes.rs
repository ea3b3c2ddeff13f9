//! `reject_unlisted_writes` against the write CORS never stops: a cross-site
//! `<form method=post>`, which the browser sends without a preflight and whose answer it shows
//! in a frame rather than to a script. The guarded handler (`wrapped_app::guarded_write`) must
//! not run for an unlisted origin's form, and must run for the listed origin's and for a form
//! on the API's own page; a `fetch` POST from the API's own page (same-origin, no CORS at all)
//! must run too. (Cross-origin `fetch` writes are cases in `cases/wrapped.rs`.)

use serde_json::json;

use crate::runner::Harness;
use crate::servers::CASE_PARAMETER;
use crate::wrapped_app::guarded_writes;

/// Posts a form into a frame of the current page and reports when the frame has loaded the
/// answer. An iframe without `src` fires its first `load` while being appended, so the
/// listener only sees the answer's.
const FORM_SCRIPT: &str = r#"
const [spec, done] = arguments;
const frame = document.createElement('iframe');
frame.name = `answer_${spec.name}`;
document.body.appendChild(frame);
frame.addEventListener('load', () => done('loaded'), { once: true });
const form = document.createElement('form');
form.method = 'POST';
form.action = spec.url;
form.target = frame.name;
const field = document.createElement('input');
field.name = 'amount';
field.value = '1000';
form.appendChild(field);
document.body.appendChild(form);
form.submit();
setTimeout(() => done('no answer within 5 s'), 5000);
"#;

/// Where a form is posted from, and whether its write must reach the handler.
struct FormCase {
    name: &'static str,
    /// The page's URL, relative to `Harness::page_origin` or to the API.
    page: FormPage,
    must_run: bool,
}

enum FormPage {
    /// A page on this host and port of the page server.
    PageServer { host: &'static str, other_port: bool },
    /// The API's own page: the form is same-origin.
    Api,
}

const FORM_CASES: &[FormCase] = &[
    FormCase {
        name: "form_from_unlisted_origin_is_rejected",
        page: FormPage::PageServer { host: "app.example.test", other_port: true },
        must_run: false,
    },
    FormCase {
        name: "form_from_unlisted_site_is_rejected",
        page: FormPage::PageServer { host: "evil.test", other_port: false },
        must_run: false,
    },
    FormCase {
        name: "form_from_listed_origin_runs",
        page: FormPage::PageServer { host: "app.example.test", other_port: false },
        must_run: true,
    },
    FormCase { name: "form_from_the_api_itself_runs", page: FormPage::Api, must_run: true },
];

/// A same-origin `fetch` POST with a simple body, from the page the browser shows.
const SAME_ORIGIN_FETCH_SCRIPT: &str = r#"
const [url, done] = arguments;
fetch(url, { method: 'POST', body: 'amount=1', headers: { 'Content-Type': 'text/plain' } })
  .then((response) => done(response.status), (error) => done(`${error}`));
"#;

/// Posts every form case, then a same-origin `fetch`, and returns one line per case that did
/// not behave.
pub async fn run_form_cases(harness: &Harness<'_>) -> Vec<String> {
    let mut failures = Vec::new();
    failures.extend(same_origin_fetch_problem(harness).await);
    for case in FORM_CASES {
        let page = match case.page {
            FormPage::PageServer { host, other_port } => {
                let port =
                    if other_port { harness.other_page_port } else { harness.main_page_port };
                format!("http://{host}:{port}/")
            }
            FormPage::Api => format!("{}/guarded/page", harness.api_origin),
        };
        harness.browser.show_page(&page).await;
        let url = format!("{}/guarded/transfer?{CASE_PARAMETER}={}", harness.api_origin, case.name);
        let before = guarded_writes();
        let loaded = harness
            .browser
            .run_async_script(FORM_SCRIPT, json!({ "name": case.name, "url": url }))
            .await;
        let ran = guarded_writes() - before;
        let statuses: Vec<u16> =
            harness.exchanges.for_case(case.name).iter().map(|exchange| exchange.status).collect();
        let expected = if case.must_run { (1, vec![201]) } else { (0, vec![403]) };
        if loaded != "loaded" || (ran, statuses.clone()) != expected {
            failures.push(format!(
                "form case `{}` from {page}: the frame said {loaded}; the handler ran {ran} time(s) \
                 (expected {}), the API answered {statuses:?} (expected {:?})",
                case.name, expected.0, expected.1
            ));
        }
    }
    failures
}

/// The API's own page writes with `fetch`: `Sec-Fetch-Site: same-origin`, so the guard passes.
async fn same_origin_fetch_problem(harness: &Harness<'_>) -> Option<String> {
    let name = "fetch_from_the_api_itself_runs";
    harness.browser.show_page(&format!("{}/guarded/page", harness.api_origin)).await;
    let url = format!("{}/guarded/transfer?{CASE_PARAMETER}={name}", harness.api_origin);
    let before = guarded_writes();
    let answer = harness.browser.run_async_script(SAME_ORIGIN_FETCH_SCRIPT, json!(url)).await;
    let ran = guarded_writes() - before;
    (answer != 201 || ran != 1).then(|| {
        format!("case `{name}`: the page got {answer}, the handler ran {ran} time(s); expected 201 and once")
    })
}
