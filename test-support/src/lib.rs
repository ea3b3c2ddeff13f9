//! What the workspace's tests share (not published): the root package's HTTP and browser
//! suites and cors-check's tests use it as a dev-dependency.
//!
//! - [`server`]: an actix-web app served on loopback, on a thread of its own, stopped and
//!   joined on drop.
//! - [`recording`]: a raw server on loopback that answers every connection alike and keeps
//!   what it was sent.
//! - [`cli`]: a command-line tool (the `cors-check` binary, an example's) run to its end, and
//!   what it printed.
//! - [`process`]: a program started in the background (an example's binary), what it writes
//!   kept, killed on drop.
//! - [`raw_http`]: an HTTP/1.1 client that keeps every header line as the server sent it,
//!   repeated lines included, which is what CORS header tests need.
//! - [`hostile`]: inputs crafted to make cors-check's readers work hard (HAR files, console
//!   lines), at any size.
//! - [`logs`]: a capture of what cors-runtime logs.
//! - [`prometheus`]: a Prometheus scrape read back into series and values, for tests on the
//!   counters cors-runtime keeps.
//! - [`websocket`]: a WebSocket client as a browser opens one, and an echo handler (feature
//!   `websocket`).
//! - [`policies`]: a named policy declared here, to test sharing one across crates.
//! - [`engine`]: the three browser engines, and [`engine::PerEngine`], what each of them does.
//! - `browser` (feature `browser`): headless browser sessions over WebDriver.
//! - [`misconfigured`]: one route per CORS mistake a server can make, and the calls that
//!   exercise them with each engine's verdict, served on loopback by
//!   [`misconfigured::FixtureServer`]; cors-check's tests run them through the tester, the
//!   browser suite through Chromium, Firefox and WebKit.

#[cfg(feature = "browser")]
pub mod browser;
pub mod cli;
pub mod engine;
pub mod hostile;
pub mod logs;
pub mod misconfigured;
pub mod policies;
pub mod process;
pub mod prometheus;
pub mod raw_http;
pub mod recording;
pub mod server;
pub mod websocket;
