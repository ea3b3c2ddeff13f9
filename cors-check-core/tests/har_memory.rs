//! The memory reading a HAR file takes, counted by this test binary's allocator: a small
//! multiple of the file, whatever the file holds besides the members cors-check reads. (Built
//! as a tree first, 16 MB of JSON numbers took 268 MB.)

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use cors_check_core::input::read_har;
use cors_test_support::hostile;

/// The system allocator, counting the bytes held now and at the most since the last reset.
struct Counting;

static HELD: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let held = HELD.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(held, Ordering::Relaxed);
        // SAFETY: the caller's layout is passed on unchanged.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        HELD.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: `pointer` was allocated by `System` with this layout.
        unsafe { System.dealloc(pointer, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The most bytes held at once by `work`, beyond those held before it.
fn peak_of<T>(work: impl FnOnce() -> T) -> usize {
    let before = HELD.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    drop(work());
    PEAK.load(Ordering::Relaxed) - before
}

// One test, so that no other test's allocations are counted.
#[test]
fn reading_takes_a_small_multiple_of_the_file() {
    let files = [
        ("numbers", hostile::har_padded_with_numbers(2_000_000)),
        ("padded preflights", hostile::har_of_padded_preflights(1_000, 50, 1_000)),
        ("one long preflight", hostile::har_of_one_long_preflight(4_000_000, 100)),
    ];
    for (shape, text) in files {
        let peak = peak_of(|| read_har(&text).unwrap());
        eprintln!(
            "MEM {shape}: {peak} for {} = {:.2}",
            text.len(),
            peak as f64 / text.len() as f64
        );
        assert!(peak < 4 * text.len(), "{shape}: {peak} bytes held to read {}", text.len());
    }
}
