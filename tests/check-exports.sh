#!/bin/sh
# Every exported symbol is dpss_*, carries the DPSS_0.1 version node, and is
# declared with DPSS_EXTERN in a public header; every such declaration is
# exported. Catches accidental exports and accidental removals.
set -u
lib="$top_builddir/.libs/libdpss.so"
test -f "$lib" || { echo "no $lib"; exit 1; }
NM=${NM:-nm}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
# Defined dynamic symbols, with versions (binutils prints name@@VERSION).
$NM -D --defined-only "$lib" | awk '{print $NF}' | sort >"$T/all"
grep -v '^DPSS_0\.1$' "$T/all" >"$T/syms"
bad=$(grep -v '^dpss_[a-z0-9_]*@@DPSS_0\.1$' "$T/syms")
if [ -n "$bad" ]; then
  echo "exported symbols that are not dpss_* in node DPSS_0.1:"; echo "$bad"; exit 1
fi
sed 's/@@.*//' "$T/syms" >"$T/exported"
# Declared API: names after DPSS_EXTERN in the public headers.
grep -h -v '^#' "$srcdir/../include/dpss/"*.h | tr '\n' ' ' | grep -o 'DPSS_EXTERN [^(;]*(' |
  sed 's/($//; s/.*[ *]//' | sort -u >"$T/declared"
if ! diff -u "$T/declared" "$T/exported"; then
  echo "declared API (-) and exported symbols (+) differ"; exit 1
fi
echo "$(wc -l <"$T/exported") symbols exported, all dpss_*, all versioned DPSS_0.1, all declared"
