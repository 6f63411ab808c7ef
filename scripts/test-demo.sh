#!/usr/bin/env bash
# Browser tests of the demo in www/ (tests/demo, node:test with playwright-core driving
# Debian's headless Chromium; no browser is ever downloaded):
#   - builds the wasm package into www/pkg/ (scripts/build-wasm.sh) when it is missing or
#     older than its sources;
#   - serves www/ with the real server, `userstore serve --www www`, on a free port;
#   - clicks through every flow of the demo, and saves a screenshot of each main screen at
#     1280x800 and 390x844 in tests/output/demo/.
# Prints "demo tests: N passed, M failed" and exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."

# What the .wasm is built from; a newer file means www/pkg is stale.
wasm=www/pkg/userstore_wasm_bg.wasm
sources=()
for path in src data bindings/wasm/src bindings/wasm/js bindings/wasm/Cargo.toml Cargo.toml Cargo.lock .cargo; do
  if [ -e "$path" ]; then sources+=("$path"); fi
done
if [ ! -f "$wasm" ] || [ -n "$(find "${sources[@]}" -type f -newer "$wasm" -print -quit)" ]; then
  scripts/build-wasm.sh
fi

work=$(mktemp -d)
server=
cleanup() {
  if [ -n "$server" ]; then
    kill -TERM -- "-$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# Build first, so that waiting for the server below is not waiting for the compiler.
cargo build -q -p userstore-cli
# Job control puts the server (cargo and its child) in a process group of its own, so that
# cleanup can stop both.
set -m
cargo run -q -p userstore-cli -- serve --db "$work/users.db" --port 0 --www www >"$work/server.log" 2>&1 &
server=$!
set +m
url=
for _ in $(seq 1 200); do
  url=$(sed -n 's/^userstore listening on \(http:[^ ]*\).*/\1/p' "$work/server.log")
  if [ -n "$url" ]; then break; fi
  if ! kill -0 "$server" 2>/dev/null; then break; fi
  sleep 0.1
done
if [ -z "$url" ]; then
  echo "test-demo: the server did not start:" >&2
  cat "$work/server.log" >&2
  exit 1
fi
echo "== demo served at $url"

tap="$work/tap"
DEMO_URL="$url" node --test --test-concurrency=1 \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$tap" \
  tests/demo/*.test.mjs || true
passed=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$tap" | tail -n1)
failed=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$tap" | tail -n1)
if [ -z "$passed" ]; then
  echo "test-demo: node --test printed no summary" >&2
  exit 1
fi
echo "demo tests: $passed passed, ${failed:-0} failed (screenshots in tests/output/demo/)"
[ "${failed:-0}" -eq 0 ]
