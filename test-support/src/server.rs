//! An actix-web app served over real HTTP on loopback, on a thread of its own; stopped when
//! dropped.

use std::net::SocketAddr;
use std::sync::mpsc;
use std::thread::JoinHandle;

use actix_web::dev::ServerHandle;
use actix_web::web::ServiceConfig;
use actix_web::{App, HttpServer, rt};

/// The app built by `configure`, listening on `address` (port 0 picks a free port).
pub struct AppServer {
    address: SocketAddr,
    handle: ServerHandle,
    thread: Option<JoinHandle<()>>,
}

impl AppServer {
    /// Serves the app on `address`.
    pub fn start<F>(address: SocketAddr, configure: F) -> Self
    where
        F: Fn(&mut ServiceConfig) + Clone + Send + 'static,
    {
        let (sender, receiver) = mpsc::channel();
        let thread = std::thread::spawn(move || {
            rt::System::new().block_on(async move {
                let server = HttpServer::new(move || App::new().configure(configure.clone()))
                    .workers(1)
                    // Ctrl-C then ends an example's process, instead of only stopping the server.
                    .disable_signals()
                    .bind(address)
                    .expect("bind the test server");
                let address = server.addrs()[0];
                let server = server.run();
                sender.send((address, server.handle())).expect("report the server's address");
                server.await.expect("run the test server");
            });
        });
        let (address, handle) = receiver.recv().expect("the test server started");
        Self { address, handle, thread: Some(thread) }
    }

    /// The absolute URL of a path.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.address)
    }
}

impl Drop for AppServer {
    fn drop(&mut self) {
        rt::System::new().block_on(self.handle.stop(false));
        if let Some(thread) = self.thread.take() {
            thread.join().expect("the test server thread ended cleanly");
        }
    }
}
