//! Grant headers on the responses of a `#[cors]` route.
//!
//! The attribute wraps the route's own resource in [`Cors`] as its outermost middleware, so it
//! sees every response of the route: the handler's, an extractor's rejection (bad JSON -> 400),
//! a handler's `Err`, and what the user's own `wrap =` middleware returns, `Err` included.

use std::future::{Future, Ready, ready};
use std::pin::Pin;
use std::task::{Context, Poll};

use actix_web::Error;
use actix_web::dev::{Service, ServiceRequest, ServiceResponse, Transform, forward_ready};
use actix_web::http::header::{self, HeaderMap, HeaderValue};
use pin_project_lite::pin_project;

use crate::Policy;
use crate::vary;

const TRUE: HeaderValue = HeaderValue::from_static("true");

/// The middleware that adds `Access-Control-Allow-Origin` (and, as the policy says,
/// `-Allow-Credentials` and `-Expose-Headers`) to responses for allowed origins, and
/// `Vary: Origin` to every response.
///
/// Requests from other origins run as usual and get no grant, so the browser withholds the
/// response from the page; the server does not block them, as CORS protects the reader, not
/// the server.
#[derive(Debug, Clone, Copy)]
pub struct Cors {
    policy: &'static Policy,
}

impl Cors {
    /// The middleware for `policy`.
    pub const fn new(policy: &'static Policy) -> Self {
        Cors { policy }
    }
}

impl<S, B> Transform<S, ServiceRequest> for Cors
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error>,
{
    type Response = ServiceResponse<B>;
    type Error = Error;
    type Transform = CorsMiddleware<S>;
    type InitError = ();
    type Future = Ready<Result<Self::Transform, Self::InitError>>;

    fn new_transform(&self, service: S) -> Self::Future {
        ready(Ok(CorsMiddleware { service, policy: self.policy }))
    }
}

/// [`Cors`] applied to a route's service.
#[derive(Debug)]
pub struct CorsMiddleware<S> {
    service: S,
    policy: &'static Policy,
}

impl<S, B> Service<ServiceRequest> for CorsMiddleware<S>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error>,
{
    type Response = ServiceResponse<B>;
    type Error = Error;
    type Future = CorsResponse<S::Future>;

    forward_ready!(service);

    fn call(&self, request: ServiceRequest) -> Self::Future {
        let allow_origin = grant_for(self.policy, &request);
        CorsResponse { inner: self.service.call(request), policy: self.policy, allow_origin }
    }
}

/// The `Access-Control-Allow-Origin` value an actual request earns, if any.
fn grant_for(policy: &Policy, request: &ServiceRequest) -> Option<HeaderValue> {
    let origin = request.headers().get(header::ORIGIN)?;
    let allow_origin = policy.allow_origin(origin);
    let method = request.method().as_str();
    if allow_origin.is_none() {
        log::debug!(
            "CORS: {method} {} from origin {origin:?} gets no CORS headers (allowed: {}); if that page should read the response, add its origin to {} {}",
            request.path(),
            policy.describe_origins(),
            policy.origins_setting(),
            policy.where_written(),
        );
        return None;
    }
    if !policy.allows_method(method.as_bytes()) {
        log::debug!(
            "CORS: {method} {} from origin {origin:?} gets no CORS headers: the method is not allowed; add {method} to `methods` {}",
            request.path(),
            policy.where_written(),
        );
        return None;
    }
    allow_origin
}

fn add_grant(policy: &Policy, allow_origin: Option<HeaderValue>, headers: &mut HeaderMap) {
    if let Some(allow_origin) = allow_origin {
        let parts = policy.parts();
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, allow_origin);
        if parts.credentials {
            headers.insert(header::ACCESS_CONTROL_ALLOW_CREDENTIALS, TRUE);
        }
        if let Some(expose) = &parts.expose_headers {
            headers.insert(header::ACCESS_CONTROL_EXPOSE_HEADERS, expose.clone());
        }
    }
    vary::append_origin(headers);
}

pin_project! {
    /// The response future of [`CorsMiddleware`]: the route's own future, then the grant.
    pub struct CorsResponse<F> {
        #[pin]
        inner: F,
        policy: &'static Policy,
        allow_origin: Option<HeaderValue>,
    }
}

impl<F, B> Future for CorsResponse<F>
where
    F: Future<Output = Result<ServiceResponse<B>, Error>>,
{
    type Output = Result<ServiceResponse<B>, Error>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let output = match this.inner.poll(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(output) => output,
        };
        let policy: &'static Policy = this.policy;
        let allow_origin = this.allow_origin.take();
        Poll::Ready(match output {
            Ok(mut response) => {
                add_grant(policy, allow_origin, response.headers_mut());
                Ok(response)
            }
            // An `Err` becomes a response only above this middleware; actix applies the
            // mapper to that response, so error pages get the grant too.
            Err(mut error) => {
                error.add_response_mapper(move |mut response| {
                    add_grant(policy, allow_origin.clone(), response.headers_mut());
                    response
                });
                Err(error)
            }
        })
    }
}
