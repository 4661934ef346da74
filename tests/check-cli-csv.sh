#!/bin/sh
# SPDX-License-Identifier: MIT
# CSV input and progress in the dpss tool (issue 12, items 3 and 5): the
# sample caseload as CSV, and as a case system's export with its column
# mapping, gives byte for byte the decisions of the JSON Lines caseload; a
# bad row is named by its row, line and column and costs only itself; CSV
# output read back holds the decisions' values; --progress shows progress
# and --quiet none, and neither changes standard output.
# shellcheck source=tests/cli-lib.sh
. "$srcdir/cli-lib.sh"
MAP="$DATA/case-system-map.json"
find_python  # PY: without one, the checks that read output with Python fail

# 1. The same people, three ways in: the same decisions, byte for byte.
ev "$DATA/caseload.jsonl" >"$T/want" 2>"$T/err" || bad "evaluate caseload.jsonl"
check "240 decisions from JSON Lines" 'test $(wc -l <"$T/want") -eq 240 && test ! -s "$T/err"'
ev "$DATA/caseload.csv" >"$T/csv.out" 2>"$T/err"
check "caseload.csv (by its name): the same decisions, exit 0, nothing on stderr" \
  'test $? -eq 0 && cmp -s "$T/want" "$T/csv.out" && test ! -s "$T/err"'
check "caseload.csv on standard input with --input-format csv, one job" \
  'ev --input-format csv --jobs 1 - <"$DATA/caseload.csv" | cmp -s "$T/want" -'
ev --map "$MAP" "$DATA/case-system-export.csv" >"$T/export.out" 2>"$T/err"
check "the case system's export with its map: the same decisions" \
  'test $? -eq 0 && cmp -s "$T/want" "$T/export.out" && test ! -s "$T/err"'
cp "$DATA/case-system-export.csv" "$T/export.txt"
check "the export under another name with --input-format csv and --map" \
  'ev --input-format csv --map "$MAP" "$T/export.txt" | cmp -s "$T/want" -'
for cmd in "payments --from 2026-12-01 --to 2027-02-28" "audits --as-of 2026-11-22" \
           "return --from 2026-04-01 --to 2027-03-31" \
           "route --network $DATA/network.json --as-of 2026-11-22" \
           "market --network $DATA/network.json --as-of 2026-11-22" \
           "transition --network $DATA/network.json --start 2027-01-01 --as-of 2026-11-22"; do
  # shellcheck disable=SC2086
  "$DPSS" $cmd "$DATA/caseload.jsonl" >"$T/j" 2>&1
  # shellcheck disable=SC2086
  "$DPSS" $cmd --map "$MAP" "$DATA/case-system-export.csv" >"$T/c" 2>&1
  check "dpss ${cmd%% *}: the export reads as the JSON does" 'cmp -s "$T/j" "$T/c"'
done

# 2. A bad row is named by its row, line and column, never its value, and
# costs only itself; the tally closes stderr and the exit status is 1.
sed '121s/^\(R-000120\),adult,true,/\1,adult,maybe,/' "$DATA/caseload.csv" >"$T/bad.csv"
check "the bad cell is there" 'grep -q "^R-000120,adult,maybe," "$T/bad.csv"'
ev "$T/bad.csv" >"$T/out" 2>"$T/err"
rc=$?
check "bad row: exit 1, the other 239 decided as before" \
  'test $rc -eq 1 && test $(wc -l <"$T/out") -eq 239 && grep -v "\"id\":\"R-000120\"" "$T/want" | cmp -s - "$T/out"'
check "bad row: named by record, id, line, field and column" \
  'grep -qx "dpss: record 120 (id R-000120), line 121: has_capacity: expected true, false or empty (unknown), in column 3 at line 121 (ETYPE)" "$T/err"'
check "bad row: the tally closes stderr; the value is not quoted" \
  'test "$(tail -n 1 "$T/err")" = "dpss: 240 records read: 239 decided, 1 rejected" && ! grep -q maybe "$T/err"'
# In the export, notes run over lines: rows after them keep their lines.
line=$(grep -n '^R-000031,' "$DATA/case-system-export.csv" | cut -d: -f1)
sed "${line}s/^R-000031,Adult,/R-000031,Elder,/" "$DATA/case-system-export.csv" >"$T/bad-export.csv"
ev --map "$MAP" "$T/bad-export.csv" >"$T/out" 2>"$T/err"
rc=$?
check "export: the notes over lines come before row 31 (line $line, not 32)" 'test "$line" -gt 32'
check "export: the bad row named at its own line, with their header" \
  'test $rc -eq 1 && grep -qx "dpss: record 31 (id R-000031), line $line: kind: expected one of adult, child, in column 2 \"Client Type\" at line $line (EUNKNOWN)" "$T/err" && test $(wc -l <"$T/out") -eq 239'
# A quote left open costs its row only.
sed '51s/^R-000050,/R-000050,"/' "$DATA/caseload.csv" >"$T/quote.csv"
ev "$T/quote.csv" >"$T/out" 2>"$T/err"
check "a quote not closed: its row only" \
  'test $(wc -l <"$T/out") -eq 239 && grep -q "^dpss: record 50 (id R-000050), line 51: kind: malformed CSV: a quote not closed on its line" "$T/err"'

# 3. Headers that cannot be used: exit 2, named; nothing decided.
sed '1s/,risk,/,risk_level,/' "$DATA/caseload.csv" >"$T/unknown.csv"
ev "$T/unknown.csv" >"$T/out" 2>"$T/err"
check "an unknown column: exit 2, named with its column" \
  'test $? -eq 2 && test ! -s "$T/out" && grep -q "in column 16 \"risk_level\" at line 1 (EUNKNOWN)" "$T/err"'
printf '' >"$T/empty.csv"
check "an empty file: no records, exit 0" 'ev "$T/empty.csv" >"$T/out" 2>"$T/err" && test ! -s "$T/out" && test ! -s "$T/err"'
head -n 1 "$DATA/caseload.csv" >"$T/header.csv"
check "only a header: no records, exit 0" 'ev "$T/header.csv" >"$T/out" && test ! -s "$T/out"'
check "--map on JSON input: exit 2, named" \
  'ev --map "$MAP" "$DATA/caseload.jsonl" >/dev/null 2>"$T/err"; test $? -eq 2 && grep -q "applies to CSV input" "$T/err"'
printf '{"columns": {"Client Ref": "client_id"}}\n' >"$T/badmap.json"
check "a map naming a column we do not have: exit 2, names the key" \
  'ev --map "$T/badmap.json" "$DATA/case-system-export.csv" >/dev/null 2>"$T/err"; test $? -eq 2 && grep -q "columns.Client Ref: maps to a column recipients do not have" "$T/err"'

# 4. --format csv of evaluate, read back: the same ids and values as JSON.
ev --format csv "$DATA/caseload.csv" >"$T/decisions.csv"
check "CSV output read back holds the JSON decisions' values" \
  '"$PY" - "$T/want" "$T/decisions.csv" <<"EOF"
import csv, json, sys
decisions = [json.loads(line) for line in open(sys.argv[1])]
rows = list(csv.DictReader(open(sys.argv[2], newline="")))
assert [d["id"] for d in decisions] == [r["id"] for r in rows], "ids"
def cell(v):
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, list):
        return " ".join(map(str, v))
    return str(v)
for d, r in zip(decisions, rows):
    for col, text in r.items():
        if col in ("escalations", "rules"):
            continue
        v = d
        for k in col.split("."):
            v = v.get(k) if isinstance(v, dict) else None
        assert cell(v) == text, (d["id"], col, v, text)
    assert int(r["escalations"]) == len(d["escalations"])
    rules = []
    for t in d["trace"]:
        if t["rule"] not in rules:
            rules.append(t["rule"])
    assert r["rules"] == " ".join(rules), d["id"]
EOF'

# 5. Progress: forced, one line per update and a last line; --quiet: none;
# standard output the same either way.
ev --progress "$DATA/caseload.csv" >"$T/out" 2>"$T/err"
check "--progress (not a terminal): a progress line on stderr, stdout unchanged" \
  'cmp -s "$T/want" "$T/out" && grep -Eq "^dpss: .*caseload.csv: 240 records, [0-9,]+/s in [0-9]+:[0-9]{2}$" "$T/err" && test $(wc -l <"$T/err") -ge 1'
"$DPSS" payments --progress --from 2026-12-01 --to 2027-02-28 "$DATA/caseload.csv" >"$T/out" 2>"$T/err"
check "--progress with payments and with a command reading one by one" \
  'grep -q "240 records" "$T/err" && "$DPSS" audits --as-of 2026-11-22 --progress "$DATA/caseload.csv" 2>&1 >/dev/null | grep -q "240 records"'
ev --quiet "$DATA/caseload.csv" >"$T/out" 2>"$T/err"
check "--quiet: nothing on stderr, stdout unchanged" 'cmp -s "$T/want" "$T/out" && test ! -s "$T/err"'
ev --quiet "$T/bad.csv" >/dev/null 2>"$T/err"
check "--quiet keeps bad records and the tally" 'test $(wc -l <"$T/err") -eq 2'
check "a command that reads no records takes none of the input options" \
  '"$DPSS" policy show --progress >/dev/null 2>"$T/err"; test $? -eq 2 && grep -q "does not take --progress" "$T/err"'
check "--progress and --quiet conflict" \
  'ev --progress --quiet "$DATA/caseload.csv" >/dev/null 2>"$T/err"; test $? -eq 2 && grep -q conflict "$T/err"'
ev "$DATA/caseload.csv" >"$T/out" 2>"$T/err"
check "no option, stderr not a terminal: no progress" 'test ! -s "$T/err"'
# On a terminal (script(1) gives one): redrawn with \r, cleared at the end.
# The first update comes 0.25 s after the start: 48,000 records usually take
# longer than that, but not on a fast machine, so the file grows tenfold
# when a run shows none (480,000 take seconds anywhere).
if command -v script >/dev/null 2>&1; then
  # The sample's 240 records ten times over (2,400), without its header.
  for k in 1 2 3 4 5 6 7 8 9 10; do tail -n +2 "$DATA/caseload.csv"; done >"$T/body10"
  for tens in 20 200; do
    { head -n 1 "$DATA/caseload.csv"; for k in $(seq $tens); do cat "$T/body10"; done; } >"$T/many.csv"
    script -qec "$DPSS evaluate --as-of 2026-11-22 --summary --jobs 1 -o $T/sum.txt $T/many.csv" /dev/null >"$T/tty" 2>&1
    tr "\r" "\n" <"$T/tty" | grep -Eq "^dpss: .*many.csv: [0-9,]+ records, [0-9,]+/s, [0-9]+%, [0-9]+:[0-9]{2} left" && break
  done
  many=$((tens * 2400))
  echo "on a terminal: $many records"
  check "on a terminal: progress redrawn in place (CR) and cleared at the end" \
    'grep -q "records" "$T/tty" && tr "\r" "\n" <"$T/tty" | grep -Eq "^dpss: .*many.csv: [0-9,]+ records, [0-9,]+/s, [0-9]+%, [0-9]+:[0-9]{2} left" && "$PY" -c "import sys; d=open(sys.argv[1],\"rb\").read(); sys.exit(0 if d.endswith(b\"\\r\\x1b[K\") else 1)" "$T/tty"'
  check "on a terminal: the output is the summary of all $many" 'grep -Eq "^  recipients evaluated +$many$" "$T/sum.txt"'
else
  echo "skip: no script(1) for a terminal"
fi

tally
