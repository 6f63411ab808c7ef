#!/usr/bin/env bash
# Builds the WebAssembly package into bindings/wasm/pkg/ (and copies it to www/pkg/ for the
# browser demo): cargo (profile wasm-release) → wasm-bindgen --target web → wasm-opt -Oz →
# the package's own JS, types and package.json from bindings/wasm/js/. Safe to run again;
# respects CARGO_TARGET_DIR. Prints the .wasm's raw and gzip sizes.
set -euo pipefail
cd "$(dirname "$0")/.."

profile=wasm-release
target_dir=${CARGO_TARGET_DIR:-target}
pkg=bindings/wasm/pkg
src=bindings/wasm/js

# Panic locations name their source files; shorten the dependencies' to `crate-x.y.z/src/…`
# (their full paths under $CARGO_HOME are about 5 KB of the module). Added to the rustflags
# of .cargo/config.toml, not replacing them.
remaps=()
for dir in "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/; do
  remaps+=("'--remap-path-prefix=$dir='")
done
flags=$(IFS=,; echo "${remaps[*]}")
cargo build --quiet --profile "$profile" --target wasm32-unknown-unknown -p userstore-wasm \
  --config "target.wasm32-unknown-unknown.rustflags=[$flags]"

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
wasm_opt=node_modules/.bin/wasm-opt
if [ ! -x "$wasm_opt" ]; then
  echo "build-wasm: $wasm_opt is missing; run scripts/setup.sh (npm ci)" >&2
  exit 1
fi
"$wasm_opt" -Oz --strip-debug --strip-producers \
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  -o "$pkg.tmp/userstore_wasm_bg.wasm" "$pkg.tmp/userstore_wasm_bg.wasm"

cp "$src"/{index.js,index.d.ts,error.js,error.d.ts,client.js,client.d.ts,worker.js} "$pkg.tmp/"
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n1)
sed "s/\"version\": \"0.0.0\"/\"version\": \"$version\"/" "$src/package.json" >"$pkg.tmp/package.json"
rm -rf "$pkg"
mv "$pkg.tmp" "$pkg"

# The browser demo (www/) loads the package from www/pkg/.
rm -rf www/pkg
mkdir -p www
cp -r "$pkg" www/pkg

wasm="$pkg/userstore_wasm_bg.wasm"
raw=$(wc -c <"$wasm")
gz=$(gzip -9 -c "$wasm" | wc -c)
echo "build-wasm: $wasm raw $raw bytes ($((raw / 1024)) KiB), gzip $gz bytes ($((gz / 1024)) KiB)"
