//! A named policy applied with actix's own `.wrap(..)`: to a `web::scope`, a `web::resource`
//! or the whole `App`.
//!
//! The middleware sees every request under what it wraps before actix routes it further, so
//! it answers preflights itself, for any path, before a method guard could turn the `OPTIONS`
//! request into a 404 or 405; actix-cors works the same way. Every other response under it
//! (a handler's, a 404, an extractor's 400, a handler's `Err`) gets the grant and
//! `Vary: Origin`, and only the grant: `Access-Control-*` headers set beneath it are replaced.
//! A `#[cors]` route beneath it is the exception: the route's own policy decides for its
//! requests and preflights (see [`crate::nested`]), so a policy around a route never grants
//! more than the route's own.
//!
//! Where it is applied is learnt from the first request each application of it handles (a
//! middleware is not told its scope's prefix), for the route report.

use std::cell::Cell;
use std::future::{Ready, ready};
use std::sync::{Mutex, PoisonError};

use actix_web::Error;
use actix_web::body::EitherBody;
use actix_web::dev::{Service, ServiceRequest, ServiceResponse, Transform, forward_ready};

use crate::nested;
use crate::policy::Policy;
use crate::preflight;
use crate::response::{self, CorsResponse, Layer};

/// A policy declared with [`policy!`](crate::policy!), to apply with actix's `.wrap(..)`.
///
/// `policy!` declares each policy twice under one name: as the macro `#[cors(policy = API)]`
/// reads, and as a `static` of this type for `.wrap(API)`. Both are checked at compile time;
/// there is no other way to build one.
///
/// ```
/// use actix_web::{App, HttpResponse, web};
///
/// cors_runtime::policy! {
///     /// The web app's calls to the API; PUT and DELETE besides GET, HEAD and POST.
///     pub API(
///         origins = ["https://app.example.com"],
///         methods = [GET, HEAD, POST, PUT, DELETE],
///         headers = ["Content-Type"],
///         credentials,
///     );
/// }
///
/// let app = App::new().service(
///     web::scope("/api")
///         .wrap(API)
///         .route("/items", web::get().to(HttpResponse::Ok))
///         .route("/items/{id}", web::delete().to(HttpResponse::NoContent)),
/// );
/// # drop(app);
/// ```
///
/// A policy used this way allows the methods in its `methods`, or, without `methods`, the
/// ones browsers send without asking: GET, HEAD and POST.
#[derive(Debug, Clone, Copy)]
pub struct NamedPolicy {
    policy: &'static Policy,
}

impl NamedPolicy {
    /// The policy `policy!` declared. Hidden: only the macro, which checked it, builds one.
    #[doc(hidden)]
    #[must_use]
    pub const fn new(policy: &'static Policy) -> Self {
        NamedPolicy { policy }
    }

    /// What the policy allows.
    #[must_use]
    pub fn policy(&self) -> &'static Policy {
        self.policy
    }
}

/// The named policies applied with `.wrap(..)` in an app, and the path prefixes their first
/// requests came through, in the order they were applied. Written while apps start and on an
/// application's first request, never after.
static APPLIED: Mutex<Vec<(&'static Policy, Vec<String>)>> = Mutex::new(Vec::new());

/// Records an application of `policy`; the first is logged at `info` beside the table of
/// [`log_routes`](crate::log_routes), which runs before any app starts and so cannot list it.
fn note_applied(policy: &'static Policy) {
    let mut applied = APPLIED.lock().unwrap_or_else(PoisonError::into_inner);
    if !applied.iter().any(|(known, _)| std::ptr::eq(*known, policy)) {
        applied.push((policy, Vec::new()));
        log::info!(
            target: "cors_runtime::routes",
            "CORS policy `{}` is applied with {}; the prefix it covers is logged on its first request",
            policy.policy_name().unwrap_or_default(),
            policy.handler(),
        );
    }
}

fn note_prefix(policy: &'static Policy, prefix: String) {
    let mut applied = APPLIED.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some((_, prefixes)) = applied.iter_mut().find(|(known, _)| std::ptr::eq(*known, policy))
        && !prefixes.contains(&prefix)
    {
        log::info!(
            target: "cors_runtime::routes",
            "CORS policy `{}` ({}) covers {}/*",
            policy.policy_name().unwrap_or_default(),
            policy.handler(),
            prefix.trim_end_matches('/'),
        );
        prefixes.push(prefix);
    }
}

/// Every named policy applied with `.wrap(..)` in an app so far, with the prefixes it was seen
/// under (none before its first request).
pub(crate) fn applied() -> Vec<(&'static Policy, Vec<String>)> {
    APPLIED.lock().unwrap_or_else(PoisonError::into_inner).clone()
}

/// The part of the request's path that actix matched before this middleware, as a pattern:
/// a scope's prefix, a resource's path, nothing for the `App`. A dynamic segment's value is put
/// back as its `{name}`, at the segment's own place: the values are slices of the path, so
/// their offsets say where they were matched, whatever the rest of the path repeats.
fn matched_prefix(request: &ServiceRequest) -> String {
    let path = request.match_info();
    let full = path.as_str();
    let matched = &full[..full.len() - path.unprocessed().len()];
    let mut segments: Vec<(usize, usize, &str)> = path
        .iter()
        .filter_map(|(name, value)| {
            let start = value.as_ptr().addr().checked_sub(full.as_ptr().addr())?;
            let end = start + value.len();
            let is_slice_of_path = std::ptr::eq(full.get(start..end)?, value);
            (is_slice_of_path && !value.is_empty() && end <= matched.len())
                .then_some((start, end, name))
        })
        .collect();
    segments.sort_unstable();
    let mut pattern = String::with_capacity(matched.len());
    let mut copied = 0;
    for (start, end, name) in segments {
        if start >= copied {
            pattern.push_str(&matched[copied..start]);
            pattern.push('{');
            pattern.push_str(name);
            pattern.push('}');
            copied = end;
        }
    }
    pattern.push_str(&matched[copied..]);
    pattern
}

impl<S, B> Transform<S, ServiceRequest> for NamedPolicy
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error>,
{
    type Response = ServiceResponse<EitherBody<B>>;
    type Error = Error;
    type Transform = NamedPolicyMiddleware<S>;
    type InitError = ();
    type Future = Ready<Result<Self::Transform, Self::InitError>>;

    fn new_transform(&self, service: S) -> Self::Future {
        note_applied(self.policy);
        nested::note_wrap_applied();
        ready(Ok(NamedPolicyMiddleware {
            service,
            policy: self.policy,
            prefix_noted: Cell::new(false),
        }))
    }
}

/// [`NamedPolicy`] applied to a scope's, resource's or app's service.
#[derive(Debug)]
pub struct NamedPolicyMiddleware<S> {
    service: S,
    policy: &'static Policy,
    /// Whether this application's prefix is in the report: one flag per worker, read on
    /// every request, written once.
    prefix_noted: Cell<bool>,
}

impl<S, B> Service<ServiceRequest> for NamedPolicyMiddleware<S>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error>,
{
    type Response = ServiceResponse<EitherBody<B>>;
    type Error = Error;
    type Future = CorsResponse<S::Future, B>;

    forward_ready!(service);

    fn call(&self, request: ServiceRequest) -> Self::Future {
        if !self.prefix_noted.replace(true) {
            note_prefix(self.policy, matched_prefix(&request));
        }
        response::handle(
            &self.service,
            self.policy,
            Layer::Wrap,
            request,
            |request, origin, method| {
                preflight::answer(self.policy, request.request(), origin, method)
            },
        )
    }
}
