//! Checks every route of a `cors_runtime::routes_json()` report against a running server, as a
//! CI job would (`cors-check routes`).
//!
//! For each route and each of its methods, the call a page would make (with credentials when
//! the policy has them, and with the route's allowed request headers, so that a preflight is
//! exercised when the method or the headers need one) must be allowed from every origin the
//! policy lists, and the same call from an origin it does not list must be blocked. An allowed
//! call must also let the page read the exposed headers.
//!
//! The stages, one file each, each using only those before it: read the report (`report`), give
//! what it leaves open a sample value (`sample`), plan the calls ([`RoutesPlan`]), say what a
//! call found (`result`: [`RoutesResult`]), and run the calls ([`RoutesRun`]).
//!
//! ```
//! use cors_check_core::routes::{RoutesPlan, UnsafeCalls, parse_routes};
//! use cors_check_core::Response;
//!
//! let report = r#"{"format": 1, "routes": [{"handler": "read_data", "policy": null, "path": "/items/{id}",
//!     "methods": ["GET"], "allowed_methods": ["GET"], "origins": ["https://app.example"],
//!     "origins_env": null,
//!     "headers": [], "expose": [], "credentials": false, "max_age": null}]}"#;
//! let routes = parse_routes(report)?;
//! let plan = RoutesPlan::new(&routes, "https://api.example", UnsafeCalls::Send)?;
//! // A server that grants https://app.example and nothing else.
//! let result = plan.run(|request| {
//!     assert_eq!(request.url, "https://api.example/items/1");
//!     let origin = request.headers.iter().find(|(name, _)| name == "Origin").unwrap();
//!     let mut response = Response::new(200);
//!     if origin.1 == "https://app.example" {
//!         response = response.with_header("Access-Control-Allow-Origin", "https://app.example");
//!     }
//!     Ok::<_, std::convert::Infallible>(response)
//! })?;
//! assert!(result.passed(), "{result}");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod plan;
mod report;
mod result;
mod run;
mod sample;
#[cfg(test)]
mod tenant_tests;
#[cfg(test)]
mod tests;

/// One route of the report, as `cors_runtime::routes_json()` writes it.
pub use cors_rules::route_report::Route;
pub use plan::{MethodPlan, RoutesPlan, Skipped, UnsafeCalls};
pub use report::{RoutesError, UnsendableCall, parse_routes};
pub use result::{MethodResult, MethodStatus, RoutesResult};
pub use run::RoutesRun;
