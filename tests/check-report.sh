#!/bin/sh
# SPDX-License-Identifier: MIT
# dpss report --html: the page of the sample caseload (with the network, the
# framework, a payments period and the alternative surplus_threshold_weeks=8)
# is well formed, self-contained (nothing fetched, nothing run), has every
# section with its chart, its table and its caption, gives the same money as
# the tool's own summaries, is the same page every time, and escapes what
# comes from data. Then it is rendered in headless Chromium: no console
# errors, every section in the rendered DOM, and a screenshot that is not
# blank and shows the charts' colours, kept as tests/report.png in the build
# tree. The page checks run without Chromium; the rendering is skipped (77)
# when it is not installed.
# shellcheck source=tests/cli-lib.sh
. "$srcdir/cli-lib.sh"
out="$top_builddir/tests"
html="$out/report.html"
png="$out/report.png"
find_python  # PY: without one, the checks that read output with Python fail

AS_OF=2026-11-22
report() {
  "$DPSS" report --html --as-of $AS_OF --network "$DATA/network.json" \
    --framework "$DATA/framework.json" --from 2026-01-01 --to 2026-12-31 \
    --with surplus_threshold_weeks=8 "$@" "$DATA/caseload.jsonl"
}
rm -f "$html" "$png"
report -o "$html" 2>"$T/err"
check "the report of the sample caseload is written (exit 0, nothing on stderr)" \
  'test $? -eq 0 && test -s "$html" && ! test -s "$T/err"'
report >"$T/again.html" 2>/dev/null
check "the same inputs give the same page (to -o FILE or standard output)" 'cmp -s "$html" "$T/again.html"'

# The money on the page is the tool's own: the totals to reclaim under both
# policies, and the year's payments.
"$DPSS" evaluate --summary --json --as-of $AS_OF "$DATA/caseload.jsonl" >"$T/base.json"
"$DPSS" evaluate --summary --json --as-of $AS_OF --set surplus_threshold_weeks=8 \
  "$DATA/caseload.jsonl" >"$T/alt.json"
"$DPSS" payments --summary --json --from 2026-01-01 --to 2026-12-31 "$DATA/caseload.jsonl" \
  >"$T/pay.json"

# The page itself: well formed, self-contained, every section complete.
"$PY" - "$html" "$T/base.json" "$T/alt.json" "$T/pay.json" <<'PYEOF' || fails=$((fails + 1))
import json, re, sys
from html.parser import HTMLParser

page = open(sys.argv[1], encoding="utf-8").read()
base, alt, pay = (json.load(open(f)) for f in sys.argv[2:5])
VOID = {"meta", "br", "hr", "img", "input", "link", "area", "base", "col", "embed", "source",
        "track", "wbr"}
SVG_LEAVES = {"rect", "line", "path", "circle", "polyline", "polygon"}
problems = []

class Check(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.tags, self.sections, self.section = [], [], {}, None
    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for name, value in attrs:
            if name in ("src", "href", "xlink:href", "srcset", "action", "formaction") or \
               name.startswith("on"):
                problems.append(f"<{tag}> has {name}= (the page must load and run nothing)")
            if value and re.search(r"url\(|https?:|//", value) and name not in ("content",):
                problems.append(f"<{tag} {name}=...> points somewhere: {value[:60]}")
        if tag in ("script", "img", "iframe", "object", "embed", "link", "audio", "video",
                   "base", "form"):
            problems.append(f"a <{tag}> element")
        if tag == "section":
            self.section = dict(attrs).get("id")
            self.sections[self.section] = {"svg": 0, "table": 0, "figcaption": 0, "rows": 0}
        elif self.section and tag in ("svg", "table", "figcaption"):
            self.sections[self.section][tag] += 1
        elif self.section and tag == "tr":
            self.sections[self.section]["rows"] += 1
        if tag not in VOID:
            self.stack.append((tag, self.getpos()))
    def handle_startendtag(self, tag, attrs):
        if tag not in VOID and tag not in SVG_LEAVES:
            problems.append(f"self-closing <{tag}/>")
        self.tags.append(tag)
    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1][0] != tag:
            problems.append(f"</{tag}> at line {self.getpos()[0]} closes "
                            f"{self.stack[-1] if self.stack else 'nothing'}")
            return
        self.stack.pop()
        if tag == "section":
            self.section = None

p = Check()
p.feed(page)
p.close()
if p.stack:
    problems.append(f"unclosed: {p.stack[-3:]}")
if not page.startswith("<!DOCTYPE html>"):
    problems.append("no doctype")
if "default-src 'none'" not in page:
    problems.append("no content security policy that lets nothing load")
style = "".join(re.findall(r"<style>(.*?)</style>", page, re.S))
if re.search(r"url\(|@import|@font-face", style):
    problems.append("the style loads something")
want = ["flips", "eligibility", "surplus", "due", "escalations", "uptake", "payments", "spend",
        "market"]
for s in want:
    got = p.sections.get(s)
    if not got:
        problems.append(f"no section {s}")
    elif not (got["svg"] and got["table"] and got["figcaption"] and got["rows"] >= 3):
        problems.append(f"section {s} lacks a chart, a table or a caption: {got}")
# Before and after side by side where the figures differ (surpluses).
if page.count('<h3>Before: ') < 1 or page.count('<h3>After: with surplus_threshold_weeks=8') < 1:
    problems.append("no before and after panels")
# Every caption names rules and the policy with its overrides.
for cap in re.findall(r"<figcaption>(.*?)</figcaption>", page, re.S):
    if "<strong>Rules</strong>" not in cap or "surplus_threshold_weeks=8" not in cap:
        problems.append(f"a caption without its rules or the alternative: {cap[:80]}")

def pounds(p):
    s = f"{p // 100:,}.{p % 100:02d}"
    return "£" + s
for what, pence in (("base total to reclaim", base["surplus"]["total_excess_pence"]),
                    ("alternative total to reclaim", alt["surplus"]["total_excess_pence"]),
                    ("council payments", pay["council_paid_pence"]),
                    ("change in the total to reclaim",
                     base["surplus"]["total_excess_pence"] - alt["surplus"]["total_excess_pence"])):
    if pounds(pence) not in page:
        problems.append(f"{what} {pounds(pence)} is not on the page")
if f">{base['surplus']['count']}<" not in page or f">{alt['surplus']['count']}<" not in page:
    problems.append("the surplus counts are not on the page")
# Privacy: no recipient id from the caseload appears.
if re.search(r"R-\d{6}", page):
    problems.append("a recipient id is on the page")
for m in problems:
    print("FAILED:", m)
n = sum(len(v) for v in [p.tags])
print(f"ok: the page is well formed ({len(page)} bytes, {n} elements), self-contained, with "
      f"{len(p.sections)} sections, each with its chart, table and caption"
      if not problems else "FAILED: the page")
sys.exit(1 if problems else 0)
PYEOF

# Text from data is escaped: a provider whose name and id carry markup.
cat >"$T/net.json" <<'EOF'
{"id": "n-1", "lead": "P-LEAD",
 "providers": [
  {"id": "P-LEAD", "name": "<script>alert(1)</script> & \"Co\"", "role": "lead",
   "specialisms": [], "capacity": 400, "caseload": 0, "accredited": true},
  {"id": "P-A", "name": "A\u202eB", "role": "associate", "specialisms": [], "capacity": 9,
   "caseload": 0, "accredited": true},
  {"id": "P-B", "name": "B", "role": "associate", "specialisms": [], "capacity": 9,
   "caseload": 0, "accredited": true}]}
EOF
printf '%s\n' '{"id":"E-1","support":{"tier":"issue_based","provider":"<img/src=x/onerror=alert(2)>"}}' \
  '{"id":"E-2","support":{"tier":"issue_based","provider":"P-LEAD"}}' \
  '{"id":"E-3","support":{"tier":"issue_based","provider":"P-A"}}' '{"id":' >"$T/evil.jsonl"
"$DPSS" report --as-of $AS_OF --network "$T/net.json" -o "$T/evil.html" "$T/evil.jsonl" \
  2>"$T/err"
check "a bad record is named and the page still written (exit 1)" \
  'test $? -eq 1 && grep -q "record 4" "$T/err" && grep -q "4 records read: 3 decided, 1 rejected" "$T/err" && test -s "$T/evil.html"'
check "markup in names and ids is escaped" \
  '! grep -q "<script\|<img" "$T/evil.html" && grep -q "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Co&quot;" "$T/evil.html" && grep -q "&lt;img/src=x/onerror=alert(2)&gt;" "$T/evil.html"'
check "a direction mark in a name is not passed on" \
  '! grep -q "$(printf "\342\200\256")" "$T/evil.html"'

# Usage and files.
"$DPSS" report --as-of $AS_OF --with no_such_parameter=1 -o "$T/x.html" "$DATA/caseload.jsonl" \
  2>"$T/err"
check "an unknown --with parameter is a usage error (2)" 'test $? -eq 2 && grep -q "with" "$T/err"'
"$DPSS" report --as-of $AS_OF --from 2026-01-01 -o "$T/x.html" "$DATA/caseload.jsonl" 2>/dev/null
check "--from without --to is a usage error (2)" 'test $? -eq 2'
"$DPSS" report --as-of $AS_OF -o "$T/x.html" "$T/none.jsonl" 2>/dev/null
check "a missing caseload exits 2" 'test $? -eq 2'
"$DPSS" report --as-of $AS_OF -o "$T/no/such/dir.html" "$DATA/caseload.jsonl" 2>/dev/null
check "an output that cannot be written exits 2" 'test $? -eq 2'
"$DPSS" report --as-of $AS_OF --with-policy "$DATA/policy-8-weeks.json" -o "$T/w.html" \
  "$DATA/caseload.jsonl"
check "--with-policy gives the before and after panels" \
  'test $? -eq 0 && grep -q "<h3>After: " "$T/w.html" && grep -q "id=\"flips\"" "$T/w.html"'
check "captions: a parameter the alternative changes as before -> after, others once" \
  'grep -q "surplus_threshold_weeks 6 $(printf "\342\206\222") 8" "$T/w.html" && grep -q "startup_max_months 12 (both)" "$T/w.html" && ! grep -q "12 $(printf "\342\206\222") 12" "$T/w.html"'
"$DPSS" report --as-of $AS_OF -o "$T/plain.html" "$DATA/caseload.jsonl"
check "without options: the caseload's sections, no panels or flips" \
  'test $? -eq 0 && ! grep -q "<h3>" "$T/plain.html" && ! grep -q "id=\"flips\"\|id=\"market\"\|id=\"spend\"" "$T/plain.html" && grep -q "id=\"uptake\"" "$T/plain.html"'

# The page checks decide before the rendering (which may be skipped).
[ "$fails" -eq 0 ] || { tally; exit 1; }

# Rendering, in a real browser.
need_chromium
url="file://$(cd "$out" && pwd)/report.html"
start=$(date +%s)
# The screenshot kept (the whole page, 1280 pixels wide); the same at a
# quarter of the size, to look at here (Python decodes it quickly); the DOM.
chromium_run --window-size=1280,8200 --screenshot="$png" "$url" >"$T/shot.log" 2>&1
chromium_run --window-size=1280,8200 --force-device-scale-factor=0.25 --screenshot="$T/small.png" \
  "$url" >"$T/small.log" 2>&1
chromium_run --dump-dom "$url" >"$T/dom.html" 2>"$T/dom.log"
echo "rendered three times in $(( $(date +%s) - start )) s"
cat "$T/shot.log" "$T/small.log" "$T/dom.log" >"$out/report.chromium.log"
# What the page itself says (console messages, script errors, refusals
# under its Content-Security-Policy) comes as CONSOLE lines; the rest is the
# browser's own noise (D-Bus, GPU, sandbox). A resource that fails to load is
# not logged at all: that the page fetches nothing is checked on its text.
if grep -E "CONSOLE|Uncaught" "$out/report.chromium.log"; then
  bad "the browser reported errors loading the page"
else
  ok "no console or loading errors"
fi
for s in flips eligibility surplus due escalations uptake payments spend market; do
  grep -q "<section id=\"$s\"" "$T/dom.html" || bad "section $s is not in the rendered page"
done
n_svg=$(grep -o "<svg" "$T/dom.html" | wc -l)
n_table=$(grep -o "<table" "$T/dom.html" | wc -l)
check "the rendered page has every chart and table ($n_svg charts, $n_table tables)" \
  'test "$n_svg" -ge 12 && test "$n_table" -ge 10'
[ -s "$png" ] && [ -s "$T/small.png" ] || { bad "no screenshot"; cat "$out/report.chromium.log"; exit 1; }
# The screenshots: the kept one is the whole page and no blank image (a
# blank one compresses to a few kilobytes); the small one has text and the
# charts drawn in their colours.
PYTHONPATH="$srcdir" "$PY" -B - "$png" "$T/small.png" <<'PYEOF' || fails=$((fails + 1))
import struct, sys
import png_rows
big = open(sys.argv[1], "rb").read()
assert big[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
bw, bh = struct.unpack(">II", big[16:24])
print(f"kept screenshot: {bw}x{bh}, {len(big)} bytes")
if bw != 1280 or bh < 4000 or len(big) < 150000:
    print("FAILED: the kept screenshot is too small or nearly blank")
    sys.exit(1)
w, h, bpp, rows = png_rows.read(sys.argv[2])
stride = w * bpp
# Stop once every chart colour has been seen.
want = {"blue #0072B2": (0x00, 0x72, 0xB2), "orange #E69F00": (0xE6, 0x9F, 0x00),
        "green #009E73": (0x00, 0x9E, 0x73), "red #D55E00": (0xD5, 0x5E, 0x00),
        "sky #56B4E9": (0x56, 0xB4, 0xE9), "purple #CC79A7": (0xCC, 0x79, 0xA7)}
seen = {k: 0 for k in want}
colour_of = {v: k for k, v in want.items()}
dark, colours, n_rows = 0, set(), 0
for line in rows:
    n_rows += 1
    for x in range(0, stride - bpp, bpp * 2):
        px = tuple(line[x:x + 3])
        colours.add(px)
        if px[0] < 128 and px[1] < 128 and px[2] < 128:
            dark += 1
        k = colour_of.get(px)
        if k:
            seen[k] += 1
    if dark > 1000 and all(n >= 4 for n in seen.values()):
        break
print(f"{w}x{h} screenshot: looked at {n_rows} rows: {dark} dark samples, {len(colours)} colours")
missing = [k for k, n in seen.items() if n < 4]
ok = dark > 1000 and len(colours) > 50 and not missing
if missing:
    print("FAILED: chart colours not on the screen:", ", ".join(missing))
if not ok:
    print("FAILED: the screenshot is blank or nearly so")
sys.exit(0 if ok else 1)
PYEOF
echo "screenshot kept in $png"
tally
