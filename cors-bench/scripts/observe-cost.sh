#!/usr/bin/env bash
# What cors-runtime's events and counters cost a request, in callgrind instructions: the
# `#[cors]` route and `.wrap(policy)` in every scenario, built three ways:
#
#   before    the workspace at REV (default: the commit before the features existed), features off
#   off       this tree, features off (the default build users get)
#   on        this tree, `tracing` and `metrics` on (cors-bench's `observe` feature), with no
#             subscriber or recorder installed: the cost of the decision's bookkeeping, counters
#             cached per worker, and a disabled event's check
#
#   cors-bench/scripts/observe-cost.sh [requests] [REV]      (default 1000, ff8364f5)
#
# Prints a Markdown table and fails when `off` costs more than 1% over `before` anywhere.
# Needs valgrind (Debian: apt-get install valgrind).
set -euo pipefail

requests="${1:-1000}"
rev="${2:-ff8364f5}"
workspace="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
trap 'git -C "$workspace" worktree remove --force "$work/before" 2>/dev/null || true; rm -rf "$work"' EXIT

command -v valgrind >/dev/null || {
    echo "valgrind is not installed (Debian: apt-get install valgrind)" >&2
    exit 1
}

# build NAME TREE TARGET [FEATURES]: the scenario binary of TREE, copied to $work/bin-NAME.
build() {
    CARGO_TARGET_DIR="$3" cargo build --quiet --release \
        --manifest-path "$2/Cargo.toml" -p cors-bench --bin scenario ${4:+--features "$4"}
    cp "$3/release/scenario" "$work/bin-$1"
}

target="${CARGO_TARGET_DIR:-$workspace/target}"
git -C "$workspace" worktree add --quiet --detach "$work/before" "$rev"
# REV's build keeps a folder of its own, so that a second run rebuilds nothing.
build before "$work/before" "$target/observe-cost-before"
build off "$workspace" "$target"
build on "$workspace" "$target" observe

instructions() {
    valgrind --tool=callgrind --toggle-collect='*serve_all*' \
        --callgrind-out-file="$work/out" "$work/bin-$1" "$2" "$3" "$requests" 2>"$work/log"
    local collected
    collected="$(sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$work/log")"
    [[ -n "$collected" ]] || {
        cat "$work/log" >&2
        exit 1
    }
    echo "$((collected / requests))"
}

failed=0
echo "| variant | scenario | before | off | on | off vs before | on adds |"
echo "|---|---|---:|---:|---:|---:|---:|"
for variant in cors-attr policy-wrap; do
    for scenario in actual-allowed actual-refused no-origin preflight-allowed preflight-refused; do
        before="$(instructions before "$variant" "$scenario")"
        off="$(instructions off "$variant" "$scenario")"
        on="$(instructions on "$variant" "$scenario")"
        change="$(awk -v a="$off" -v b="$before" 'BEGIN { printf "%+.2f%%", (a - b) * 100 / b }')"
        echo "| $variant | $scenario | $before | $off | $on | $change | +$((on - off)) |"
        if awk -v a="$off" -v b="$before" 'BEGIN { exit !(a > b * 1.01) }'; then
            failed=1
        fi
    done
done
if [[ "$failed" == 1 ]]; then
    echo "with the features off, a request costs more than 1% over $rev" >&2
    exit 1
fi
