//! A `#[cors]` route beneath a named policy applied with `.wrap(..)`: the route's own policy
//! decides for its requests, so that a policy around a route never grants more than the
//! route's own (nor less: the origins it lists keep their grant).
//!
//! The two middlewares are told nothing about each other; they meet in the request's
//! extensions, with markers that hold no data (a marker without data costs no allocation once
//! actix's pooled request has room for it). The enclosing policy marks each request
//! [`UnderWrap`] before routing; a `#[cors]` route that receives a marked request marks it
//! [`RouteDecided`] and adds its own grant; the enclosing policy then leaves that response as it
//! is. A preflight is answered before routing unless a `#[cors]` route beneath may answer it
//! (see [`route_beneath_may_answer`]); then it goes down, and the enclosing policy answers it
//! only when no route did.

use actix_web::dev::ServiceRequest;
use actix_web::http::header::HeaderValue;
use actix_web::{HttpMessage, HttpRequest};

use crate::{applied, report, shared};

/// Set on a request by a named policy applied with `.wrap(..)`, before routing.
pub(crate) struct UnderWrap;

/// Set on a request (or, for an `Err`, on its error response) by the `#[cors]` route that
/// decided its CORS headers.
pub(crate) struct RouteDecided;

/// Marks `request` as passing through a named policy's middleware.
pub(crate) fn mark_under_wrap(request: &ServiceRequest) {
    request.extensions_mut().insert(UnderWrap);
}

/// For a `#[cors]` route's request: whether it came through a named policy's middleware, in
/// which case it is marked as decided by the route.
pub(crate) fn claim_for_route(request: &ServiceRequest) -> bool {
    // Until a named policy is applied somewhere, a `#[cors]` route does not look for the marker.
    if !applied::any_applied() || !request.extensions().contains::<UnderWrap>() {
        return false;
    }
    request.extensions_mut().insert(RouteDecided);
    true
}

/// Whether a `#[cors]` route decided the CORS headers of the response to `request`.
pub(crate) fn decided_by_route(request: &HttpRequest) -> bool {
    request.extensions().contains::<RouteDecided>()
}

/// Whether a preflight for `method` under a named policy may be for a `#[cors]` route beneath
/// it: one that serves `method` at the pattern of the resource the path leads to. A route of
/// another scope whose pattern ends alike sends the preflight down for nothing: no route
/// answers it, and the enclosing policy does.
pub(crate) fn route_beneath_may_answer(request: &ServiceRequest, method: &HeaderValue) -> bool {
    let serves = |route: &report::Route| {
        route.methods().iter().any(|served| served.as_bytes() == method.as_bytes())
    };
    // Checked first: a program whose apps register no `#[cors]` route serving the method costs
    // no look-up of the path.
    if !shared::any_registered() || !report::any_route(serves) {
        return false;
    }
    let Some(pattern) = request.match_pattern() else { return false };
    report::any_route(|route| serves(route) && pattern.ends_with(route.path()))
}
