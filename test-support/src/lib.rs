//! What the workspace's tests share (not published): the root package's HTTP and browser
//! suites and cors-check's tests use it as a dev-dependency.
//!
//! - [`server`]: an actix-web app served on loopback, on a thread of its own, stopped and
//!   joined on drop.
//! - [`raw_http`]: an HTTP/1.1 client that keeps every header line as the server sent it,
//!   repeated lines included, which is what CORS header tests need.
//! - [`hostile`]: inputs crafted to make cors-check's readers work hard (HAR files, console
//!   lines), at any size.
//! - [`logs`]: a capture of what cors-runtime logs.
//! - [`policies`]: a named policy declared here, to test sharing one across crates.
//! - [`misconfigured`]: one route per CORS mistake a server can make, and the calls that
//!   exercise them with the browser's verdict; cors-check's tests run them through the tester,
//!   the browser suite through Chromium.

pub mod hostile;
pub mod logs;
pub mod misconfigured;
pub mod policies;
pub mod raw_http;
pub mod server;
