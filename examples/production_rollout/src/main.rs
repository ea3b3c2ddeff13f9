//! `cargo run -p production-rollout [-- --port PORT]`: the API on `127.0.0.1` (README.md).
//!
//! The port is `--port`'s, else `PORT`'s, else 8080; `RUST_LOG` filters the JSON lines
//! (default `info`).

use std::process::ExitCode;

use production_rollout::telemetry;

const USAGE: &str = "usage: production-rollout [--port PORT]   (or PORT=...; RUST_LOG=info)";

#[actix_web::main]
async fn main() -> ExitCode {
    let port = match port(std::env::args().skip(1), std::env::var("PORT").ok()) {
        Ok(port) => port,
        Err(problem) => {
            eprintln!("production-rollout: {problem}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let filter = std::env::var("RUST_LOG").unwrap_or_else(|_| telemetry::DEFAULT_FILTER.into());
    if let Err(error) = telemetry::init_logs(&filter) {
        eprintln!("production-rollout: {error}");
        return ExitCode::from(2);
    }
    // Before the server starts: its workers keep the counters of the recorder installed then.
    let metrics = match telemetry::install_metrics() {
        Ok(handle) => handle,
        Err(error) => {
            tracing::error!(%error, "the metrics recorder could not be installed");
            return ExitCode::FAILURE;
        }
    };
    match production_rollout::serve(port, metrics).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!(%error, "the server stopped");
            ExitCode::FAILURE
        }
    }
}

/// The port from `--port PORT` (or `--port=PORT`), else from `PORT`, else 8080.
fn port(mut args: impl Iterator<Item = String>, env: Option<String>) -> Result<u16, String> {
    let mut given = env;
    while let Some(arg) = args.next() {
        given = Some(match arg.as_str() {
            "--port" => args.next().ok_or("--port needs a value")?,
            _ => match arg.strip_prefix("--port=") {
                Some(value) => value.to_owned(),
                None => return Err(format!("unknown argument {arg:?}")),
            },
        });
    }
    given.map_or(Ok(8080), |port| port.parse().map_err(|_| format!("not a port: {port:?}")))
}

#[cfg(test)]
mod tests {
    use super::port;

    fn args(args: &[&str]) -> impl Iterator<Item = String> {
        args.iter().map(|arg| (*arg).to_owned()).collect::<Vec<_>>().into_iter()
    }

    #[test]
    fn the_argument_wins_over_the_variable_which_wins_over_8080() {
        assert_eq!(port(args(&["--port", "0"]), Some("9000".into())), Ok(0));
        assert_eq!(port(args(&["--port=9001"]), None), Ok(9001));
        assert_eq!(port(args(&[]), Some("9000".into())), Ok(9000));
        assert_eq!(port(args(&[]), None), Ok(8080));
    }

    #[test]
    fn a_missing_or_malformed_port_is_refused() {
        assert_eq!(port(args(&["--port"]), None), Err("--port needs a value".into()));
        assert_eq!(port(args(&[]), Some("http".into())), Err(r#"not a port: "http""#.into()));
        assert_eq!(port(args(&["--listen"]), None), Err(r#"unknown argument "--listen""#.into()));
    }
}
