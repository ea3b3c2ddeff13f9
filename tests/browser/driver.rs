//! Headless Chromium under chromedriver, driven over WebDriver with `fantoccini`.
//!
//! Every process started here runs in a process group of its own, owned by a guard whose
//! `Drop` kills the whole group: chromedriver starts Chromium, Chromium starts its zygotes,
//! renderers and utility processes, and none of them may outlive the suite, also when an
//! assertion panics halfway through a run.

use std::env;
use std::fs;
use std::io::{self, Write as _};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use actix_web::rt::time::sleep;
use fantoccini::wd::{Capabilities, WebDriverCompatibleCommand};
use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value, json};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// The flags this machine needs (issue 3): headless as root without a sandbox, and no
/// background traffic, since the machine has no outside network and Chromium's own
/// connection attempts would fail noisily. The resolver rule sends every made-up `*.test`
/// host to loopback, so origins such as `http://app.example.test:47811` reach the suite's
/// page server and subdomain patterns can be judged for real.
const CHROMIUM_FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP *.test 127.0.0.1",
];

/// Long enough for a cold Chromium start on a loaded 2-core machine, short enough that a
/// hung driver fails the run instead of stalling CI.
const DRIVER_START_TIMEOUT: Duration = Duration::from_secs(20);
/// Upper bound for one case's `fetch()` calls; loopback calls finish in milliseconds.
const SCRIPT_TIMEOUT_MS: u64 = 15_000;

/// Debian's Chromium and ChromeDriver, found on this machine.
pub struct BrowserInstall {
    chromium: PathBuf,
    chromedriver: PathBuf,
}

impl BrowserInstall {
    /// Finds Chromium and chromedriver, or explains loudly why the suite `suite` is skipped.
    ///
    /// Under CI (`CI=true`) a missing browser panics: a suite that quietly skipped would let
    /// CI pass without a browser ever judging the headers.
    pub fn find_or_skip(suite: &str) -> Option<Self> {
        let missing: Vec<&str> = [CHROMIUM, CHROMEDRIVER]
            .into_iter()
            .filter(|binary| !Path::new(binary).is_file())
            .collect();
        if missing.is_empty() {
            return Some(Self {
                chromium: PathBuf::from(CHROMIUM),
                chromedriver: PathBuf::from(CHROMEDRIVER),
            });
        }
        let missing = missing.join(" and ");
        let install_hint = "install Chromium and chromedriver with `.ci/install-test-deps` \
                            (or `sudo apt-get install chromium chromium-driver`)";
        if env::var("CI").is_ok_and(|value| value == "true") {
            panic!("CI=true but {missing} is missing, so `{suite}` cannot run; {install_hint}");
        }
        // Straight to the process's stderr: libtest captures `eprintln!` of passing tests,
        // and a skip nobody sees is the silent pass this notice exists to prevent.
        let _ = writeln!(
            io::stderr(),
            "\n{banner}\n!! SKIPPED `{suite}`: {missing} not found.\n!! The CORS browser \
             conformance suite needs Debian's Chromium; {install_hint}.\n{banner}\n",
            banner = "!".repeat(78),
        );
        None
    }
}

/// One entry of Chromium's browser log (the DevTools console plus network errors).
#[derive(Debug, Clone)]
pub struct ConsoleEntry {
    pub level: String,
    pub message: String,
}

/// A running headless Chromium session.
///
/// Field order is drop order: the WebDriver client goes first, then the process group of
/// chromedriver and Chromium is killed, and only then is the profile folder removed.
pub struct Browser {
    client: Client,
    _driver: DriverProcess,
    _scratch: ScratchDir,
}

impl Browser {
    /// Starts chromedriver on a free loopback port and opens a Chromium session with a fresh
    /// profile whose browser log records everything (CORS errors are only visible there).
    pub async fn launch(install: &BrowserInstall) -> Self {
        let scratch = ScratchDir::create("cors-suite-chromium");
        let driver_log = scratch.path().join("chromedriver.log");
        let port = free_loopback_port();
        let driver = DriverProcess::spawn(&install.chromedriver, port, &driver_log);
        driver.wait_until_listening(port).await;

        let capabilities = session_capabilities(&install.chromium, &scratch.path().join("profile"));
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .unwrap_or_else(|error| {
                panic!("chromedriver could not start Chromium: {error}\n{}", driver.log_tail())
            });
        Self { client, _driver: driver, _scratch: scratch }
    }

    /// Loads `url` in the tab unless it is already showing, so that runs of cases from one
    /// origin do not reload the page between calls.
    pub async fn show_page(&self, url: &str) {
        let current = self.client.current_url().await.map(String::from);
        if current.as_deref().ok() != Some(url) {
            self.client
                .goto(url)
                .await
                .unwrap_or_else(|error| panic!("Chromium could not load {url}: {error}"));
        }
    }

    /// Runs `script` in the page as WebDriver's execute-async-script with `argument`,
    /// returning what the script passed to its completion callback.
    pub async fn run_async_script(&self, script: &str, argument: Value) -> Value {
        self.client
            .execute_async(script, vec![argument])
            .await
            .unwrap_or_else(|error| panic!("script in Chromium failed: {error}"))
    }

    /// Takes the browser log entries recorded since the previous call (chromedriver hands
    /// each entry out once).
    pub async fn take_console(&self) -> Vec<ConsoleEntry> {
        let entries = self
            .client
            .issue_cmd(ReadBrowserLog)
            .await
            .unwrap_or_else(|error| panic!("reading Chromium's browser log failed: {error}"));
        let Value::Array(entries) = entries else {
            panic!("chromedriver's log endpoint returned {entries}, not a list");
        };
        entries
            .iter()
            .map(|entry| ConsoleEntry {
                level: entry["level"].as_str().unwrap_or_default().to_owned(),
                message: entry["message"].as_str().unwrap_or_default().to_owned(),
            })
            .collect()
    }

    /// A string found on the command line of chromedriver and every Chromium process of this
    /// session (their profile and log live in its scratch folder), for
    /// [`surviving_processes`].
    pub fn process_marker(&self) -> String {
        self._scratch.path().display().to_string()
    }

    /// Ends the WebDriver session politely; the process group is killed on drop regardless.
    pub async fn close(self) {
        if let Err(error) = self.client.clone().close().await {
            eprintln!("closing the Chromium session failed ({error}); killing it instead");
        }
    }
}

fn session_capabilities(chromium: &Path, profile: &Path) -> Capabilities {
    let mut args: Vec<String> = CHROMIUM_FLAGS.iter().map(|flag| flag.to_string()).collect();
    args.push(format!("--user-data-dir={}", profile.display()));
    let capabilities = json!({
        "browserName": "chrome",
        "goog:chromeOptions": { "binary": chromium, "args": args },
        // Chromium reports CORS failures only as console messages, never to the page.
        "goog:loggingPrefs": { "browser": "ALL" },
        "timeouts": { "script": SCRIPT_TIMEOUT_MS, "pageLoad": SCRIPT_TIMEOUT_MS },
    });
    match capabilities {
        Value::Object(map) => map,
        _ => unreachable!("json! object literal"),
    }
}

/// chromedriver's log endpoint. It is not part of W3C WebDriver (hence not in fantoccini),
/// but chromedriver keeps serving it under the `se/` prefix Selenium uses.
#[derive(Debug)]
struct ReadBrowserLog;

impl WebDriverCompatibleCommand for ReadBrowserLog {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        let session = session_id.expect("the browser log is read inside a session");
        base_url.join(&format!("session/{session}/se/log"))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(r#"{"type":"browser"}"#.to_owned()))
    }
}

/// chromedriver, leading a process group that Chromium and all its helpers join.
struct DriverProcess {
    child: Child,
    log: PathBuf,
}

impl DriverProcess {
    fn spawn(chromedriver: &Path, port: u16, log: &Path) -> Self {
        let child = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .arg(format!("--log-path={}", log.display()))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            // A group of its own, so one signal reaches chromedriver and every Chromium
            // process it starts, and the terminal's Ctrl-C does not race our cleanup.
            .process_group(0)
            .spawn()
            .unwrap_or_else(|error| panic!("cannot start {}: {error}", chromedriver.display()));
        Self { child, log: log.to_owned() }
    }

    async fn wait_until_listening(&self, port: u16) {
        let deadline = Instant::now() + DRIVER_START_TIMEOUT;
        while TcpStream::connect((Ipv4Addr::LOCALHOST, port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "chromedriver did not listen on 127.0.0.1:{port} within {DRIVER_START_TIMEOUT:?}\n{}",
                self.log_tail()
            );
            sleep(Duration::from_millis(50)).await;
        }
    }

    fn log_tail(&self) -> String {
        let text = fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        let tail = lines[lines.len().saturating_sub(30)..].join("\n");
        format!("--- last lines of {} ---\n{tail}", self.log.display())
    }
}

impl Drop for DriverProcess {
    fn drop(&mut self) {
        let group = libc::pid_t::try_from(self.child.id()).expect("pid fits pid_t");
        // SAFETY: killpg only sends a signal. The group id is our child's pid, which leads
        // that group since spawn (process_group(0)); the child is not reaped yet, so the id
        // cannot have been reused by an unrelated group.
        unsafe { libc::killpg(group, libc::SIGKILL) };
        // Reap chromedriver; Chromium's processes were reparented and die from the signal.
        let _ = self.child.wait();
    }
}

/// A folder for one session's profile and driver log, removed on drop.
struct ScratchDir(PathBuf);

impl ScratchDir {
    fn create(prefix: &str) -> Self {
        let nanos =
            SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |elapsed| elapsed.as_nanos());
        for attempt in 0..100 {
            let path =
                env::temp_dir().join(format!("{prefix}-{}-{nanos}-{attempt}", std::process::id()));
            match fs::create_dir(&path) {
                Ok(()) => return Self(path),
                Err(error) if error.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(error) => panic!("cannot create {}: {error}", path.display()),
            }
        }
        panic!("no free scratch folder name under {}", env::temp_dir().display());
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for ScratchDir {
    fn drop(&mut self) {
        // Best effort: a profile file still being closed by a dying renderer must not turn
        // a passing run into a panic during cleanup.
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// Ids of live processes whose command line contains `marker`, after giving killed ones up
/// to two seconds to exit. Zombies (already dead, not yet reaped) have no command line and
/// do not count.
pub async fn surviving_processes(marker: &str) -> Vec<u32> {
    let deadline = Instant::now() + Duration::from_secs(2);
    loop {
        let survivors = processes_mentioning(marker);
        if survivors.is_empty() || Instant::now() >= deadline {
            return survivors;
        }
        sleep(Duration::from_millis(50)).await;
    }
}

fn processes_mentioning(marker: &str) -> Vec<u32> {
    let Ok(entries) = fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .filter_map(|entry| entry.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            fs::read(format!("/proc/{pid}/cmdline"))
                .is_ok_and(|cmdline| String::from_utf8_lossy(&cmdline).contains(marker))
        })
        .collect()
}

/// A loopback port nobody listens on right now. chromedriver binds it itself, so there is a
/// short window in which another process could take it; a clash then fails loudly in
/// `wait_until_listening` or at connect.
fn free_loopback_port() -> u16 {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .expect("binding an ephemeral loopback port")
}
