//! The response future both CORS middlewares return: `#[cors]`'s on a route, and a named
//! policy's applied with `.wrap(..)`.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use actix_web::body::EitherBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::HeaderValue;
use actix_web::{Error, HttpResponse};
use pin_project_lite::pin_project;

use crate::actual;
use crate::policy::Policy;

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
    pub(crate) fn answered(request: ServiceRequest, answer: HttpResponse) -> Self {
        CorsResponse::Answered { answer: Some(request.into_response(answer).map_into_right_body()) }
    }

    /// The route's future `inner`, whose response gets the grant `allow_origin` of `policy`.
    pub(crate) fn route(
        inner: F,
        policy: &'static Policy,
        allow_origin: Option<HeaderValue>,
    ) -> Self {
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
