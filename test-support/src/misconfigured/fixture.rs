//! The catalogue served over real HTTP on loopback, and the `cors-check` command line for one
//! of its calls.

use std::net::TcpListener;

use actix_web::App;
use cors_check_core::CorsRequest;

use super::{APP, routes};
use crate::server::LoopbackServer;

/// The catalogue, granting [`APP`]; stopped when dropped.
pub struct FixtureServer(LoopbackServer);

impl FixtureServer {
    /// Serves the catalogue on `listener` on a thread of its own.
    pub fn start(listener: TcpListener) -> Self {
        let routes = routes(APP);
        Self(LoopbackServer::start_on(vec![listener], move || App::new().configure(routes.clone())))
    }

    /// The absolute URL of a catalogue path.
    pub fn url(&self, path: &str) -> String {
        self.0.url(path)
    }

    /// The server's origin, `http://127.0.0.1:<port>`.
    pub fn origin(&self) -> String {
        self.url("")
    }

    /// The `cors-check` arguments that make `request` (to this server's URL) from the command
    /// line.
    pub fn arguments(&self, request: &CorsRequest) -> Vec<String> {
        let mut arguments =
            vec![request.url().to_owned(), "--origin".to_owned(), request.origin().to_owned()];
        if request.method() != "GET" {
            arguments.extend(["--method".to_owned(), request.method().to_owned()]);
        }
        for (name, value) in request.headers() {
            arguments.extend(["--header".to_owned(), format!("{name}: {value}")]);
        }
        if request.credentials() {
            arguments.push("--credentials".to_owned());
        }
        arguments
    }
}
