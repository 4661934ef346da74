#!/bin/sh
# SPDX-License-Identifier: MIT
# The C example in README.md compiles against the built library and runs.
set -u
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
awk '/^```c$/ {on = 1; next} /^```$/ {if (on) exit} on' "$srcdir/../README.md" >"$T/example.c"
test -s "$T/example.c" || { echo "no C example in README.md"; exit 1; }
${CC:-cc} ${CFLAGS:-} ${LDFLAGS:-} -Wall -Wextra -Werror -I"$srcdir/../include" -I"$top_builddir/include" \
  "$T/example.c" -o "$T/example" -L"$top_builddir/.libs" -ldpss \
  -Wl,-rpath,"$top_builddir/.libs" || exit 1
out=$("$T/example") || { echo "example failed"; exit 1; }
echo "$out" | head -1
echo "$out" | grep -q "^pay back 10000 pence$" || exit 1
echo "$out" | grep -q '"review_due":"2026-07-05"' || exit 1
