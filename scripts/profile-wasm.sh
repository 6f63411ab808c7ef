#!/usr/bin/env bash
# Profiles the wasm package in Node (issue 22): a listing of 100 of the 100k organization and
# a profile update, each in a loop under `node --cpu-prof` (benches/wasm-profile.mjs), on the
# test package rebuilt with its function names kept (wasm-opt -g, otherwise the same passes
# as scripts/build-wasm.sh). Prints each profile's heaviest functions by inclusive time
# (benches/profile_summary.py) and leaves the .cpuprofile files in target/wasm-profile/ for
# a flame graph (Chrome DevTools' Performance panel, or speedscope).
set -euo pipefail
cd "$(dirname "$0")/.."
target_dir=${CARGO_TARGET_DIR:-target}
out=$target_dir/wasm-profile

scripts/build-wasm.sh --test >/dev/null
rm -rf "$out"
mkdir -p "$out"
cp -r bindings/wasm/pkg-test "$out/pkg"
wasm-bindgen --target web --out-dir "$out/bindgen" --out-name userstore_wasm \
  "$target_dir/wasm32-unknown-unknown/wasm-release/userstore_wasm.wasm"
node_modules/.bin/wasm-opt -Oz --converge -ocimfs=20 --low-memory-unused -g \
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  -o "$out/pkg/userstore_wasm_bg.wasm" "$out/bindgen/userstore_wasm_bg.wasm"
cp "$out/bindgen/userstore_wasm.js" "$out/pkg/"

# The native bench's 100k store (made on first use).
if [ ! -f target/bench-data/users-100000.db ]; then
  echo "profile-wasm: making the 100k store (cargo bench --bench userstore -- list)" >&2
  BENCH_MAX_USERS=100000 cargo bench --quiet --bench userstore -- list >/dev/null
fi

for what in list update; do
  echo "== $what"
  node --cpu-prof --cpu-prof-dir="$out/$what" benches/wasm-profile.mjs "$PWD/$out/pkg" "$what"
  python3 benches/profile_summary.py "$out/$what"/*.cpuprofile 30
done
