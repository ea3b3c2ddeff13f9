#!/usr/bin/env bash
# Instructions per request of every variant in every scenario, counted by callgrind: unlike
# time, the count does not depend on what else the machine is doing, so it is what a regression
# check can rely on.
#
#   cors-bench/scripts/callgrind.sh [requests]      (default 1000)
#
# Only `serve_all` in src/bin/scenario.rs is collected (--toggle-collect): start-up, warm-up and
# building the requests are not, so collected instructions / requests is the cost of serving
# one request and dropping its response. Writes the table as TSV to
# $CARGO_TARGET_DIR/cors-bench/callgrind.tsv (read by the report) and prints it.
#
# Needs valgrind (Debian: apt-get install valgrind).
set -euo pipefail

requests="${1:-1000}"
workspace="$(cd "$(dirname "$0")/../.." && pwd)"
target="${CARGO_TARGET_DIR:-$workspace/target}"
variants=(floor actix-cors cors-attr hand-written)
scenarios=(actual-allowed actual-refused no-origin preflight-allowed preflight-refused)

command -v valgrind >/dev/null || {
    echo "valgrind is not installed (Debian: apt-get install valgrind)" >&2
    exit 1
}
cargo build --quiet --release --manifest-path "$workspace/Cargo.toml" -p cors-bench --bin scenario
scenario_bin="$target/release/scenario"
results_dir="$target/cors-bench"
mkdir -p "$results_dir"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

tsv="$results_dir/callgrind.tsv"
printf 'scenario\tvariant\tinstructions_per_request\n' >"$tsv"
for scenario in "${scenarios[@]}"; do
    for variant in "${variants[@]}"; do
        valgrind --tool=callgrind --toggle-collect='*serve_all*' \
            --callgrind-out-file="$work/out" "$scenario_bin" "$variant" "$scenario" "$requests" \
            2>"$work/log"
        collected="$(sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$work/log")"
        [[ -n "$collected" ]] || {
            cat "$work/log" >&2
            exit 1
        }
        printf '%s\t%s\t%s\n' "$scenario" "$variant" "$((collected / requests))" >>"$tsv"
    done
done

# Added = variant - floor of the same scenario; ratios as the performance issue states them.
awk -F'\t' '
NR > 1 { ir[$1, $2] = $3; if (!seen[$1]++) order[++n] = $1 }
END {
    printf "%-18s %9s %11s %10s %13s %15s %15s\n", "scenario", "floor", "actix-cors", "cors-attr", "hand-written", "added cors/ac", "total cors/ac"
    for (i = 1; i <= n; i++) {
        s = order[i]; f = ir[s, "floor"]; a = ir[s, "actix-cors"]; c = ir[s, "cors-attr"]
        added = (a - f != 0) ? sprintf("%.2f", (c - f) / (a - f)) : "n/a"
        printf "%-18s %9d %11d %10d %13d %15s %15.2f\n", s, f, a, c, ir[s, "hand-written"], added, c / a
    }
    print "(instructions per request; added = variant - floor; for preflights the target is on the total)"
}' "$tsv"
