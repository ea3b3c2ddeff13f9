//! Heap allocations per request of a named policy applied with `App::wrap`, in a program in
//! which no app registers a `#[cors]` route (a test binary of its own: a `#[cors]` route
//! registered at a wrapped path would send the wrapped app's preflights down to be routed).
//!
//! - On actual requests `.wrap(policy)` adds no allocation over the floor.
//! - Its preflights allocate no more than a hand-written preflight route.

use actix_web::test::init_service;
use cors_bench::counting::{CountingAllocator, allocations_per_request};
use cors_bench::{Scenario, Variant, app, policy_wrap_app};

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

/// The allocations per request of `variant` (not `#[cors]`, which this program never registers)
/// for `scenario`.
fn allocations(variant: Variant, scenario: Scenario) -> u64 {
    let system = actix_web::rt::System::new();
    let count = match variant {
        Variant::PolicyWrap => {
            let service = system.block_on(init_service(policy_wrap_app()));
            allocations_per_request(&service, variant, scenario)
        }
        Variant::Floor | Variant::HandWritten => {
            let service = system.block_on(init_service(app(variant.routes())));
            allocations_per_request(&service, variant, scenario)
        }
        Variant::CorsAttr | Variant::ActixCors => unreachable!("not measured in this program"),
    };
    println!("{scenario}: {variant} {count}");
    count
}

#[test]
fn wrapped_policy_adds_no_allocation_to_actual_requests() {
    for scenario in [Scenario::ActualAllowed, Scenario::ActualRefused, Scenario::NoOrigin] {
        let floor = allocations(Variant::Floor, scenario);
        assert!(floor > 0, "{scenario}: the counting allocator saw nothing; is it installed?");
        let policy_wrap = allocations(Variant::PolicyWrap, scenario);
        assert!(
            policy_wrap <= floor,
            "{scenario}: .wrap(policy) makes {policy_wrap} allocations per request, the floor {floor}"
        );
    }
}

#[test]
fn wrapped_policy_preflights_allocate_no_more_than_a_hand_written_static_response() {
    for scenario in [Scenario::PreflightAllowed, Scenario::PreflightRefused] {
        let hand_written = allocations(Variant::HandWritten, scenario);
        let policy_wrap = allocations(Variant::PolicyWrap, scenario);
        assert!(
            policy_wrap <= hand_written,
            "{scenario}: .wrap(policy) makes {policy_wrap} allocations per preflight, a hand-written static response {hand_written}"
        );
    }
}
