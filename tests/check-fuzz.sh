#!/bin/sh
# SPDX-License-Identifier: MIT
# Runs each libFuzzer harness of tests/fuzz/ for FUZZ_SECONDS seconds (3 here
# in `make check`; `make fuzz` runs 60 by default) on its seeds with the JSON
# dictionary. A crash, leak, sanitizer report or broken check fails the test;
# the input that did it is saved as tests/fuzz/crash/NAME-* in the build tree
# (add it to tests/fuzz/corpus/NAME/ once fixed). Skips (77) when configure
# found no clang with libFuzzer, or when DPSS_SKIP_FUZZ says why not (the
# sanitizer pass of build-aux/dev.sh: the harnesses already run under ASan
# and UBSan). FUZZ_SECONDS=0 only replays the seeds.
set -u
if [ -n "${DPSS_SKIP_FUZZ:-}" ]; then
  echo "skipped: $DPSS_SKIP_FUZZ"
  exit 77
fi
if [ "${HAVE_FUZZER:-no}" != yes ]; then
  echo "skipped: configure found no clang that links -fsanitize=fuzzer" \
    "(Debian: apt-get install clang libclang-rt-14-dev)"
  exit 77
fi
seconds=${FUZZ_SECONDS:-3}
harnesses=${FUZZ_HARNESSES:-recipient policy network framework calloff evaluate payments route reader ledger audit}
fuzz=$top_builddir/tests/fuzz
mkdir -p "$fuzz/work" "$fuzz/crash"
if [ "$seconds" -gt 0 ] 2>/dev/null; then
  how="-max_total_time=$seconds"
else
  how="-runs=0"
fi
status=0
for h in $harnesses; do
  bin=$fuzz/fuzz_$h
  if [ ! -x "$bin" ]; then
    echo "fuzz_$h: not built ($bin)"
    status=1
    continue
  fi
  mkdir -p "$fuzz/work/$h"
  log=$fuzz/work/$h.log
  "$bin" $how -timeout=20 -print_final_stats=1 -dict="$srcdir/fuzz/json.dict" \
    -artifact_prefix="$fuzz/crash/$h-" "$fuzz/work/$h" "$srcdir/fuzz/corpus/$h" >"$log" 2>&1
  rc=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  cov=$(grep -a -o 'cov: [0-9]*' "$log" | tail -n 1)
  if [ "$rc" -eq 0 ] && [ "$how" = -runs=0 ]; then
    echo "fuzz_$h: ${runs:-?} inputs replayed (${cov:-cov: ?}), nothing found"
  elif [ "$rc" -eq 0 ]; then
    echo "fuzz_$h: ${runs:-?} executions in ${seconds}s (${cov:-cov: ?}), nothing found"
  else
    echo "fuzz_$h: FOUND a problem (exit $rc), input saved under $fuzz/crash/:"
    grep -v '^#\|^INFO\|^NEW_FUNC\|^Loaded\|^MERGE' "$log" | tail -n 40
    status=1
  fi
done
exit $status
