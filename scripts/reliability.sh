#!/usr/bin/env bash
# The long forms of the reliability tests (the test command runs short forms): 200 SIGKILL
# rounds of the crash-safety test, 10,000 operations of the concurrency test, 10,000 per
# server process of the three servers on one PostgreSQL database, then each fuzz
# target for FUZZ_SECONDS (default 60) through scripts/fuzz.sh, which installs what fuzzing
# needs.
#
# Every step runs even when an earlier one failed. Each failure prints
# "reliability: FAILED: <what>"; the last line is "reliability: N passed, M failed", and the
# exit status is non-zero when M > 0. A test still running after RELIABILITY_TEST_TIMEOUT
# seconds (default 3600; the build before it is not counted) fails.
set -euo pipefail
cd "$(dirname "$0")/.."
trap 'status=$?; echo "reliability: FAILED: line $LINENO: $BASH_COMMAND (exit $status)"' ERR

FUZZ_SECONDS=${FUZZ_SECONDS:-60}
TEST_TIMEOUT=${RELIABILITY_TEST_TIMEOUT:-3600}
passed=0
failed=0

# Runs one step: $1 says what it checks, the rest is its command.
step() {
  local what=$1 status=0
  shift
  echo "== $what"
  "$@" || status=$?
  if [ "$status" -eq 0 ]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "reliability: FAILED: $what (exit $status)"
  fi
}

echo "== build the crash-safety and concurrency tests (release)"
if cargo test --release --quiet --no-run --test crash_safety --test concurrency; then
  step "crash safety: ${USERSTORE_CRASH_ROUNDS:-200} SIGKILL rounds" \
    env USERSTORE_CRASH_ROUNDS="${USERSTORE_CRASH_ROUNDS:-200}" \
    timeout --kill-after=30 "$TEST_TIMEOUT" \
    cargo test --release --test crash_safety -- --nocapture \
    acknowledged_operations_survive_sigkill
  step "concurrency: ${USERSTORE_CONCURRENCY_OPS:-10000} operations" \
    env USERSTORE_CONCURRENCY_OPS="${USERSTORE_CONCURRENCY_OPS:-10000}" \
    timeout --kill-after=30 "$TEST_TIMEOUT" \
    cargo test --release --test concurrency -- --nocapture \
    two_processes_four_threads_share_one_file
else
  # Both tests are lost with their build.
  failed=$((failed + 2))
  echo "reliability: FAILED: building the crash-safety and concurrency tests"
fi

step "postgres: 3 servers x 4 threads x ${USERSTORE_CONCURRENCY_OPS:-10000} operations each" \
  env USERSTORE_CONCURRENCY_OPS="${USERSTORE_CONCURRENCY_OPS:-10000}" \
  timeout --kill-after=30 "$TEST_TIMEOUT" bash -c '
    . scripts/pg-cluster.sh
    pg_start LONG
    USERSTORE_TEST_POSTGRES=$PG_LONG_URL cargo test --release -p userstore-cli \
      --test postgres_servers -- --nocapture three_processes_four_threads'

for target in bodies policy router c_request; do
  step "fuzz $target" scripts/fuzz.sh "$FUZZ_SECONDS" "$target"
done

echo "reliability: $passed passed, $failed failed"
if [ "$failed" -gt 0 ]; then exit 1; fi
