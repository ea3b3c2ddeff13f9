//! Heap allocations per request, counted by a global allocator: unlike time, they are exact, so
//! the targets of the performance issue are asserted here and run with the test suite.
//!
//! - On actual requests the `#[cors]` layer adds no allocation over the floor (the same handler
//!   without CORS).
//! - A `#[cors]` preflight allocates no more than a hand-written preflight route that answers
//!   with static headers.
//! - The same two targets hold for a named policy applied with `App::wrap`.
//!
//! `cargo test -p cors-bench --test allocations -- --nocapture` prints every count.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use actix_http::Request;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::{Error, test::init_service};
use cors_bench::{Scenario, Variant, actix_cors_app, app, policy_wrap_app, respond};

/// Counts the allocations (and reallocations, which may move) made by the thread that turned
/// counting on, so tests running in parallel do not disturb each other.
struct CountingAllocator;

thread_local! {
    static COUNTING: Cell<bool> = const { Cell::new(false) };
    static ALLOCATIONS: Cell<u64> = const { Cell::new(0) };
}

fn count_one() {
    // `try_with`: the allocator also serves threads that are tearing down their locals.
    if COUNTING.try_with(Cell::get).unwrap_or(false) {
        let _ = ALLOCATIONS.try_with(|count| count.set(count.get() + 1));
    }
}

// SAFETY: every call is forwarded unchanged to the system allocator.
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count_one();
        // SAFETY: the caller's guarantees are System's.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count_one();
        // SAFETY: as above.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count_one();
        // SAFETY: as above.
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

/// Allocations made while serving one request of `scenario` and dropping the response, once
/// the service is warm (actix pools request objects and sizes buffers on first use).
///
/// # Panics
/// If the variant answers wrongly, or the count is not the same on every request.
fn allocations_per_request<S, B>(service: &S, variant: Variant, scenario: Scenario) -> u64
where
    S: Service<Request, Response = ServiceResponse<B>, Error = Error>,
{
    for _ in 0..3 {
        let response = respond(service, scenario.request());
        scenario.check(variant, &response).unwrap_or_else(|problem| panic!("{problem}"));
    }
    let counts: Vec<u64> = (0..5)
        .map(|_| {
            let request = scenario.request();
            ALLOCATIONS.set(0);
            COUNTING.set(true);
            drop(respond(service, request));
            COUNTING.set(false);
            ALLOCATIONS.get()
        })
        .collect();
    assert!(
        counts.windows(2).all(|pair| pair[0] == pair[1]),
        "{variant} {scenario}: allocations differ between identical requests: {counts:?}"
    );
    counts[0]
}

/// The allocations per request of each variant, in the order of [`Variant::ALL`], for
/// `scenario`.
fn allocations_of_every_variant(scenario: Scenario) -> [(Variant, u64); 5] {
    let system = actix_web::rt::System::new();
    let floor = system.block_on(init_service(app(Variant::Floor.routes())));
    let actix_cors = system.block_on(init_service(actix_cors_app()));
    let cors_attr = system.block_on(init_service(app(Variant::CorsAttr.routes())));
    let hand_written = system.block_on(init_service(app(Variant::HandWritten.routes())));
    let policy_wrap = system.block_on(init_service(policy_wrap_app()));
    let counts = [
        (Variant::Floor, allocations_per_request(&floor, Variant::Floor, scenario)),
        (Variant::ActixCors, allocations_per_request(&actix_cors, Variant::ActixCors, scenario)),
        (Variant::CorsAttr, allocations_per_request(&cors_attr, Variant::CorsAttr, scenario)),
        (
            Variant::HandWritten,
            allocations_per_request(&hand_written, Variant::HandWritten, scenario),
        ),
        (Variant::PolicyWrap, allocations_per_request(&policy_wrap, Variant::PolicyWrap, scenario)),
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
        let policy_wrap = count_of(&counts, Variant::PolicyWrap);
        assert!(
            policy_wrap <= floor,
            "{scenario}: .wrap(policy) makes {policy_wrap} allocations per request, the floor {floor}"
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
        let policy_wrap = count_of(&counts, Variant::PolicyWrap);
        assert!(
            policy_wrap <= hand_written,
            "{scenario}: .wrap(policy) makes {policy_wrap} allocations per preflight, a hand-written static response {hand_written}"
        );
    }
}
