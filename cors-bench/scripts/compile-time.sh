#!/usr/bin/env bash
# Compile time of #[cors]: a generated crate with 100 #[cors] handlers against the same 100
# plain #[get] handlers. Incremental rebuild (touch src/main.rs, then cargo build), the two
# crates alternating, median of N rounds; the target is a ratio of at most 1.5. Then the macro
# crate's dependency tree, which must hold no actix-web and a single syn.
#
#   cors-bench/scripts/compile-time.sh [rounds]      (default 3)
#
# The crates are generated under $CARGO_TARGET_DIR/cors-bench/compile (or target/), in their
# own workspace that shares one target directory, with the workspace's Cargo.lock.
set -euo pipefail

rounds="${1:-3}"
handlers=100
workspace="$(cd "$(dirname "$0")/../.." && pwd)"
target="${CARGO_TARGET_DIR:-$workspace/target}"
generated="$target/cors-bench/compile"

rm -rf "$generated"
mkdir -p "$generated"
cp "$workspace/Cargo.lock" "$generated/Cargo.lock"
cat >"$generated/Cargo.toml" <<EOF
[workspace]
members = ["plain", "cors"]
resolver = "3"

[workspace.dependencies]
actix-web = { version = "4.15", default-features = false, features = ["macros"] }
cors-runtime = { path = "$workspace/cors-runtime" }
EOF

# generate NAME ATTRIBUTE: a binary crate with $handlers handlers, each under ATTRIBUTE (if any)
# and #[get], all registered on one App.
generate() {
    local name="$1" attribute="$2" index
    mkdir -p "$generated/$name/src"
    cat >"$generated/$name/Cargo.toml" <<EOF
[package]
name = "$name"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
actix-web.workspace = true
cors-runtime.workspace = true
EOF
    {
        echo '#![allow(unused_imports)]'
        echo 'use actix_web::{App, HttpResponse, get};'
        echo 'use cors_runtime::cors;'
        for index in $(seq "$handlers"); do
            echo "$attribute"
            echo "#[get(\"/api/route$index\")]"
            echo "async fn handler$index() -> HttpResponse { HttpResponse::Ok().body(\"$index\") }"
        done
        echo 'fn main() {'
        echo '    let app = App::new()'
        for index in $(seq "$handlers"); do
            echo "        .service(handler$index)"
        done
        echo '        ;'
        echo '    drop(app);'
        echo '}'
    } >"$generated/$name/src/main.rs"
}
generate plain ''
generate cors '#[cors(origins = ["https://myapp.com"], headers = ["content-type"], credentials, max_age = 3600)]'

export CARGO_TARGET_DIR="$generated/target"
cargo build --quiet --manifest-path "$generated/Cargo.toml" --workspace

# rebuild NAME: seconds an incremental rebuild of NAME takes after touching its main.rs.
rebuild() {
    local start end
    touch "$generated/$1/src/main.rs"
    start=$(date +%s.%N)
    cargo build --quiet --manifest-path "$generated/Cargo.toml" -p "$1"
    end=$(date +%s.%N)
    echo "$end - $start" | bc -l
}

plain_times=()
cors_times=()
for _ in $(seq "$rounds"); do
    plain_times+=("$(rebuild plain)")
    cors_times+=("$(rebuild cors)")
done
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END {print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
plain_median="$(median "${plain_times[@]}")"
cors_median="$(median "${cors_times[@]}")"

echo "incremental rebuild, $handlers handlers, debug, median of $rounds (touch src/main.rs + cargo build):"
printf '| crate | rounds (s) | median (s) |\n|---|---|---:|\n'
printf '| %s plain #[get] | %s | %.2f |\n' "$handlers" "${plain_times[*]}" "$plain_median"
printf '| %s #[cors] + #[get] | %s | %.2f |\n' "$handlers" "${cors_times[*]}" "$cors_median"
ratio="$(echo "$cors_median / $plain_median" | bc -l)"
printf 'ratio #[cors] / plain: %.2f (target <= 1.5)\n\n' "$ratio"

echo "cargo tree -p cors-macros (normal dependencies):"
unset CARGO_TARGET_DIR
tree="$(cargo tree --manifest-path "$workspace/Cargo.toml" -p cors-macros -e normal)"
echo "$tree"
syn_versions="$(grep -oE 'syn v[0-9.]+' <<<"$tree" | sort -u)"
echo
echo "syn versions: $(echo "$syn_versions" | wc -l) ($(echo $syn_versions))"
if grep -q 'actix-web' <<<"$tree"; then
    echo "FAIL: cors-macros depends on actix-web" >&2
    exit 1
fi
echo "actix-web: not a dependency of cors-macros"
