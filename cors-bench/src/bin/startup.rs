//! How long `cors_runtime::init_with` takes to check and load a long `origins = env(..)` list:
//!
//! ```text
//! cargo run --release -p cors-bench --bin startup [origins]      (default 100000)
//! ```
//!
//! The `env-10000` route gets `origins` origins, the `env-1` and `env-1000` routes their own
//! lists; building the variables' values is not timed. A benchmark, not a test: the time
//! depends on the machine, the test (`tests/allowlist.rs`) only checks that it loads.

use std::process::ExitCode;
use std::time::Instant;

use cors_bench::Allowlist;

fn main() -> ExitCode {
    let Some(Ok(origins)) =
        std::env::args().nth(1).or(Some("100000".to_owned())).map(|n| n.parse::<usize>())
    else {
        eprintln!("usage: startup [origins]");
        return ExitCode::FAILURE;
    };
    let variables = Allowlist::variables(origins);
    let start = Instant::now();
    let loaded = Allowlist::load(&variables);
    let elapsed = start.elapsed();
    if let Err(error) = loaded {
        eprintln!("{error}");
        return ExitCode::FAILURE;
    }
    println!(
        "init_with: {origins} origins (and {} on the two shorter lists) checked and loaded in {:.1} ms",
        Allowlist::One.count() + Allowlist::Thousand.count(),
        elapsed.as_secs_f64() * 1000.0
    );
    ExitCode::SUCCESS
}
