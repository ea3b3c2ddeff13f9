#!/usr/bin/env bash
# Regenerates the measured part of cors-bench/BENCHMARKS.md and cors-bench/added-cost.svg:
# the criterion benchmarks (benches/cors.rs), the callgrind instruction counts
# (scripts/callgrind.sh), then the tables and the chart (src/bin/report.rs).
#
#   cors-bench/scripts/report.sh [criterion options]
#
# Criterion options pass through, e.g. `--warm-up-time 1 --measurement-time 3` for a short run
# while developing; without them criterion's defaults apply (about 3 minutes on 2 cores).
# Needs valgrind (Debian: apt-get install valgrind).
set -euo pipefail

workspace="$(cd "$(dirname "$0")/../.." && pwd)"
target="${CARGO_TARGET_DIR:-$workspace/target}"
bench_dir="$workspace/cors-bench"

cargo bench --manifest-path "$workspace/Cargo.toml" -p cors-bench --bench cors -- "$@"
"$bench_dir/scripts/callgrind.sh"

cpu="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
machine="$(nproc) vCPU ($cpu), $(free -g | awk '/^Mem:/ {print $2}') GiB, $(rustc --version), $(date -u +%Y-%m-%d)"
cargo run --quiet --release --manifest-path "$workspace/Cargo.toml" -p cors-bench --bin report -- \
    "$target/criterion" "$target/cors-bench/callgrind.tsv" \
    "$bench_dir/BENCHMARKS.md" "$bench_dir/added-cost.svg" "$machine"
echo "updated $bench_dir/BENCHMARKS.md and $bench_dir/added-cost.svg"
