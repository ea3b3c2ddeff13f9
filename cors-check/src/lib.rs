//! `cors-check` tells, the way a browser would, whether a cross-origin call is allowed by CORS,
//! why not, and what the server must change.
//!
//! The evaluation knows nothing about the network:
//!
//! 1. describe the call as a page makes it ([`CorsRequest`]);
//! 2. [`Plan::new`] works out what the browser sends: a preflight or not, with which
//!    `Access-Control-Request-Headers`;
//! 3. the server's answers ([`Response`]) go through [`evaluate`], which applies the Fetch
//!    standard's CORS checks in Chromium's order and returns a [`Report`]: the verdict, each step
//!    with the headers that decided it, Chromium's console message, the fix and warnings.
//!
//! [`Check`] drives a plan through any transport in the browser's order, and adds a few probes
//! where the browser's message alone would mislead (see [`RefusalProbe`]). Two transports come with
//! the crate: [`http`] (feature `http-client`) for live servers, and [`actix`] (feature `actix`)
//! for an in-process actix-web service in a test.
//!
//! [`routes`] checks every route of a `cors_runtime::routes_json()` report against a server, as
//! a CI job would (`cors-check routes`).
//!
//! ```
//! use cors_check::{CorsErrorKind, CorsRequest, Plan, Response, Responses, evaluate};
//!
//! let plan = Plan::new(
//!     CorsRequest::new("https://api.example/data", "https://app.example").with_credentials(),
//! )?;
//! let actual = Response::new(200).with_header("Access-Control-Allow-Origin", "*");
//! let report = evaluate(&plan, &Responses { actual: Some(actual), ..Responses::default() });
//! report.assert_blocked(CorsErrorKind::WildcardOriginNotAllowed);
//! let failure = report.failure.unwrap();
//! assert!(failure.console_message.ends_with(
//!     "must not be the wildcard '*' when the request's credentials mode is 'include'."
//! ));
//! assert_eq!(
//!     failure.fix.cors_attribute,
//!     r#"replace "*" in `origins` with "https://app.example" (the attribute refuses "*" together with `credentials`)"#
//! );
//! # Ok::<(), cors_check::RequestError>(())
//! ```

#![warn(missing_docs)]

mod check;
mod drive;
mod evaluate;
mod fix;
mod message;
mod plan;
mod probe;
mod report;
mod request;
mod response;
pub mod routes;
mod safelist;
mod vocabulary;

#[cfg(feature = "actix")]
pub mod actix;
#[cfg(feature = "http-client")]
pub mod http;

pub use check::Check;
pub use evaluate::{Responses, evaluate};
pub use message::{CorsErrorKind, console_message};
pub use plan::{OutgoingRequest, Plan, PreflightReason};
pub use probe::foreign::FOREIGN_PROBE_ORIGIN;
pub use probe::refusal::MAX_HEADER_PROBES;
pub use report::Report;
pub use request::{CorsRequest, RequestError};
pub use response::Response;
pub use vocabulary::{
    Exchange, Failure, Fix, Probe, RefusalProbe, Sent, Step, StepKind, Verdict, Warning,
    WarningKind,
};
