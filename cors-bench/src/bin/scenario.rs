//! Serves one scenario's request to one variant a given number of times, for callgrind:
//!
//! ```text
//! scenario <variant> <scenario> <requests> [host]
//! valgrind --tool=callgrind --toggle-collect='*serve_all*' target/release/scenario cors-attr actual-allowed 1000
//! ```
//!
//! `<variant>` may also be an allowlist (`env-1`, `env-1000`, `env-10000`): the `#[cors]` route
//! whose origins are read at startup from a list of that length, for `actual-allowed` (the last
//! origin listed) and `actual-refused`; or `tenants-100000`: the `#[cors]` route whose origins
//! are each tenant's, 100,000 tenants of 3 origins loaded, keyed by the `Host` that `[host]`
//! gives every request (`tenant99999.example.com` holds the allowed origin).
//!
//! Everything but `serve_all` (start-up, warm-up, building the requests) is outside the
//! collected region, so collected instructions / requests is the cost of one request.

use std::process::ExitCode;

use actix_http::Request;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::{Error, rt::System, test::init_service};
use cors_bench::{
    Allowlist, Scenario, Variant, actix_cors_app, app, policy_wrap_app, respond, tenants,
};

const USAGE: &str = "usage: scenario <variant> <scenario> <requests> [host]
variants: floor, actix-cors, cors-attr, hand-written, policy-wrap, env-1, env-1000, env-10000,
  tenants-100000
scenarios: actual-allowed, actual-refused, no-origin, preflight-allowed, preflight-refused";

fn main() -> ExitCode {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let (variant, scenario, requests, host) = match arguments.as_slice() {
        [variant, scenario, requests] => (variant, scenario, requests, None),
        [variant, scenario, requests, host] => (variant, scenario, requests, Some(host.as_str())),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::FAILURE;
        }
    };
    let (Some(scenario), Ok(requests)) = (Scenario::from_name(scenario), requests.parse::<usize>())
    else {
        eprintln!("{USAGE}");
        return ExitCode::FAILURE;
    };
    let system = System::new();
    if variant == tenants::NAME {
        if let Err(error) = tenants::load() {
            eprintln!("{error}");
            return ExitCode::FAILURE;
        }
        let service = system.block_on(init_service(app(tenants::routes)));
        return run(&service, Variant::CorsAttr, scenario, requests, host);
    }
    if let Some(allowlist) = Allowlist::from_name(variant) {
        if let Err(error) = Allowlist::load(&Allowlist::variables(Allowlist::TenThousand.count())) {
            eprintln!("{error}");
            return ExitCode::FAILURE;
        }
        // The same policy as the `#[cors]` variant's, so its answers are checked the same way.
        let service = system.block_on(init_service(app(allowlist.routes())));
        return run(&service, Variant::CorsAttr, scenario, requests, host);
    }
    match Variant::from_name(variant) {
        Some(Variant::ActixCors) => run(
            &system.block_on(init_service(actix_cors_app())),
            Variant::ActixCors,
            scenario,
            requests,
            host,
        ),
        Some(Variant::PolicyWrap) => run(
            &system.block_on(init_service(policy_wrap_app())),
            Variant::PolicyWrap,
            scenario,
            requests,
            host,
        ),
        Some(per_route) => run(
            &system.block_on(init_service(app(per_route.routes()))),
            per_route,
            scenario,
            requests,
            host,
        ),
        None => {
            eprintln!("{USAGE}");
            ExitCode::FAILURE
        }
    }
}

fn run<S, B>(
    service: &S,
    variant: Variant,
    scenario: Scenario,
    requests: usize,
    host: Option<&str>,
) -> ExitCode
where
    S: Service<Request, Response = ServiceResponse<B>, Error = Error>,
{
    // Warm-up: actix pools request objects and sizes buffers on first use.
    for _ in 0..3 {
        let response = respond(service, scenario.request_on(host));
        if let Err(problem) = scenario.check(variant, &response) {
            eprintln!("{problem}");
            return ExitCode::FAILURE;
        }
    }
    let batch: Vec<Request> = (0..requests).map(|_| scenario.request_on(host)).collect();
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
