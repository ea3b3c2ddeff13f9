//! Serves one scenario's request to one variant a given number of times, for callgrind:
//!
//! ```text
//! scenario <variant> <scenario> <requests>
//! valgrind --tool=callgrind --toggle-collect='*serve_all*' target/release/scenario cors-attr actual-allowed 1000
//! ```
//!
//! Everything but `serve_all` (start-up, warm-up, building the requests) is outside the
//! collected region, so collected instructions / requests is the cost of one request.

use std::process::ExitCode;

use actix_http::Request;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::{Error, rt::System, test::init_service};
use cors_bench::{Scenario, Variant, actix_cors_app, app, respond};

const USAGE: &str = "usage: scenario <variant> <scenario> <requests>
variants: floor, actix-cors, cors-attr, hand-written
scenarios: actual-allowed, actual-refused, no-origin, preflight-allowed, preflight-refused";

fn main() -> ExitCode {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let [variant, scenario, requests] = arguments.as_slice() else {
        eprintln!("{USAGE}");
        return ExitCode::FAILURE;
    };
    let (Some(variant), Some(scenario), Ok(requests)) =
        (Variant::from_name(variant), Scenario::from_name(scenario), requests.parse::<usize>())
    else {
        eprintln!("{USAGE}");
        return ExitCode::FAILURE;
    };
    let system = System::new();
    match variant {
        Variant::ActixCors => {
            run(&system.block_on(init_service(actix_cors_app())), variant, scenario, requests)
        }
        per_route => run(
            &system.block_on(init_service(app(per_route.routes()))),
            variant,
            scenario,
            requests,
        ),
    }
}

fn run<S, B>(service: &S, variant: Variant, scenario: Scenario, requests: usize) -> ExitCode
where
    S: Service<Request, Response = ServiceResponse<B>, Error = Error>,
{
    // Warm-up: actix pools request objects and sizes buffers on first use.
    for _ in 0..3 {
        let response = respond(service, scenario.request());
        if let Err(problem) = scenario.check(variant, &response) {
            eprintln!("{problem}");
            return ExitCode::FAILURE;
        }
    }
    let batch: Vec<Request> = (0..requests).map(|_| scenario.request()).collect();
    serve_all(service, batch);
    ExitCode::SUCCESS
}

/// The measured region: serve each request and drop its response.
#[inline(never)]
fn serve_all<S, B>(service: &S, batch: Vec<Request>)
where
    S: Service<Request, Response = ServiceResponse<B>, Error = Error>,
{
    for request in batch {
        drop(respond(service, request));
    }
}
