//! Headless Chromium, Firefox and WebKit, each under its WebDriver server, for the browser
//! suite (tests/browser/) and the tester page's test (tests/tester_page.rs); behind the
//! `browser` feature, so cors-check's tests build no WebDriver client.
//!
//! - [`BrowserInstall`] (`engines.rs`): where each engine's browser and driver are on this
//!   machine, how its driver starts and the capabilities of its session; a missing engine is
//!   a skip with a notice, a failure under `CI=true`.
//! - [`Browser`] (`driver.rs`): one session, its page, its scripts and Chromium's console, its
//!   processes killed as a group on drop.
//! - `proxy.rs`: made-up host names sent to loopback, for the engines that cannot map them.

mod driver;
mod engines;
mod proxy;

pub use driver::{Browser, ConsoleEntry, surviving_processes};
pub use engines::BrowserInstall;
/// The WebDriver client, for what [`Browser`] does not wrap ([`Browser::client`]): the one
/// version the session is made with.
pub use fantoccini;
