#!/usr/bin/env bash
# Writes the SQLite amalgamation of the WebAssembly build into DIR (sqlite3.c, sqlite3.h), for
# sqlite-wasm-rs's build script (SQLITE_WASM_RS_SOURCE_DIR): sqlite-wasm-rs's own amalgamation,
# of the version Cargo.lock pins, with bindings/wasm/sqlite/omitted.c copied in just before
# the parser and one line of the parser changed, so that the parser-affecting omit options of
# bindings/wasm/sqlite/options.txt compile. Rewrites DIR only when its content would change,
# so cargo rebuilds SQLite only then.
#
# usage: scripts/sqlite-amalgamation.sh DIR
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:?usage: scripts/sqlite-amalgamation.sh DIR}

# Where cargo unpacked sqlite-wasm-rs (the version in Cargo.lock).
manifest=$(cargo metadata --format-version 1 --locked --filter-platform wasm32-unknown-unknown |
  node -e '
    let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
      const p = JSON.parse(s).packages.find((p) => p.name === "sqlite-wasm-rs");
      if (!p) { console.error("sqlite-amalgamation: sqlite-wasm-rs is not a dependency"); process.exit(1); }
      console.log(p.manifest_path);
    });')
src=$(dirname "$manifest")/sqlite3
omitted=$PWD/bindings/wasm/sqlite/omitted.c

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Exactly one line must match each edit, or this SQLite is not the one the edits were made
# for: stop rather than build something else.
expect_one() { # expect_one NAME PATTERN: PATTERN matches exactly one line of the source
  local n
  n=$(grep -cE "$2" "$src/sqlite3.c" || true)
  if [ "$n" != 1 ]; then
    echo "sqlite-amalgamation: $1: expected 1 matching line in $src/sqlite3.c, found $n" >&2
    exit 1
  fi
}
# 1. omitted.c goes in just before the parser, where every type and helper it needs is
#    declared and before the parser's first call into a left-out feature.
parser='^/\*+ Begin file parse\.c \*+/$'
expect_one "parser start" "$parser"
# 2. With window functions left out, `struct Select` has no window list, but the prebuilt
#    parser still stores the (here always empty) WINDOW clause there.
window='^ +yymsp\[-9\]\.minor\.yy[0-9]+->pWinDefn = yymsp\[-2\]\.minor\.yy[0-9]+;$'
expect_one "WINDOW clause" "$window"

# omitted.c is copied in (not #included) so that a change to it changes sqlite3.c.
awk -v omitted="$omitted" -v parser="$parser" -v window="$window" '
  $0 ~ parser { print "/* ---- bindings/wasm/sqlite/omitted.c ---- */"
                while ((getline line < omitted) > 0) print line
                close(omitted) }
  $0 ~ window { print "    /* window functions are not in this build: nothing to store */"; next }
  { print }' "$src/sqlite3.c" >"$tmp/sqlite3.c"
cp "$src/sqlite3.h" "$tmp/sqlite3.h"

mkdir -p "$out"
for f in sqlite3.c sqlite3.h; do
  if ! cmp -s "$tmp/$f" "$out/$f"; then
    cp "$tmp/$f" "$out/$f"
  fi
done
