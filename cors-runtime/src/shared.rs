//! Preflights for a path and method that several `#[cors]` handlers with different policies
//! serve, told apart by their `guard = ..`.
//!
//! A preflight is routed by the guards like its real request (see [`crate::guard`]): handlers
//! told apart by what a preflight carries (a `Host`, the path) each answer their own, with their
//! own policy. Where a guard reads what a preflight lacks (an API-version header, a cookie), a
//! handler that accepts the preflight may not be the one that takes the real request: every
//! other handler on the path and method whose guards also accept the preflight might. The
//! preflight is then granted only when all of their policies allow it, and the grant holds only
//! what all of them allow. A refusal there is a bare `403`, even for a method or header: the
//! lists that would make the browser name it are not any one policy's. The handlers are found
//! once, by path pattern, among the `#[cors]` routes registered in an app by then (a handler
//! compiled in but served by no app shares nothing); `web::scope(..)` prefixes are not part of
//! the pattern, so handlers under different scopes, or in different apps of one program, are
//! counted together, which can only refuse more, never grant more.

use std::iter;
use std::ptr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, PoisonError};

use actix_web::HttpResponse;
use actix_web::dev::ServiceRequest;
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderMap, HeaderValue};

use cors_rules::fetch;

use crate::grant;
use crate::observe::{self, Kind, Outcome};
use crate::policy::Policy;
use crate::preflight;
use crate::report::{self, Route};

const ANY_ORIGIN: HeaderValue = HeaderValue::from_static("*");

/// What apps have registered so far: the routes, as (policy address, path pattern), and the
/// other handlers' routes found for each resource, for the number of routes registered when
/// they were looked for. Written while apps are built, never on the request path.
struct Registry {
    registered: Vec<(usize, &'static str)>,
    found: Vec<((usize, &'static str), usize, &'static [&'static Route])>,
}

static REGISTRY: Mutex<Registry> =
    Mutex::new(Registry { registered: Vec::new(), found: Vec::new() });

/// Whether any app has registered a `#[cors]` route: read without the lock on the request path.
static ANY_REGISTERED: AtomicBool = AtomicBool::new(false);

fn key(policy: &'static Policy, path: &'static str) -> (usize, &'static str) {
    (ptr::from_ref(policy) as usize, path)
}

/// Records that the route of `policy` at `path` is registered in an app.
pub(crate) fn note_registered(policy: &'static Policy, path: &'static str) {
    ANY_REGISTERED.store(true, Ordering::Relaxed);
    let mut registry = REGISTRY.lock().unwrap_or_else(PoisonError::into_inner);
    if !registry.registered.contains(&key(policy, path)) {
        registry.registered.push(key(policy, path));
    }
}

/// Whether any app has registered a `#[cors]` route so far.
pub(crate) fn any_registered() -> bool {
    ANY_REGISTERED.load(Ordering::Relaxed)
}

/// The routes of the other handlers (other policies), among those registered in an app so far,
/// on the path pattern `path`, which the handler of `policy` serves: empty for a path only one
/// handler serves. Looked for when a resource's service starts (an app registers every
/// resource before any starts), and kept while no other route is registered.
pub(crate) fn others_on_path(
    path: &'static str,
    policy: &'static Policy,
) -> &'static [&'static Route] {
    let mut registry = REGISTRY.lock().unwrap_or_else(PoisonError::into_inner);
    let count = registry.registered.len();
    let this = key(policy, path);
    if let Some(&(_, _, others)) =
        registry.found.iter().find(|(found, at, _)| *found == this && *at == count)
    {
        return others;
    }
    let others: Vec<&'static Route> = report::routes()
        .into_iter()
        .filter(|other| {
            !ptr::eq(other.policy(), policy)
                && report::same_pattern(other.path(), path)
                && registry.registered.contains(&key(other.policy(), other.path()))
        })
        .collect();
    // Kept for the life of the program, like the policies themselves: once per resource and
    // number of registered routes, and nothing at all for the usual path with one handler.
    let others: &'static [&'static Route] = if others.is_empty() { &[] } else { Vec::leak(others) };
    registry.found.push((this, count, others));
    others
}

/// The answer to the preflight `request` from `origin` for `method` on a route of `policy`'s
/// handler, when `others` (see [`others_on_path`]) may serve the real request instead.
pub(crate) fn answer(
    policy: &'static Policy,
    others: &[&'static Route],
    request: &ServiceRequest,
    origin: &HeaderValue,
    method: &HeaderValue,
) -> HttpResponse {
    // Another handler may take the real request only if its guards accept the preflight as
    // well: a handler told apart by `Host` or by the path is not asked.
    let serves_method = |route: &Route| {
        route.methods().iter().any(|served| served.as_bytes() == method.as_bytes())
            && route.guards_accept(&request.guard_ctx())
    };
    if !others.iter().any(|route| serves_method(route)) {
        return preflight::answer(policy, request.request(), origin, method);
    }
    let serving = others.iter().filter(move |route| serves_method(route));
    let policies = iter::once(policy).chain(serving.map(|route| route.policy()));
    let headers = request.headers();
    let mut allow_origin = ANY_ORIGIN;
    for judge in policies.clone() {
        match preflight::judge(judge, request.request(), origin, method) {
            // `*` only when every policy answers `*`; otherwise the origin, which all allow.
            Ok(value) if value != "*" => allow_origin = value,
            Ok(_) => {}
            Err(refusal) => {
                // A bare 403 still: lists naming the cause would have to be the intersection of
                // every policy's, built per request, and a wrong one would grant.
                let reason = Some(refusal.reason());
                observe::count(
                    policy,
                    Kind::Preflight,
                    Outcome::Refused,
                    reason,
                    request.request(),
                );
                preflight::log_refusal(
                    judge,
                    request.request(),
                    origin,
                    method,
                    refusal,
                    StatusCode::FORBIDDEN,
                );
                log_shared(policies);
                return HttpResponse::new(StatusCode::FORBIDDEN);
            }
        }
    }
    observe::count(policy, Kind::Preflight, Outcome::Granted, None, request.request());
    granted_by_all(policies, allow_origin, method, headers)
}

/// The `204` of a preflight every one of `policies` allows, with only what all of them allow.
fn granted_by_all<'p>(
    mut policies: impl Iterator<Item = &'p Policy> + Clone,
    allow_origin: HeaderValue,
    method: &HeaderValue,
    request_headers: &HeaderMap,
) -> HttpResponse {
    let mut response = HttpResponse::new(StatusCode::NO_CONTENT);
    let headers = response.headers_mut();
    // Credentials only when every policy allows them: grant through one that does not, if any.
    let mut first_without_credentials = policies.clone().filter(|p| !p.allows_credentials());
    let credentials_policy = first_without_credentials.next().or(policies.clone().next());
    if let Some(credentials_policy) = credentials_policy {
        grant::insert_allow_origin(credentials_policy, allow_origin, headers);
    }
    // Only what was asked for, which every policy allowed: browsers cache each method and header
    // a grant lists, and the policies' own lists differ.
    if !fetch::is_cors_safelisted_method(method.as_bytes()) {
        headers.insert(header::ACCESS_CONTROL_ALLOW_METHODS, method.clone());
    }
    for requested in request_headers.get_all(header::ACCESS_CONTROL_REQUEST_HEADERS) {
        headers.append(header::ACCESS_CONTROL_ALLOW_HEADERS, requested.clone());
    }
    // The shortest cache time; none (the browser's few seconds) when a policy sets none.
    let shortest = policies.try_fold(None::<&Policy>, |shortest, policy| {
        let seconds = policy.max_age()?;
        Some(Some(match shortest {
            Some(shortest) if shortest.max_age() <= Some(seconds) => shortest,
            _ => policy,
        }))
    });
    if let Some(max_age) = shortest.flatten().and_then(|p| p.lists()?.header_values.max_age.clone())
    {
        headers.insert(header::ACCESS_CONTROL_MAX_AGE, max_age);
    }
    response
}

/// Says, after a refusal, that the preflight was judged by every handler that may serve it.
fn log_shared<'p>(policies: impl Iterator<Item = &'p Policy>) {
    if !log::log_enabled!(log::Level::Debug) {
        return;
    }
    let handlers: Vec<String> = policies.map(|policy| format!("`{}`", policy.handler())).collect();
    log::debug!(
        "CORS: that preflight is for a path and method that {} all serve (told apart by their guards, which a preflight cannot be routed by), so it is granted only when every one of their policies allows it; see cors_runtime::routes_table()",
        handlers.join(", "),
    );
}
