#!/usr/bin/env bash
# Fuzzes each target for SECONDS (default 60): bodies, policy and router with cargo-fuzz on
# the nightly toolchain, c_request (the C entry point userstore_request) with clang's
# libFuzzer.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]     (default: all four targets)
#
# Installs what is missing first: the nightly toolchain, cargo-fuzz, a C++ compiler (libFuzzer
# for Rust is built from source), clang and its libFuzzer runtime. A target fuzzes from
# fuzz/corpus/<target>/ (seeded from the shared scenarios) and from its regression inputs,
# tests/fuzz_regressions/<target>/. Its full log is fuzz/logs/<target>.log; libFuzzer writes
# crashes to fuzz/artifacts/<target>/.
#
# A crash is a failure: its input is copied into tests/fuzz_regressions/<target>/, which
# `cargo test --test fuzz_regressions` replays on stable (commit it with the fix). Each failure
# prints "fuzz: FAILED: <target> ..." with the log's path and tail; the exit status is non-zero
# when any target failed.
set -euo pipefail
cd "$(dirname "$0")/.."
# Any other failure (an install, the seeding) ends the script: say so.
trap 'status=$?; echo "fuzz: FAILED: line $LINENO: $BASH_COMMAND (exit $status)"' ERR

SECONDS_PER_TARGET=${1:-60}
if [ $# -gt 0 ]; then shift; fi
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(bodies policy router c_request)
if ! [[ $SECONDS_PER_TARGET =~ ^[0-9]+$ ]] || [ "$SECONDS_PER_TARGET" -eq 0 ]; then
  echo "fuzz: FAILED: SECONDS must be a positive number, not '$SECONDS_PER_TARGET'"
  exit 2
fi
# libFuzzer stops itself after SECONDS; this bound also covers loading the corpus, a hung input
# (each is limited to 10 s) and reporting.
LIMIT=$((SECONDS_PER_TARGET + 120))
LIBFUZZER_ARGS=(-max_total_time="$SECONDS_PER_TARGET" -timeout=10 -print_final_stats=1)
STATICLIB=${CARGO_TARGET_DIR:-target}/release/libuserstore.a
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

have() { command -v "$1" >/dev/null 2>&1; }
apt_install() {
  echo "fuzz: apt-get install $*"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "$@" >/dev/null
}
# Whether clang can build and link a libFuzzer target with AddressSanitizer.
clang_fuzzer_links() {
  printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { (void)d; (void)n; return 0; }\n' \
    > "$WORK/probe.c"
  clang -fsanitize=fuzzer,address "$WORK/probe.c" -o "$WORK/probe" >/dev/null 2>&1
}

rust_targets=false
c_target=false
for target in "${TARGETS[@]}"; do
  case $target in
    bodies | policy | router) rust_targets=true ;;
    c_request) c_target=true ;;
    *)
      echo "fuzz: FAILED: unknown target '$target' (bodies, policy, router, c_request)"
      exit 2
      ;;
  esac
done

# --- tools, each installed only when missing ---------------------------------------------------
have python3 || apt_install python3 # seeds the corpora
if $rust_targets; then
  rustup run nightly rustc --version >/dev/null 2>&1 ||
    rustup toolchain install nightly --profile minimal
  have cargo-fuzz || cargo install --locked cargo-fuzz
  have c++ || apt_install g++
fi
if $c_target; then
  have clang || apt_install clang
  # libFuzzer and AddressSanitizer come with compiler-rt, which Debian packages apart from
  # clang (clang only recommends it).
  if ! clang_fuzzer_links; then
    apt_install "libclang-rt-$(clang -dumpversion | cut -d. -f1)-dev"
  fi
fi

# --- seed corpora ------------------------------------------------------------------------------
# bodies: every JSON body of the shared scenarios.
python3 - <<'PY'
import hashlib, json, pathlib
out = pathlib.Path("fuzz/corpus/bodies")
out.mkdir(parents=True, exist_ok=True)
for f in sorted(pathlib.Path("tests/scenarios").glob("*.json")):
    for step in json.loads(f.read_text())["steps"]:
        body = step.get("request", {}).get("body") or step.get("args")
        if body is not None:
            data = json.dumps(body).encode()
            (out / hashlib.sha1(data).hexdigest()).write_bytes(data)
PY
# c_request: a flags byte (\001 sends the session), method, path, query, body.
mkdir -p fuzz/corpus/c_request
printf '\001GET\0/api/v2/users\0organizationId=1&pg%%5Blimit%%5D=5\0' > fuzz/corpus/c_request/list
printf '\001GET\0/api/v2/users/me\0cols%%5B%%5D=email\0' > fuzz/corpus/c_request/me
printf '\001PATCH\0/api/v2/users/1\0\0{"name":"Demo Person"}' > fuzz/corpus/c_request/rename
printf '\000POST\0/api/v2/sessions\0\0{"email":"demo@example.com","password":"Blue-Harbor-2026!"}' \
  > fuzz/corpus/c_request/login

# --- build and run -----------------------------------------------------------------------------
# Builds one target; its output goes to the target's log.
build() {
  case $1 in
    c_request)
      # The store of fuzz/c/request.c asks for fast hashing, which only this feature accepts.
      cargo build --quiet --release -p userstore-c --features insecure-test-hashing &&
        mkdir -p fuzz/target/c &&
        clang -g -O1 -fsanitize=fuzzer,address -Iinclude fuzz/c/request.c "$STATICLIB" \
          -lpthread -ldl -lm -o fuzz/target/c/request
      ;;
    *) cargo +nightly fuzz build "$1" ;;
  esac
}

# Prints a failure of target $1 (reason $2, log $3) with the log's tail.
report_failure() {
  echo "fuzz: FAILED: $1: $2 (log: $3)"
  echo "---- last 40 lines of $3"
  tail -n 40 "$3"
  echo "----"
}

failed=()
mkdir -p fuzz/logs
for target in "${TARGETS[@]}"; do
  log=fuzz/logs/$target.log
  artifacts=fuzz/artifacts/$target
  regressions=tests/fuzz_regressions/$target
  mkdir -p "$artifacts" "fuzz/corpus/$target" "$regressions"
  echo "== fuzz $target for ${SECONDS_PER_TARGET}s (log: $log)"
  if ! build "$target" >"$log" 2>&1; then
    report_failure "$target" "the build failed" "$log"
    failed+=("$target")
    continue
  fi
  # New inputs go to the first corpus directory; the regression inputs are read only.
  if [ "$target" = c_request ]; then
    run=(fuzz/target/c/request "${LIBFUZZER_ARGS[@]}" -artifact_prefix="$artifacts/"
      "fuzz/corpus/$target" "$regressions")
  else
    # cargo-fuzz passes -artifact_prefix=fuzz/artifacts/<target>/ itself.
    run=(cargo +nightly fuzz run "$target" "fuzz/corpus/$target" "$regressions" --
      "${LIBFUZZER_ARGS[@]}")
  fi
  touch "$WORK/start"
  status=0
  timeout --kill-after=30 "$LIMIT" "${run[@]}" >>"$log" 2>&1 || status=$?
  # libFuzzer's closing lines, when it got that far (sed, unlike grep, succeeds on no match).
  sed -n -E '/^stat::(number_of_executed_units|average_exec_per_sec|new_units_added|peak_rss_mb)|^Done [0-9]+ runs|DONE +cov:/p' \
    "$log" | tail -n 6
  if [ "$status" -eq 0 ]; then
    echo "fuzz: $target passed"
    continue
  fi
  failed+=("$target")
  new=()
  while IFS= read -r file; do
    new+=("$file")
  done < <(find "$artifacts" -type f -newer "$WORK/start" \
    \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) | sort)
  if [ ${#new[@]} -gt 0 ]; then
    cp "${new[@]}" "$regressions/"
    echo "fuzz: copied ${#new[@]} new failing input(s) from $artifacts/ to $regressions/:" \
      "${new[*]##*/}; fix the bug, then commit them (cargo test --test fuzz_regressions replays them)"
  fi
  if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
    report_failure "$target" "still running after ${LIMIT}s, stopped" "$log"
  else
    report_failure "$target" "libFuzzer exited with status $status" "$log"
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: FAILED: ${failed[*]}"
  exit 1
fi
echo "fuzz: all ${#TARGETS[@]} target(s) passed"
