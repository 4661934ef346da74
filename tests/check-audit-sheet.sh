#!/bin/sh
# SPDX-License-Identifier: MIT
# The audit summary sheet renders in headless Chromium: write the sheet of a
# sample account with findings, take an A4-sized screenshot (kept as
# tests/audit-sheet.png in the build tree, beside the HTML), and fail on an
# empty page. Skips (77) when chromium is not installed.
set -u
CHROMIUM=${CHROMIUM:-chromium}
if ! command -v "$CHROMIUM" >/dev/null 2>&1; then echo "chromium not installed"; exit 77; fi
PY=${PYTHON:-python3}
[ -x "$PY" ] || PY=python3
data="$srcdir/../examples/data"
out="$top_builddir/tests"
html="$out/audit-sheet.html"
png="$out/audit-sheet.png"
rm -f "$png"
"$top_builddir/tests/audit-sheet" "$data/caseload.jsonl" "$data/statements/R-000079.csv" \
  2026-05-01 2026-10-31 "$html" || { echo "could not write the sheet"; exit 1; }
grep -q "<script" "$html" && { echo "the sheet has a script"; exit 1; }
grep -Eq "(src|href)=|url\(|@import" "$html" && { echo "the sheet loads something"; exit 1; }
sandbox=""
[ "$(id -u)" -eq 0 ] && sandbox="--no-sandbox"
start=$(date +%s)
"$CHROMIUM" --headless $sandbox --disable-gpu --disable-background-networking \
  --no-first-run --window-size=1240,1754 --screenshot="$png" "file://$(cd "$out" && pwd)/audit-sheet.html" \
  >"$out/audit-sheet.chromium.log" 2>&1
echo "rendered in $(( $(date +%s) - start )) s"
[ -s "$png" ] || { echo "no screenshot"; cat "$out/audit-sheet.chromium.log"; exit 1; }
# Count the pixels that are not white: an empty page has (next to) none.
"$PY" - "$png" <<'PYEOF' || exit 1
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
pos, idat, w = 8, b"", 0
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b"IHDR":
        w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
        assert depth == 8 and ctype in (2, 6), "unexpected PNG format"
        bpp = 3 if ctype == 2 else 4
    elif kind == b"IDAT":
        idat += body
    pos += 12 + n
raw = zlib.decompress(idat)
stride = w * bpp
prev = bytearray(stride)
dark = 0
for y in range(h):
    f = raw[y * (stride + 1)]
    line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for i in range(stride):
        a = line[i - bpp] if i >= bpp else 0
        b = prev[i]
        c = prev[i - bpp] if i >= bpp else 0
        if f == 1: line[i] = (line[i] + a) & 255
        elif f == 2: line[i] = (line[i] + b) & 255
        elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    if y % 4 == 0:
        dark += sum(1 for x in range(0, stride, bpp * 4) if line[x] < 128)
    prev = line
print(f"{w}x{h} screenshot, {dark} dark samples")
sys.exit(0 if dark > 2000 else 1)
PYEOF
echo "sheet kept in $png"
