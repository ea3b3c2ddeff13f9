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
//! middleware is not told its scope's prefix), for the route report (see [`crate::applied`]).

use std::cell::Cell;
use std::future::{Ready, ready};

use actix_web::Error;
use actix_web::body::EitherBody;
use actix_web::dev::{Service, ServiceRequest, ServiceResponse, Transform, forward_ready};

use crate::applied;
use crate::policy::Policy;
use crate::preflight;
use crate::report_only::ReportOnly;
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

    /// The policy rolled out report-only, to wrap around the configuration it will replace:
    /// every request it would answer differently (an origin, method or header it would refuse
    /// where that configuration granted, a write `reject_unlisted_writes` would reject, a
    /// WebSocket handshake it would refuse) is logged with the fix and counted, and no response
    /// changes. Enforcing it is deleting `.report_only()`. Wrap it last, outermost, so that it
    /// reads the answer the configuration in place gives.
    ///
    /// ```
    /// use actix_web::{App, HttpResponse, web};
    ///
    /// cors_runtime::policy! {
    ///     pub API(origins = ["https://app.example.com"], methods = [GET, POST]);
    /// }
    ///
    /// // The permissive configuration in place stays in charge while the logs are watched.
    /// let app = App::new()
    ///     .route("/items", web::get().to(HttpResponse::Ok))
    ///     .wrap(actix_web::middleware::DefaultHeaders::new()
    ///         .add(("Access-Control-Allow-Origin", "*")))
    ///     .wrap(API.report_only());
    /// # drop(app);
    /// ```
    #[must_use]
    pub const fn report_only(self) -> ReportOnly {
        ReportOnly::new(self.policy)
    }
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
        applied::note_applied(self.policy);
        if let Some((set, name)) = self.policy.tenant_origins() {
            set.name_as(name);
        }
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
            applied::note_prefix(self.policy, applied::matched_prefix(&request));
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
