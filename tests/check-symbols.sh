#!/bin/sh
# SPDX-License-Identifier: MIT
# debian/libdpss0.symbols is what build-aux/symbols.sh makes of
# libdpss/libdpss.map, and names exactly the versioned symbols the built
# library exports.
set -u
top="$srcdir/.."
sym="$top/debian/libdpss0.symbols"
test -f "$sym" || { echo "no $sym"; exit 1; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
sh "$top/build-aux/symbols.sh" "$top/libdpss/libdpss.map" >"$T/expected" || exit 1
if ! diff -u "$sym" "$T/expected"; then
  echo "debian/libdpss0.symbols is out of date: sh build-aux/symbols.sh >debian/libdpss0.symbols"
  exit 1
fi
lib="$top_builddir/.libs/libdpss.so"
test -f "$lib" || { echo "no $lib"; exit 1; }
# nm prints name@@VERSION for a default version, and the node itself.
${NM:-nm} -D --defined-only "$lib" | awk '{print $NF}' | sed 's/@@*/@/' |
  awk '/@/ {print} !/@/ {print $0 "@" $0}' | LC_ALL=C sort >"$T/exported"
sed -n 's/^ \([^ ]*\) .*/\1/p' "$sym" | LC_ALL=C sort >"$T/listed"
if ! diff -u "$T/listed" "$T/exported"; then
  echo "the symbols file (-) and the library's exports (+) differ"; exit 1
fi
echo "$(grep -c '^ ' "$sym") symbols in debian/libdpss0.symbols, matching the map and the library"
