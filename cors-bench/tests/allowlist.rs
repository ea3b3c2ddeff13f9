//! Origins read at startup in the numbers multi-tenant APIs list: 100,000 load, and the route
//! then allows the last one and refuses others. How long loading takes is a benchmark
//! (`cargo run --release -p cors-bench --bin startup`), not something a test can assert on a
//! shared machine.

use actix_web::rt::System;
use actix_web::test::init_service;
use cors_bench::{Allowlist, Scenario, Variant, app, respond};

#[test]
fn a_hundred_thousand_origins_load_and_the_last_is_allowed() {
    Allowlist::load(&Allowlist::variables(100_000)).expect("100,000 valid origins load");
    let system = System::new();
    let service = system.block_on(init_service(app(Allowlist::TenThousand.routes())));
    for scenario in [Scenario::ActualAllowed, Scenario::ActualRefused] {
        let response = respond(&service, scenario.request());
        // The policy of the `#[cors]` variant, so the same answers are right.
        scenario.check(Variant::CorsAttr, &response).unwrap();
    }
}
