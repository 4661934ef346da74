#!/bin/sh
# SPDX-License-Identifier: MIT
# The C examples of README.md and of the reference's front page
# (docs/mainpage.md) compile against the built library and run; every
# Python block of README.md runs against the built binding, from the top of
# the source tree (where the sample data the examples read lives).
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

if [ "${BUILD_PYTHON:-no}" != yes ]; then
  echo "Python binding not built: README's Python blocks not run"
  exit 0
fi
"$PYTHON" -c 'import pandas' 2>/dev/null || { echo "pandas not installed for $PYTHON"; exit 1; }
n=0
while :; do
  n=$((n + 1))
  awk -v want="$n" '/^```python$/ {k++; if (k == want) {on = 1; next}} /^```$/ {on = 0} on' \
    "$srcdir/../README.md" >"$T/block.py"
  test -s "$T/block.py" || break
  (cd "$srcdir/.." && PYTHONPATH="$top_builddir/bindings/python" "$PYTHON" "$T/block.py") \
    >"$T/block.out" 2>&1 || { echo "README.md: Python block $n failed:"; cat "$T/block.out"; exit 1; }
  echo "README.md: Python block $n ran ($(wc -l <"$T/block.out") lines out)"
  # The example of "Using it from Python" prints the sample caseload's summary.
  if grep -q "dpss.summarize" "$T/block.py"; then
    grep -q "recipients evaluated *240" "$T/block.out" || { echo "no summary of 240"; exit 1; }
    summary=yes
  fi
done
[ "$n" -gt 2 ] || { echo "README.md: fewer than two Python blocks found"; exit 1; }
[ "${summary:-no}" = yes ] || { echo "README.md: no Python block printed the summary"; exit 1; }
