//! One instance of the example, the binary `cargo run -p tenants-saas` runs, as its own process
//! on a free loopback port (each process has its own sets, as separate servers do), killed on
//! drop; its log lines kept for the test to read.

use std::net::SocketAddr;
use std::process::Command;
use std::thread;
use std::time::{Duration, Instant};

use cors_test_support::process::Background;
use cors_test_support::raw_http::{Response, send};

/// The admin routes' token the tests start every instance with.
pub const TOKEN: &str = "test-admin-token-0123456789";

pub const ACME: &str = "api.acme.example";
pub const GLOBEX: &str = "api.globex.example";
pub const ACME_SHOP: &str = "https://shop.acme.example";

pub struct Instance {
    process: Background,
    address: SocketAddr,
}

impl Instance {
    /// Starts the example on `database` (its `--database`), once it listens.
    pub fn start(database: &str) -> Self {
        Self::start_with(database, &[])
    }

    /// Starts the example on `database` with more arguments, once it listens.
    pub fn start_with(database: &str, arguments: &[&str]) -> Self {
        let mut process = Background::start(&mut command(database, arguments));
        let address = process.wait_for_line("the instance's address", |line| {
            let address = std::str::from_utf8(line).ok()?.strip_prefix("listening on http://")?;
            address.parse().ok()
        });
        Instance { process, address }
    }

    pub fn logs(&self) -> String {
        self.process.stderr()
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
