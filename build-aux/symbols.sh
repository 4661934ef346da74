#!/bin/sh
# SPDX-License-Identifier: MIT
# Write the Debian symbols file of libdpss0 from the version script:
#
#   sh build-aux/symbols.sh [libdpss/libdpss.map] >debian/libdpss0.symbols
#
# Every symbol carries its node's version and, as its minimal version, the
# release that node came with: dpss_evaluate@DPSS_0.1 0.1.0. The file is
# generated, never edited; tests/check-symbols.sh checks it matches the map.
set -eu
map=${1:-$(dirname "$0")/../libdpss/libdpss.map}
test -r "$map" || { echo "symbols.sh: cannot read $map" >&2; exit 1; }
cat <<'HEAD'
# SPDX-License-Identifier: MIT
# Generated from libdpss/libdpss.map by build-aux/symbols.sh: do not edit.
libdpss.so.0 libdpss0 #MINVER#
* Build-Depends-Package: libdpss-dev
HEAD
# Comments out, then for each node its own name and each name it lists.
sed -e 's,/\*.*\*/,,' -e '/\/\*/,/\*\//d' "$map" | awk '
  /^[ \t]*DPSS_[0-9]+\.[0-9]+[ \t]*\{/ {
    node = $1; sub(/\{.*/, "", node)
    v = node; sub(/^DPSS_/, "", v); v = v ".0"
    print " " node "@" node " " v
    next
  }
  /^[ \t]*(global|local):/ { next }
  node != "" && /^[ \t]*dpss_[a-z0-9_]+;/ { s = $1; sub(/;/, "", s); print " " s "@" node " " v }
  /^[ \t]*\}/ { node = "" }' | LC_ALL=C sort
