//! The three browser engines the suite runs in, each from packages these machines install
//! (`.ci/install-test-deps`): Debian's Chromium with chromedriver, Debian's Firefox ESR with
//! geckodriver (from crates.io), and WebKitGTK's MiniBrowser with WebKitWebDriver under Xvfb.
//! What differs between them is here: where the binaries are, how the driver starts, the
//! session's capabilities, how made-up hosts reach loopback, and where the console is read.

use std::env;
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::engine::Engine;

impl Engine {
    /// The engines `CORS_SUITE_ENGINES` names (comma-separated, any case), or all three.
    ///
    /// # Panics
    /// On a name that is not an engine's, listing the names.
    pub fn chosen() -> Vec<Engine> {
        let Ok(names) = env::var("CORS_SUITE_ENGINES") else { return Engine::ALL.to_vec() };
        names
            .split(',')
            .map(|name| {
                Engine::ALL
                    .into_iter()
                    .find(|engine| engine.name().eq_ignore_ascii_case(name.trim()))
                    .unwrap_or_else(|| {
                        panic!("CORS_SUITE_ENGINES: `{name}` is not chromium, firefox or webkit")
                    })
            })
            .collect()
    }

    /// Whether the suite reads this engine's CORS console messages and judges their kind.
    /// Chromium's come through chromedriver's log endpoint. Firefox reports CORS errors only
    /// to its web console, which classic WebDriver does not expose (not on stdout, even with
    /// `devtools.console.stdout.content`, which covers console API calls only; WebDriver BiDi's
    /// `log.entryAdded` would need a WebSocket client), and WebKitGTK's MiniBrowser writes none
    /// under automation; their pages see only a generic `TypeError` ("NetworkError when
    /// attempting to fetch resource.", "Load failed"). For those two, the suite judges the
    /// verdict, what the page could read and what the server received.
    pub fn console_is_read(self) -> bool {
        matches!(self, Engine::Chromium)
    }

    /// How to install what is missing, for the skip notice and the CI failure.
    fn install_hint(self) -> &'static str {
        match self {
            Engine::Chromium => {
                "`.ci/install-test-deps` (or `sudo apt-get install chromium chromium-driver`)"
            }
            Engine::Firefox => {
                "`.ci/install-test-deps` (or `sudo apt-get install firefox-esr` and `cargo install geckodriver`)"
            }
            Engine::WebKit => {
                "`.ci/install-test-deps` (or `sudo apt-get install webkit2gtk-driver xvfb`)"
            }
        }
    }
}

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const FIREFOX: &str = "/usr/bin/firefox-esr";
const MINIBROWSER: &str = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser";
const WEBKIT_DRIVER: &str = "/usr/bin/WebKitWebDriver";
const XVFB: &str = "/usr/bin/Xvfb";

/// The flags this machine needs: headless as root without a sandbox, and no background
/// traffic, since the machine has no outside network and Chromium's own connection attempts
/// would fail noisily. The resolver rule sends every made-up `*.test` host to loopback.
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

/// Upper bound for one script (one case's `fetch()` calls) and one page load.
const SCRIPT_TIMEOUT_MS: u64 = 15_000;

/// One engine's binaries, found on this machine.
#[derive(Debug, Clone)]
pub struct BrowserInstall {
    pub engine: Engine,
    pub browser: PathBuf,
    pub driver: PathBuf,
    /// The X server WebKitGTK needs, even headless.
    pub xvfb: Option<PathBuf>,
}

impl BrowserInstall {
    /// The installs of the engines chosen for this run (`Engine::chosen`), each missing one
    /// skipped as [`find_or_skip`](Self::find_or_skip) says.
    pub fn chosen_or_skip(suite: &str) -> Vec<Self> {
        Engine::chosen()
            .into_iter()
            .filter_map(|engine| Self::find_or_skip(engine, suite))
            .collect()
    }

    /// Finds `engine`'s browser and driver, or explains loudly why `suite` skips it.
    ///
    /// Under CI (`CI=true`) a missing engine panics: a suite that quietly skipped would let CI
    /// pass without that browser ever judging the headers.
    pub fn find_or_skip(engine: Engine, suite: &str) -> Option<Self> {
        let (browser, driver, xvfb) = match engine {
            Engine::Chromium => {
                (Some(PathBuf::from(CHROMIUM)), Some(PathBuf::from(CHROMEDRIVER)), None)
            }
            Engine::Firefox => (Some(PathBuf::from(FIREFOX)), find_geckodriver(), None),
            Engine::WebKit => (
                Some(PathBuf::from(MINIBROWSER)),
                Some(PathBuf::from(WEBKIT_DRIVER)),
                Some(PathBuf::from(XVFB)),
            ),
        };
        let wanted = [browser.as_deref(), driver.as_deref(), xvfb.as_deref()];
        let mut missing: Vec<String> = wanted
            .iter()
            .flatten()
            .filter(|binary| !binary.is_file())
            .map(|binary| binary.display().to_string())
            .collect();
        if driver.is_none() {
            missing.push("geckodriver (on PATH or in ~/.cargo/bin)".to_owned());
        }
        if missing.is_empty() {
            return Some(Self {
                engine,
                browser: browser.expect("every engine names its browser"),
                driver: driver.expect("found"),
                xvfb,
            });
        }
        let missing = missing.join(" and ");
        let name = engine.name();
        let hint = engine.install_hint();
        if env::var("CI").is_ok_and(|value| value == "true") {
            panic!(
                "CI=true but {missing} is missing, so `{suite}` cannot run in {name}; install it with {hint}"
            );
        }
        // Straight to the process's stderr: libtest captures `eprintln!` of passing tests,
        // and a skip nobody sees is the silent pass this notice exists to prevent.
        let _ = writeln!(
            io::stderr(),
            "\n{banner}\n!! SKIPPED `{suite}` in {name}: {missing} not found.\n!! Install it with {hint}.\n{banner}\n",
            banner = "!".repeat(78),
        );
        None
    }
}

/// geckodriver is a crate, installed by `cargo install` into `$CARGO_HOME/bin`.
fn find_geckodriver() -> Option<PathBuf> {
    let cargo_home = env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| env::var_os("HOME").map(|home| Path::new(&home).join(".cargo")));
    let on_path = env::var_os("PATH")
        .map(|path| env::split_paths(&path).collect::<Vec<_>>())
        .unwrap_or_default();
    on_path
        .into_iter()
        .chain(cargo_home.map(|home| home.join("bin")))
        .map(|folder| folder.join("geckodriver"))
        .find(|candidate| candidate.is_file())
}

/// The driver's command line, listening on `port`; chromedriver writes its log to `log`, the
/// others' output goes there through their stdout.
pub(super) fn driver_arguments(engine: Engine, port: u16, log: &Path) -> Vec<String> {
    match engine {
        Engine::Chromium => vec![format!("--port={port}"), format!("--log-path={}", log.display())],
        Engine::Firefox => {
            vec!["--host".into(), "127.0.0.1".into(), "--port".into(), port.to_string()]
        }
        Engine::WebKit => vec![format!("--port={port}"), "--host=local".into()],
    }
}

/// The new session's capabilities. `proxy` maps made-up hosts to loopback for Firefox and
/// WebKit; `profile` is a fresh folder of the session's.
pub(super) fn capabilities(install: &BrowserInstall, profile: &Path, proxy: &str) -> Value {
    let timeouts = json!({ "script": SCRIPT_TIMEOUT_MS, "pageLoad": SCRIPT_TIMEOUT_MS });
    match install.engine {
        Engine::Chromium => {
            let mut args: Vec<String> =
                CHROMIUM_FLAGS.iter().map(|flag| flag.to_string()).collect();
            args.push(format!("--user-data-dir={}", profile.display()));
            json!({
                "browserName": "chrome",
                "goog:chromeOptions": { "binary": install.browser, "args": args },
                // Chromium reports CORS failures only as console messages, never to the page.
                "goog:loggingPrefs": { "browser": "ALL" },
                "timeouts": timeouts,
            })
        }
        Engine::Firefox => json!({
            "browserName": "firefox",
            "moz:firefoxOptions": {
                "binary": install.browser,
                "args": ["-headless", "-profile", profile],
                "prefs": {
                    "network.proxy.type": 1,
                    "network.proxy.http": "127.0.0.1",
                    "network.proxy.http_port": proxy_port(proxy),
                    "network.proxy.no_proxies_on": "localhost, 127.0.0.1",
                    "network.proxy.allow_hijacking_localhost": false,
                },
            },
            "timeouts": timeouts,
        }),
        Engine::WebKit => json!({
            "browserName": "MiniBrowser",
            "webkitgtk:browserOptions": {
                "binary": install.browser,
                "args": ["--automation"],
            },
            "proxy": {
                "proxyType": "manual",
                "httpProxy": proxy,
                "noProxy": ["localhost", "127.0.0.1"],
            },
            "timeouts": timeouts,
        }),
    }
}

fn proxy_port(proxy: &str) -> u16 {
    proxy.rsplit_once(':').and_then(|(_, port)| port.parse().ok()).expect("host:port")
}
