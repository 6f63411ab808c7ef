#!/usr/bin/env bash
# Installs userstore into a prefix, as `make install` would:
#
#     scripts/install.sh [--profile release|dev] PREFIX
#
#   PREFIX/bin/userstore                         the server and admin CLI
#   PREFIX/lib/libuserstore.so.X.Y (its soname), libuserstore.so -> it, libuserstore.a
#   PREFIX/include/userstore.h
#   PREFIX/lib/pkgconfig/userstore.pc            pkg-config --cflags --libs [--static] userstore
#   PREFIX/share/userstore/userstore.example.toml, www/ (the browser demo, when built)
#   PREFIX/lib/systemd/system/userstore.service
#
# The profile is `release` by default; the install test uses `dev` (already built by the
# tests). DESTDIR is honoured as by make: files go to $DESTDIR$PREFIX, and name PREFIX.
set -euo pipefail
cd "$(dirname "$0")/.."

profile=release
while [ $# -gt 1 ]; do
  case "$1" in
    --profile) profile=$2; shift 2 ;;
    *) echo "usage: scripts/install.sh [--profile release|dev] PREFIX" >&2; exit 2 ;;
  esac
done
[ $# -eq 1 ] || { echo "usage: scripts/install.sh [--profile release|dev] PREFIX" >&2; exit 2; }
prefix=$(realpath -m "$1")
root="${DESTDIR:-}$prefix"
case $profile in release) dir=release ;; dev) dir=debug ;; *) echo "unknown profile $profile" >&2; exit 2 ;; esac

version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
major=${version%%.*}
minor=$(echo "$version" | cut -d. -f2)
if [ "$major" = 0 ]; then soname="libuserstore.so.$major.$minor"; else soname="libuserstore.so.$major"; fi

echo "install: building ($profile)"
cargo build --quiet --profile "$profile" -p userstore-cli -p userstore-c
# The system libraries a static link of libuserstore.a needs, as rustc reports them.
private_libs=$(cargo rustc --quiet --profile "$profile" -p userstore-c --lib --crate-type staticlib \
  -- --print native-static-libs 2>&1 | sed -n 's/.*native-static-libs: //p' | tail -1)

echo "install: into $root"
install -d "$root/bin" "$root/lib/pkgconfig" "$root/include" "$root/share/userstore" \
  "$root/lib/systemd/system"
install -m 755 "target/$dir/userstore" "$root/bin/userstore"
install -m 755 "target/$dir/libuserstore.so" "$root/lib/libuserstore.so.$version"
ln -sf "libuserstore.so.$version" "$root/lib/$soname"
ln -sf "$soname" "$root/lib/libuserstore.so"
install -m 644 "target/$dir/libuserstore.a" "$root/lib/libuserstore.a"
install -m 644 include/userstore.h "$root/include/userstore.h"
sed -e "s|@PREFIX@|$prefix|" -e "s|@VERSION@|$version|" -e "s|@PRIVATE_LIBS@|$private_libs|" \
  dist/userstore.pc.in >"$root/lib/pkgconfig/userstore.pc"
sed -e "s|@PREFIX@|$prefix|" dist/userstore.service >"$root/lib/systemd/system/userstore.service"
install -m 644 dist/userstore.example.toml "$root/share/userstore/userstore.example.toml"
if [ -f www/pkg/userstore_wasm_bg.wasm ]; then
  rm -rf "$root/share/userstore/www"
  cp -r www "$root/share/userstore/www"
fi
echo "install: done ($prefix/bin/userstore, $prefix/lib/$soname, pkg-config userstore)"
