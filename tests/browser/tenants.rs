//! Run-time tenant origins (`origins = tenants(..)`) in a real browser: a page whose origin is
//! another tenant's is refused; added to this tenant without a restart, it works; removed, it
//! is blocked on its next call although the browser still holds the preflight it cached
//! (`max_age`), because the actual response carries no grant, and `reject_unlisted_writes`
//! stops that write before the handler runs.

use std::sync::atomic::{AtomicUsize, Ordering};

use actix_web::{HttpResponse, put, web};
use cors_runtime::{TenantOrigins, cors};
use serde_json::json;

use crate::runner::Harness;
use crate::servers::CASE_PARAMETER;

/// Workspaces under `/tenants/{workspace}/..`; the test pages are served over plain HTTP.
static WORKSPACES: TenantOrigins =
    TenantOrigins::by_path("workspace").dangerously_allow_http_origins();

static NOTES_WRITTEN: AtomicUsize = AtomicUsize::new(0);

#[cors(origins = tenants(WORKSPACES), headers = ["Content-Type"], max_age = 600, reject_unlisted_writes)]
#[put("/tenants/{workspace}/notes")]
async fn tenant_notes() -> HttpResponse {
    NOTES_WRITTEN.fetch_add(1, Ordering::SeqCst);
    HttpResponse::Ok().body("saved")
}

pub fn configure(config: &mut web::ServiceConfig) {
    config.service(tenant_notes);
}

/// A preflighted write (JSON), and what the page could read of its answer.
const WRITE_SCRIPT: &str = r#"
const [url, done] = arguments;
fetch(url, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: '{}' })
  .then((response) => response.text().then((text) => done(`${response.status} ${text}`)),
        (error) => done(`blocked: ${error}`));
"#;

/// One call of the page, and what must have happened.
struct Step {
    what: &'static str,
    case: &'static str,
    /// What the page read, or `blocked`.
    page: &'static str,
    /// The methods and statuses the API saw for the case so far.
    exchanges: &'static [(&'static str, u16)],
    /// How often the handler ran during the step.
    ran: usize,
}

const ANOTHER_TENANTS: &str = "tenant_origin_of_another_tenant";
const ADDED_THEN_REMOVED: &str = "tenant_origin_added_then_removed";

/// Runs the steps in the browser, changing the set between them; one line per step that did
/// not behave.
pub async fn run_tenant_cases(harness: &Harness<'_>) -> Vec<String> {
    let page = format!("http://app.example.test:{}", harness.main_page_port);
    // Each engine starts from the same sets: the page's origin is another tenant's.
    WORKSPACES
        .replace_all([("acme", vec!["https://acme.example"]), ("globex", vec![page.as_str()])])
        .expect("valid origins");
    harness.browser.show_page(&format!("{page}/")).await;
    let mut failures = Vec::new();
    let steps = [
        Step {
            what: "another tenant's origin",
            case: ANOTHER_TENANTS,
            page: "blocked",
            exchanges: &[("OPTIONS", 403)],
            ran: 0,
        },
        Step {
            what: "added to the tenant, no restart",
            case: ADDED_THEN_REMOVED,
            page: "200 saved",
            exchanges: &[("OPTIONS", 204), ("PUT", 200)],
            ran: 1,
        },
        Step {
            what: "removed, its preflight still cached",
            case: ADDED_THEN_REMOVED,
            page: "blocked",
            exchanges: &[("OPTIONS", 204), ("PUT", 200), ("PUT", 403)],
            ran: 0,
        },
    ];
    for (number, step) in steps.iter().enumerate() {
        match number {
            1 => drop(WORKSPACES.add("acme", [page.as_str()]).expect("a valid origin")),
            2 => drop(WORKSPACES.remove("acme", [page.as_str()]).expect("a stored tenant")),
            _ => {}
        }
        let url =
            format!("{}/tenants/acme/notes?{CASE_PARAMETER}={}", harness.api_origin, step.case);
        let before = NOTES_WRITTEN.load(Ordering::SeqCst);
        let answer = harness.browser.run_async_script(WRITE_SCRIPT, json!(url)).await;
        let ran = NOTES_WRITTEN.load(Ordering::SeqCst) - before;
        let answer = answer.as_str().unwrap_or_default().to_owned();
        let exchanges: Vec<(String, u16)> = (harness.exchanges.for_case(step.case).into_iter())
            .map(|exchange| (exchange.method, exchange.status))
            .collect();
        let expected: Vec<(String, u16)> =
            step.exchanges.iter().map(|(method, status)| ((*method).to_owned(), *status)).collect();
        if !answer.starts_with(step.page) || exchanges != expected || ran != step.ran {
            failures.push(format!(
                "tenant step {} ({}): the page read {answer:?} (expected {:?}), the API saw \
                 {exchanges:?} (expected {expected:?}), the handler ran {ran} time(s) (expected {})",
                number + 1,
                step.what,
                step.page,
                step.ran
            ));
        }
    }
    failures
}
