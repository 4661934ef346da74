#!/bin/sh
# SPDX-License-Identifier: MIT
# The C examples of README.md and of the reference's front page
# (docs/mainpage.md) compile against the built library and run.
set -u
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
for doc in README.md docs/mainpage.md; do
  awk '/^```c$/ {on = 1; next} /^```$/ {if (on) exit} on' "$srcdir/../$doc" >"$T/example.c"
  test -s "$T/example.c" || { echo "no C example in $doc"; exit 1; }
  ${CC:-cc} ${CFLAGS:-} ${LDFLAGS:-} -Wall -Wextra -Werror -I"$srcdir/../include" -I"$top_builddir/include" \
    "$T/example.c" -o "$T/example" -L"$top_builddir/.libs" -ldpss \
    -Wl,-rpath,"$top_builddir/.libs" || { echo "$doc: example does not compile"; exit 1; }
  out=$("$T/example") || { echo "$doc: example failed"; exit 1; }
  echo "$doc: $(echo "$out" | head -1)"
  echo "$out" | grep -q "^pay back 10000 pence$" || exit 1
  echo "$out" | grep -q '"review_due":"2026-07-05"' || exit 1
done
