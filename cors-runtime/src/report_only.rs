//! A named policy rolled out report-only: `.wrap(API.report_only())` over the configuration it
//! will replace (actix-cors, another policy, a proxy's headers).
//!
//! It judges every request as the policy would, and logs and counts each one the policy would
//! answer differently: a preflight or a request the configuration in place granted and the
//! policy would refuse (its origin, method or a header), a write `reject_unlisted_writes` would
//! reject, a WebSocket handshake it would refuse. It answers nothing and changes nothing: its
//! service returns the response of the service it wraps, borrowed only to read whether that
//! configuration granted, so it cannot grant more than the configuration it stands in for,
//! nor less. Enforcing it is deleting one word: `.wrap(API)`.
//!
//! A request that a `#[cors]` route beneath decides is left out: that route's own policy decides
//! for it whether or not the named policy is enforced (see [`crate::nested`]).

use std::future::{Future, Ready, ready};
use std::pin::Pin;
use std::task::{Context, Poll};

use actix_web::Error;
use actix_web::dev::{Service, ServiceRequest, ServiceResponse, Transform, forward_ready};
use actix_web::http::header::{self, HeaderValue};
use pin_project_lite::pin_project;

use crate::policy::Policy;
use crate::{actual, nested, preflight, websocket, writes};

/// A [`NamedPolicy`](crate::NamedPolicy) that reports what it would refuse and enforces
/// nothing; from [`NamedPolicy::report_only`](crate::NamedPolicy::report_only).
#[derive(Debug, Clone, Copy)]
pub struct ReportOnly {
    policy: &'static Policy,
}

impl ReportOnly {
    pub(crate) const fn new(policy: &'static Policy) -> Self {
        ReportOnly { policy }
    }
}

impl<S, B> Transform<S, ServiceRequest> for ReportOnly
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error>,
{
    type Response = ServiceResponse<B>;
    type Error = Error;
    type Transform = ReportOnlyMiddleware<S>;
    type InitError = ();
    type Future = Ready<Result<Self::Transform, Self::InitError>>;

    fn new_transform(&self, service: S) -> Self::Future {
        ready(Ok(ReportOnlyMiddleware { service, policy: self.policy }))
    }
}

/// [`ReportOnly`] applied to a scope's, resource's or app's service.
#[derive(Debug)]
pub struct ReportOnlyMiddleware<S> {
    service: S,
    policy: &'static Policy,
}

impl<S, B> Service<ServiceRequest> for ReportOnlyMiddleware<S>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error>,
{
    type Response = ServiceResponse<B>;
    type Error = Error;
    type Future = Reported<S::Future>;

    forward_ready!(service);

    fn call(&self, request: ServiceRequest) -> Self::Future {
        // Only requests from pages have anything to report; the rest cost one look-up.
        let policy = request
            .headers()
            .contains_key(header::ORIGIN)
            .then_some(self.policy)
            .filter(|_| !decided_beneath(&request));
        Reported { inner: self.service.call(request), policy }
    }
}

pin_project! {
    /// The wrapped service's response, as it is, reported on once it is ready.
    pub struct Reported<F> {
        #[pin]
        inner: F,
        policy: Option<&'static Policy>,
    }
}

impl<F, B> Future for Reported<F>
where
    F: Future<Output = Result<ServiceResponse<B>, Error>>,
{
    type Output = F::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let output = std::task::ready!(this.inner.poll(cx));
        if let (Some(policy), Ok(response)) = (this.policy.take(), &output) {
            report(policy, response);
        }
        Poll::Ready(output)
    }
}

/// Whether a `#[cors]` route beneath decides the request's CORS headers, enforced or not.
fn decided_beneath(request: &ServiceRequest) -> bool {
    match preflight::preflight_of(request.head()) {
        Some((_, method)) => nested::route_beneath_may_answer(request, method),
        None => HeaderValue::from_str(request.method().as_str())
            .is_ok_and(|method| nested::route_beneath_may_answer(request, &method)),
    }
}

/// Logs and counts what `policy` would have answered differently from `response`.
fn report<B>(policy: &Policy, response: &ServiceResponse<B>) {
    let request = response.request();
    let Some(origin) = request.headers().get(header::ORIGIN) else { return };
    let granted = response.headers().contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN);
    if let Some((origin, method)) = preflight::preflight_of(request.head()) {
        if granted && response.status().is_success() {
            preflight::report(policy, request, origin, method);
        }
        return;
    }
    if let Some(guard) = policy.write_guard()
        && let Some(origin) = writes::unlisted_write(policy, request)
    {
        writes::report(policy, request, origin, guard);
        return;
    }
    if websocket::is_handshake(request) {
        websocket::report(policy, request);
    } else if granted {
        actual::report(policy, request, origin);
    }
}
