#!/bin/sh
# SPDX-License-Identifier: MIT
# The Java binding's tests (JUnit 5 console launcher) and the Java example.
set -u
if [ "${BUILD_JAVA:-no}" != yes ]; then echo "Java binding not built"; exit 77; fi
if [ ! -f "${JUNIT_CONSOLE:-}" ]; then echo "JUnit console launcher not installed"; exit 77; fi
jar="$top_builddir/bindings/java/libdpss.jar"
# Java writes what the locale says (a bare CI environment may have none):
# pounds signs must come out as UTF-8 whatever it is.
utf8="-Dfile.encoding=UTF-8 -Dsun.stdout.encoding=UTF-8 -Dsun.stderr.encoding=UTF-8"
native="$top_builddir/bindings/java/.libs"
classes="$top_builddir/tests/java-classes"
rm -rf "$classes" && mkdir -p "$classes" || exit 1
"$JAVAC" -nowarn -encoding UTF-8 -d "$classes" -cp "$jar:$JUNIT_CONSOLE" \
  "$srcdir"/java/org/libdpss/*.java "$srcdir/../examples/java/CaseSystem.java" || exit 1
"$JAVA" $utf8 -Djava.library.path="$native" -Ddpss.tests="$srcdir" -jar "$JUNIT_CONSOLE" \
  --class-path "$jar:$classes" --select-package org.libdpss --fail-if-no-tests \
  --disable-banner --details=summary || exit 1
out=$("$JAVA" $utf8 -Djava.library.path="$native" -cp "$jar:$classes" CaseSystem \
  "$srcdir/../examples/data/recipient.json" 2026-11-22) || { echo "example failed"; exit 1; }
echo "$out"
echo "$out" | grep -q "surplus: reclaim £100.00" || exit 1
echo "$out" | grep -q "escalate issue I-1: open 21 days" || exit 1
# The README's Java example, as a user would compile and run it.
mkdir -p "$classes/readme" || exit 1
awk '/^```java$/ {on = 1; next} /^```$/ {if (on) exit} on' "$srcdir/../README.md" \
  >"$classes/readme/Example.java"
"$JAVAC" -nowarn -encoding UTF-8 -d "$classes/readme" -cp "$jar" "$classes/readme/Example.java" ||
  { echo "README example does not compile"; exit 1; }
out=$("$JAVA" $utf8 -Djava.library.path="$native" -cp "$jar:$classes/readme" Example) ||
  { echo "README example failed"; exit 1; }
echo "$out" | head -1
echo "$out" | grep -q "^reclaim £100.00$" || exit 1
echo "$out" | grep -q '"review_due":"2026-07-05"' || exit 1
