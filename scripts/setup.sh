#!/usr/bin/env bash
# Installs everything the build and the tests need, idempotently, on a fresh Debian machine
# with the Rust toolchain (rustup), Node.js and npm. Safe to run again: each step checks first.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
have() { command -v "$1" >/dev/null 2>&1; }
pkg_missing() { ! dpkg -s "$1" >/dev/null 2>&1; }

# C toolchain pieces for the C ABI tests, SQLite for wasm (clang), wasm-opt (binaryen),
# the browser tests (chromium), valgrind, PostgreSQL for the second backend's tests
# (scripts/test-postgres.sh starts throwaway clusters; Debian's own cluster is not used).
# A real SMTP server for the courier's tests: aiosmtpd.
for p in clang pkg-config valgrind chromium libcjson-dev fonts-noto-core fonts-wqy-zenhei curl postgresql \
  python3-aiosmtpd; do
  if pkg_missing "$p"; then need_apt+=("$p"); fi
done
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "setup: apt-get install ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# Rust: the wasm target and wasm-bindgen-cli at exactly the version bindings/wasm pins.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi
# The pinned nightly of scripts/build-wasm.sh (std rebuilt from rust-src for the wasm target).
WASM_TOOLCHAIN=$(sed -n 's/^toolchain=//p' scripts/build-wasm.sh)
if ! rustup run "$WASM_TOOLCHAIN" rustc --version >/dev/null 2>&1 ||
  ! rustup component list --toolchain "$WASM_TOOLCHAIN" --installed | grep -q '^rust-src' ||
  ! rustup target list --toolchain "$WASM_TOOLCHAIN" --installed | grep -qx wasm32-unknown-unknown; then
  rustup toolchain install "$WASM_TOOLCHAIN" --profile minimal --component rust-src \
    --target wasm32-unknown-unknown
fi
WASM_BINDGEN_VERSION=$(sed -n 's/^wasm-bindgen = { version = "=\([0-9.]*\)".*/\1/p' bindings/wasm/Cargo.toml)
if [ -n "$WASM_BINDGEN_VERSION" ] && [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
  cargo install -q wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

# JS test tools (node:test needs nothing; playwright-core drives Debian's chromium).
if [ -f package.json ]; then
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then
    npm ci --no-audit --no-fund --silent
  fi
fi
echo "setup: done"
