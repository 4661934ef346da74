#!/bin/sh
# SPDX-License-Identifier: MIT
# The audit summary sheet renders in headless Chromium: write the sheet of a
# sample account with findings, take an A4-sized screenshot (kept as
# tests/audit-sheet.png in the build tree, beside the HTML), and fail on an
# empty page. Skips (77) when chromium is not installed.
# shellcheck source=tests/cli-lib.sh
. "$srcdir/cli-lib.sh"
need_chromium
find_python
out="$top_builddir/tests"
html="$out/audit-sheet.html"
png="$out/audit-sheet.png"
rm -f "$png"
"$top_builddir/tests/audit-sheet" "$DATA/caseload.jsonl" "$DATA/statements/R-000079.csv" \
  2026-05-01 2026-10-31 "$html" || { echo "could not write the sheet"; exit 1; }
grep -q "<script" "$html" && { echo "the sheet has a script"; exit 1; }
grep -Eq "(src|href)=|url\(|@import" "$html" && { echo "the sheet loads something"; exit 1; }
start=$(date +%s)
chromium_run --window-size=1240,1754 --screenshot="$png" "file://$(cd "$out" && pwd)/audit-sheet.html" \
  >"$out/audit-sheet.chromium.log" 2>&1
echo "rendered in $(( $(date +%s) - start )) s"
[ -s "$png" ] || { echo "no screenshot"; cat "$out/audit-sheet.chromium.log"; exit 1; }
# Count the pixels that are not white: an empty page has (next to) none.
PYTHONPATH="$srcdir" "$PY" -B - "$png" <<'PYEOF' || exit 1
import sys
import png_rows
w, h, bpp, rows = png_rows.read(sys.argv[1])
dark = 0
for y, line in enumerate(rows):
    if y % 4 == 0:
        dark += sum(1 for x in range(0, w * bpp, bpp * 4) if line[x] < 128)
print(f"{w}x{h} screenshot, {dark} dark samples")
sys.exit(0 if dark > 2000 else 1)
PYEOF
echo "sheet kept in $png"
