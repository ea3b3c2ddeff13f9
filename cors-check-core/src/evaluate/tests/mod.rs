//! The evaluation's tests, by subject; the helpers build the plans and the server's answers.

mod access;
mod engines;
mod preflight;
mod warnings;

use super::*;
use crate::request::CorsRequest;
use crate::vocabulary::{
    Edit, Exchange, Finding, Fix, FixKind, OriginNearMiss, Sent, Verdict, WarningKind,
};

const URL: &str = "https://api.example/data";
const ORIGIN: &str = "https://app.example";

fn request() -> CorsRequest {
    CorsRequest::new(URL, ORIGIN)
}

fn granting(status: u16) -> Response {
    Response::new(status).with_header("Access-Control-Allow-Origin", ORIGIN)
}

/// Evaluates a call that needs no preflight against `actual`.
fn simple(request: CorsRequest, actual: Response) -> Report {
    let plan = Plan::new(request).unwrap();
    assert!(!plan.needs_preflight());
    let judge = plan.request().browser();
    evaluate(&plan, &Responses { actual: Some(actual), ..Responses::default() }, judge)
}

/// Evaluates a preflighted call whose preflight gets `preflight` and, if it passes, `actual`.
fn preflighted(request: CorsRequest, preflight: Response, actual: Response) -> Report {
    let plan = Plan::new(request).unwrap();
    assert!(plan.needs_preflight());
    let passes = preflight_passes(&plan, &preflight);
    let responses = Responses { preflight: Some(preflight), actual: passes.then_some(actual) };
    evaluate(&plan, &responses, plan.request().browser())
}

fn blocked_with(report: &Report, kind: CorsErrorKind, failed_value: &str) {
    report.assert_blocked(kind);
    assert_eq!(report.failure.as_ref().unwrap().failed_value, failed_value);
}

fn put_with_header() -> CorsRequest {
    request().with_method("PUT").with_header("X-Custom", "1")
}

fn good_preflight() -> Response {
    granting(204)
        .with_header("Access-Control-Allow-Methods", "PUT")
        .with_header("Access-Control-Allow-Headers", "x-custom")
}
