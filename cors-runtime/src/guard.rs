//! The guard of a `#[cors]` handler's resource.
//!
//! actix-web's route macros guard a resource with a method guard, which turns the preflight
//! (an `OPTIONS` request) away before any middleware sees it, and which records every method it
//! tests in the request's extensions, an allocation per request. The `#[cors]` resource uses this
//! guard instead: it admits the route's own methods (and the user's `guard = ..`), and the
//! preflights for those methods, which the middleware then answers. Other `OPTIONS` requests,
//! and preflights for methods no handler on the path serves, go on to whatever else the app
//! registered.

use actix_web::guard::GuardContext;

use crate::preflight;

/// Whether a `#[cors]` route serving `methods` takes the request: a preflight for one of
/// `methods`, or a request with one of `methods` that the user's own guards accept.
///
/// The user's guards are not asked about preflights: a preflight carries no credentials and
/// none of the page's headers, so a guard written for the real call would turn it away.
pub fn route_admits(
    ctx: &GuardContext<'_>,
    methods: &[&str],
    user_guards: impl FnOnce(&GuardContext<'_>) -> bool,
) -> bool {
    let head = ctx.head();
    match preflight::preflight_of(head) {
        Some((_, requested)) => {
            methods.iter().any(|method| method.as_bytes() == requested.as_bytes())
        }
        None => methods.contains(&head.method.as_str()) && user_guards(ctx),
    }
}
