//! The example's binary, `cargo run -p production-rollout` runs, as its own process on a free
//! loopback port, killed on drop; the lines it writes to stdout kept for the test to read.

use std::io::{BufRead, BufReader, Read};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::thread;
use std::time::{Duration, Instant};

use cors_test_support::raw_http::{Response, send};
use serde_json::Value;

/// How long the binary may take to listen, and its lines to arrive.
const TIMEOUT: Duration = Duration::from_secs(30);

pub struct Running {
    process: Child,
    address: SocketAddr,
    /// Every line written to stdout, as bytes (what a log pipeline receives).
    lines: Arc<Mutex<Vec<Vec<u8>>>>,
    stderr: Arc<Mutex<String>>,
}

impl Running {
    /// Starts the binary with `RUST_LOG=filter` on `--port 0`, once it listens.
    pub fn start(filter: &str) -> Self {
        let mut process = Command::new(env!("CARGO_BIN_EXE_production-rollout"))
            .args(["--port", "0"])
            .env("RUST_LOG", filter)
            .env_remove("PORT")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start the production-rollout binary");
        let stderr = Arc::new(Mutex::new(String::new()));
        let mut stderr_pipe = process.stderr.take().expect("piped stderr");
        let kept = Arc::clone(&stderr);
        thread::spawn(move || {
            let mut text = String::new();
            let _ = stderr_pipe.read_to_string(&mut text);
            kept.lock().unwrap().push_str(&text);
        });
        let lines = Arc::new(Mutex::new(Vec::new()));
        let (listening, address) = mpsc::channel();
        let stdout = process.stdout.take().expect("piped stdout");
        let kept = Arc::clone(&lines);
        thread::spawn(move || {
            for line in BufReader::new(stdout).split(b'\n').map_while(Result::ok) {
                if let Some(address) = listening_address(&line) {
                    let _ = listening.send(address);
                }
                kept.lock().unwrap().push(line);
            }
        });
        let mut running = Running { process, address: ([127, 0, 0, 1], 0).into(), lines, stderr };
        match address.recv_timeout(TIMEOUT) {
            Ok(address) => running.address = address,
            Err(_) => panic!("the binary did not listen:\n{}", running.output()),
        }
        running
    }

    pub fn send(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> Response {
        send(self.address, method, path, headers, body)
    }

    /// Every stdout line so far, as written.
    pub fn raw_lines(&self) -> Vec<Vec<u8>> {
        self.lines.lock().unwrap().clone()
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
        let lines = self.raw_lines();
        let stdout: Vec<_> = lines.iter().map(|line| String::from_utf8_lossy(line)).collect();
        format!("stdout:\n{}\nstderr:\n{}", stdout.join("\n"), self.stderr.lock().unwrap())
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

/// The address of the app's `listening` line.
fn listening_address(line: &[u8]) -> Option<SocketAddr> {
    let line: Value = serde_json::from_slice(line).ok()?;
    (line["fields"]["message"] == "listening").then_some(())?;
    line["fields"]["address"].as_str()?.strip_prefix("http://")?.parse().ok()
}
