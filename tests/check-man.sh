#!/bin/sh
# SPDX-License-Identifier: MIT
# The man pages render without warnings (man -l and groff -ww), and dpss(1)
# keeps up with the tool: every command and option `dpss --help` (and each
# `dpss COMMAND --help`) shows is in the page.
set -u
if ! command -v groff >/dev/null 2>&1 || ! command -v man >/dev/null 2>&1; then
  echo "groff or man not installed"; exit 77
fi
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
status=0
# The roff is in the build tree, or in the source tree when built from a tarball.
page() {
  for d in "$top_builddir/docs/man" "$srcdir/../docs/man"; do
    if [ -f "$d/$1" ]; then echo "$d/$1"; return 0; fi
  done
  return 1
}
for p in dpss.1 libdpss.3; do
  f=$(page "$p") || { echo "$p: not built"; exit 1; }
  if ! groff -man -ww -z "$f" >"$T/groff.out" 2>&1 || [ -s "$T/groff.out" ]; then
    echo "$p: groff warnings:"; cat "$T/groff.out"; status=1
  fi
  if ! LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings=w -l "$f" >"$T/$p.txt" 2>"$T/man.err" ||
     [ -s "$T/man.err" ]; then
    echo "$p: man -l warnings:"; cat "$T/man.err"; status=1
  fi
  [ -s "$T/$p.txt" ] || { echo "$p: renders empty"; status=1; }
  echo "$p: $(wc -l <"$T/$p.txt") lines, no warnings"
done

dpss="$top_builddir/examples/cli/dpss"
"$dpss" --help >"$T/help" || { echo "dpss --help failed"; exit 1; }
# Commands: in the Commands section, each line indented by two spaces names
# a command (with its subcommand, "network check") before two or more spaces
# and its description; "a | b" lines name several.
awk '/^[A-Za-z ]*[Cc]ommands:/ {on = 1; next} /^[A-Za-z][A-Za-z ]*:/ {on = 0}
  on && /^  [a-z]/ {
    line = $0
    sub(/^  /, "", line)
    split(line, parts, /  +/)
    n = split(parts[1], alt, / [|] /)
    for (i = 1; i <= n; i++) {
      split(alt[i], w, " ")
      cmd = w[1]
      if (w[2] ~ /^[a-z][a-z-]*$/ && w[2] != cmd) cmd = cmd " " w[2]
      print cmd
    }
  }' "$T/help" | sort -u >"$T/commands"
[ -s "$T/commands" ] || { echo "no commands found in dpss --help"; exit 1; }
# Options: every --long option of the general help and of each command's help.
cp "$T/help" "$T/allhelp"
for c in $(cut -d' ' -f1 "$T/commands" | sort -u); do
  "$dpss" "$c" --help >>"$T/allhelp" 2>/dev/null || true
done
grep -o -- '--[a-z][a-z-]*' "$T/allhelp" | sort -u >"$T/options"
man1="$T/dpss.1.txt"
ncmd=0
while read -r c; do
  # A command is documented when a line of the page starts with it.
  if grep -q -E "^ +$c( |$)" "$man1"; then ncmd=$((ncmd + 1)); else
    echo "dpss(1) does not document the command '$c'"; status=1; fi
done <"$T/commands"
nopt=0
while read -r o; do
  if grep -q -- "$o\\b" "$man1"; then nopt=$((nopt + 1)); else
    echo "dpss(1) does not document the option '$o'"; status=1; fi
done <"$T/options"
echo "dpss(1) documents the $ncmd commands and $nopt options of dpss --help"
exit $status
