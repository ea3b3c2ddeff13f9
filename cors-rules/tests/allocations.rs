//! The run-time matcher allocates nothing, whatever the pattern and the `Origin` it is given:
//! counted by a global allocator, on matches and refusals of every kind of pattern.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicU64, Ordering};

use cors_rules::{OriginPattern, Wildcard};

struct CountingAllocator;

static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);

// SAFETY: every call is passed on to the system allocator unchanged; only a counter is added.
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: the caller upholds `alloc`'s contract, which `System` has too.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` was allocated by `System` with `layout`, in `alloc` above.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

#[test]
fn matching_any_pattern_allocates_nothing() {
    let patterns = [
        OriginPattern::from_parts("https://", Wildcard::Subdomains, ".amazonaws.com"),
        OriginPattern::from_parts("https://s3-", Wildcard::InLabel, ".amazonaws.com"),
        OriginPattern::from_parts("https://", Wildcard::InLabel, "-staging.myapp.com:8443"),
        OriginPattern::from_parts("http://localhost:", Wildcard::Port, ""),
    ];
    let origins: [&[u8]; 9] = [
        b"https://a.b.amazonaws.com",
        b"https://attacker.s3.amazonaws.com",
        b"https://s3-console.amazonaws.com",
        b"https://s3-us-west-2.amazonaws.com",
        b"https://pr-7-staging.myapp.com:8443",
        b"http://localhost",
        b"http://localhost:5173",
        b"http://localhost:99999999999999999999",
        b"https://evil.example",
    ];
    let before = ALLOCATIONS.load(Ordering::Relaxed);
    let matched = patterns
        .iter()
        .flat_map(|pattern| origins.iter().map(move |origin| pattern.matches(origin)))
        .filter(|matched| *matched)
        .count();
    let allocations = ALLOCATIONS.load(Ordering::Relaxed) - before;
    assert_eq!(allocations, 0);
    assert_eq!(matched, 6, "each kind matched what it allows, so each path was taken");
}
