#!/usr/bin/env bash
# The main job: builds everything and starts the `userstore` server with the demo data on the
# SQLite file ./userstore.db (created on first run), serving the Make-compatible API under
# /api/v2 and the browser demo in www/. Extra arguments go to `userstore serve`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
if [ -x scripts/build-wasm.sh ]; then scripts/build-wasm.sh; fi
cargo build --release -p userstore-cli
exec target/release/userstore serve --demo --db userstore.db --www www "$@"
