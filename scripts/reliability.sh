#!/usr/bin/env bash
# The long forms of the reliability tests (the test command runs short forms):
#   200 SIGKILL rounds of the crash-safety test, 10,000 operations of the concurrency test,
#   then each fuzz target for FUZZ_SECONDS (default 60) if cargo-fuzz and nightly are there.
set -euo pipefail
cd "$(dirname "$0")/.."
USERSTORE_CRASH_ROUNDS=${USERSTORE_CRASH_ROUNDS:-200} \
  cargo test --release --test crash_safety -- --nocapture acknowledged_operations_survive_sigkill
USERSTORE_CONCURRENCY_OPS=${USERSTORE_CONCURRENCY_OPS:-10000} \
  cargo test --release --test concurrency -- --nocapture two_processes_four_threads_share_one_file
if [ -x scripts/fuzz.sh ]; then scripts/fuzz.sh "${FUZZ_SECONDS:-60}"; fi
