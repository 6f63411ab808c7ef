#!/usr/bin/env bash
# Tests the C ABI (bindings/c, include/userstore.h) from C and from Python.
#
# 1. Builds libuserstore.{a,so} (`cargo build -p userstore-c`, debug profile, with the test
#    feature insecure-test-hashing so that the tests may configure fast hashing; so built it
#    shares the core's build with `cargo test`) and writes userstore.pc into
#    $TARGET/debug/pkgconfig, with its prefix pointing at that build.
# 2. Compiles each C99 program of tests/c with -std=c99 -Wall -Wextra -Werror and
#    -fsanitize=address,undefined (LeakSanitizer on), once against the static library and once
#    against the shared one, with `pkg-config --cflags --libs userstore`, and runs it:
#    scenarios.c (the shared scenarios), bad_input.c, threads.c, example.c (the README's; the
#    README must show it verbatim).
# 3. Runs the scenario program (built without sanitizers) under valgrind.
# 4. Runs the Python ctypes test against the shared library.
#
# Prints "C tests: N passed, M failed" (one test per program run) and exits non-zero on any
# failure. Honours CARGO_TARGET_DIR and CC; needs gcc or clang, pkg-config, libcjson-dev,
# valgrind and python3 (scripts/setup.sh installs them).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

TARGET=${CARGO_TARGET_DIR:-target}
[[ $TARGET == /* ]] || TARGET=$ROOT/$TARGET
LIBDIR=$TARGET/debug
CC=${CC:-cc}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

echo "== cargo build -p userstore-c --features insecure-test-hashing"
cargo build -p userstore-c --features insecure-test-hashing --quiet
# Programs linked against the shared library need it by its soname (libuserstore.so.0.1, set
# by bindings/c/build.rs): the build tree gets that name too, as an install does.
SONAME=$(readelf -d "$LIBDIR/libuserstore.so" | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')
ln -sf libuserstore.so "$LIBDIR/$SONAME"

# --- pkg-config -----------------------------------------------------------------------------
VERSION=$(sed -n 's/^#define USERSTORE_VERSION "\(.*\)"$/\1/p' include/userstore.h)
mkdir -p "$LIBDIR/pkgconfig"
cat > "$LIBDIR/pkgconfig/userstore.pc" <<EOF
# userstore C API, from the build tree (written by scripts/test-c.sh).
prefix=$LIBDIR
libdir=\${prefix}
includedir=$ROOT/include

Name: userstore
Description: Embeddable user-account store over SQLite (Make API v2 users), C API
Version: $VERSION
Cflags: -I\${includedir}
Libs: -L\${libdir} -Wl,-rpath,\${libdir} -luserstore
Libs.private: -lpthread -ldl -lm
EOF
export PKG_CONFIG_PATH=$LIBDIR/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}
echo "wrote $LIBDIR/pkgconfig/userstore.pc"

# --- build flags ----------------------------------------------------------------------------
CFLAGS=(-std=c99 -Wall -Wextra -Werror -g -Itests/c)
SANITIZE=(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
read -r -a CJSON <<< "$(pkg-config --cflags --libs libcjson)"
read -r -a SHARED <<< "$(pkg-config --cflags --libs userstore)"
# The same flags, with the archive instead of the shared library.
read -r -a STATIC <<< "$(pkg-config --cflags --libs --static userstore |
  sed 's/-luserstore/-l:libuserstore.a/')"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

passed=0
failed=0
# run NAME COMMAND...: one test; its output is shown only when it fails.
run() {
  local name=$1
  shift
  if "$@" > "$WORK/log" 2>&1; then
    passed=$((passed + 1))
    echo "ok   $name: $(tail -n 1 "$WORK/log")"
  else
    failed=$((failed + 1))
    echo "FAIL $name"
    sed 's/^/     /' "$WORK/log"
  fi
}

# build OUT SOURCE FLAGS...: compiles one test program; a compile error counts as a failure.
build() {
  local out=$1 source=$2
  shift 2
  if "$CC" "${CFLAGS[@]}" -o "$out" "$source" "$@" 2> "$WORK/build.log"; then
    return 0
  fi
  failed=$((failed + 1))
  echo "FAIL build $(basename "$out")"
  sed 's/^/     /' "$WORK/build.log"
  return 1
}

# The README's "## C" section shows tests/c/example.c verbatim.
readme_example_is_current() {
  awk '/^## /{c = ($0 == "## C")} c && /^```c$/{e = 1; next} e && /^```$/{exit} e' README.md |
    diff -u tests/c/example.c - && echo "README shows tests/c/example.c"
}

# The README example prints what each step gave; check the parts that show it worked.
# (One && chain: `set -e` does not apply inside a function that `run` calls from an `if`.)
run_example() {
  "$1" > "$WORK/example.out" &&
    grep -q '"authUser":{"id":1,"name":"Ada King"}' "$WORK/example.out" &&
    grep -q 'changePassword: USERSTORE_BAD_REQUEST (HTTP 400) {.*"code":"IM102"' \
      "$WORK/example.out" &&
    echo "example: output as expected"
}

run "README example is tests/c/example.c" readme_example_is_current

for link in static shared; do
  if [[ $link == static ]]; then LIBS=("${STATIC[@]}"); else LIBS=("${SHARED[@]}"); fi
  for program in scenarios bad_input threads example; do
    bin=$WORK/$program-$link
    build "$bin" "tests/c/$program.c" "${SANITIZE[@]}" "${LIBS[@]}" "${CJSON[@]}" -pthread ||
      continue
    case $program in
      scenarios) run "scenarios ($link, asan+ubsan)" "$bin" tests/scenarios ;;
      example) run "example ($link, asan+ubsan)" run_example "$bin" ;;
      *) run "$program ($link, asan+ubsan)" "$bin" "$WORK" ;;
    esac
  done
done

# valgrind on the scenario runner, built without sanitizers (they cannot run together).
if command -v valgrind > /dev/null; then
  build "$WORK/scenarios-plain" tests/c/scenarios.c "${STATIC[@]}" "${CJSON[@]}" -pthread &&
    run "scenarios (static, valgrind)" valgrind --quiet --error-exitcode=1 --leak-check=full \
    --errors-for-leak-kinds=definite,indirect,possible "$WORK/scenarios-plain" tests/scenarios
else
  failed=$((failed + 1))
  echo "FAIL valgrind is not installed (scripts/setup.sh installs it)"
fi

run "python ctypes (shared)" env USERSTORE_LIB="$LIBDIR/libuserstore.so" \
  python3 -m unittest discover -s tests/python

echo "C tests: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
