#!/bin/sh
# SPDX-License-Identifier: MIT
# Every exported symbol is dpss_*, carries the version node that
# libdpss/libdpss.map lists it in (DPSS_0.1, DPSS_0.2, ...), and is declared
# with DPSS_EXTERN in a public header; every such declaration is exported and
# listed in the map. Catches accidental exports, accidental removals and a
# function slipped into a released node.
set -u
# sort in byte order, as the released lists are, whatever the user's locale.
LC_ALL=C
export LC_ALL
lib="$top_builddir/.libs/libdpss.so"
map="$srcdir/../libdpss/libdpss.map"
test -f "$lib" || { echo "no $lib"; exit 1; }
NM=${NM:-nm}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
# Defined dynamic symbols, with versions (binutils prints name@@VERSION).
$NM -D --defined-only "$lib" | awk '{print $NF}' | grep -v '^DPSS_[0-9.]*$' | sort >"$T/syms"
# What the map says: name@@NODE for each symbol listed under a node.
sed 's,/\*.*\*/,,' "$map" | awk '
  /^DPSS_[0-9.]+ *\{/ { node = $1; sub(/\{.*/, "", node); next }
  /^ *(global|local):/ { next }
  /^ *dpss_[a-z0-9_]+;/ { s = $1; sub(/;/, "", s); print s "@@" node }' | sort >"$T/mapped"
if grep -q '\*' "$T/mapped"; then echo "the map must list names, not patterns"; exit 1; fi
bad=$(grep -v '^dpss_[a-z0-9_]*@@DPSS_0\.[0-9]*$' "$T/syms")
if [ -n "$bad" ]; then
  echo "exported symbols that are not dpss_* in a DPSS_0.x node:"; echo "$bad"; exit 1
fi
if ! diff -u "$T/mapped" "$T/syms"; then
  echo "the version script (-) and the exported symbols (+) differ"; exit 1
fi
# DPSS_0.1 is released: its list never changes.
grep '@@DPSS_0\.1$' "$T/syms" | sed 's/@@.*//' >"$T/v01"
if ! diff -u "$srcdir/abi/DPSS_0.1.list" "$T/v01"; then
  echo "the released node DPSS_0.1 changed"; exit 1
fi
sed 's/@@.*//' "$T/syms" >"$T/exported"
# Declared API: names after DPSS_EXTERN in the public headers.
grep -h -v '^#' "$srcdir/../include/dpss/"*.h | tr '\n' ' ' | grep -o 'DPSS_EXTERN [^(;]*(' |
  sed 's/($//; s/.*[ *]//' | sort -u >"$T/declared"
if ! diff -u "$T/declared" "$T/exported"; then
  echo "declared API (-) and exported symbols (+) differ"; exit 1
fi
echo "$(wc -l <"$T/exported") symbols exported, all dpss_*, each in its node of the map, all declared"
