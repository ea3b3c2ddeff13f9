//! The example's binary, `cargo run -p production-rollout` runs, as its own process on a free
//! loopback port, killed on drop; the lines it writes to stdout kept for the test to read.

use std::net::SocketAddr;
use std::process::Command;
use std::thread;
use std::time::{Duration, Instant};

use cors_test_support::process::{Background, TIMEOUT};
use cors_test_support::raw_http::{Response, send};
use serde_json::Value;

pub struct Running {
    process: Background,
    address: SocketAddr,
}

impl Running {
    /// Starts the binary with `RUST_LOG=filter` on `--port 0`, once it listens.
    pub fn start(filter: &str) -> Self {
        let mut command = Command::new(env!("CARGO_BIN_EXE_production-rollout"));
        command.args(["--port", "0"]).env("RUST_LOG", filter).env_remove("PORT");
        let mut process = Background::start(&mut command);
        let address = process.wait_for_line("the `listening` line", listening_address);
        Running { process, address }
    }

    pub fn send(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> Response {
        send(self.address, method, path, headers, body)
    }

    /// Every stdout line so far, as written.
    pub fn raw_lines(&self) -> Vec<Vec<u8>> {
        self.process.stdout_lines()
    }

    /// cors-runtime's events so far, each line read as JSON.
    pub fn events(&self) -> Vec<Value> {
        self.raw_lines()
            .iter()
            .map(|line| serde_json::from_slice::<Value>(line).expect("every line is JSON"))
            .filter(|line| line["target"] == "cors_runtime::events")
            .collect()
    }

    /// Waits until `count` events have been written, or panics with the output after a while.
    pub fn wait_for_events(&self, count: usize) -> Vec<Value> {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let events = self.events();
            if events.len() >= count {
                return events;
            }
            assert!(Instant::now() < deadline, "{count} events expected:\n{}", self.output());
            thread::sleep(Duration::from_millis(20));
        }
    }

    /// What the binary wrote, for a failure's message.
    pub fn output(&self) -> String {
        self.process.output()
    }
}

/// The address of the app's `listening` line.
fn listening_address(line: &[u8]) -> Option<SocketAddr> {
    let line: Value = serde_json::from_slice(line).ok()?;
    (line["fields"]["message"] == "listening").then_some(())?;
    line["fields"]["address"].as_str()?.strip_prefix("http://")?.parse().ok()
}
