//! An actix-web app served over real HTTP on loopback, on a thread and actix system of its
//! own, stopped and joined when dropped.
//!
//! Its own thread keeps it independent of the test's runtime: a test can block (on a child
//! process, on a browser) while the server keeps answering, and a panicking test still stops it.

use std::io;
use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::sync::mpsc;
use std::thread::{self, JoinHandle};

use actix_web::body::MessageBody;
use actix_web::dev::{ServerHandle, ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::{App, HttpServer};

/// The services of an app that `HttpServer` can serve: what `App::new()` and its builder
/// methods make, whatever the body type of its responses.
pub trait AppServices:
    ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<Self::Body>,
        Error = actix_web::Error,
        InitError = (),
    > + 'static
{
    /// The body of the app's responses.
    type Body: MessageBody + 'static;
}

impl<T, B> AppServices for T
where
    T: ServiceFactory<
            ServiceRequest,
            Config = (),
            Response = ServiceResponse<B>,
            Error = actix_web::Error,
            InitError = (),
        > + 'static,
    B: MessageBody + 'static,
{
    type Body = B;
}

/// A running server; dropping it stops the server and waits for its thread.
///
/// ```no_run
/// use actix_web::{App, HttpResponse, web};
/// use cors_test_support::server::LoopbackServer;
///
/// let server = LoopbackServer::start(|| App::new().route("/", web::get().to(HttpResponse::Ok)));
/// println!("listening on {}", server.url("/"));
/// ```
pub struct LoopbackServer {
    addrs: Vec<SocketAddr>,
    handle: ServerHandle,
    thread: Option<JoinHandle<io::Result<()>>>,
}

impl LoopbackServer {
    /// Serves the app `app` builds on a free port of `127.0.0.1`.
    pub fn start<F, T>(app: F) -> Self
    where
        F: Fn() -> App<T> + Send + Clone + 'static,
        T: AppServices,
    {
        let listener = bind_loopback(0).expect("bind a free loopback port");
        Self::start_on(vec![listener], app)
    }

    /// Serves the app `app` builds on each of `listeners`, already bound so that a taken
    /// fixed port is reported by the caller, with its context.
    pub fn start_on<F, T>(listeners: Vec<TcpListener>, app: F) -> Self
    where
        F: Fn() -> App<T> + Send + Clone + 'static,
        T: AppServices,
    {
        let addrs = listeners
            .iter()
            .map(TcpListener::local_addr)
            .collect::<io::Result<Vec<_>>>()
            .expect("read the address of a bound listener");
        let (started, on_start) = mpsc::channel();
        let thread = thread::spawn(move || {
            actix_web::rt::System::new().block_on(async move {
                // One worker is plenty on loopback; no signal handling, so Ctrl-C ends an
                // example's whole process instead of only its server.
                let server = HttpServer::new(app).workers(1).disable_signals();
                let server = listeners.into_iter().try_fold(server, HttpServer::listen)?.run();
                let _ = started.send(server.handle());
                server.await
            })
        });
        let Ok(handle) = on_start.recv() else {
            let outcome = thread.join();
            panic!("the server thread ended before serving: {outcome:?}");
        };
        Self { addrs, handle, thread: Some(thread) }
    }

    /// Where the server listens (the first listener's address).
    pub fn addr(&self) -> SocketAddr {
        self.addrs[0]
    }

    /// `http://127.0.0.1:<port><path>`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr())
    }
}

impl Drop for LoopbackServer {
    fn drop(&mut self) {
        // `stop` sends the command when called; its future only reports completion, which
        // the join below waits for anyway. Not blocking on the future lets a server be
        // dropped inside an async test, where starting another runtime would panic.
        drop(self.handle.stop(false));
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Binds `127.0.0.1:port`; port 0 picks a free one.
pub fn bind_loopback(port: u16) -> io::Result<TcpListener> {
    TcpListener::bind((Ipv4Addr::LOCALHOST, port))
}
