//! How long updates of a run-time tenant origin set take (`cors_runtime::TenantOrigins`), every
//! origin checked with the compiler's rules:
//!
//! ```text
//! cargo run --release -p cors-bench --bin tenant_updates
//! ```
//!
//! - replacing all: 100,000 tenants of 3 origins (300,000 origins), from nothing and over a
//!   loaded set, 5 times each;
//! - with 100,000 tenants loaded, adding one origin to a tenant and removing it, 1,000 times
//!   each, while nothing else runs: requests keep reading the previous sets meanwhile, so these
//!   are the whole cost of a change, not a pause.
//!
//! Prints a Markdown table of the median and the slowest of each.

use std::time::{Duration, Instant};

use cors_bench::tenants::{BENCH_TENANTS, TENANTS, rows};

fn main() {
    let mut replace = Vec::new();
    for _ in 0..5 {
        let started = Instant::now();
        BENCH_TENANTS.replace_all(rows(TENANTS)).expect("the benchmark's origins are valid");
        replace.push(started.elapsed());
    }
    let (mut add, mut remove) = (Vec::new(), Vec::new());
    for round in 0..1_000 {
        let tenant = format!("tenant{}.example.com", round * 97 % TENANTS);
        let origin = [format!("https://new{round}.example.com")];
        let started = Instant::now();
        BENCH_TENANTS.add(&tenant, &origin).expect("a valid origin");
        add.push(started.elapsed());
        let started = Instant::now();
        BENCH_TENANTS.remove(&tenant, &origin).expect("a stored tenant");
        remove.push(started.elapsed());
    }
    let summary = BENCH_TENANTS.summary();
    assert_eq!((summary.tenants, summary.origins), (TENANTS, 3 * TENANTS));
    println!("| update ({TENANTS} tenants, 3 origins each) | runs | median | slowest |");
    println!("|---|---:|---:|---:|");
    for (name, times) in [
        ("replace all 300,000 origins", &mut replace),
        ("add one origin to one tenant", &mut add),
        ("remove one origin of one tenant", &mut remove),
    ] {
        times.sort();
        let (median, slowest) = (times[times.len() / 2], times[times.len() - 1]);
        println!("| {name} | {} | {} | {} |", times.len(), shown(median), shown(slowest));
    }
}

fn shown(time: Duration) -> String {
    if time >= Duration::from_millis(1) {
        format!("{:.1} ms", time.as_secs_f64() * 1e3)
    } else {
        format!("{:.1} µs", time.as_secs_f64() * 1e6)
    }
}
