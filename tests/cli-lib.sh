# SPDX-License-Identifier: MIT
# The prologue the script checks of the dpss tool share (check-cli*.sh,
# check-report.sh, check-audit-sheet.sh). Each sources it first:
#   . "$srcdir/cli-lib.sh"
# srcdir (this folder in the source tree) and top_builddir come from the
# automake test driver (AM_TESTS_ENVIRONMENT in tests/Makefile.inc), under
# make check and make distcheck alike.
set -u

# DPSS: the tool in the build tree. DATA: the sample data in the source tree.
DPSS="$top_builddir/examples/cli/dpss"
DATA="$srcdir/../examples/data"
# CRLF: a carriage return, for the line ends of CSV output (RFC 4180).
CRLF=$(printf '\r')
# T: a scratch folder, removed however the script ends.
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

# fails: how many checks have failed so far.
fails=0
# ok NAME: report a check that passed.
ok() { echo "ok: $1"; }
# bad NAME: report a check that failed and count it.
bad() { echo "FAILED: $1"; fails=$((fails + 1)); }
# check NAME CODE: run CODE (a shell command, evaluated) and report NAME as
# passed when it succeeds, failed otherwise.
check() { if eval "$2"; then ok "$1"; else bad "$1"; fi; }
# usage COMMAND...: run COMMAND with its standard output in $T/out and its
# standard error in $T/err; succeeds when it exits 2 (a usage error) and
# wrote nothing on standard output.
usage() { "$@" >"$T/out" 2>"$T/err"; test $? -eq 2 && test ! -s "$T/out"; }
# ev ARG...: dpss evaluate as of the sample data's day.
ev() { "$DPSS" evaluate --as-of 2026-11-22 "$@"; }
# tally: print how many checks failed; succeeds only when none did. The last
# command of a script, so that its status is the script's.
tally() { echo "$fails failure(s)"; test "$fails" -eq 0; }

# find_python: set PY to the first Python 3 that can import json: $PYTHON
# (configure's choice, exported by the test driver), /usr/bin/python3, then
# python3 on PATH; fails, with PY=python3, when there is none.
find_python() {
  for PY in "${PYTHON:-}" /usr/bin/python3 python3; do
    test -n "$PY" && test "$PY" != : && "$PY" -c 'import json' 2>/dev/null && return 0
  done
  return 1
}

# need_chromium: set CHROMIUM (default chromium) and sandbox (the flag a
# root user needs), or skip the script (exit 77) when it is not installed.
need_chromium() {
  CHROMIUM=${CHROMIUM:-chromium}
  if ! command -v "$CHROMIUM" >/dev/null 2>&1; then echo "chromium not installed"; exit 77; fi
  sandbox=""
  if [ "$(id -u)" -eq 0 ]; then sandbox="--no-sandbox"; fi
}

# chromium_run ARG...: headless Chromium with a profile of its own in $T
# (never the user's, which another browser, or one still closing, may hold:
# Chromium then hands the page to it and exits without a screenshot), with
# no network and logging on standard error, stopped after 3 minutes so that
# a hung browser fails the check instead of stalling the suite.
chromium_runs=0
chromium_run() {
  chromium_runs=$((chromium_runs + 1))
  # shellcheck disable=SC2086
  timeout 180 "$CHROMIUM" --headless $sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --enable-logging=stderr --v=0 \
    --user-data-dir="$T/chromium-$chromium_runs" "$@"
}
