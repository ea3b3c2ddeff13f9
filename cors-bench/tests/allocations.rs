//! Heap allocations per request, counted by a global allocator: unlike time, they are exact, so
//! the targets of the performance issue are asserted here and run with the test suite.
//!
//! - On actual requests the `#[cors]` layer adds no allocation over the floor (the same handler
//!   without CORS).
//! - A `#[cors]` preflight allocates no more than a hand-written preflight route that answers
//!   with static headers.
//! - The same two targets hold for a named policy applied with `App::wrap`: measured in
//!   `tests/allocations_wrap.rs`, a program in which no app registers a `#[cors]` route (here,
//!   the `#[cors]` app's route at the same path sends the wrapped app's preflights down to be
//!   routed, in case a `#[cors]` route beneath answers them).
//!
//! `cargo test -p cors-bench --test allocations -- --nocapture` prints every count.

use actix_web::test::init_service;
use cors_bench::counting::{CountingAllocator, allocations_per_request};
use cors_bench::{Scenario, Variant, actix_cors_app, app};

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

/// The allocations per request of each variant, in the order of [`Variant::ALL`], for
/// `scenario`.
fn allocations_of_every_variant(scenario: Scenario) -> [(Variant, u64); 4] {
    let system = actix_web::rt::System::new();
    let floor = system.block_on(init_service(app(Variant::Floor.routes())));
    let actix_cors = system.block_on(init_service(actix_cors_app()));
    let cors_attr = system.block_on(init_service(app(Variant::CorsAttr.routes())));
    let hand_written = system.block_on(init_service(app(Variant::HandWritten.routes())));
    let counts = [
        (Variant::Floor, allocations_per_request(&floor, Variant::Floor, scenario)),
        (Variant::ActixCors, allocations_per_request(&actix_cors, Variant::ActixCors, scenario)),
        (Variant::CorsAttr, allocations_per_request(&cors_attr, Variant::CorsAttr, scenario)),
        (
            Variant::HandWritten,
            allocations_per_request(&hand_written, Variant::HandWritten, scenario),
        ),
    ];
    println!("{scenario}: {counts:?}");
    counts
}

fn count_of(counts: &[(Variant, u64)], variant: Variant) -> u64 {
    counts
        .iter()
        .find(|(counted, _)| *counted == variant)
        .map(|(_, count)| *count)
        .expect("every variant is counted")
}

#[test]
fn cors_attr_adds_no_allocation_to_actual_requests() {
    for scenario in [Scenario::ActualAllowed, Scenario::ActualRefused, Scenario::NoOrigin] {
        let counts = allocations_of_every_variant(scenario);
        let floor = count_of(&counts, Variant::Floor);
        assert!(floor > 0, "{scenario}: the counting allocator saw nothing; is it installed?");
        let cors_attr = count_of(&counts, Variant::CorsAttr);
        // Fewer is expected: the floor's `#[get]` guard allocates, the #[cors] route's does not.
        assert!(
            cors_attr <= floor,
            "{scenario}: #[cors] makes {cors_attr} allocations per request, the floor {floor}"
        );
    }
}

#[test]
fn cors_attr_preflights_allocate_no_more_than_a_hand_written_static_response() {
    for scenario in [Scenario::PreflightAllowed, Scenario::PreflightRefused] {
        let counts = allocations_of_every_variant(scenario);
        let cors_attr = count_of(&counts, Variant::CorsAttr);
        let hand_written = count_of(&counts, Variant::HandWritten);
        assert!(
            cors_attr <= hand_written,
            "{scenario}: #[cors] makes {cors_attr} allocations per preflight, a hand-written static response {hand_written}"
        );
    }
}
