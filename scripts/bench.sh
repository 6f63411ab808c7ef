#!/usr/bin/env bash
# Runs every benchmark and prints one table (also written to BENCHMARKS.md): each figure is a
# median over repeated runs next to a baseline measured in the same run, and their ratio.
#   native: cargo bench --bench userstore   (listing, router, update, credentials, reset)
#   C:      benches/c/call.c                (a C ABI call vs the same Rust call)
#   argon2: benches/libsodium.py            (libsodium's crypto_pwhash via PyNaCl)
#   wasm:   benches/wasm.mjs                (Node: listing, update, cold start, sizes)
#   soak:   scripts/soak-login-flood.sh     (a cheap GET of the server during a login flood)
#   postgres: the native `postgres` rows and bindings/cli/benches/servers.rs (requests per
#           second of 1, 2 and 4 servers on one PostgreSQL next to one SQLite server), on a
#           throwaway cluster with PostgreSQL's durable defaults (scripts/pg-cluster.sh)
# BENCH_MAX_USERS (default 1000000) caps the largest generated store; the first run generates
# the stores under target/bench-data (about 6 minutes for a million users).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh >/dev/null
out=target/bench
mkdir -p "$out"
target_dir=${CARGO_TARGET_DIR:-target}

. scripts/pg-cluster.sh
pg_start BENCH
export BENCH_POSTGRES=$PG_BENCH_URL

echo "== native" >&2
BENCH_JSON=$out/native.json cargo bench --quiet --bench userstore >/dev/null

echo "== servers" >&2
BENCH_JSON=$PWD/$out/servers.json cargo bench --quiet -p userstore-cli --bench servers >/dev/null

echo "== C ABI" >&2
cargo build --quiet --release -p userstore-c
cc -std=c99 -O2 -Iinclude benches/c/call.c -o "$out/call" "$target_dir/release/libuserstore.a" -lpthread -ldl -lm
# The C program and the Rust call it is compared with run in two processes: alternate them, so
# both see the same machine load, and report the median of each (benches/report.py).
rm -f "$out"/c-*.json "$out"/ffi-*.json
for i in 1 2 3 4 5; do
  "$out/call" > "$out/c-$i.json"
  BENCH_JSON=$out/ffi-$i.json cargo bench --quiet --bench userstore -- ffi >/dev/null
done

echo "== libsodium" >&2
if [ ! -x "$out/venv/bin/python" ]; then
  python3 -m venv "$out/venv"
  "$out/venv/bin/pip" install --quiet pynacl
fi
"$out/venv/bin/python" benches/libsodium.py > "$out/libsodium.json"

if [ -f benches/wasm.mjs ]; then
  echo "== wasm" >&2
  # The release package for the size rows, the test package (fast hashing, the conversion
  # bench) for the timed ones.
  scripts/build-wasm.sh >/dev/null
  scripts/build-wasm.sh --test >/dev/null
  node benches/wasm.mjs > "$out/wasm.json"
fi

echo "== login flood soak" >&2
SOAK_JSON=$out/soak.json scripts/soak-login-flood.sh >/dev/null

python3 benches/report.py "$out" | tee BENCHMARKS.md
