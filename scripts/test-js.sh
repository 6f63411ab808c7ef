#!/usr/bin/env bash
# Tests of the WebAssembly package (bindings/wasm), built first by scripts/build-wasm.sh:
#   size     the .wasm against its budget (raw and gzip)
#   sqlite   the wasm build's SQLite, compiled natively: what the store uses works, what is
#            left out fails with its own message (tests/wasm_sqlite)
#   types    tsc --noEmit --strict on tests/js/consumer.ts
#   node     node --test: tests/js (shared scenarios, the class, handle(Request)),
#            tests/edge (workerd over loopback), tests/browser (headless Chromium, OPFS)
#   deno     tests/edge/deno_smoke.mjs
# Prints "test-js: N passed, M failed" and exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."

# The size budget of userstore_wasm_bg.wasm, in bytes (issue 6: at most 1.0 MB raw and 450 KB
# gzip, read as 1,000,000 and 450,000; issue 20's eleven Make operations raised the gzip
# budget to 470,000, see the README). gzip is `gzip -9`. README, "WebAssembly" → "Size".
MAX_RAW_BYTES=1000000
MAX_GZIP_BYTES=470000

passed=0
failed=0
pass() { passed=$((passed + $1)); }
fail() { failed=$((failed + $1)); echo "test-js: FAILED: $2" >&2; }

scripts/build-wasm.sh
# The tests configure fast hashing, which only a test build accepts.
scripts/build-wasm.sh --test

echo "== size"
wasm=bindings/wasm/pkg/userstore_wasm_bg.wasm
raw=$(wc -c <"$wasm")
gz=$(gzip -9 -c "$wasm" | wc -c)
echo "userstore_wasm_bg.wasm: raw $raw bytes (budget $MAX_RAW_BYTES), gzip $gz bytes (budget $MAX_GZIP_BYTES)"
if [ "$raw" -le "$MAX_RAW_BYTES" ] && [ "$gz" -le "$MAX_GZIP_BYTES" ]; then
  pass 1
else
  fail 1 "the .wasm is over its size budget"
fi

echo "== the wasm build's SQLite (tests/wasm_sqlite/omitted_features.c, compiled natively)"
# The amalgamation build-wasm.sh compiled, with its options and those of sqlite-wasm-rs's
# build script that decide what SQL runs; with AddressSanitizer, whose leak check shows that
# the stubs of omitted.c free what they are given.
sqlite_dir=${CARGO_TARGET_DIR:-target}/sqlite-wasm
sqlite_bin=$(mktemp -d)
sanitize="-fsanitize=address,undefined -fno-omit-frame-pointer"
if ${CC:-cc} -w -O1 $sanitize -c -o "$sqlite_bin/sqlite3.o" \
    -DSQLITE_THREADSAFE=0 -DSQLITE_USE_URI -DSQLITE_TEMP_STORE=2 -DSQLITE_OMIT_DEPRECATED \
    -DSQLITE_OMIT_LOAD_EXTENSION -DSQLITE_OMIT_SHARED_CACHE -DSQLITE_ENABLE_API_ARMOR \
    $(sed 's/#.*//' bindings/wasm/sqlite/options.txt | xargs) "$sqlite_dir/sqlite3.c" &&
  ${CC:-cc} -std=c99 -Wall -Wextra -Werror $sanitize -I"$sqlite_dir" -o "$sqlite_bin/omitted_features" \
    tests/wasm_sqlite/omitted_features.c "$sqlite_bin/sqlite3.o" -lm &&
  "$sqlite_bin/omitted_features"; then
  pass 1
else
  fail 1 "the wasm build's SQLite"
fi
rm -rf "$sqlite_bin"

echo "== types (tsc --noEmit --strict tests/js/consumer.ts)"
if node_modules/.bin/tsc --noEmit --strict -p tests/js/tsconfig.json; then pass 1; else fail 1 "tsc"; fi

echo "== node --test (scenarios, class, handle, workerd, chromium)"
tap=$(mktemp)
trap 'rm -f "$tap"' EXIT
node --test --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$tap" \
  tests/js/*.test.mjs tests/edge/*.test.mjs tests/browser/*.test.mjs || true
node_pass=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$tap" | tail -n1)
node_fail=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$tap" | tail -n1)
if [ -z "$node_pass" ]; then
  fail 1 "node --test printed no summary"
else
  pass "$node_pass"
  if [ "${node_fail:-0}" -gt 0 ]; then fail "$node_fail" "node --test"; fi
fi

echo "== deno"
if NO_COLOR=1 DENO_NO_UPDATE_CHECK=1 node_modules/.bin/deno test --quiet --no-check --allow-read \
  tests/edge/deno_smoke.mjs; then
  pass 1
else
  fail 1 "deno"
fi

echo "test-js: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
