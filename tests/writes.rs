//! `reject_unlisted_writes`: a cross-site form POST or "simple" `fetch` POST is sent without a
//! preflight, so without this key the handler runs with the user's cookies whatever the CORS
//! policy says (the browser only hides the answer). With it, such a write from an origin the
//! policy does not list is answered `403` before the handler and the user's middleware run;
//! the API's own pages, listed origins and clients that are not browsers are not affected.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock, PoisonError};

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::{Next, from_fn};
use actix_web::{App, HttpResponse, get, post, web};
use cors_runtime::cors;
use cors_test_support::logs::{capture_logs, captured_logs_at};
use cors_test_support::raw_http::{Response, send};
use cors_test_support::server::LoopbackServer;

const APP: &str = "https://app.example.com";
const EVIL: &str = "https://evil.example";
const FORM: (&str, &str) = ("Content-Type", "application/x-www-form-urlencoded");

/// How many times each handler, and the user's middleware, ran.
static TRANSFERS: AtomicUsize = AtomicUsize::new(0);
static UNGUARDED_TRANSFERS: AtomicUsize = AtomicUsize::new(0);
static USER_MIDDLEWARE: AtomicUsize = AtomicUsize::new(0);

/// Held by each test that writes to `/transfer`: they count its handler's and middleware's runs,
/// which another test's writes would change meanwhile.
static TRANSFER_ROUTE: Mutex<()> = Mutex::new(());

fn transfer_route() -> std::sync::MutexGuard<'static, ()> {
    TRANSFER_ROUTE.lock().unwrap_or_else(PoisonError::into_inner)
}
static SCOPED_WRITES: AtomicUsize = AtomicUsize::new(0);

async fn counting_middleware(
    request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    USER_MIDDLEWARE.fetch_add(1, Ordering::SeqCst);
    next.call(request).await
}

#[cors(origins = ["https://app.example.com"], credentials, reject_unlisted_writes)]
#[post("/transfer", wrap = "from_fn(counting_middleware)")]
async fn transfer() -> HttpResponse {
    TRANSFERS.fetch_add(1, Ordering::SeqCst);
    HttpResponse::Created().body("transferred")
}

#[cors(origins = ["https://app.example.com"], credentials, reject_unlisted_writes)]
#[get("/balance")]
async fn balance() -> HttpResponse {
    HttpResponse::Ok().body("42")
}

/// The same route without the key: what every CORS library leaves open.
#[cors(origins = ["https://app.example.com"], credentials)]
#[post("/unguarded-transfer")]
async fn unguarded_transfer() -> HttpResponse {
    UNGUARDED_TRANSFERS.fetch_add(1, Ordering::SeqCst);
    HttpResponse::Created().body("transferred")
}

cors_runtime::policy! {
    GUARDED(origins = ["https://app.example.com"], methods = [GET, POST, DELETE], reject_unlisted_writes);
}

async fn scoped_write() -> HttpResponse {
    SCOPED_WRITES.fetch_add(1, Ordering::SeqCst);
    HttpResponse::NoContent().finish()
}

fn server() -> &'static LoopbackServer {
    static SERVER: OnceLock<LoopbackServer> = OnceLock::new();
    SERVER.get_or_init(|| {
        capture_logs();
        LoopbackServer::start(|| {
            App::new().service(transfer).service(balance).service(unguarded_transfer).service(
                web::scope("/scoped")
                    .wrap(GUARDED)
                    .route("/items/{id}", web::delete().to(scoped_write)),
            )
        })
    })
}

fn post(path: &str, headers: &[(&str, &str)]) -> Response {
    send(server().addr(), "POST", path, headers, "amount=1000&to=attacker")
}

/// Runs `request` and returns its response with how much `counter` moved, one test at a
/// time so that another test's request cannot move it meanwhile.
fn counting(counter: &AtomicUsize, request: impl FnOnce() -> Response) -> (Response, usize) {
    static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(PoisonError::into_inner);
    let before = counter.load(Ordering::SeqCst);
    let response = request();
    (response, counter.load(Ordering::SeqCst) - before)
}

#[test]
fn a_cross_site_form_post_runs_the_handler_without_the_key() {
    let cross_site = [("Origin", EVIL), ("Sec-Fetch-Site", "cross-site"), FORM];
    let (response, ran) =
        counting(&UNGUARDED_TRANSFERS, || post("/unguarded-transfer", &cross_site));
    assert_eq!((response.status, ran), (201, 1), "the attack this key stops: {response:?}");
}

#[test]
fn a_cross_site_write_is_rejected_before_the_user_middleware_and_the_handler() {
    let _counted = transfer_route();
    let cross_site = [("Origin", EVIL), ("Sec-Fetch-Site", "cross-site"), FORM];
    let middleware_before = USER_MIDDLEWARE.load(Ordering::SeqCst);
    let (response, ran) = counting(&TRANSFERS, || post("/transfer", &cross_site));
    assert_eq!((response.status, ran), (403, 0), "{response:?}");
    assert_eq!(USER_MIDDLEWARE.load(Ordering::SeqCst), middleware_before);
    assert!(response.body.contains("reject_unlisted_writes"), "{}", response.body);
    assert!(!response.has_cors_headers(), "{response:?}");
    // A same-site page on an unlisted origin, and a browser too old for Fetch Metadata.
    for headers in [
        &[("Origin", "https://blog.example.com"), ("Sec-Fetch-Site", "same-site"), FORM][..],
        &[("Origin", EVIL), FORM],
        &[("Origin", "null"), FORM],
    ] {
        let (response, ran) = counting(&TRANSFERS, || post("/transfer", headers));
        assert_eq!((response.status, ran), (403, 0), "{headers:?}: {response:?}");
    }
}

#[test]
fn listed_origins_the_api_itself_and_non_browsers_still_write() {
    let _counted = transfer_route();
    let own_origin = format!("http://{}", server().addr());
    let behind_tls_proxy = format!("https://{}", server().addr());
    for headers in [
        &[("Origin", APP), ("Sec-Fetch-Site", "cross-site"), FORM][..],
        &[("Origin", own_origin.as_str()), ("Sec-Fetch-Site", "same-origin"), FORM],
        &[("Origin", own_origin.as_str()), FORM],
        &[("Origin", behind_tls_proxy.as_str()), FORM],
        &[("Sec-Fetch-Site", "none")],
        &[FORM],
    ] {
        let (response, ran) = counting(&TRANSFERS, || post("/transfer", headers));
        assert_eq!((response.status, ran), (201, 1), "{headers:?}: {response:?}");
    }
}

#[test]
fn reads_are_never_rejected() {
    let response = send(
        server().addr(),
        "GET",
        "/balance",
        &[("Origin", EVIL), ("Sec-Fetch-Site", "cross-site")],
        "",
    );
    assert_eq!(response.status, 200);
    assert_eq!(response.single_header("access-control-allow-origin"), None);
}

#[test]
fn a_wrapped_policy_guards_every_write_beneath_it() {
    let delete = |origin: &str| {
        send(
            server().addr(),
            "DELETE",
            "/scoped/items/7",
            &[("Origin", origin), ("Sec-Fetch-Site", "cross-site")],
            "",
        )
    };
    let (response, ran) = counting(&SCOPED_WRITES, || delete(EVIL));
    assert_eq!((response.status, ran), (403, 0), "{response:?}");
    let (response, ran) = counting(&SCOPED_WRITES, || delete(APP));
    assert_eq!((response.status, ran), (204, 1), "{response:?}");
    assert_eq!(response.single_header("access-control-allow-origin"), Some(APP));
}

#[test]
fn rejections_are_logged_like_refused_preflights() {
    let _counted = transfer_route();
    // U+2028 would end the line in many log viewers.
    let forged = "https://evil.example\u{2028}[fake] all good";
    for _ in 0..20 {
        post("/transfer", &[("Origin", forged), ("Sec-Fetch-Site", "cross-site")]);
    }
    let warnings: Vec<String> = captured_logs_at(log::Level::Warn)
        .into_iter()
        .filter(|line| line.contains("rejected with 403 before the handler ran"))
        .collect();
    assert!(!warnings.is_empty() && warnings.len() <= 2, "once a minute per route: {warnings:#?}");
    assert!(warnings.iter().all(|line| !line.contains('\u{2028}')), "{warnings:#?}");
    let debug = captured_logs_at(log::Level::Debug);
    assert!(
        debug.iter().filter(|line| line.contains("rejected with 403")).count() >= 18,
        "{debug:#?}"
    );
}

#[test]
fn the_report_shows_which_routes_reject_unlisted_writes() {
    let _ = server();
    let json = cors_runtime::routes_json();
    let report: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let rejecting = |handler: &str| {
        report["routes"]
            .as_array()
            .and_then(|routes| routes.iter().find(|route| route["handler"] == handler))
            .map(|route| route["reject_unlisted_writes"] == true)
    };
    assert_eq!(rejecting("transfer"), Some(true), "{json}");
    assert_eq!(rejecting("unguarded_transfer"), Some(false), "{json}");
    let table = cors_runtime::routes_table();
    let line = table.lines().find(|line| line.contains("/transfer ")).expect("a line per route");
    assert!(line.ends_with("; rejects unlisted writes"), "{line}");
}
