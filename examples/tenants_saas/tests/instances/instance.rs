//! One instance of the example, the binary `cargo run -p tenants-saas` runs, as its own process
//! on a free loopback port (each process has its own sets, as separate servers do), killed on
//! drop; its log lines kept for the test to read.

use std::io::{BufRead, BufReader, Read};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::thread;
use std::time::{Duration, Instant};

use cors_test_support::raw_http::{Response, send};

/// The admin routes' token the tests start every instance with.
pub const TOKEN: &str = "test-admin-token-0123456789";

pub const ACME: &str = "api.acme.example";
pub const GLOBEX: &str = "api.globex.example";
pub const ACME_SHOP: &str = "https://shop.acme.example";

/// How long an instance may take to open its database and listen.
const START_TIMEOUT: Duration = Duration::from_secs(30);

pub struct Instance {
    process: Child,
    address: SocketAddr,
    logs: Arc<Mutex<String>>,
}

impl Instance {
    /// Starts the example on `database` (its `--database`), once it listens.
    pub fn start(database: &str) -> Self {
        Self::start_with(database, &[])
    }

    /// Starts the example on `database` with more arguments, once it listens.
    pub fn start_with(database: &str, arguments: &[&str]) -> Self {
        let mut process = command(database, arguments)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start the tenants-saas binary");
        let logs = Arc::new(Mutex::new(String::new()));
        let mut stderr = process.stderr.take().expect("piped stderr");
        let kept = Arc::clone(&logs);
        thread::spawn(move || {
            let mut buffer = [0; 4096];
            while let Ok(read @ 1..) = stderr.read(&mut buffer) {
                kept.lock().unwrap().push_str(&String::from_utf8_lossy(&buffer[..read]));
            }
        });
        let (listening, address) = mpsc::channel();
        let stdout = process.stdout.take().expect("piped stdout");
        thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(address) = line.strip_prefix("listening on http://") {
                    let _ = listening.send(address.parse::<SocketAddr>().expect("an address"));
                }
            }
        });
        let mut instance = Instance { process, address: ([127, 0, 0, 1], 0).into(), logs };
        match address.recv_timeout(START_TIMEOUT) {
            Ok(address) => instance.address = address,
            Err(_) => panic!("the instance did not listen:\n{}", instance.logs()),
        }
        instance
    }

    pub fn logs(&self) -> String {
        self.logs.lock().unwrap().clone()
    }

    /// Waits until a log line contains `needle`, or panics after `timeout` with the logs.
    pub fn wait_for_log(&self, needle: &str, timeout: Duration) {
        let deadline = Instant::now() + timeout;
        while !self.logs().contains(needle) {
            assert!(Instant::now() < deadline, "no log line with {needle:?}:\n{}", self.logs());
            thread::sleep(Duration::from_millis(20));
        }
    }

    /// A preflight for `PUT /api/orders` from `origin`, sent to the host `host`.
    pub fn preflight(&self, host: &str, origin: &str) -> Response {
        self.preflight_with(&[("Host", host), ("Origin", origin)])
    }

    /// A preflight for `PUT /api/orders` with `headers` (`Host` and `Origin` among them).
    pub fn preflight_with(&self, headers: &[(&str, &str)]) -> Response {
        let mut headers = headers.to_vec();
        headers.extend([
            ("Access-Control-Request-Method", "PUT"),
            ("Access-Control-Request-Headers", "content-type"),
        ]);
        send(self.address, "OPTIONS", "/api/orders", &headers, "")
    }

    /// `GET /api/orders` from `origin`, sent to the host `host`.
    pub fn get(&self, host: &str, origin: &str) -> Response {
        send(self.address, "GET", "/api/orders", &[("Host", host), ("Origin", origin)], "")
    }

    /// The origin `GET /api/orders` from `origin` on `host` is granted, if any.
    pub fn granted(&self, host: &str, origin: &str) -> Option<String> {
        let response = self.get(host, origin);
        assert_eq!(response.status, 200, "{response:?}");
        response.single_header("access-control-allow-origin").map(str::to_owned)
    }

    /// The admin route: `method` (`POST` adds, `DELETE` removes) `origins` for `tenant`, with
    /// `token` as the bearer token (none: no `Authorization`).
    pub fn admin(
        &self,
        method: &str,
        tenant: &str,
        origins: &[&str],
        token: Option<&str>,
    ) -> Response {
        let path = format!("/admin/tenants/{tenant}/origins");
        let body = serde_json::json!({ "origins": origins }).to_string();
        let authorization = token.map(|token| format!("Bearer {token}"));
        let mut headers = vec![("Content-Type", "application/json")];
        headers.extend(authorization.as_deref().map(|value| ("Authorization", value)));
        send(self.address, method, &path, &headers, &body)
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

/// The example's command on `database`, with the tests' token and log level, and `arguments`.
pub fn command(database: &str, arguments: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_tenants-saas"));
    command
        .args(["--database", database, "--listen", "127.0.0.1:0"])
        .args(arguments)
        .env("ADMIN_TOKEN", TOKEN)
        .env("RUST_LOG", "info")
        .env_remove("DATABASE_URL")
        .env_remove("TRUSTED_PROXIES");
    command
}

/// Polls `condition` every 5 ms until it holds: the time it took, or `None` after `timeout`.
pub fn time_until(timeout: Duration, mut condition: impl FnMut() -> bool) -> Option<Duration> {
    let start = Instant::now();
    loop {
        if condition() {
            return Some(start.elapsed());
        }
        if start.elapsed() > timeout {
            return None;
        }
        thread::sleep(Duration::from_millis(5));
    }
}
