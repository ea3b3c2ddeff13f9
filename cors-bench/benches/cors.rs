//! In-process latency of each CORS variant for each scenario, in one binary and one run, so that
//! "added cost over the floor" compares numbers taken under the same machine load.
//!
//! `scripts/report.sh` runs this and turns target/criterion into the tables of BENCHMARKS.md.

use actix_http::Request;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::test::init_service;
use actix_web::{Error, rt::System};
use cors_bench::{Scenario, Variant, actix_cors_app, app, policy_wrap_app, respond};
use criterion::measurement::WallTime;
use criterion::{BatchSize, BenchmarkGroup, Criterion, criterion_group, criterion_main};

/// Requests are built outside the timed region, this many at a time: few enough that they are
/// still in cache when served (performance.md: batches of 512 read 3 to 15% slower).
const REQUESTS_PER_BATCH: u64 = 32;

fn benchmarks(criterion: &mut Criterion) {
    let system = System::new();
    let floor = system.block_on(init_service(app(Variant::Floor.routes())));
    let actix_cors = system.block_on(init_service(actix_cors_app()));
    let cors_attr = system.block_on(init_service(app(Variant::CorsAttr.routes())));
    let hand_written = system.block_on(init_service(app(Variant::HandWritten.routes())));
    let policy_wrap = system.block_on(init_service(policy_wrap_app()));
    for scenario in Scenario::ALL {
        let mut group = criterion.benchmark_group(scenario.name());
        measure(&mut group, scenario, Variant::Floor, &floor);
        measure(&mut group, scenario, Variant::ActixCors, &actix_cors);
        measure(&mut group, scenario, Variant::CorsAttr, &cors_attr);
        measure(&mut group, scenario, Variant::HandWritten, &hand_written);
        measure(&mut group, scenario, Variant::PolicyWrap, &policy_wrap);
        group.finish();
    }
}

/// Times serving one request and dropping its response (the response's headers are part of
/// the cost of a CORS layer).
fn measure<S, B>(
    group: &mut BenchmarkGroup<'_, WallTime>,
    scenario: Scenario,
    variant: Variant,
    service: &S,
) where
    S: Service<Request, Response = ServiceResponse<B>, Error = Error>,
{
    let response = respond(service, scenario.request());
    if let Err(problem) = scenario.check(variant, &response) {
        panic!("refusing to measure a wrong answer: {problem}");
    }
    group.bench_function(variant.name(), |bencher| {
        bencher.iter_batched(
            || scenario.request(),
            |request| drop(respond(service, request)),
            BatchSize::NumIterations(REQUESTS_PER_BATCH),
        );
    });
}

criterion_group!(benches, benchmarks);
criterion_main!(benches);
