//! Where the decisions go: JSON lines on stdout, and counters on `GET /metrics`.

use std::str::FromStr;

use actix_web::{HttpResponse, web};
use metrics_exporter_prometheus::{BuildError, PrometheusBuilder, PrometheusHandle};
use tracing::subscriber::SetGlobalDefaultError;
use tracing_subscriber::filter::{ParseError, Targets};
use tracing_subscriber::layer::SubscriberExt;

/// What is logged when `RUST_LOG` is unset: cors-runtime's refusals and report-only findings
/// (`warn`, a route's first in a minute) and the app's startup (`info`).
pub const DEFAULT_FILTER: &str = "info";

/// Why logging could not start.
#[derive(Debug)]
pub enum LogError {
    /// `RUST_LOG` is not a list of `target=level` or `level` directives.
    Filter(ParseError),
    /// A subscriber was installed already.
    Init(SetGlobalDefaultError),
}

impl std::fmt::Display for LogError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LogError::Filter(error) => write!(f, "RUST_LOG: {error}"),
            LogError::Init(error) => write!(f, "logging: {error}"),
        }
    }
}

impl std::error::Error for LogError {}

/// Writes every `tracing` event that `filter` (`RUST_LOG`'s syntax without regexes:
/// `debug`, `info,cors_runtime=debug`) admits to stdout, one JSON object per line.
///
/// No `log` logger is installed, nor `log` records forwarded here (as `try_init()` would with
/// tracing-subscriber's `tracing-log` feature, which another crate may turn on): cors-runtime
/// writes each decision both as a `log` line and as an event, and with no logger only the event
/// is written.
///
/// # Errors
///
/// `filter` does not parse, or a subscriber is installed already.
pub fn init_logs(filter: &str) -> Result<(), LogError> {
    let filter = Targets::from_str(filter).map_err(LogError::Filter)?;
    let json = tracing_subscriber::fmt::layer()
        .json()
        .with_current_span(false)
        .with_span_list(false)
        .with_writer(std::io::stdout);
    let subscriber = tracing_subscriber::registry().with(json).with(filter);
    tracing::subscriber::set_global_default(subscriber).map_err(LogError::Init)
}

/// Installs the Prometheus recorder for the `metrics` facade, and returns the handle that
/// renders it. Call it before the server starts: each worker thread keeps the counters it
/// registered, from the recorder there was when it registered them.
///
/// # Errors
///
/// A recorder is installed already.
pub fn install_metrics() -> Result<PrometheusHandle, BuildError> {
    PrometheusBuilder::new().install_recorder()
}

/// `GET /metrics`: every series, in Prometheus' text format.
pub async fn metrics(handle: web::Data<PrometheusHandle>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(handle.render())
}
