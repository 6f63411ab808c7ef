#!/usr/bin/env bash
# Soak test of `userstore serve` under a login flood from one client, loopback only:
#   - builds the server (cargo build --release -p userstore-cli);
#   - starts it on a fresh demo database in a temp dir, on 127.0.0.1 and a free port;
#   - runs benches/soak_login_flood.py against it: the p50 of a cheap authenticated GET at
#     rest and during a flood of wrong-password logins from 12 connections (goal: at most 2x,
#     reported, not asserted), and how the flood was answered (429 before any hashing);
#   - stops the server and removes the temp dir, on failure too.
# Bounded: the server gets 30 s to listen, the flood lasts 10 s or 20000 requests, whichever
# comes first; arguments are passed on to the Python script (--flood-seconds, --flood-max,
# --rest-gets, --flood-gets, each capped there).
# Prints the JSON figures (and copies them to $SOAK_JSON when set: scripts/bench.sh does, and
# benches/report.py makes BENCHMARKS.md's rows of them). Exits non-zero, after
# "soak: FAILED: <what>", when a step failed or a timed GET did not answer 200.
set -euo pipefail
cd "$(dirname "$0")/.."
trap 'rc=$?; echo "soak: FAILED: line $LINENO: $BASH_COMMAND (exit $rc)" >&2' ERR

fail() {
  echo "soak: FAILED: $*" >&2
  exit 1
}

cargo build --release -p userstore-cli --quiet || fail "cargo build --release -p userstore-cli"
# SOAK_USERSTORE runs another build of the server (an older one, to compare).
userstore=${SOAK_USERSTORE:-${CARGO_TARGET_DIR:-target}/release/userstore}

work=$(mktemp -d)
server=
cleanup() {
  if [ -n "$server" ]; then
    kill -TERM "$server" 2>/dev/null || true
    # It lets the requests in flight finish (none by now); after 10 s it is killed.
    for _ in $(seq 1 100); do
      if ! kill -0 "$server" 2>/dev/null; then break; fi
      sleep 0.1
    done
    kill -KILL "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# Its request log (one line per request, thousands during the flood) goes to a file. Both
# files exist before the server starts, so that reading them below never races its start.
: >"$work/server.out"
: >"$work/server.log"
"$userstore" serve --db "$work/soak.db" --host 127.0.0.1 --port 0 --demo \
  >"$work/server.out" 2>"$work/server.log" &
server=$!
url=
for _ in $(seq 1 300); do
  url=$(sed -n 's|^userstore listening on \(http://127\.0\.0\.1:[0-9][0-9]*\)$|\1|p' "$work/server.out")
  if [ -n "$url" ] || ! kill -0 "$server" 2>/dev/null; then break; fi
  sleep 0.1
done
if [ -z "$url" ]; then
  cat "$work/server.out" "$work/server.log" >&2
  if kill -0 "$server" 2>/dev/null; then
    fail "the server did not print 'userstore listening on http://127.0.0.1:PORT' within 30 s"
  fi
  fail "the server exited before listening (its output is above)"
fi
echo "== soak against $url" >&2

status=0
python3 benches/soak_login_flood.py "$url" "$@" >"$work/soak.json" || status=$?
if [ "$status" -ne 0 ] && [ ! -s "$work/soak.json" ]; then
  fail "benches/soak_login_flood.py (exit $status)"
fi
cat "$work/soak.json"
echo
# scripts/bench.sh keeps the figures for BENCHMARKS.md (benches/report.py makes the rows).
if [ -n "${SOAK_JSON:-}" ]; then cp "$work/soak.json" "$SOAK_JSON"; fi

if [ "$status" -ne 0 ]; then
  fail "not every timed GET answered 200 (get_errors above)"
fi
