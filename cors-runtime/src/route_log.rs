//! How often one route logs: a route's state, kept in its policy `static` as atomics, so that
//! deciding not to log costs a few atomic operations and never a lock or an allocation.
//!
//! Refused preflights come from whoever sends them, as fast as they like: the first refusal
//! of a route in a minute is worth a `warn` line, the next thousand are not. The removal of a
//! handler's own CORS headers is a property of the handler's code, so once is enough.

use std::fmt;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Instant;

/// How long after a `warn` line about a refusal a route's further refusals go to `debug`.
pub(crate) const WARN_INTERVAL_SECS: u64 = 60;

/// One route's logging state.
#[derive(Debug)]
pub(crate) struct RouteLog {
    /// Seconds since [`clock_secs`]'s start when the route may warn again; 0 before its first
    /// warning.
    next_warning_at: AtomicU64,
    /// Refusals logged at `debug` only since the last `warn` line.
    suppressed: AtomicU64,
    /// Whether removing a handler's own CORS headers was logged.
    removal_logged: AtomicBool,
    /// Whether a request reached the route beneath a named policy applied with `.wrap(..)`.
    under_wrap: AtomicBool,
}

impl RouteLog {
    pub(crate) const fn new() -> Self {
        RouteLog {
            next_warning_at: AtomicU64::new(0),
            suppressed: AtomicU64::new(0),
            removal_logged: AtomicBool::new(false),
            under_wrap: AtomicBool::new(false),
        }
    }

    /// For a refusal now: `Some(count of refusals suppressed since the last warning)` when it
    /// is the route's first in [`WARN_INTERVAL_SECS`] and goes to `warn`, `None` otherwise.
    pub(crate) fn admit_warning(&self) -> Option<u64> {
        self.admit_warning_at(clock_secs())
    }

    fn admit_warning_at(&self, now: u64) -> Option<u64> {
        let next = self.next_warning_at.load(Ordering::Relaxed);
        // Of concurrent refusals at the turn of the interval, the one that moves the deadline
        // warns; the others count as suppressed.
        if now >= next
            && self
                .next_warning_at
                .compare_exchange(
                    next,
                    now + WARN_INTERVAL_SECS,
                    Ordering::Relaxed,
                    Ordering::Relaxed,
                )
                .is_ok()
        {
            return Some(self.suppressed.swap(0, Ordering::Relaxed));
        }
        self.suppressed.fetch_add(1, Ordering::Relaxed);
        None
    }

    /// The level of a line about a refusal now, with the count of refusals kept at `debug` only
    /// since the last `warn` line; `None` when the line would not be written anywhere.
    pub(crate) fn refusal_level(&self) -> Option<Admitted> {
        if !enabled(log::Level::Warn) {
            return None;
        }
        match self.admit_warning() {
            Some(suppressed) => Some(Admitted { level: log::Level::Warn, suppressed }),
            None if enabled(log::Level::Debug) => {
                Some(Admitted { level: log::Level::Debug, suppressed: 0 })
            }
            None => None,
        }
    }

    /// Whether this is the first request that reached the route beneath a named policy.
    pub(crate) fn first_under_wrap(&self) -> bool {
        !self.under_wrap.load(Ordering::Relaxed) && !self.under_wrap.swap(true, Ordering::Relaxed)
    }

    /// Whether a request reached the route beneath a named policy applied with `.wrap(..)`.
    pub(crate) fn seen_under_wrap(&self) -> bool {
        self.under_wrap.load(Ordering::Relaxed)
    }

    /// Whether this is the route's first removal of a handler's own CORS headers.
    pub(crate) fn first_removal(&self) -> bool {
        !self.removal_logged.swap(true, Ordering::Relaxed)
    }
}

/// What a route's rate limit admitted: the level of the line and how many lines were kept
/// at `debug` only since its last `warn` line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Admitted {
    pub(crate) level: log::Level,
    pub(crate) suppressed: u64,
}

impl fmt::Display for Admitted {
    /// The note a `warn` line ends with when earlier refusals went to `debug`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.suppressed {
            0 => Ok(()),
            count => write!(
                f,
                " ({count} more refusals on this route since the last warning were logged at debug only.)"
            ),
        }
    }
}

/// Whether a line or an event at `level` would be written anywhere.
pub(crate) fn enabled(level: log::Level) -> bool {
    log::log_enabled!(target: "cors_runtime", level) || tracing_enabled(level)
}

#[cfg(feature = "tracing")]
fn tracing_enabled(level: log::Level) -> bool {
    if !tracing_in_use() {
        return false;
    }
    match level {
        log::Level::Error => {
            tracing::enabled!(target: "cors_runtime::events", tracing::Level::ERROR)
        }
        log::Level::Warn => tracing::enabled!(target: "cors_runtime::events", tracing::Level::WARN),
        log::Level::Info => tracing::enabled!(target: "cors_runtime::events", tracing::Level::INFO),
        log::Level::Debug => {
            tracing::enabled!(target: "cors_runtime::events", tracing::Level::DEBUG)
        }
        log::Level::Trace => {
            tracing::enabled!(target: "cors_runtime::events", tracing::Level::TRACE)
        }
    }
}

#[cfg(not(feature = "tracing"))]
fn tracing_enabled(_: log::Level) -> bool {
    false
}

/// Whether a `tracing` subscriber was ever set, globally or for a thread. Until then no event is
/// emitted: `tracing`'s `log` feature (which another crate may turn on) would turn each into a
/// second `log` line beside the one written already.
#[cfg(feature = "tracing")]
pub(crate) fn tracing_in_use() -> bool {
    tracing::dispatcher::has_been_set()
}

/// Seconds since the first call, on the monotonic clock (a wall-clock jump must not silence a
/// route for the length of the jump).
fn clock_secs() -> u64 {
    static START: OnceLock<Instant> = OnceLock::new();
    START.get_or_init(Instant::now).elapsed().as_secs()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warns_once_per_interval_and_then_reports_what_it_suppressed() {
        let log = RouteLog::new();
        assert_eq!(log.admit_warning_at(0), Some(0));
        for second in 0..WARN_INTERVAL_SECS {
            assert_eq!(log.admit_warning_at(second), None);
        }
        assert_eq!(log.admit_warning_at(WARN_INTERVAL_SECS), Some(WARN_INTERVAL_SECS));
        assert_eq!(log.admit_warning_at(WARN_INTERVAL_SECS + 1), None);
        assert_eq!(log.admit_warning_at(10 * WARN_INTERVAL_SECS), Some(1));
    }

    #[test]
    fn a_removal_is_logged_once() {
        let log = RouteLog::new();
        assert!(log.first_removal());
        assert!(!log.first_removal());
    }
}
