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
# Then the allowlist scenarios (src/allowlist.rs): the `#[cors]` route with 1, 1,000 and
# 10,000 origins read at startup, an allowed request (the last origin listed) and a refused one.
# Writes $CARGO_TARGET_DIR/cors-bench/allowlist.tsv, prints a Markdown table, and fails when a
# longer list costs a request more than 1.1 times what the one-origin list does.
#
# Then the tenant scenarios (src/tenants.rs): the `#[cors]` route whose origins are each
# tenant's, 100,000 tenants of 3 origins loaded, against the one-origin literal route, both
# sent with the tenant's `Host`. Writes $CARGO_TARGET_DIR/cors-bench/tenants.tsv, prints a
# Markdown table, and fails when the tenant route costs more than 1.1 times the literal one.
#
# Needs valgrind (Debian: apt-get install valgrind).
set -euo pipefail

requests="${1:-1000}"
workspace="$(cd "$(dirname "$0")/../.." && pwd)"
target="${CARGO_TARGET_DIR:-$workspace/target}"
variants=(floor actix-cors cors-attr hand-written policy-wrap)
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

# instructions VARIANT SCENARIO [HOST]: collected instructions per request.
instructions() {
    local collected
    valgrind --tool=callgrind --toggle-collect='*serve_all*' \
        --callgrind-out-file="$work/out" "$scenario_bin" "$1" "$2" "$requests" ${3:+"$3"} \
        2>"$work/log"
    collected="$(sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$work/log")"
    [[ -n "$collected" ]] || {
        cat "$work/log" >&2
        exit 1
    }
    echo "$((collected / requests))"
}

tsv="$results_dir/callgrind.tsv"
printf 'scenario\tvariant\tinstructions_per_request\n' >"$tsv"
for scenario in "${scenarios[@]}"; do
    for variant in "${variants[@]}"; do
        count="$(instructions "$variant" "$scenario")"
        printf '%s\t%s\t%s\n' "$scenario" "$variant" "$count" >>"$tsv"
    done
done

# Added = variant - floor of the same scenario; ratios as the performance issue states them.
awk -F'\t' '
NR > 1 { ir[$1, $2] = $3; if (!seen[$1]++) order[++n] = $1 }
END {
    printf "%-18s %9s %11s %10s %13s %12s %15s %15s %15s\n", "scenario", "floor", "actix-cors", "cors-attr", "hand-written", "policy-wrap", "added cors/ac", "total cors/ac", "total wrap/ac"
    for (i = 1; i <= n; i++) {
        s = order[i]; f = ir[s, "floor"]; a = ir[s, "actix-cors"]; c = ir[s, "cors-attr"]; w = ir[s, "policy-wrap"]
        added = (a - f != 0) ? sprintf("%.2f", (c - f) / (a - f)) : "n/a"
        printf "%-18s %9d %11d %10d %13d %12d %15s %15.2f %15.2f\n", s, f, a, c, ir[s, "hand-written"], w, added, c / a, w / a
    }
    print "(instructions per request; added = variant - floor; for preflights the target is on the total;"
    print " a policy applied with App::wrap must cost no more than actix-cors applied the same way: total wrap/ac <= 1)"
}' "$tsv"

allowlist_tsv="$results_dir/allowlist.tsv"
printf 'scenario\tallowlist\tinstructions_per_request\n' >"$allowlist_tsv"
for scenario in actual-allowed actual-refused; do
    for allowlist in env-1 env-1000 env-10000; do
        count="$(instructions "$allowlist" "$scenario")"
        printf '%s\t%s\t%s\n' "$scenario" "$allowlist" "$count" >>"$allowlist_tsv"
    done
done

# Each list's cost over the one-origin list's, for the same request; the target is 1.1.
echo
awk -F'\t' '
NR > 1 { ir[$1, $2] = $3; if (!seen[$1]++) order[++n] = $1 }
END {
    print "| scenario | 1 origin | 1,000 origins | 10,000 origins | 10,000 vs 1 | met (<= 1.1) |"
    print "|---|---:|---:|---:|---:|---|"
    for (i = 1; i <= n; i++) {
        s = order[i]; one = ir[s, "env-1"]; ratio = ir[s, "env-10000"] / one
        met = (ir[s, "env-1000"] / one <= 1.1 && ratio <= 1.1)
        if (!met) missed = 1
        printf "| %s | %d | %d | %d | %.3f | %s |\n", s, one, ir[s, "env-1000"], ir[s, "env-10000"], ratio, met ? "yes" : "**no**"
    }
    print "(instructions per request, `#[cors]` with its origins read at startup)"
    exit missed
}' "$allowlist_tsv"

tenants_tsv="$results_dir/tenants.tsv"
tenant_host=tenant99999.example.com
printf 'scenario\tvariant\tinstructions_per_request\n' >"$tenants_tsv"
for scenario in actual-allowed actual-refused preflight-allowed preflight-refused; do
    for variant in cors-attr tenants-100000; do
        count="$(instructions "$variant" "$scenario" "$tenant_host")"
        printf '%s\t%s\t%s\n' "$scenario" "$variant" "$count" >>"$tenants_tsv"
    done
done

echo
awk -F'\t' '
NR > 1 { ir[$1, $2] = $3; if (!seen[$1]++) order[++n] = $1 }
END {
    print "| scenario | one origin, literal | 100,000 tenants | tenants vs literal | met (<= 1.1) |"
    print "|---|---:|---:|---:|---|"
    for (i = 1; i <= n; i++) {
        s = order[i]; one = ir[s, "cors-attr"]; ratio = ir[s, "tenants-100000"] / one
        met = ratio <= 1.1
        if (!met) missed = 1
        printf "| %s | %d | %d | %.3f | %s |\n", s, one, ir[s, "tenants-100000"], ratio, met ? "yes" : "**no**"
    }
    print "(instructions per request, each request with Host: tenant99999.example.com)"
    exit missed
}' "$tenants_tsv"
