#!/usr/bin/env bash
# Runs every test: Rust (unit, integration, doc, shared scenarios), then each surface's own
# suite. Installs what is missing first (scripts/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

echo "== cargo test (workspace)"
cargo test --workspace --quiet 2>&1 | grep -v '^$'

# Each surface's suite; each script prints its own summary and fails on any failure.
for suite in scripts/test-*.sh; do
  [ -e "$suite" ] || continue
  echo "== $suite"
  "$suite"
done
echo "all test suites passed"
