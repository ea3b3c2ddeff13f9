//! A real shared cache in front of `#[cors]` routes never hands one origin's grant to another.
//!
//! Each test starts Varnish (Debian's `varnish`) on loopback in front of an app on loopback,
//! sends the same URL from different origins through it, and checks what every origin gets.
//! A hand-written route that reflects the origin without `Vary: Origin` *is* poisoned through
//! the same cache, which shows the cache really serves stored responses, so the tests can fail.
//!
//! Without `varnishd` the tests are skipped with a notice naming the install command; under
//! `CI=true` a missing `varnishd` fails them.

use std::io::{self, Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use std::{env, fs};

use actix_web::http::header;
use actix_web::web::{self, ServiceConfig};
use actix_web::{App, HttpRequest, HttpResponse, get};
use cors_runtime::cors;
use cors_test_support::raw_http::{Response, send};
use cors_test_support::server::LoopbackServer;

const VARNISHD: &str = "/usr/sbin/varnishd";
const A: &str = "https://a.example";
const B: &str = "https://b.example";

/// Every response below may be stored by a shared cache for a minute.
const CACHEABLE: (header::HeaderName, &str) = (header::CACHE_CONTROL, "public, max-age=60");

#[cors(origins = ["https://a.example", "https://b.example"], expose = ["X-Served-For"])]
#[get("/listed")]
async fn listed(request: HttpRequest) -> HttpResponse {
    HttpResponse::Ok().insert_header(CACHEABLE).insert_header(served_for(&request)).finish()
}

#[cors(origins = ["*"])]
#[get("/public")]
async fn public(request: HttpRequest) -> HttpResponse {
    HttpResponse::Ok().insert_header(CACHEABLE).insert_header(served_for(&request)).finish()
}

/// The classic mistake the cache test must be able to see: the origin reflected into
/// `Access-Control-Allow-Origin` with no `Vary: Origin`.
async fn reflects_without_vary(request: HttpRequest) -> HttpResponse {
    let mut response = HttpResponse::Ok();
    response.insert_header(CACHEABLE).insert_header(served_for(&request));
    if let Some(origin) = request.headers().get(header::ORIGIN) {
        response.insert_header((header::ACCESS_CONTROL_ALLOW_ORIGIN, origin.clone()));
    }
    response.finish()
}

/// Which origin the app answered, so a test can tell a stored response from a fresh one.
fn served_for(request: &HttpRequest) -> (&'static str, String) {
    let origin = request.headers().get(header::ORIGIN).and_then(|value| value.to_str().ok());
    ("X-Served-For", origin.unwrap_or("no origin").to_owned())
}

fn app(config: &mut ServiceConfig) {
    config
        .service(listed)
        .service(public)
        .route("/reflects-without-vary", web::get().to(reflects_without_vary));
}

#[test]
fn origin_a_then_b_b_never_receives_a_grant() {
    let Some(cache) = Cache::start("origin_a_then_b_b_never_receives_a_grant") else { return };
    let first = cache.get("/listed", Some(A));
    assert_eq!(first.header("access-control-allow-origin"), Some(A));
    assert_eq!(cache.get("/listed", Some(A)).header("x-served-for"), Some(A));
    assert!(cache.get("/listed", Some(A)).is_hit(), "the cache stores the grant for A");

    let second = cache.get("/listed", Some(B));
    assert_eq!(second.header("access-control-allow-origin"), Some(B), "{second:?}");
    let refused = cache.get("/listed", Some("https://evil.example"));
    assert_eq!(refused.header("access-control-allow-origin"), None, "{refused:?}");
}

#[test]
fn no_origin_first_does_not_hide_the_grant_from_a() {
    let Some(cache) = Cache::start("no_origin_first_does_not_hide_the_grant_from_a") else {
        return;
    };
    let plain = cache.get("/listed", None);
    assert_eq!(plain.header("access-control-allow-origin"), None);
    assert!(cache.get("/listed", None).is_hit(), "the cache stores the answer without Origin");

    let from_a = cache.get("/listed", Some(A));
    assert_eq!(from_a.header("access-control-allow-origin"), Some(A), "{from_a:?}");
    assert_eq!(cache.get("/listed", None).header("access-control-allow-origin"), None);
}

#[test]
fn a_wildcard_policy_is_shared_safely_by_every_origin() {
    let Some(cache) = Cache::start("a_wildcard_policy_is_shared_safely_by_every_origin") else {
        return;
    };
    assert_eq!(cache.get("/public", None).header("access-control-allow-origin"), None);
    for origin in [A, B, A] {
        let response = cache.get("/public", Some(origin));
        assert_eq!(response.header("access-control-allow-origin"), Some("*"), "{response:?}");
    }
    assert!(cache.get("/public", Some(B)).is_hit(), "the cache stores the wildcard grant");
}

#[test]
fn a_reflected_origin_without_vary_is_poisoned_through_the_same_cache() {
    let Some(cache) =
        Cache::start("a_reflected_origin_without_vary_is_poisoned_through_the_same_cache")
    else {
        return;
    };
    let first = cache.get("/reflects-without-vary", Some(A));
    assert_eq!(first.header("access-control-allow-origin"), Some(A));
    let poisoned = cache.get("/reflects-without-vary", Some(B));
    assert!(poisoned.is_hit(), "{poisoned:?}");
    assert_eq!(
        poisoned.header("access-control-allow-origin"),
        Some(A),
        "without `Vary: Origin` the cache hands A's grant to B: this is what the #[cors] routes \
         above must never do"
    );
}

/// Varnish on a loopback port, in front of the test app; both stopped on drop.
struct Cache {
    proxy: Child,
    port: u16,
    work_dir: PathBuf,
    _app: LoopbackServer,
}

/// How long Varnish may take to compile its configuration and listen.
const START_TIMEOUT: Duration = Duration::from_secs(20);

impl Cache {
    /// Starts the app and Varnish in front of it, or explains loudly why `test` is skipped.
    fn start(test: &str) -> Option<Self> {
        if !Path::new(VARNISHD).is_file() {
            let install = "install it with `apt-get install varnish` (.ci/run does)";
            let under_ci = env::var("CI").is_ok_and(|ci| ci == "true");
            assert!(
                !under_ci,
                "CI=true but {VARNISHD} is missing, so `{test}` cannot run; {install}"
            );
            // Straight to stderr: libtest hides the output of passing tests.
            let _ = writeln!(io::stderr(), "SKIPPED {test}: {VARNISHD} is missing; {install}");
            return None;
        }
        let app = LoopbackServer::start(|| App::new().configure(app));
        let work_dir = scratch_dir();
        let vcl = work_dir.join("cache.vcl");
        // The stock VCL behind this backend: it caches by URL and Host and honours `Vary`.
        fs::write(
            &vcl,
            format!(
                "vcl 4.1;\nbackend app {{ .host = \"127.0.0.1\"; .port = \"{}\"; }}\n",
                app.addr().port()
            ),
        )
        .expect("write the VCL");
        let port = free_loopback_port();
        let proxy = Command::new(VARNISHD)
            .arg("-F")
            .args(["-a", &format!("127.0.0.1:{port}")])
            .arg("-f")
            .arg(&vcl)
            .arg("-n")
            .arg(work_dir.join("instance"))
            .args(["-s", "malloc,16m", "-T", "none"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|error| panic!("cannot start {VARNISHD}: {error}"));
        let cache = Cache { proxy, port, work_dir, _app: app };
        cache.wait_until_serving();
        Some(cache)
    }

    /// Until Varnish answers HTTP, not only accepts connections: its manager listens before
    /// its cache process serves, and a connection in between can be reset (seen once in CI).
    fn wait_until_serving(&self) {
        let deadline = Instant::now() + START_TIMEOUT;
        while !self.answers() {
            assert!(Instant::now() < deadline, "Varnish did not serve within {START_TIMEOUT:?}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Whether a request for a path no test uses gets an HTTP answer.
    fn answers(&self) -> bool {
        let Ok(mut stream) = TcpStream::connect((Ipv4Addr::LOCALHOST, self.port)) else {
            return false;
        };
        let probe =
            b"GET /not-a-test-path HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
        let mut status_line = [0; 9];
        stream.set_read_timeout(Some(Duration::from_secs(5))).is_ok()
            && stream.write_all(probe).is_ok()
            && stream.read_exact(&mut status_line).is_ok()
            && &status_line == b"HTTP/1.1 "
    }

    /// `GET path` through the cache, from `origin` (or without `Origin`).
    fn get(&self, path: &str, origin: Option<&str>) -> CachedResponse {
        let headers: Vec<(&str, &str)> =
            origin.map(|origin| ("Origin", origin)).into_iter().collect();
        let address = SocketAddr::from((Ipv4Addr::LOCALHOST, self.port));
        let response = send(address, "GET", path, &headers, "");
        assert_eq!(response.status, 200, "{response:?}");
        CachedResponse(response)
    }
}

impl Drop for Cache {
    fn drop(&mut self) {
        // SIGTERM lets the manager stop its cache process before it exits.
        let pid = libc::pid_t::try_from(self.proxy.id()).expect("pid fits pid_t");
        // SAFETY: kill only sends a signal, to our own child, which is not reaped yet.
        unsafe { libc::kill(pid, libc::SIGTERM) };
        let _ = self.proxy.wait();
        let _ = fs::remove_dir_all(&self.work_dir);
    }
}

#[derive(Debug)]
struct CachedResponse(Response);

impl CachedResponse {
    fn header(&self, name: &str) -> Option<&str> {
        self.0.single_header(name)
    }

    /// Varnish names two transactions in `X-Varnish` when it served a stored response.
    fn is_hit(&self) -> bool {
        self.header("x-varnish").is_some_and(|ids| ids.split(' ').count() == 2)
    }
}

fn scratch_dir() -> PathBuf {
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |since| since.as_nanos());
    let path = env::temp_dir().join(format!("cors-cache-test-{}-{nanos}", std::process::id()));
    fs::create_dir(&path).unwrap_or_else(|error| panic!("create {}: {error}", path.display()));
    path
}

fn free_loopback_port() -> u16 {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .expect("binding an ephemeral loopback port")
}
