#!/usr/bin/env bash
# Builds the WebAssembly package into bindings/wasm/pkg/ (and copies it to www/pkg/ for the
# browser demo): cargo (profile wasm-release) → wasm-bindgen --target web → wasm-opt -Oz →
# the package's own JS, types and package.json from bindings/wasm/js/. Safe to run again;
# respects CARGO_TARGET_DIR. Prints the .wasm's raw and gzip sizes.
#
#   scripts/build-wasm.sh --test   the test build into bindings/wasm/pkg-test/: the same
#                                  package with the cargo features insecure-test-hashing (so
#                                  that the JS tests may configure fast hashing) and
#                                  conversion-bench (benches/wasm.mjs). Never shipped.
set -euo pipefail
cd "$(dirname "$0")/.."

profile=wasm-release
target_dir=${CARGO_TARGET_DIR:-target}
pkg=bindings/wasm/pkg
features=()
if [ "${1:-}" = --test ]; then
  pkg=bindings/wasm/pkg-test
  features=(--features insecure-test-hashing,conversion-bench)
fi
src=bindings/wasm/js

# A pinned nightly, for what stable Rust cannot do yet: std rebuilt for this profile
# (-Zbuild-std) with panics that abort at once, without their messages, locations or the
# formatting behind them (-Cpanic=immediate-abort): about 64 KB of the module. A panic in the
# module still stops it (wasm `unreachable`), as with panic=abort. scripts/setup.sh installs it.
toolchain=nightly-2026-05-20
rustflags='"-Zunstable-options", "-Cpanic=immediate-abort", "-Zfmt-debug=none", "-Zlocation-detail=none"'

# SQLite: sqlite-wasm-rs's amalgamation, built by scripts/sqlite-amalgamation.sh so that the
# options of bindings/wasm/sqlite/options.txt (features the store never uses) compile.
scripts/sqlite-amalgamation.sh "$target_dir/sqlite-wasm"
SQLITE_WASM_RS_SOURCE_DIR=$(cd "$target_dir/sqlite-wasm" && pwd)
SQLITE_WASM_RS_FLAGS=$(sed 's/#.*//' bindings/wasm/sqlite/options.txt | xargs)
export SQLITE_WASM_RS_SOURCE_DIR SQLITE_WASM_RS_FLAGS

cargo "+$toolchain" build --quiet --profile "$profile" --target wasm32-unknown-unknown \
  -p userstore-wasm "${features[@]}" -Zbuild-std=std,panic_abort \
  --config "target.wasm32-unknown-unknown.rustflags=[$rustflags]"

# Build into a fresh folder and swap it in, so pkg/ is never half-written.
rm -rf "$pkg.tmp"
wasm-bindgen --target web --out-dir "$pkg.tmp" --out-name userstore_wasm \
  "$target_dir/wasm32-unknown-unknown/$profile/userstore_wasm.wasm"
# Every import must come from the glue: an "env" import is a C symbol nobody provides.
if grep -q 'from "env"' "$pkg.tmp/userstore_wasm.js"; then
  echo "build-wasm: the module imports undefined symbols from \"env\"" >&2
  exit 1
fi
# wasm-opt from npm's binaryen (root package.json; scripts/setup.sh runs npm ci): Debian's
# binaryen 108 breaks wasm-bindgen's externref table (init fails with a TypeError). The
# --enable flags are the features rustc's wasm32 target uses by default.
#
# -ocimfs=20 (--one-caller-inline-max-function-size): a function called from one place is
# inlined only when it is tiny. Inlining every one-caller function (wasm-opt's default) makes
# the module smaller raw but larger gzipped, and gzip is what is sent. Measured on this module
# (2026-12-05): default raw 931,960 / gzip 453,409; 0: 945,300 / 445,002; 20: 939,830 /
# 444,046; 100: 934,951 / 447,623; 1000: 932,108 / 452,088. Listing, profile updates and
# enums run at the same speed either way, within noise (a quick Node run: about 280 µs per
# 100-user page with both).
wasm_opt=node_modules/.bin/wasm-opt
if [ ! -x "$wasm_opt" ]; then
  echo "build-wasm: $wasm_opt is missing; run scripts/setup.sh (npm ci)" >&2
  exit 1
fi
#
# --low-memory-unused: lets a constant added to an address go into the load's or store's
# offset field, which differs only when the sum wraps past 4 GiB into the first kilobyte.
# rustc's wasm32 layout puts the 1 MiB stack first (growing down towards 0) and the data
# above it: that kilobyte is only touched by a stack about to overflow, and no address
# wraps. 6.4 KB smaller raw, 3 KB gzip (2026-12-06).
# Emscripten passes the same flag to its optimized builds.
"$wasm_opt" -Oz --converge -ocimfs=20 --low-memory-unused --strip-debug --strip-producers \
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  -o "$pkg.tmp/userstore_wasm_bg.wasm" "$pkg.tmp/userstore_wasm_bg.wasm"

cp "$src"/{index.js,index.d.ts,methods.js,error.js,error.d.ts,client.js,client.d.ts,worker.js} "$pkg.tmp/"
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n1)
sed "s/\"version\": \"0.0.0\"/\"version\": \"$version\"/" "$src/package.json" >"$pkg.tmp/package.json"
rm -rf "$pkg"
mv "$pkg.tmp" "$pkg"

# The browser demo (www/) loads the package from www/pkg/.
if [ "$pkg" = bindings/wasm/pkg ]; then
  rm -rf www/pkg
  mkdir -p www
  cp -r "$pkg" www/pkg
fi

wasm="$pkg/userstore_wasm_bg.wasm"
raw=$(wc -c <"$wasm")
gz=$(gzip -9 -c "$wasm" | wc -c)
echo "build-wasm: $wasm raw $raw bytes ($((raw / 1024)) KiB), gzip $gz bytes ($((gz / 1024)) KiB)"
