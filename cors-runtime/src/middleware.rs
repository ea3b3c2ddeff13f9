//! The middleware `#[cors]` puts on the handler's resource, outermost.
//!
//! The resource's guard admits the route's own requests and the preflights for its methods
//! (see [`crate::guard`]), so this one middleware sees both: it answers a preflight itself,
//! before the user's middleware and the handler, and adds the grant to every response of the
//! route: the handler's, an extractor's rejection (bad JSON -> 400), a handler's `Err`, and what
//! the user's own `wrap =` middleware returns, `Err` included. Where other handlers with other
//! policies serve the same path and method, a preflight needs all of their policies (see
//! [`crate::shared`]). Beneath a named policy applied with `.wrap(..)`, this route's policy
//! still decides for its requests (see [`crate::nested`]).

use std::future::{Ready, ready};

use actix_web::Error;
use actix_web::body::EitherBody;
use actix_web::dev::{Service, ServiceRequest, ServiceResponse, Transform, forward_ready};

use crate::policy::Policy;
use crate::report::Route;
use crate::response::{self, CorsResponse, Layer};
use crate::{logs, nested, shared};

/// The CORS middleware of one handler's resource, for its policy.
///
/// Requests from origins the policy does not allow run as usual and get no grant, so the
/// browser withholds the response from the page; the server does not block them, as CORS
/// protects the reader, not the server.
#[derive(Debug, Clone, Copy)]
pub struct Cors {
    policy: &'static Policy,
    /// The resource's path pattern, as the route report has it.
    path: &'static str,
}

impl Cors {
    /// The middleware for `policy` on the resource at `path`, which is being registered in an
    /// app: only handlers registered somewhere count as sharing their path (see [`shared`]).
    pub fn registered(policy: &'static Policy, path: &'static str) -> Self {
        shared::note_registered(policy, path);
        if let Some((set, name)) = policy.tenant_origins() {
            set.name_as(name);
        }
        Cors { policy, path }
    }
}

impl<S, B> Transform<S, ServiceRequest> for Cors
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error>,
{
    type Response = ServiceResponse<EitherBody<B>>;
    type Error = Error;
    type Transform = CorsMiddleware<S>;
    type InitError = ();
    type Future = Ready<Result<Self::Transform, Self::InitError>>;

    fn new_transform(&self, service: S) -> Self::Future {
        let others = shared::others_on_path(self.path, self.policy);
        ready(Ok(CorsMiddleware { service, policy: self.policy, others }))
    }
}

/// [`Cors`] applied to a route's service.
#[derive(Debug)]
pub struct CorsMiddleware<S> {
    service: S,
    policy: &'static Policy,
    /// Other handlers' routes on the same path (empty for almost every route).
    others: &'static [&'static Route],
}

impl<S, B> Service<ServiceRequest> for CorsMiddleware<S>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error>,
{
    type Response = ServiceResponse<EitherBody<B>>;
    type Error = Error;
    type Future = CorsResponse<S::Future, B>;

    forward_ready!(service);

    fn call(&self, request: ServiceRequest) -> Self::Future {
        let under_wrap = nested::claim_for_route(&request);
        if under_wrap {
            note_under_wrap(self.policy);
        }
        let layer = Layer::Route { under_wrap };
        response::handle(&self.service, self.policy, layer, request, |request, origin, method| {
            shared::answer(self.policy, self.others, request, origin, method)
        })
    }
}

/// Logs, once per route, that its own policy decides for its requests beneath a named policy
/// applied with `.wrap(..)`, which the route report then says too.
fn note_under_wrap(policy: &'static Policy) {
    if policy.log().first_under_wrap() {
        log::info!(
            target: "cors_runtime::routes",
            "CORS: `{}` is beneath a policy applied with .wrap(..); its own policy {} decides for its requests and preflights, so the policy around it never grants more (or less) on this route",
            policy.handler(),
            logs::where_written(policy),
        );
    }
}
