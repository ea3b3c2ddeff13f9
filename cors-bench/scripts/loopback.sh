# Sourced by load.sh and soak.sh: the release `server` binary (src/bin/server.rs) on loopback
# ports, pinned to CPU 0 while wrk runs on CPU 1 (when taskset and two CPUs exist), a scratch
# folder, and the cleanup that stops every process started, whatever the exit.
#
#   start_server <variant> <port>      starts a server and waits until it answers
#   "${client_cpu[@]}" wrk ...         runs a client on the other CPU
#   pids+=("$!")                       has a background client stopped on exit too
#   $work                              the scratch folder, removed on exit

workspace="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
target="${CARGO_TARGET_DIR:-$workspace/target}"

command -v wrk >/dev/null || {
    echo "wrk is not installed (Debian: apt-get install wrk)" >&2
    exit 1
}
cargo build --quiet --release --manifest-path "$workspace/Cargo.toml" -p cors-bench --bin server

work="$(mktemp -d)"
pids=()
stop_all() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap stop_all EXIT INT TERM

server_cpu=()
client_cpu=()
if command -v taskset >/dev/null && (($(nproc) >= 2)); then
    server_cpu=(taskset -c 0)
    client_cpu=(taskset -c 1)
fi

# Starts `server <variant> <port>` and waits (5 s at most) until it answers; its pid is the
# last of `pids`.
start_server() {
    "${server_cpu[@]}" "$target/release/server" "$1" "$2" &
    pids+=("$!")
    for _ in $(seq 50); do
        curl -s -o /dev/null "http://127.0.0.1:$2/api/data" && return
        sleep 0.1
    done
}
