#!/usr/bin/env bash
# The install test: scripts/install.sh into a temporary prefix (dev profile), then a C
# program built with nothing but pkg-config, linked dynamically (through the soname) and
# statically (pkg-config --static), runs; the installed server answers `--version` and
# `config check` on the installed example settings.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix="$tmp/prefix"
scripts/install.sh --profile dev "$prefix" >/dev/null
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
fail() { echo "test-install: $*" >&2; exit 1; }

[ "$(pkg-config --variable=prefix userstore)" = "$prefix" ] || fail "prefix in userstore.pc"
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
[ "$(pkg-config --modversion userstore)" = "$version" ] || fail "version in userstore.pc"

# Dynamic: the program needs the soname, and runs against the installed library.
cc tests/install/main.c -o "$tmp/dynamic" $(pkg-config --cflags --libs userstore)
soname=$(readelf -d "$tmp/dynamic" | sed -n 's/.*Shared library: \[\(libuserstore[^]]*\)\].*/\1/p')
[ "$soname" = "libuserstore.so.$(echo "$version" | cut -d. -f1,2)" ] || fail "needs '$soname'"
[ -e "$prefix/lib/$soname" ] || fail "$soname is not installed"
out=$(LD_LIBRARY_PATH="$prefix/lib" "$tmp/dynamic")
case $out in
  "$version {\"user\":{\"id\":1,\"name\":\"Ada Lovelace\",\"email\":\"ada@example.com\""*) ;;
  *) fail "dynamic program printed: $out" ;;
esac

# Static: with only the archive in a copy of the prefix, `--static` names every library.
cp -r "$prefix" "$tmp/static-prefix"
rm "$tmp/static-prefix/lib/"libuserstore.so*
sed -i "s|^prefix=.*|prefix=$tmp/static-prefix|" "$tmp/static-prefix/lib/pkgconfig/userstore.pc"
cc tests/install/main.c -o "$tmp/static" \
  $(PKG_CONFIG_PATH="$tmp/static-prefix/lib/pkgconfig" pkg-config --cflags --libs --static userstore)
readelf -d "$tmp/static" | grep -q 'libuserstore' && fail "the static program needs libuserstore.so"
out=$("$tmp/static")
case $out in
  "$version {\"user\":{\"id\":1,"*) ;;
  *) fail "static program printed: $out" ;;
esac

# The server, its example settings and its systemd unit.
"$prefix/bin/userstore" --version | grep -qx "userstore $version" || fail "userstore --version"
"$prefix/bin/userstore" config check \
  --config "$prefix/share/userstore/userstore.example.toml" >/dev/null || fail "config check"
grep -qx "ExecStart=$prefix/bin/userstore serve --config /etc/userstore/userstore.toml" \
  "$prefix/lib/systemd/system/userstore.service" || fail "the unit's ExecStart"
echo "test-install: installed into a prefix, built with pkg-config (dynamic and static), ran"
