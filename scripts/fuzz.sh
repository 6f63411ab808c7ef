#!/usr/bin/env bash
# Runs each fuzz target for SECONDS (default 60) with cargo-fuzz on the nightly toolchain,
# seeded from the shared scenarios' request bodies. Crashes land in fuzz/artifacts/<target>/;
# each one found becomes a regression input under tests/fuzz_regressions/<target>/, which
# `cargo test --test fuzz_regressions` replays on stable.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_TARGET=${1:-60}
command -v cargo-fuzz >/dev/null 2>&1 || cargo install -q cargo-fuzz
rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
# Seed corpora: every JSON body of the scenarios.
python3 - <<'PY'
import json, pathlib, hashlib
root = pathlib.Path("fuzz/corpus")
for target in ("bodies", "router", "policy"):
    (root / target).mkdir(parents=True, exist_ok=True)
for f in sorted(pathlib.Path("tests/scenarios").glob("*.json")):
    for step in json.loads(f.read_text())["steps"]:
        body = step.get("request", {}).get("body") or step.get("args")
        if body is not None:
            data = json.dumps(body).encode()
            (root / "bodies" / hashlib.sha1(data).hexdigest()).write_bytes(data)
PY
# The C entry point, userstore_request, with libFuzzer from clang, linked to the static library.
cargo build --quiet --release -p userstore-c
mkdir -p fuzz/target/c fuzz/corpus/c_request
clang -g -O1 -fsanitize=fuzzer,address -Iinclude fuzz/c/request.c \
  "${CARGO_TARGET_DIR:-target}/release/libuserstore.a" -lpthread -ldl -lm -o fuzz/target/c/request
printf 'GET\0/api/v2/users\0organizationId=1&pg%%5Blimit%%5D=5\0' > fuzz/corpus/c_request/list
printf 'POST\0/api/v2/sessions\0\0{"email":"demo@example.com","password":"Blue-Harbor-2026!"}' > fuzz/corpus/c_request/login
echo "== fuzz c_request for ${SECONDS_PER_TARGET}s"
(cd fuzz && target/c/request corpus/c_request -max_total_time="$SECONDS_PER_TARGET" -print_final_stats=1 \
   -artifact_prefix=artifacts/ 2>&1 | grep -E 'stat::|Done|cov:' | tail -n 6)

for target in bodies policy router; do
  echo "== fuzz $target for ${SECONDS_PER_TARGET}s"
  (cd fuzz && cargo +nightly fuzz run "$target" "corpus/$target" -- \
      -max_total_time="$SECONDS_PER_TARGET" -print_final_stats=1 2>&1 | tail -n 25 | grep -E 'stat::|Done|cov:' | tail -n 6)
done
