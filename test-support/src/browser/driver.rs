//! A headless browser session under its WebDriver server (chromedriver, geckodriver or
//! WebKitWebDriver), driven over W3C WebDriver with `fantoccini`; what differs per engine is
//! in `engines.rs`.
//!
//! Every process started here runs in a process group of its own, owned by a guard whose
//! `Drop` kills the whole group: the driver starts the browser, the browser its helpers, and
//! none of them may outlive the suite, also when an assertion panics halfway through a run.

use std::env;
use std::fs::{self, File};
use std::io;
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use actix_web::rt::time::{sleep, timeout};
use fantoccini::wd::{Capabilities, WebDriverCompatibleCommand};
use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::Value;

use super::engines::{self, BrowserInstall};
use super::proxy::HostMappingProxy;
use crate::engine::Engine;

/// Long enough for a cold browser start on a loaded 2-core machine, short enough that a
/// hung driver fails the run instead of stalling CI.
const DRIVER_START_TIMEOUT: Duration = Duration::from_secs(30);
/// How long a new session may take: a cold start takes a few seconds here.
const SESSION_TIMEOUT: Duration = Duration::from_secs(60);
/// Starts tried before the suite gives up on an engine.
const SESSION_ATTEMPTS: u32 = 2;

/// One entry of Chromium's browser log (the DevTools console plus network errors).
#[derive(Debug, Clone)]
pub struct ConsoleEntry {
    pub level: String,
    pub message: String,
}

/// A running headless browser session.
///
/// Field order is drop order: the WebDriver client goes first, then the process group of the
/// driver and the browser is killed, then the X server, and only then is the profile folder
/// removed.
pub struct Browser {
    client: Client,
    engine: Engine,
    driver: DriverProcess,
    _display: Option<XServer>,
    _proxy: HostMappingProxy,
    scratch: ScratchDir,
}

impl Browser {
    /// Starts the engine's driver on a free loopback port and opens a session with a fresh
    /// profile. A start that yields no session within `SESSION_TIMEOUT` is stopped (driver,
    /// browser, X server) and tried again once: WebKitGTK's MiniBrowser has been seen to die at
    /// start with WebKitWebDriver then waiting for it forever.
    pub async fn launch(install: &BrowserInstall) -> Self {
        let mut failures = Vec::new();
        for attempt in 1..=SESSION_ATTEMPTS {
            match Self::try_launch(install).await {
                Ok(browser) => return browser,
                Err(failure) => failures.push(format!("attempt {attempt}: {failure}")),
            }
        }
        panic!(
            "the {} driver could not start the browser:\n{}",
            install.engine.name(),
            failures.join("\n")
        );
    }

    async fn try_launch(install: &BrowserInstall) -> Result<Self, String> {
        let engine = install.engine;
        let scratch = ScratchDir::create(&format!("cors-suite-{}", engine.name().to_lowercase()));
        let proxy = HostMappingProxy::start();
        let display = install.xvfb.as_deref().map(|xvfb| XServer::start(xvfb, scratch.path()));
        let driver_log = scratch.path().join("driver.log");
        let port = free_loopback_port();
        let driver = DriverProcess::spawn(
            &install.driver,
            &engines::driver_arguments(engine, port, &driver_log),
            &driver_log,
            display.as_ref().map(XServer::name).as_deref(),
        );
        driver.wait_until_listening(port).await;

        let profile = scratch.path().join("profile");
        fs::create_dir(&profile)
            .unwrap_or_else(|error| panic!("cannot create {}: {error}", profile.display()));
        let capabilities = engines::capabilities(install, &profile, &proxy.address());
        let Value::Object(capabilities) = capabilities else { unreachable!("a JSON object") };
        let capabilities: Capabilities = capabilities;
        let address = format!("http://127.0.0.1:{port}");
        let mut builder = ClientBuilder::new(HttpConnector::new());
        builder.capabilities(capabilities);
        let client = match timeout(SESSION_TIMEOUT, builder.connect(&address)).await {
            Ok(Ok(client)) => client,
            Ok(Err(error)) => return Err(format!("{error}\n{}", driver.log_tail())),
            Err(_) => {
                return Err(format!(
                    "no session within {SESSION_TIMEOUT:?}\n{}",
                    driver.log_tail()
                ));
            }
        };
        Ok(Self { client, engine, driver, _display: display, _proxy: proxy, scratch })
    }

    pub fn engine(&self) -> Engine {
        self.engine
    }

    /// Loads `url` in the tab unless it is already showing, so that runs of cases from one
    /// origin do not reload the page between calls.
    pub async fn show_page(&self, url: &str) {
        let current = self.client.current_url().await.map(String::from);
        if current.as_deref().ok() != Some(url) {
            self.client.goto(url).await.unwrap_or_else(|error| {
                panic!("{} could not load {url}: {error}", self.engine.name())
            });
        }
    }

    /// Runs `script` in the page as WebDriver's execute-async-script with `argument`,
    /// returning what the script passed to its completion callback.
    pub async fn run_async_script(&self, script: &str, argument: Value) -> Value {
        self.client
            .execute_async(script, vec![argument])
            .await
            .unwrap_or_else(|error| panic!("script in {} failed: {error}", self.engine.name()))
    }

    /// The console lines recorded since the previous call: Chromium's browser log, which
    /// chromedriver hands out entry by entry. Firefox and WebKit expose none (see
    /// `Engine::console_is_read`).
    pub async fn take_console(&self) -> Vec<ConsoleEntry> {
        if !self.engine.console_is_read() {
            return Vec::new();
        }
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

    /// The WebDriver session itself, for what this helper does not wrap (the tester page's
    /// screenshot and pointer).
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// A string found on the command line of the browser's processes of this session (their
    /// profile lives in its scratch folder), for [`surviving_processes`].
    pub fn process_marker(&self) -> String {
        self.scratch.path().display().to_string()
    }

    /// The process group of the driver and the browser, for [`surviving_processes`].
    pub fn process_group(&self) -> u32 {
        self.driver.child.id()
    }

    /// Ends the WebDriver session politely; the process group is killed on drop regardless.
    pub async fn close(self) {
        if let Err(error) = self.client.clone().close().await {
            eprintln!(
                "closing the {} session failed ({error}); killing it instead",
                self.engine.name()
            );
        }
    }
}

/// Xvfb on a display of its own, for WebKitGTK. Killed, it leaves its socket and lock file
/// behind, which the guard removes, so displays are not used up run after run.
struct XServer {
    process: DriverProcess,
    number: u32,
}

impl XServer {
    /// Starts Xvfb on the first free display from :90.
    fn start(xvfb: &Path, scratch: &Path) -> Self {
        let number = (90..200)
            .find(|number| {
                !Path::new(&format!("/tmp/.X11-unix/X{number}")).exists()
                    && !Path::new(&format!("/tmp/.X{number}-lock")).exists()
            })
            .expect("a free X display number");
        let name = format!(":{number}");
        let log = scratch.join("xvfb.log");
        let process = DriverProcess::spawn(
            xvfb,
            &[
                name.clone(),
                "-screen".into(),
                "0".into(),
                "1280x1024x24".into(),
                "-nolisten".into(),
                "tcp".into(),
            ],
            &log,
            None,
        );
        let server = Self { process, number };
        let deadline = Instant::now() + DRIVER_START_TIMEOUT;
        while !Path::new(&format!("/tmp/.X11-unix/X{number}")).exists() {
            assert!(
                Instant::now() < deadline,
                "Xvfb did not start on {name}\n{}",
                server.process.log_tail()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        server
    }

    /// `:N`, for `DISPLAY`.
    fn name(&self) -> String {
        format!(":{}", self.number)
    }
}

impl Drop for XServer {
    fn drop(&mut self) {
        self.process.stop();
        let _ = fs::remove_file(format!("/tmp/.X11-unix/X{}", self.number));
        let _ = fs::remove_file(format!("/tmp/.X{}-lock", self.number));
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

/// A driver (or X server), leading a process group that the browser and all its helpers join.
struct DriverProcess {
    child: Child,
    log: PathBuf,
    stopped: bool,
}

impl DriverProcess {
    /// Starts `program` with `arguments`, its stdout and stderr in `log`, on `display` when
    /// given. As root, WebKitGTK refuses to start its sandboxed processes unless told not to
    /// sandbox them; the machine is a throwaway test runner.
    fn spawn(program: &Path, arguments: &[String], log: &Path, display: Option<&str>) -> Self {
        let output = File::create(log)
            .unwrap_or_else(|error| panic!("cannot create {}: {error}", log.display()));
        let mut command = Command::new(program);
        command
            .args(arguments)
            .stdin(Stdio::null())
            .stdout(output.try_clone().expect("a second handle on the log"))
            .stderr(output)
            // A group of its own, so one signal reaches the driver and every browser process
            // it starts, and the terminal's Ctrl-C does not race our cleanup.
            .process_group(0);
        if let Some(display) = display {
            command.env("DISPLAY", display).env("WEBKIT_DISABLE_SANDBOX_THIS_IS_DANGEROUS", "1");
        }
        let child = command
            .spawn()
            .unwrap_or_else(|error| panic!("cannot start {}: {error}", program.display()));
        Self { child, log: log.to_owned(), stopped: false }
    }

    async fn wait_until_listening(&self, port: u16) {
        let deadline = Instant::now() + DRIVER_START_TIMEOUT;
        while TcpStream::connect((Ipv4Addr::LOCALHOST, port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "the driver did not listen on 127.0.0.1:{port} within {DRIVER_START_TIMEOUT:?}\n{}",
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

impl DriverProcess {
    /// Kills the whole group and reaps the leader, once: after the reaping, the group id may
    /// belong to another process.
    fn stop(&mut self) {
        if std::mem::replace(&mut self.stopped, true) {
            return;
        }
        let group = libc::pid_t::try_from(self.child.id()).expect("pid fits pid_t");
        // SAFETY: killpg only sends a signal. The group id is our child's pid, which leads
        // that group since spawn (process_group(0)); the child is not reaped yet, so the id
        // cannot have been reused by an unrelated group.
        unsafe { libc::killpg(group, libc::SIGKILL) };
        // Reap the driver; the browser's processes were reparented and die from the signal.
        let _ = self.child.wait();
    }
}

impl Drop for DriverProcess {
    fn drop(&mut self) {
        self.stop();
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

/// Ids of live processes whose command line contains `marker` or that are still in the
/// process group `group`, after giving killed ones up to two seconds to exit. Zombies
/// (already dead, not yet reaped) have no command line and do not count.
pub async fn surviving_processes(marker: &str, group: u32) -> Vec<u32> {
    let deadline = Instant::now() + Duration::from_secs(2);
    loop {
        let survivors = processes_mentioning(marker, group);
        if survivors.is_empty() || Instant::now() >= deadline {
            return survivors;
        }
        sleep(Duration::from_millis(50)).await;
    }
}

fn processes_mentioning(marker: &str, group: u32) -> Vec<u32> {
    let Ok(entries) = fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .filter_map(|entry| entry.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            let cmdline = fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
            !cmdline.is_empty()
                && (String::from_utf8_lossy(&cmdline).contains(marker)
                    || process_group_of(*pid) == Some(group))
        })
        .collect()
}

/// The fifth field of `/proc/<pid>/stat`, after the parenthesised command name.
fn process_group_of(pid: u32) -> Option<u32> {
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let after_name = &stat[stat.rfind(')')? + 1..];
    after_name.split_whitespace().nth(2)?.parse().ok()
}

/// A loopback port nobody listens on right now. The driver binds it itself, so there is a
/// short window in which another process could take it; a clash then fails loudly in
/// `wait_until_listening` or at connect.
fn free_loopback_port() -> u16 {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .expect("binding an ephemeral loopback port")
}
