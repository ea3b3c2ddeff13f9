//! One variant's app over HTTP on 127.0.0.1, with one worker, for `scripts/load.sh`:
//!
//! ```text
//! server <variant> <port>
//! ```
//!
//! It serves until it is sent SIGINT or SIGTERM.

use std::process::ExitCode;

use actix_web::HttpServer;
use cors_bench::{Variant, actix_cors_app, app};

const USAGE: &str = "usage: server <floor|actix-cors|cors-attr|hand-written> <port>";

#[actix_web::main]
async fn main() -> ExitCode {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let [variant, port] = arguments.as_slice() else {
        eprintln!("{USAGE}");
        return ExitCode::FAILURE;
    };
    let (Some(variant), Ok(port)) = (Variant::from_name(variant), port.parse::<u16>()) else {
        eprintln!("{USAGE}");
        return ExitCode::FAILURE;
    };
    let address = ("127.0.0.1", port);
    let served = match variant {
        Variant::ActixCors => {
            HttpServer::new(actix_cors_app).workers(1).bind(address).map(HttpServer::run)
        }
        per_route => {
            let routes = per_route.routes();
            HttpServer::new(move || app(routes)).workers(1).bind(address).map(HttpServer::run)
        }
    };
    let result = match served {
        Ok(server) => server.await,
        Err(error) => Err(error),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("server {variant} on 127.0.0.1:{port}: {error}");
            ExitCode::FAILURE
        }
    }
}
