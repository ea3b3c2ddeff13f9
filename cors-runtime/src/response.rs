//! The response future both CORS middlewares return: `#[cors]`'s on a route, and a named
//! policy's applied with `.wrap(..)`.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use actix_web::body::EitherBody;
use actix_web::dev::{Service, ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::http::header::HeaderValue;
use actix_web::{Error, HttpResponse};
use pin_project_lite::pin_project;

use crate::policy::Policy;
use crate::{actual, nested, preflight, websocket, writes};

/// Which middleware a [`CorsResponse`] belongs to.
#[derive(Clone, Copy)]
pub(crate) enum Layer {
    /// `#[cors]` on a route; `under_wrap` when a named policy's middleware is above it.
    Route { under_wrap: bool },
    /// A named policy applied with `.wrap(..)`, which leaves a `#[cors]` route's responses to it.
    Wrap,
}

/// What a CORS middleware under `policy` does with `request`: a preflight is answered by
/// `answer_preflight` (given the request, its origin and its requested method); a write or a
/// WebSocket handshake the policy rejects gets its `403`; any other request goes on to `service`, and its response
/// gets the grant.
pub(crate) fn handle<S, B>(
    service: &S,
    policy: &'static Policy,
    layer: Layer,
    request: ServiceRequest,
    answer_preflight: impl FnOnce(&ServiceRequest, &HeaderValue, &HeaderValue) -> HttpResponse,
) -> CorsResponse<S::Future, B>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error>,
{
    if let Some((origin, method)) = preflight::preflight_of(request.head()) {
        if matches!(layer, Layer::Wrap) && nested::route_beneath_may_answer(&request, method) {
            nested::mark_under_wrap(&request);
            return CorsResponse::Beneath { inner: service.call(request), policy };
        }
        let answer = answer_preflight(&request, origin, method);
        return CorsResponse::answered(request, answer);
    }
    if let Some(rejected) = writes::rejected_write(policy, &request) {
        return CorsResponse::answered(request, rejected);
    }
    if let Some(refused) = websocket::refused_handshake(policy, &request) {
        return CorsResponse::answered(request, refused);
    }
    if matches!(layer, Layer::Wrap) {
        nested::mark_under_wrap(&request);
    }
    let allow_origin = actual::grant_for(policy, &request);
    CorsResponse::Route { inner: service.call(request), policy, allow_origin, layer }
}

pin_project! {
    /// The response future of the CORS middleware: its own answer (a preflight's, a rejected
    /// write's), the route's own future followed by the grant, or a preflight sent down to a
    /// `#[cors]` route beneath a named policy.
    #[project = CorsResponseProjection]
    pub enum CorsResponse<F, B> {
        Answered { answer: Option<ServiceResponse<EitherBody<B>>> },
        Route {
            #[pin]
            inner: F,
            policy: &'static Policy,
            allow_origin: Option<HeaderValue>,
            layer: Layer,
        },
        Beneath {
            #[pin]
            inner: F,
            policy: &'static Policy,
        },
    }
}

impl<F, B> CorsResponse<F, B> {
    /// `answer` to `request`, without calling the route.
    fn answered(request: ServiceRequest, answer: HttpResponse) -> Self {
        CorsResponse::Answered { answer: Some(request.into_response(answer).map_into_right_body()) }
    }
}

impl<F, B> Future for CorsResponse<F, B>
where
    F: Future<Output = Result<ServiceResponse<B>, Error>>,
{
    type Output = Result<ServiceResponse<EitherBody<B>>, Error>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.project() {
            CorsResponseProjection::Answered { answer } => {
                Poll::Ready(Ok(answer.take().expect("an answer is taken once")))
            }
            CorsResponseProjection::Route { inner, policy, allow_origin, layer } => {
                let output = std::task::ready!(inner.poll(cx));
                Poll::Ready(with_grant(output, policy, allow_origin.take(), *layer))
            }
            CorsResponseProjection::Beneath { inner, policy } => {
                let output = std::task::ready!(inner.poll(cx));
                Poll::Ready(answered_beneath(output, policy))
            }
        }
    }
}

/// The route's `output` with the grant `allow_origin` of `policy`, unless a `#[cors]` route
/// beneath the named policy `layer` decided it.
fn with_grant<B>(
    output: Result<ServiceResponse<B>, Error>,
    policy: &'static Policy,
    allow_origin: Option<HeaderValue>,
    layer: Layer,
) -> Result<ServiceResponse<EitherBody<B>>, Error> {
    match output {
        Ok(response)
            if matches!(layer, Layer::Wrap) && nested::decided_by_route(response.request()) =>
        {
            Ok(response.map_into_left_body())
        }
        Ok(mut response) => {
            actual::add_grant(policy, allow_origin, response.headers_mut());
            Ok(response.map_into_left_body())
        }
        // An `Err` becomes a response only above this middleware; actix applies the mappers,
        // in the order they were added, to that response, so error pages get the grant too.
        Err(mut error) => {
            error.add_response_mapper(move |mut response| {
                match layer {
                    Layer::Wrap if response.extensions().contains::<nested::RouteDecided>() => {
                        return response;
                    }
                    Layer::Route { under_wrap: true } => {
                        response.extensions_mut().insert(nested::RouteDecided);
                    }
                    Layer::Wrap | Layer::Route { under_wrap: false } => {}
                }
                actual::add_grant(policy, allow_origin.clone(), response.headers_mut());
                response
            });
            Err(error)
        }
    }
}

/// A preflight sent down to a `#[cors]` route: its answer if it gave one; the named policy's
/// own when routing found no resource for it (actix's 404 or 405: the path is another
/// resource's, which the named policy covers); otherwise no grant, since something beneath
/// (a middleware refusing unauthenticated requests, a handler of `OPTIONS`) kept the route
/// from answering, and the named policy must not answer in the route's place.
fn answered_beneath<B>(
    output: Result<ServiceResponse<B>, Error>,
    policy: &'static Policy,
) -> Result<ServiceResponse<EitherBody<B>>, Error> {
    match output {
        Ok(response) if nested::decided_by_route(response.request()) => {
            Ok(response.map_into_left_body())
        }
        Ok(response)
            if matches!(
                response.status(),
                StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED
            ) =>
        {
            let (request, _) = response.into_parts();
            // A middleware beneath may have changed the request's headers.
            let answer = match preflight::preflight_of(request.head()) {
                Some((origin, method)) => preflight::answer(policy, &request, origin, method),
                None => HttpResponse::new(StatusCode::FORBIDDEN),
            };
            Ok(ServiceResponse::new(request, answer).map_into_right_body())
        }
        Ok(mut response) => {
            actual::add_grant(policy, None, response.headers_mut());
            Ok(response.map_into_left_body())
        }
        Err(mut error) => {
            error.add_response_mapper(move |mut response| {
                actual::add_grant(policy, None, response.headers_mut());
                response
            });
            Err(error)
        }
    }
}
