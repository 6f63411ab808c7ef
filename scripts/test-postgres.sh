#!/usr/bin/env bash
# The Rust integration tests and the shared scenarios again, on a real PostgreSQL server:
# each test opens its store in a fresh schema of a throwaway cluster
# (USERSTORE_TEST_POSTGRES; tests/common/backend.rs). Tests about SQLite files say so and
# return early; the multi-process tests (bindings/cli/tests/postgres_servers.rs: three servers,
# one database) run here too. Then the C ABI built with the feature, and the failover test (a
# primary and a synchronous standby).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/pg-cluster.sh

pg_start MAIN -c fsync=off -c synchronous_commit=off -c full_page_writes=off
export USERSTORE_TEST_POSTGRES=$PG_MAIN_URL
echo "postgres: cluster on port $PG_MAIN_PORT"
cargo test --workspace --quiet --tests 2>&1 | grep -v '^$'
echo "postgres: every Rust integration test passed on PostgreSQL"

# The C ABI built with the feature.
echo "== C ABI on PostgreSQL"
cargo build --quiet -p userstore-c --features postgres,insecure-test-hashing
TARGET=${CARGO_TARGET_DIR:-target}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"; pg_cleanup' EXIT
${CC:-cc} -std=c99 -Wall -Wextra -Werror -Iinclude tests/c_postgres/open.c \
  "$TARGET/debug/libuserstore.a" -lpthread -ldl -lm -o "$WORK/open"
psql -q "$PG_MAIN_URL" -c "CREATE SCHEMA c_abi"
"$WORK/open" "$PG_MAIN_URL?options=-csearch_path%3Dc_abi"

# Failover: a primary that waits for its standby at every commit, and the standby.
pg_start PRIMARY -c synchronous_commit=on -c synchronous_standby_names=standby
pg_standby STANDBY PRIMARY
export USERSTORE_TEST_FAILOVER="$PG_PRIMARY_URL|$PG_STANDBY_URL|$PG_PRIMARY_DIR/data"
cargo test --quiet -p userstore-cli --test postgres_failover -- --nocapture 2>&1 | grep -v '^$'
