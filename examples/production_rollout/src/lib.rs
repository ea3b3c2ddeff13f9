//! Running it in production: an API moving from actix-cors's `Cors::permissive()` to a declared
//! policy, rolled out report-only, its decisions written as JSON lines on stdout and counted on
//! `GET /metrics`. See README.md.
//!
//! The modules, bottom-up: [`telemetry`] (the logs and the metrics' recorder), [`api`] (the
//! routes and their CORS, mid-rollout).

pub mod api;
pub mod telemetry;

use std::io;

use actix_web::{App, HttpServer, web};
use metrics_exporter_prometheus::PrometheusHandle;

/// Serves the API and `GET /metrics` on `127.0.0.1:port` (0: a free port), logging the address
/// it listens on (`"message":"listening"`, field `address`), until stopped (`SIGINT`,
/// `SIGTERM`).
///
/// # Errors
///
/// The address cannot be bound.
pub async fn serve(port: u16, metrics: PrometheusHandle) -> io::Result<()> {
    let metrics = web::Data::new(metrics);
    let server = HttpServer::new(move || {
        App::new()
            .app_data(metrics.clone())
            .configure(api::configure)
            .route("/metrics", web::get().to(telemetry::metrics))
    })
    .bind(("127.0.0.1", port))?;
    for address in server.addrs() {
        tracing::info!(address = %format_args!("http://{address}"), "listening");
    }
    server.run().await
}
