//! The response future both CORS middlewares return: `#[cors]`'s on a route, and a named
//! policy's applied with `.wrap(..)`.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use actix_web::body::EitherBody;
use actix_web::dev::{Service, ServiceRequest, ServiceResponse};
use actix_web::http::header::HeaderValue;
use actix_web::{Error, HttpResponse};
use pin_project_lite::pin_project;

use crate::policy::Policy;
use crate::{actual, preflight, writes};

/// What a CORS middleware under `policy` does with `request`: a preflight is answered by
/// `answer_preflight` (given the request, its origin and its requested method); a write the
/// policy rejects gets its `403`; any other request goes on to `service`, and its response
/// gets the grant.
pub(crate) fn handle<S, B>(
    service: &S,
    policy: &'static Policy,
    request: ServiceRequest,
    answer_preflight: impl FnOnce(&ServiceRequest, &HeaderValue, &HeaderValue) -> HttpResponse,
) -> CorsResponse<S::Future, B>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error>,
{
    if let Some((origin, method)) = preflight::preflight_of(request.head()) {
        let answer = answer_preflight(&request, origin, method);
        return CorsResponse::answered(request, answer);
    }
    if let Some(rejected) = writes::rejected_write(policy, &request) {
        return CorsResponse::answered(request, rejected);
    }
    let allow_origin = actual::grant_for(policy, &request);
    CorsResponse::route(service.call(request), policy, allow_origin)
}

pin_project! {
    /// The response future of the CORS middleware: its own answer (a preflight's, a rejected
    /// write's), or the route's own future followed by the grant.
    #[project = CorsResponseProjection]
    pub enum CorsResponse<F, B> {
        Answered { answer: Option<ServiceResponse<EitherBody<B>>> },
        Route {
            #[pin]
            inner: F,
            policy: &'static Policy,
            allow_origin: Option<HeaderValue>,
        },
    }
}

impl<F, B> CorsResponse<F, B> {
    /// `answer` to `request`, without calling the route.
    fn answered(request: ServiceRequest, answer: HttpResponse) -> Self {
        CorsResponse::Answered { answer: Some(request.into_response(answer).map_into_right_body()) }
    }

    /// The route's future `inner`, whose response gets the grant `allow_origin` of `policy`.
    fn route(inner: F, policy: &'static Policy, allow_origin: Option<HeaderValue>) -> Self {
        CorsResponse::Route { inner, policy, allow_origin }
    }
}

impl<F, B> Future for CorsResponse<F, B>
where
    F: Future<Output = Result<ServiceResponse<B>, Error>>,
{
    type Output = Result<ServiceResponse<EitherBody<B>>, Error>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let (output, policy, allow_origin) = match self.project() {
            CorsResponseProjection::Answered { answer } => {
                let answer = answer.take().expect("an answer is taken once");
                return Poll::Ready(Ok(answer));
            }
            CorsResponseProjection::Route { inner, policy, allow_origin } => match inner.poll(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(output) => (output, *policy, allow_origin.take()),
            },
        };
        Poll::Ready(match output {
            Ok(mut response) => {
                actual::add_grant(policy, allow_origin, response.headers_mut());
                Ok(response.map_into_left_body())
            }
            // An `Err` becomes a response only above this middleware; actix applies the
            // mapper to that response, so error pages get the grant too.
            Err(mut error) => {
                error.add_response_mapper(move |mut response| {
                    actual::add_grant(policy, allow_origin.clone(), response.headers_mut());
                    response
                });
                Err(error)
            }
        })
    }
}
