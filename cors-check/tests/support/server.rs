//! The fixture served over real HTTP on loopback, and the `cors-check` command line for a case.

use std::net::SocketAddr;

use super::app_server::AppServer;
use super::fixture::{Case, routes};

/// The fixture app listening on `address`; stopped when dropped.
pub struct FixtureServer(AppServer);

impl FixtureServer {
    /// Serves the fixture on `address` (port 0 picks a free port) on a thread of its own.
    pub fn start(address: SocketAddr) -> Self {
        Self(AppServer::start(address, routes))
    }

    /// The absolute URL of a fixture path.
    pub fn url(&self, path: &str) -> String {
        self.0.url(path)
    }

    /// The `cors-check` arguments that make `case`'s call against this server.
    pub fn arguments(&self, case: &Case) -> Vec<String> {
        let request = &case.request;
        let mut arguments =
            vec![self.url(request.url()), "--origin".to_owned(), request.origin().to_owned()];
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
