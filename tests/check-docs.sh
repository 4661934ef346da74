#!/bin/sh
# SPDX-License-Identifier: MIT
# Doxygen over the public headers, warnings as errors.
set -u
DOXYGEN=${DOXYGEN:-doxygen}
if ! command -v "$DOXYGEN" >/dev/null 2>&1; then echo "doxygen not installed"; exit 77; fi
out="$top_builddir/doc"
mkdir -p "$out"
top="$srcdir/.."
( cd "$top" && cat Doxyfile && echo "OUTPUT_DIRECTORY = $out" &&
  echo "INPUT = include README.md $top_builddir/include/dpss/version.h" &&
  echo "STRIP_FROM_PATH = $top $top_builddir" ) >"$out/Doxyfile.run"
( cd "$top" && "$DOXYGEN" "$out/Doxyfile.run" ) >"$out/doxygen.log" 2>&1
rc=$?
cat "$out/doxygen.log" | grep -i -E "warning|error" | head -20
test $rc -eq 0 && ! grep -qi "warning" "$out/doxygen.log"
