//! The guard of a `#[cors]` handler's resource.
//!
//! actix-web's route macros guard a resource with a method guard, which turns the preflight
//! (an `OPTIONS` request) away before any middleware sees it, and which records every method it
//! tests in the request's extensions, an allocation per request. The `#[cors]` resource uses this
//! guard instead: it admits the route's own methods, and the preflights for those methods, which
//! the middleware then answers, when the user's `guard = ..` accept them. Other `OPTIONS` requests,
//! and preflights for methods no handler on the path serves, go on to whatever else the app
//! registered.

use actix_web::guard::GuardContext;

use crate::preflight;

/// Whether a `#[cors]` route serving `methods` takes the request: a preflight for one of
/// `methods`, or a request with one of `methods`, that the user's own guards accept.
///
/// The user's guards are asked about preflights too, so that a preflight reaches the handler
/// its real request would: a `Host` guard or a tenant's path routes both alike, and a preflight
/// for another handler on the same path and method (one without a policy included) is never
/// answered with this route's policy. A guard on what a preflight does not carry (a header, a
/// cookie) refuses it, and the preflight goes on to the app's other resources: no grant from
/// this route, the safe side of a guard that cannot be asked. `preflight_skips_guards` (the
/// route's key of that name) answers every preflight for `methods` without asking the guards,
/// for a route whose guard reads a header and which no other handler on its path and method
/// relies on that guard to protect.
// Every request of every route runs it: without the hint, LLVM stopped inlining it into the
// route's guard when unrelated code of this crate grew (60 to 80 instructions more a preflight).
#[inline]
pub fn route_admits(
    ctx: &GuardContext<'_>,
    methods: &[&str],
    preflight_skips_guards: bool,
    user_guards: impl FnOnce(&GuardContext<'_>) -> bool,
) -> bool {
    let head = ctx.head();
    match preflight::preflight_of(head) {
        Some((_, requested)) => {
            methods.iter().any(|method| method.as_bytes() == requested.as_bytes())
                && (preflight_skips_guards || user_guards(ctx))
        }
        None => methods.contains(&head.method.as_str()) && user_guards(ctx),
    }
}
