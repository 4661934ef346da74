#!/bin/sh
# SPDX-License-Identifier: MIT
# The ABI promise: compare the built library with the baseline committed in
# tests/abi/libdpss.abi. Any change to or removal of an existing function or
# type fails; new functions pass (check-exports.sh lists them against the
# headers). Refresh the baseline on purpose, with the -version-info bump:
#   make abi-baseline    (in the build directory), which runs abidw on the library.
set -u
lib="$top_builddir/.libs/libdpss.so"
base="$srcdir/abi/libdpss.abi"
ABIDIFF=${ABIDIFF:-abidiff}
if ! command -v "$ABIDIFF" >/dev/null 2>&1; then echo "abidiff not installed"; exit 77; fi
if [ -n "${DPSS_SKIP_ABI:-}" ]; then echo "skipped: $DPSS_SKIP_ABI"; exit 77; fi
"$ABIDIFF" --no-added-syms --headers-dir2 "$srcdir/../include" --headers-dir2 "$top_builddir/include" \
  "$base" "$lib"
rc=$?
if [ $rc -ne 0 ]; then
  echo "abidiff exit status $rc: the ABI changed against tests/abi/libdpss.abi"
  exit 1
fi
echo "ABI matches the baseline"
