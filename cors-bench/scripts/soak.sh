#!/usr/bin/env bash
# Soak: the #[cors] server (src/bin/server.rs, one worker, 127.0.0.1 only) under a minute of
# mixed traffic from wrk: allowed GETs, GETs from a refused origin, allowed preflights and
# refused preflights, all at once. Reports each stream's requests and errors, and the server's
# resident memory sampled every few seconds, which must stay flat.
#
#   cors-bench/scripts/soak.sh [seconds] [sample every N seconds]     (default 60 and 5)
#
# Bounded: one server, four wrk processes of `seconds` each, 8 connections per stream. The
# server is stopped on exit, whatever the exit. Exits 1 when a stream had socket errors or an
# unexpected status (refused preflights are expected to get 403, the others 200/204).
#
# Needs wrk (Debian: apt-get install wrk).
set -euo pipefail

seconds="${1:-60}"
every="${2:-5}"
port=18480
url="http://127.0.0.1:$port/api/data"

source "$(dirname "$0")/loopback.sh"
start_server cors-attr "$port"
server="${pids[-1]}"

# Each stream's expected status and its wrk script (wrk counts statuses >= 400 as errors).
streams=(allowed-get refused-get allowed-preflight refused-preflight)
declare -A expected=([allowed-get]=200 [refused-get]=200 [allowed-preflight]=204 [refused-preflight]=403)
declare -A script=(
    [allowed-get]='wrk.headers["Origin"] = "https://myapp.com"'
    [refused-get]='wrk.headers["Origin"] = "https://evil.example"'
    [allowed-preflight]='wrk.method = "OPTIONS"
wrk.headers["Origin"] = "https://myapp.com"
wrk.headers["Access-Control-Request-Method"] = "POST"
wrk.headers["Access-Control-Request-Headers"] = "content-type"'
    [refused-preflight]='wrk.method = "OPTIONS"
wrk.headers["Origin"] = "https://evil.example"
wrk.headers["Access-Control-Request-Method"] = "POST"'
)
for stream in "${streams[@]}"; do
    cat >"$work/$stream.lua" <<LUA
${script[$stream]}
done = function(summary, latency, requests)
    local errors = summary.errors
    io.write(string.format("requests=%d socket_errors=%d non_2xx=%d\n", summary.requests,
        errors.connect + errors.read + errors.write + errors.timeout, errors.status))
end
LUA
    "${client_cpu[@]}" wrk -t1 -c8 -d"${seconds}s" -s "$work/$stream.lua" "$url" >"$work/$stream.out" 2>&1 &
    pids+=("$!")
done

echo "| second | resident memory (KiB) |"
echo "|---:|---:|"
for ((second = 0; second <= seconds; second += every)); do
    echo "| $second | $(awk '/^VmRSS/ { print $2 }' "/proc/$server/status") |"
    sleep "$every"
done
for pid in "${pids[@]:1}"; do wait "$pid"; done

failed=0
echo
echo "| stream | expected status | requests | socket errors | non-2xx/3xx |"
echo "|---|---:|---:|---:|---:|"
for stream in "${streams[@]}"; do
    output="$work/$stream.out"
    requests="$(sed -n 's/^requests=\([0-9]*\).*/\1/p' "$output")"
    socket_errors="$(sed -n 's/.*socket_errors=\([0-9]*\).*/\1/p' "$output")"
    non_2xx="$(sed -n 's/.*non_2xx=\([0-9]*\).*/\1/p' "$output")"
    echo "| $stream | ${expected[$stream]} | $requests | $socket_errors | $non_2xx |"
    if ((socket_errors > 0)); then failed=1; fi
    if [[ "${expected[$stream]}" == 403 ]]; then
        ((non_2xx == requests)) || failed=1
    else
        ((non_2xx == 0)) || failed=1
    fi
done
exit "$failed"
