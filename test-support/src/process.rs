//! A program started in the background, as a server is (an example's binary): everything it
//! writes kept for the test to read, and the process killed and waited for on drop, also when
//! the test panics.

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

/// How long a program may take to write a line a test waits for, or to exit.
pub const TIMEOUT: Duration = Duration::from_secs(30);

/// A running program, with what it wrote so far.
pub struct Background {
    process: Child,
    /// Every line written to stdout, as bytes (what a log pipeline receives).
    stdout: Arc<Mutex<Vec<Vec<u8>>>>,
    stderr: Arc<Mutex<String>>,
    readers: Vec<JoinHandle<()>>,
}

impl Background {
    /// Starts `command` with nothing on its standard input, its output kept.
    ///
    /// # Panics
    /// When the program cannot be started.
    pub fn start(command: &mut Command) -> Self {
        let mut process = command
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|error| panic!("cannot start {:?}: {error}", command.get_program()));
        let stderr = Arc::new(Mutex::new(String::new()));
        let mut pipe = process.stderr.take().expect("a piped stderr");
        let kept = Arc::clone(&stderr);
        let stderr_reader = thread::spawn(move || {
            let mut buffer = [0; 4096];
            while let Ok(read @ 1..) = pipe.read(&mut buffer) {
                kept.lock().unwrap().push_str(&String::from_utf8_lossy(&buffer[..read]));
            }
        });
        let stdout = Arc::new(Mutex::new(Vec::new()));
        let pipe = process.stdout.take().expect("a piped stdout");
        let kept = Arc::clone(&stdout);
        let stdout_reader = thread::spawn(move || {
            for line in BufReader::new(pipe).split(b'\n').map_while(Result::ok) {
                kept.lock().unwrap().push(line);
            }
        });
        Background { process, stdout, stderr, readers: vec![stderr_reader, stdout_reader] }
    }

    /// Every line written to stdout so far, as written, without its line end.
    pub fn stdout_lines(&self) -> Vec<Vec<u8>> {
        self.stdout.lock().unwrap().clone()
    }

    /// Everything written to stderr so far.
    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// What the program wrote, for a failure's message.
    pub fn output(&self) -> String {
        let lines = self.stdout_lines();
        let stdout: Vec<_> = lines.iter().map(|line| String::from_utf8_lossy(line)).collect();
        format!("stdout:\n{}\nstderr:\n{}", stdout.join("\n"), self.stderr())
    }

    /// The first value `read` finds in a stdout line (`what` it is, for the failure), once
    /// written.
    ///
    /// # Panics
    /// When the program exits, or [`TIMEOUT`] passes, before such a line, with its output.
    pub fn wait_for_line<T>(&mut self, what: &str, read: impl Fn(&[u8]) -> Option<T>) -> T {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(found) = self.stdout_lines().iter().find_map(|line| read(line)) {
                return found;
            }
            let exited = self.process.try_wait().expect("the program's status");
            if let Some(status) = exited {
                self.join_readers();
                panic!("{what}: not written; the program exited ({status}):\n{}", self.output());
            }
            assert!(Instant::now() < deadline, "{what}: not written:\n{}", self.output());
            thread::sleep(Duration::from_millis(10));
        }
    }

    /// Waits until the program exits by itself, and until all it wrote is kept; its status.
    ///
    /// # Panics
    /// When it still runs after [`TIMEOUT`] (it is killed on drop).
    pub fn wait_for_exit(&mut self) -> ExitStatus {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.process.try_wait().expect("the program's status") {
                self.join_readers();
                return status;
            }
            assert!(Instant::now() < deadline, "the program did not exit:\n{}", self.output());
            thread::sleep(Duration::from_millis(10));
        }
    }

    /// Once the program has exited, its pipes close and the readers end.
    fn join_readers(&mut self) {
        for reader in self.readers.drain(..) {
            let _ = reader.join();
        }
    }
}

impl Drop for Background {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}
