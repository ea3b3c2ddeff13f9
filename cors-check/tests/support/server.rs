//! The fixture served over real HTTP on loopback, and the `cors-check` command line for a case.

use std::net::SocketAddr;
use std::sync::mpsc;
use std::thread::JoinHandle;

use actix_web::dev::ServerHandle;
use actix_web::{App, HttpServer, rt};

use super::fixture::{Case, routes};

/// The fixture app listening on `address`; stopped when dropped.
pub struct FixtureServer {
    address: SocketAddr,
    handle: ServerHandle,
    thread: Option<JoinHandle<()>>,
}

impl FixtureServer {
    /// Serves the fixture on `address` (port 0 picks a free port) on a thread of its own.
    pub fn start(address: SocketAddr) -> Self {
        let (sender, receiver) = mpsc::channel();
        let thread = std::thread::spawn(move || {
            rt::System::new().block_on(async move {
                let server = HttpServer::new(|| App::new().configure(routes))
                    .workers(1)
                    // Ctrl-C then ends the example process, instead of only stopping the server.
                    .disable_signals()
                    .bind(address)
                    .expect("bind the fixture server");
                let address = server.addrs()[0];
                let server = server.run();
                sender.send((address, server.handle())).expect("report the fixture address");
                server.await.expect("run the fixture server");
            });
        });
        let (address, handle) = receiver.recv().expect("the fixture server started");
        Self { address, handle, thread: Some(thread) }
    }

    /// The absolute URL of a fixture path.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.address)
    }

    /// The `cors-check` arguments that make `case`'s call against this server.
    pub fn arguments(&self, case: &Case) -> Vec<String> {
        let request = &case.request;
        let mut arguments =
            vec![self.url(&request.url), "--origin".to_owned(), request.origin.clone()];
        if request.method != "GET" {
            arguments.extend(["--method".to_owned(), request.method.clone()]);
        }
        for (name, value) in &request.headers {
            arguments.extend(["--header".to_owned(), format!("{name}: {value}")]);
        }
        if request.credentials {
            arguments.push("--credentials".to_owned());
        }
        arguments
    }
}

impl Drop for FixtureServer {
    fn drop(&mut self) {
        rt::System::new().block_on(self.handle.stop(false));
        if let Some(thread) = self.thread.take() {
            thread.join().expect("the fixture server thread ended cleanly");
        }
    }
}
