#!/bin/sh
# SPDX-License-Identifier: MIT
# libdpss set-up and checks on Debian 12. The two commands of README.md:
#
#   sh build-aux/dev.sh run    install what is missing, build, and run the
#                              main job: dpss evaluate --summary over the
#                              bundled sample caseload
#   sh build-aux/dev.sh test   install what is missing, build, and pass every
#                              test: unit tests, case suite, tool, ABI, docs,
#                              bindings, the fault-injection test, a few
#                              seconds of each fuzz harness (clang); the C
#                              suite again under AddressSanitizer +
#                              UndefinedBehaviorSanitizer; and make distcheck
#
# Run as root (or with sudo available) on a fresh machine; on a machine that
# has everything, nothing is installed. Builds go to _build/ and _build-asan/.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

PACKAGES="build-essential autoconf automake libtool autoconf-archive pkg-config
libjansson-dev uuid-dev libsqlite3-dev libcmocka-dev swig doxygen default-jdk-headless junit5
python3-dev python3-pytest python3-jsonschema python3-pandas abigail-tools libcsv-dev chromium
scdoc man-db clang libclang-rt-14-dev"
# Debian's own Python: its pytest runs only under it (see TOOLCHAIN notes).
PYTHON=/usr/bin/python3
SAMPLE_AS_OF=2026-11-22

started=$(date +%s)
# A phase, with the minutes and seconds since the start.
say() {
  t=$(($(date +%s) - started))
  printf 'dev.sh: [%d:%02d] %s\n' $((t / 60)) $((t % 60)) "$*"
}

deps() {
  missing=""
  for p in $PACKAGES; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
  done
  [ -z "$missing" ] && return 0
  say "installing Debian packages:$missing"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing
}

# build DIR [configure arguments...]
build() {
  dir=$1
  shift
  if [ ! -x configure ]; then
    say "autoreconf"
    autoreconf -fi
  fi
  mkdir -p "$dir"
  if [ ! -f "$dir/Makefile" ]; then
    say "configure in $dir"
    (cd "$dir" && "$top/configure" --quiet PYTHON="$PYTHON" "$@")
  fi
  say "make in $dir"
  make -C "$dir" -j2 >"$dir/make.log" 2>&1 || { cat "$dir/make.log"; return 1; }
}

# After a failed check: which tests failed, and their logs (automake's
# test-suite.log holds the log of every test that did not pass), so that a
# red CI run says why.
# Their names are said again last, where a cut output still shows them.
failed_names=""
failures() {
  for log in "$@"; do
    [ -f "$log" ] || continue
    grep -q '^# \(FAIL\|ERROR\|XPASS\): *[1-9]' "$log" || continue
    echo "dev.sh: failed in $log:"
    head -n 400 "$log"
    failed_names="$failed_names
$(grep -E '^(FAIL|ERROR|XPASS): ' "$log" | sed "s|\$| (in $log)|")"
  done
}

# Add up the automake summaries printed by make check, counting the pytest
# and JUnit cases inside the binding checks one by one.
count() {
  pass=0 fail=0
  for log in "$@"; do
    p=$(sed -n 's/^# PASS: *\([0-9]*\)/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
    f=$(sed -n 's/^# \(FAIL\|ERROR\|XPASS\): *\([0-9]*\)/\2/p' "$log" | awk '{s+=$1} END {print s+0}')
    pass=$((pass + p))
    fail=$((fail + f))
  done
  py=$(sed -n 's/^\([0-9]*\) passed.*/\1/p' _build/tests/check-python.log 2>/dev/null | tail -n 1)
  java=$(sed -n 's/^\[ *\([0-9]*\) tests successful.*/\1/p' _build/tests/check-java.log 2>/dev/null | tail -n 1)
  pass=$((pass + ${py:-0} + ${java:-0}))
}

case "${1:-}" in
run)
  deps
  build _build
  _build/examples/cli/dpss evaluate --summary --as-of "$SAMPLE_AS_OF" examples/data/caseload.jsonl
  ;;
test)
  deps
  build _build
  say "make check"
  status=0
  make -C _build -j2 check 2>&1 | tee _build/check.out || true
  grep -q '^# FAIL: *0$' _build/check.out && grep -q '^# ERROR: *0$' _build/check.out ||
    { status=1; failures _build/test-suite.log; }

  say "C tests and the dpss tool under AddressSanitizer + UndefinedBehaviorSanitizer"
  san="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all"
  # The fuzz harnesses already ran in _build, themselves under ASan + UBSan.
  build _build-asan CFLAGS="$san" LDFLAGS="-fsanitize=address,undefined" --disable-bindings \
    --disable-fuzz
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 \
    DPSS_SKIP_ABI="sanitizer build" DPSS_SKIP_FUZZ="ran in _build, under ASan + UBSan" \
    DPSS_LEDGER_WRITERS=200 \
    make -C _build-asan -j2 check 2>&1 | tee _build-asan/check.out || true
  grep -q '^# FAIL: *0$' _build-asan/check.out && grep -q '^# ERROR: *0$' _build-asan/check.out ||
    { status=1; failures _build-asan/test-suite.log; }

  say "make distcheck"
  # The two-writer ledger test ran at full size in _build.
  if DPSS_LEDGER_WRITERS=200 make -C _build -j2 distcheck >_build/distcheck.out 2>&1; then
    tail -n 4 _build/distcheck.out
  else
    tail -n 60 _build/distcheck.out
    failures _build/libdpss-*/_build/sub/test-suite.log
    status=1
  fi
  say "done"
  count _build/check.out _build-asan/check.out
  [ "$status" -eq 0 ] || fail=$((fail > 0 ? fail : 1))
  echo "libdpss tests: $pass passed, $fail failed"
  [ -z "$failed_names" ] || echo "dev.sh: failing tests:$failed_names"
  exit "$status"
  ;;
*)
  echo "usage: sh build-aux/dev.sh run|test" >&2
  exit 2
  ;;
esac
