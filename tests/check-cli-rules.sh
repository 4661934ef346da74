#!/bin/sh
# SPDX-License-Identifier: MIT
# dpss rules (issue 10 item 3): the rule catalogue of the library, as text,
# JSON (dpss_rules_to_json) and Markdown; the Markdown of each rule is the one
# docs/rules.md gives it (both come from the table in libdpss/rules.c).
# shellcheck source=tests/cli-lib.sh
. "$srcdir/cli-lib.sh"
DOC="$srcdir/../docs/rules.md"
find_python || { echo "no Python to read the catalogue"; exit 77; }

"$DPSS" rules --format json >"$T/rules.json"
n=$("$PY" -c 'import json,sys; r=json.load(open(sys.argv[1])); assert all(set(x)=={"id","title","statement","source","parameters"} for x in r); print(len(r))' "$T/rules.json")
check "rules --format json: the catalogue, every rule with its five fields" 'test "${n:-0}" -ge 40'
check "rules --json is --format json" '"$DPSS" rules --json | cmp -s - "$T/rules.json"'
"$PY" -c 'import json,sys; [print(x["id"]) for x in json.load(open(sys.argv[1]))]' "$T/rules.json" >"$T/ids"
check "every id of docs/rules.md is in the catalogue, in its order" 'grep "^### " "$DOC" | cut -d" " -f2 | cmp -s - "$T/ids"'

"$DPSS" rules >"$T/text"
check "rules: text, a heading line per rule" 'test $(grep -c "^[A-Z][0-9]  " "$T/text") -eq $n && grep -q "^S1  Surplus$" "$T/text"'
check "rules: text gives statement, source and parameters" 'grep -q "^    Source: COUNTY para 15$" "$T/text" && grep -q "^    Parameters: surplus_threshold_weeks$" "$T/text" && grep -q "^    Parameters: none$" "$T/text"'
check "rules: no line past 80 columns" 'test $(awk "length > 80" "$T/text" | wc -l) -eq 0'
check "rules ID...: only those, in the catalogue's order" '"$DPSS" rules S3 S1 >"$T/two" && test $(grep -c "^[A-Z][0-9]  " "$T/two") -eq 2 && head -1 "$T/two" | grep -q "^S1  Surplus$"'
check "rules --json ID: only that rule" '"$DPSS" rules --json S1 | "$PY" -c "import json,sys; r=json.load(sys.stdin); assert [x[\"id\"] for x in r]==[\"S1\"] and r[0][\"parameters\"]==[\"surplus_threshold_weeks\"]"'

"$DPSS" rules --format markdown >"$T/md"
cat >"$T/md.py" <<'PY'
import sys
tool = open(sys.argv[1], encoding="utf-8").read()
doc = open(sys.argv[2], encoding="utf-8").read()
blocks = ["### " + b.strip() + "\n" for b in tool.split("\n### ")[1:]]
missing = [b.splitlines()[0] for b in blocks if b not in doc]
for m in missing:
    print("not as docs/rules.md writes it:", m)
print("%d rules in Markdown" % len(blocks))
sys.exit(1 if missing or len(blocks) < 40 else 0)
PY
check "rules --format markdown: each rule as docs/rules.md writes it" '"$PY" "$T/md.py" "$T/md" "$DOC"'
check "rules -o FILE" '"$DPSS" rules -o "$T/o" && cmp -s "$T/o" "$T/text"'

check "an unknown rule id: exit 2, named" 'usage "$DPSS" rules S1 Z9 && grep -q "no rule .Z9." "$T/err"'
check "--format csv: refused, the formats named" 'usage "$DPSS" rules --format csv && grep -q "expected text, json or markdown" "$T/err"'

tally
