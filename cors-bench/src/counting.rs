//! Heap allocations per request, counted by a global allocator that each test binary installs
//! (`#[global_allocator] static ALLOCATOR: CountingAllocator = CountingAllocator;`): unlike
//! time, they are exact, so the targets of the performance issue are asserted with the tests.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use actix_http::Request;
use actix_web::Error;
use actix_web::dev::{Service, ServiceResponse};

use crate::{Scenario, Variant, respond};

/// Counts the allocations (and reallocations, which may move) made by the thread that turned
/// counting on, so tests running in parallel do not disturb each other.
pub struct CountingAllocator;

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

/// Allocations made while serving one request of `scenario` and dropping the response, once
/// the service is warm (actix pools request objects and sizes buffers on first use).
///
/// # Panics
/// If the variant answers wrongly, or the count is not the same on every request.
pub fn allocations_per_request<S, B>(service: &S, variant: Variant, scenario: Scenario) -> u64
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
