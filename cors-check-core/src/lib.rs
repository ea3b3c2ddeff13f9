//! `cors-check-core` is the library of the `cors-check` tool: it tells, the way a browser
//! would, whether a cross-origin call is allowed by CORS, why not, and what the server must
//! change.
//!
//! The evaluation knows nothing about the network:
//!
//! 1. describe the call as a page makes it ([`CorsRequest`]);
//! 2. [`Plan::new`] works out what the browser sends: a preflight or not, with which
//!    `Access-Control-Request-Headers` (as the request's [`Browser`] sends it: Chromium unless
//!    [`CorsRequest::with_browser`] says Firefox or Safari);
//! 3. the server's answers ([`Response`]) go through [`evaluate`], which applies the Fetch
//!    standard's CORS checks in the order of the judging [`Browser`] it is given and returns a
//!    [`Report`]: the verdict, each step with the headers that decided it, that browser's
//!    console message, the fix and warnings.
//!
//! The engines agree on which answers pass; they differ in the order of their checks (Safari
//! checks a preflight's status before its origin, Firefox the origin before a redirect), so in
//! the failure they name, in their words, in how long they keep a preflight, and in a few
//! request rules (Chromium drops a script's `User-Agent` and safelists its client hints,
//! Firefox and Safari preflight a redirected call again), which the plan follows for the
//! request's engine. [`Check::compare`] judges the same responses as each of them
//! ([`Comparison`]).
//!
//! [`Check`] drives a plan through any transport in the browser's order, and adds a few probes
//! where the browser's message alone would mislead (see [`RefusalProbe`]). Two transports come with
//! the crate: [`http`] (feature `http-client`) for live servers, and [`actix`] (feature `actix`)
//! for an in-process actix-web service in a test.
//!
//! [`routes`] checks every route of a `cors_runtime::routes_json()` report against a server, as
//! a CI job would (`cors-check routes`).
//!
//! [`logs`] reads what cors-runtime logged about the requests it refused and summarizes them
//! per route, with the fix for each that looks legitimate (`cors-check logs`).
//!
//! [`input`] starts from what DevTools shows: a console error (read back against the same
//! message tables the reports print), a request copied as cURL or fetch, or a HAR file, each
//! read back into the calls to check; a HAR file's calls can also be judged offline from the
//! answers it recorded.
//!
//! The single-call pipeline is re-exported at the crate root; [`routes`] and the transports keep
//! their module paths, since each is a separate use of the crate. No feature is on by default.
//! The command line and the tester page are another package, `cors-check`
//! (`cargo install cors-check`), built on this one.
//!
//! ```
//! use cors_check_core::{Browser, CorsErrorKind, CorsRequest, Plan, Response, Responses, evaluate};
//!
//! let plan = Plan::new(
//!     CorsRequest::new("https://api.example/data", "https://app.example").with_credentials(),
//! )?;
//! let actual = Response::new(200).with_header("Access-Control-Allow-Origin", "*");
//! let responses = Responses { actual: Some(actual), ..Responses::default() };
//! let report = evaluate(&plan, &responses, Browser::Chromium);
//! report.assert_blocked(CorsErrorKind::WildcardOriginNotAllowed);
//! let failure = report.failure.unwrap();
//! assert!(failure.console_message.ends_with(
//!     "must not be the wildcard '*' when the request's credentials mode is 'include'."
//! ));
//! assert_eq!(
//!     failure.fix.cors_attribute(),
//!     r#"replace "*" in `origins` with "https://app.example" (the attribute refuses "*" together with `credentials`)"#
//! );
//! # Ok::<(), cors_check_core::RequestError>(())
//! ```
//!
//! The same answer, as Safari sees it:
//!
//! ```
//! use cors_check_core::{Browser, CorsErrorKind, CorsRequest, Plan, Response, Responses, evaluate};
//!
//! let request =
//!     CorsRequest::new("https://api.example/data", "https://app.example").with_credentials();
//! let actual = Response::new(200).with_header("Access-Control-Allow-Origin", "*");
//! let responses = Responses { actual: Some(actual), ..Responses::default() };
//! let report = evaluate(&Plan::new(request)?, &responses, Browser::Safari);
//! let failure = report.failure.unwrap();
//! assert_eq!(failure.kind, CorsErrorKind::WildcardOriginNotAllowed);
//! assert_eq!(
//!     failure.console_message,
//!     "Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true."
//! );
//! # Ok::<(), cors_check_core::RequestError>(())
//! ```
//!
//! # Layout
//!
//! For contributors: each module uses only the modules listed before it, so the crate reads
//! from the top of this list down, and no module uses one that uses it.
//!
//! 1. `browser` (the engines and what each does its own way: the order of its preflight
//!    checks, its cache cap), `safelist` (the Fetch standard's request rules) and `message` (the
//!    error kinds, and each engine's console lines in `chromium`, `firefox`, `webkit`; `parse`
//!    reads a pasted line back against those tables, `parse::translated` Firefox's translations
//!    by their structure), and `url` (origins, resolving a `Location`, loopback hosts);
//! 2. `secrets` (which values are never printed unless asked), `response` and `request` (the
//!    two sides of the wire), `vocabulary` (what a step, a failure, a fix and its edits, a
//!    warning (`finding`, `fix`, `warning`) and a sent request are, as typed data), `render`
//!    (their English, written only there: `finding`, `fix`, `warning`), and `document` (the JSON
//!    documents' schema);
//! 3. `plan`: what the browser sends for a request, an [`Exchange`] (preflight or actual),
//!    whether CORS applies at all (same origin, mixed content), with `redirect` the request it
//!    sends after a redirect, and with `metadata` the headers it adds (`Sec-Fetch-*`, its
//!    `User-Agent`);
//! 4. `fix`, `report`, `comparison` (one call's reports from every engine, side by side), and
//!    `drive` (the one send/record loop, over any conversation);
//! 5. `evaluate` (with `access`, `preflight`, `follow`, `session` and `local_network`): the
//!    browser's checks on the browser's requests, in that engine's order, along the chain of
//!    redirects it follows, what the user's session (cookies) changes, and Local Network
//!    Access;
//! 6. `probe` (`foreign`, `refusal`): the tester's own requests, which amend a [`Report`];
//! 7. `check`: one call, the browser's requests (the next hop after a redirect too) and the
//!    probes, through any transport;
//! 8. `routes`: every route of a report, in stages `report`, `sample`, `plan`, `result`, `run`;
//!    and `input`: what DevTools shows read back into calls (`console`, `copied` with `curl` and
//!    `fetch`, `har`), what each left open as data (`note`), a HAR file's calls judged and
//!    ranked by typed cause (`listing`), and the command line that checks a call again, printed
//!    with its secrets hidden (`command_line`); and `logs`: what cors-runtime logged, read into
//!    typed refusals (`value`, `record`, `parse`), the probes told apart (`probe`), summarized
//!    per route with the fixes (`summary`) and rendered (`render`);
//! 9. the transports, `http` and `actix`.

// No unsafe code in the published crates (why the fuzz targets need no sanitizer:
// fuzz/README.md). Here, not in `[lints]`, which would also cover tests that count allocations.
#![forbid(unsafe_code)]
// Published: every public item is documented. (Not a workspace lint: the tests' #[cors]
// handlers generate undocumented public service structs, as actix-web's route macros do.)
#![warn(missing_docs)]

mod browser;
mod check;
mod comparison;
pub mod document;
mod drive;
mod evaluate;
mod fix;
pub mod input;
pub mod logs;
mod message;
mod plan;
mod probe;
mod render;
mod report;
mod request;
mod response;
pub mod routes;
mod safelist;
mod secrets;
mod url;
mod vocabulary;

#[cfg(feature = "actix")]
pub mod actix;
#[cfg(feature = "http-client")]
pub mod http;

pub use browser::{Browser, UnknownBrowser};
pub use check::Check;
pub use comparison::Comparison;
pub use evaluate::{Responses, evaluate};
pub use message::CorsErrorKind;
pub use plan::{OutgoingRequest, Plan, PreflightReason};
pub use probe::refusal::MAX_HEADER_PROBES;
pub use report::Report;
pub use request::{CorsRequest, RequestError};
pub use response::Response;
pub use url::AddressSpace;
pub use vocabulary::{
    Edit, Exchange, Failure, Finding, Fix, FixKind, OriginNearMiss, OriginOnlyAnswer, Probe,
    RefusalProbe, Sent, Step, StepKind, Verdict, Warning, WarningKind,
};
