//! A capture of what cors-runtime logs, for tests that assert on its messages (a refused
//! preflight's fix, the route report at startup); and a log file in memory, for a real logger
//! (env_logger, tracing-subscriber) to write as it writes to a file.

use std::io::Write;
use std::sync::{Arc, Mutex};

static CAPTURED_LOGS: Mutex<Vec<(log::Level, String)>> = Mutex::new(Vec::new());

/// A `log` logger that keeps what `cors_runtime` logs, for tests to read.
struct CapturingLogger;

static CAPTURING_LOGGER: CapturingLogger = CapturingLogger;

impl log::Log for CapturingLogger {
    fn enabled(&self, metadata: &log::Metadata<'_>) -> bool {
        metadata.target().starts_with("cors_runtime")
    }

    fn log(&self, record: &log::Record<'_>) {
        if self.enabled(record.metadata()) {
            CAPTURED_LOGS
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .push((record.level(), record.args().to_string()));
        }
    }

    fn flush(&self) {}
}

/// Starts keeping every message `cors_runtime` logs (at any level) for [`captured_logs`].
/// Call it once per test binary, before the server starts: `log` takes one logger per process.
pub fn capture_logs() {
    log::set_logger(&CAPTURING_LOGGER).expect("no other logger in this test binary");
    log::set_max_level(log::LevelFilter::Debug);
}

/// Everything `cors_runtime` logged since [`capture_logs`].
pub fn captured_logs() -> Vec<String> {
    captured_logs_with_level().into_iter().map(|(_, line)| line).collect()
}

/// What `cors_runtime` logged at `level` since [`capture_logs`], for tests on how much reaches
/// a production log.
pub fn captured_logs_at(level: log::Level) -> Vec<String> {
    captured_logs_with_level()
        .into_iter()
        .filter_map(|(at, line)| (at == level).then_some(line))
        .collect()
}

fn captured_logs_with_level() -> Vec<(log::Level, String)> {
    CAPTURED_LOGS.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).clone()
}

/// A log file in memory: what a logger writes into any clone of it, [`LogFile::text`] reads.
///
/// ```
/// use std::io::Write;
/// use cors_test_support::logs::LogFile;
///
/// let file = LogFile::default();
/// writeln!(file.clone(), "[WARN] refused").unwrap();
/// assert_eq!(file.text(), "[WARN] refused\n");
/// ```
#[derive(Clone, Default)]
pub struct LogFile(Arc<Mutex<Vec<u8>>>);

impl LogFile {
    /// Everything written so far.
    ///
    /// # Panics
    /// When a logger wrote bytes that are not UTF-8 (cors-runtime escapes what it logs).
    pub fn text(&self) -> String {
        let bytes = self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).clone();
        String::from_utf8(bytes).expect("the log is UTF-8")
    }
}

impl Write for LogFile {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
