//! Log lines on standard error, one per line, with their level: what an operator (and the
//! tests, which read an instance's standard error) sees.

use std::io::Write;

use log::{Level, Log, Metadata, Record};

struct StandardError;

static LOGGER: StandardError = StandardError;

impl Log for StandardError {
    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        metadata.level() <= log::max_level()
    }

    fn log(&self, record: &Record<'_>) {
        if self.enabled(record.metadata()) {
            // One write per line, so lines of several threads never interleave.
            let line = format!("{:<5} {}: {}\n", record.level(), record.target(), record.args());
            let _ = std::io::stderr().write_all(line.as_bytes());
        }
    }

    fn flush(&self) {}
}

/// Logs at `level` (`error`, `warn`, `info` or `debug`; `info` when `None` or unknown) from
/// now on. A second call changes nothing.
pub fn init(level: Option<&str>) {
    let level = level.and_then(|level| level.parse::<Level>().ok()).unwrap_or(Level::Info);
    if log::set_logger(&LOGGER).is_ok() {
        log::set_max_level(level.to_level_filter());
    }
}
