#!/bin/sh
# SPDX-License-Identifier: MIT
# Doxygen over the public headers and the front page (docs/mainpage.md),
# warnings as errors: the same configuration as `make docs`.
set -u
DOXYGEN=${DOXYGEN:-doxygen}
if ! command -v "$DOXYGEN" >/dev/null 2>&1; then echo "doxygen not installed"; exit 77; fi
out="$top_builddir/doc"
mkdir -p "$out"
"$DOXYGEN" "$top_builddir/Doxyfile" >"$out/doxygen.log" 2>&1
rc=$?
grep -i -E "warning|error" "$out/doxygen.log" | head -20
test $rc -eq 0 && ! grep -qi "warning" "$out/doxygen.log" || exit 1
# The front page is the user's one, with the version on it.
index="$out/html/index.html"
grep -q "A first program" "$index" || { echo "front page is not docs/mainpage.md"; exit 1; }
version=$(sed -n 's/^#define DPSS_VERSION_STRING "\(.*\)"$/\1/p' "$top_builddir/include/dpss/version.h")
grep -q "projectnumber\">\(&#160;\)\?$version<" "$index" || { echo "version $version not on the front page"; exit 1; }
echo "$(ls "$out/html" | wc -l) files in doc/html, version $version on the front page"
