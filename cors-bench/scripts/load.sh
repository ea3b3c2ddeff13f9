#!/usr/bin/env bash
# Loopback load: the floor, actix-cors and #[cors] servers (src/bin/server.rs, one worker each,
# 127.0.0.1 only) driven by wrk, in alternating rounds, for an allowed GET and an allowed
# preflight. Prints the median requests/s and latency percentiles per server and their ratios
# to actix-cors.
#
#   cors-bench/scripts/load.sh [rounds] [seconds per run]     (default 3 rounds of 3 s)
#
# Bounded: rounds x 3 servers x 2 requests x seconds (54 s by default). Every server it starts
# is stopped on exit, whatever the exit. The servers are pinned to CPU 0 and wrk to CPU 1 when
# taskset exists. On a shared 2-core machine most of each request is kernel TCP: use the
# in-process numbers to compare CORS layers, this only shows that none is grossly off.
#
# Needs wrk (Debian: apt-get install wrk).
set -euo pipefail

rounds="${1:-3}"
seconds="${2:-3}"
variants=(floor actix-cors cors-attr)
base_port=18400

source "$(dirname "$0")/loopback.sh"
for index in "${!variants[@]}"; do
    start_server "${variants[$index]}" $((base_port + index))
done

cat >"$work/preflight.lua" <<'LUA'
wrk.method = "OPTIONS"
wrk.headers["Origin"] = "https://myapp.com"
wrk.headers["Access-Control-Request-Method"] = "POST"
wrk.headers["Access-Control-Request-Headers"] = "content-type"
LUA

# One wrk run; appends "request variant req/s p50 p90 p99" (latencies in microseconds).
drive() {
    local request="$1" variant="$2" port="$3" output
    local arguments=(-t1 -c32 -d"${seconds}s" --latency)
    if [[ "$request" == preflight ]]; then
        arguments+=(-s "$work/preflight.lua")
    else
        arguments+=(-H "Origin: https://myapp.com")
    fi
    output="$("${client_cpu[@]}" wrk "${arguments[@]}" "http://127.0.0.1:$port/api/data")"
    awk -v request="$request" -v variant="$variant" '
        function micros(text) {
            if (text ~ /us$/) return text + 0
            if (text ~ /ms$/) return text * 1000
            return text * 1000000
        }
        /Requests\/sec/ { rps = $2 }
        $1 == "50%" { p50 = micros($2) }
        $1 == "90%" { p90 = micros($2) }
        $1 == "99%" { p99 = micros($2) }
        END { printf "%s %s %.0f %.0f %.0f %.0f\n", request, variant, rps, p50, p90, p99 }
    ' <<<"$output" >>"$work/runs"
}

for round in $(seq "$rounds"); do
    # Rotate the order each round, so no server always runs first or last.
    for offset in 0 1 2; do
        index=$(((round + offset) % 3))
        for request in get preflight; do
            drive "$request" "${variants[$index]}" $((base_port + index))
        done
    done
done

echo "wrk -t1 -c32 -d${seconds}s, $rounds rounds; medians over rounds; latencies in microseconds"
sort -k1,1 -k2,2 "$work/runs" | awk '
    function median(list, count,   sorted, i, j, swap) {
        for (i = 1; i <= count; i++) sorted[i] = list[i]
        for (i = 1; i <= count; i++)
            for (j = i + 1; j <= count; j++)
                if (sorted[j] < sorted[i]) { swap = sorted[i]; sorted[i] = sorted[j]; sorted[j] = swap }
        return (count % 2) ? sorted[(count + 1) / 2] : (sorted[count / 2] + sorted[count / 2 + 1]) / 2
    }
    {
        key = $1 " " $2; n[key]++
        rps[key, n[key]] = $3; p50[key, n[key]] = $4; p90[key, n[key]] = $5; p99[key, n[key]] = $6
        if (!(key in seen)) { seen[key] = 1; keys[++count] = key }
    }
    END {
        for (k = 1; k <= count; k++) {
            key = keys[k]
            for (i = 1; i <= n[key]; i++) { a[i] = rps[key, i]; b[i] = p50[key, i]; c[i] = p90[key, i]; d[i] = p99[key, i] }
            m_rps[key] = median(a, n[key]); m_p50[key] = median(b, n[key])
            m_p90[key] = median(c, n[key]); m_p99[key] = median(d, n[key])
        }
        printf "| request | server | req/s | p50 | p90 | p99 | req/s vs actix-cors | p99 vs actix-cors |\n"
        printf "|---|---|---:|---:|---:|---:|---:|---:|\n"
        for (k = 1; k <= count; k++) {
            key = keys[k]; split(key, part, " "); reference = part[1] " actix-cors"
            printf "| %s | %s | %.0f | %.0f | %.0f | %.0f | %.2f | %.2f |\n", part[1], part[2],
                m_rps[key], m_p50[key], m_p90[key], m_p99[key],
                m_rps[key] / m_rps[reference], m_p99[key] / m_p99[reference]
        }
    }'
