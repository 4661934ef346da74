#!/bin/sh
# SPDX-License-Identifier: MIT
# Account audits through the tool (issue 13 item 3): `dpss audit` on one
# account (the audit record, its findings as CSV, the summary sheet; bad
# statement lines named, exit 1, no audit; money options read exactly) and
# `dpss audits --statements` over the sample caseload, which must find
# exactly the findings examples/data/make-statements.py planted.
# shellcheck source=tests/cli-lib.sh
. "$srcdir/cli-lib.sh"
ST="$DATA/statements"
CASELOAD="$DATA/caseload.jsonl"
find_python || { echo "no Python to read the planted findings"; exit 77; }
P="--from 2026-05-01 --to 2026-10-31"
grep '"id":"R-000001"' "$CASELOAD" >"$T/r1.json"
grep '"id":"R-000006"' "$CASELOAD" >"$T/r6.json"

# 1. dpss audit: one account.
"$DPSS" audit $P "$T/r1.json" "$ST/R-000001.csv" >"$T/a1" 2>"$T/err"
rc=$?
check "audit, satisfactory: exit 0, one line of JSON, nothing on stderr" 'test $rc -eq 0 && test $(wc -l <"$T/a1") -eq 1 && grep -q "^{\"id\":\"R-000001\",\"from\":\"2026-05-01\",\"to\":\"2026-10-31\",\"outcome\":\"satisfactory\"," "$T/a1" && test ! -s "$T/err"'
"$DPSS" audit $P "$T/r6.json" "$ST/R-000006.csv" >"$T/a6" 2>"$T/err"
rc=$?
check "audit with findings: exit 1, the outcome on stderr" 'test $rc -eq 1 && grep -q "\"outcome\":\"concerns\"" "$T/a6" && grep -q "\"findings\":\[{\"rule\":\"A2\",\"kind\":\"unreconciled\",\"lines\":\[13\],\"pence\":1," "$T/a6" && grep -q "^dpss: audit of R-000006: concerns, 1 finding(s)$" "$T/err"'
check "audit --format csv: the findings" '"$DPSS" audit --format csv $P "$T/r6.json" "$ST/R-000006.csv" 2>/dev/null >"$T/f.csv"; test $? -eq 1 && head -1 "$T/f.csv" | grep -q "^id,rule,kind,lines,pence,because$CRLF$" && sed -n 2p "$T/f.csv" | grep -q "^R-000006,A2,unreconciled,13,1,\"" && test $(wc -l <"$T/f.csv") -eq 2'
check "audit --html -o FILE: the summary sheet" '"$DPSS" audit --html -o "$T/sheet.html" $P "$T/r6.json" "$ST/R-000006.csv" 2>/dev/null; test $? -eq 1 && head -c 15 "$T/sheet.html" | grep -q "<!DOCTYPE html>" && grep -q "R-000006" "$T/sheet.html" && grep -q "</html>" "$T/sheet.html"'
check "audit -o FILE: the same as standard output" '"$DPSS" audit -o "$T/o" $P "$T/r1.json" "$ST/R-000001.csv" && cmp -s "$T/o" "$T/a1"'
"$PY" - "$ST/R-000001.csv" "$T/R-000001.jsonl" <<'PY'
import csv, json, sys
with open(sys.argv[1], newline="", encoding="utf-8") as f, open(sys.argv[2], "w") as out:
    for row in csv.DictReader(f):
        d, m, y = row["date"].split("/")
        row["date"] = f"{y}-{m}-{d}"
        out.write(json.dumps({k: v for k, v in row.items() if v != ""}) + "\n")
PY
check "audit of a JSON Lines statement: the same audit" '"$DPSS" audit $P "$T/r1.json" "$T/R-000001.jsonl" | cmp -s - "$T/a1"'

# The balances: pounds read exactly (never through floating point).
check "--opening 738.00 (the statement's own): the same audit" '"$DPSS" audit --opening 738.00 --closing "1,535.00" $P "$T/r1.json" "$ST/R-000001.csv" | cmp -s - "$T/a1"'
check "--opening=£738.01: a penny out on line 1 (A2)" '"$DPSS" audit --opening=£738.01 $P "$T/r1.json" "$ST/R-000001.csv" 2>/dev/null | grep -q "\"findings\":\[{\"rule\":\"A2\",\"kind\":\"unreconciled\",\"lines\":\[1\],\"pence\":-1,"'
for v in 12.345 1e3 .50 "12,50" abc; do
  check "--opening $v: refused, named" 'usage "$DPSS" audit --opening "$v" $P "$T/r1.json" "$ST/R-000001.csv" && grep -q "\-\-opening: expected an amount in pounds" "$T/err"'
done

# Bad statement lines: each named by line and column (never the value), exit 1, no audit.
sed -e '3s/^11\/05\/2026,WAGES PA-1-1,-420.66,/11\/05\/2026,WAGES PA-1-1,-4x0.66,/' \
    -e '4s/^14\/05\/2026,/31\/02\/2026,/' "$ST/R-000001.csv" >"$T/bad.csv"
"$DPSS" audit $P "$T/r1.json" "$T/bad.csv" >"$T/out" 2>"$T/err"
rc=$?
check "bad lines: exit 1, no audit written" 'test $rc -eq 1 && test ! -s "$T/out"'
check "bad lines: each named by line, column and field" 'grep -q "^dpss: $T/bad.csv: line 3, column 3 (amount): .*(ETYPE)$" "$T/err" && grep -q "^dpss: $T/bad.csv: line 4, column 1 (date): .*(EDATE)$" "$T/err" && grep -q "^dpss: $T/bad.csv: 2 bad line(s): not audited$" "$T/err"'
check "bad lines: the values never printed" '! grep -q "4x0" "$T/err" && ! grep -q "31/02" "$T/err"'
check "a line outside the period: exit 1, named (A1)" '"$DPSS" audit --from 2026-06-01 --to 2026-10-31 "$T/r1.json" "$ST/R-000001.csv" >"$T/out" 2>"$T/err"; test $? -eq 1 && test ! -s "$T/out" && grep -q "statement line 1 is dated outside the period (A1) (EDATE)" "$T/err"'

# A mapping for an export with its own headers.
printf 'Txn Date,Memo,Value,Running,Who,Cat,Kind\n' >"$T/theirs.csv"
tail -n +2 "$ST/R-000001.csv" >>"$T/theirs.csv"
printf '{"columns":{"Txn Date":"date","Memo":"description","Value":"amount","Running":"balance","Who":"payee","Cat":"category","Kind":"type"},"date_format":"DD/MM/YYYY"}' >"$T/map.json"
check "--map: their headers, the same audit" '"$DPSS" audit --map "$T/map.json" $P "$T/r1.json" "$T/theirs.csv" | cmp -s - "$T/a1"'
check "without --map their headers are refused, named" '"$DPSS" audit $P "$T/r1.json" "$T/theirs.csv" >/dev/null 2>"$T/err"; test $? -eq 1 && grep -q "Txn Date\|header" "$T/err"'
printf '{"columns":' >"$T/badmap.json"
check "a mapping that cannot be used: exit 2, named" 'usage "$DPSS" audit --map "$T/badmap.json" $P "$T/r1.json" "$ST/R-000001.csv" && grep -q "$T/badmap.json" "$T/err"'

# Usage.
check "audit needs --from and --to" 'usage "$DPSS" audit "$T/r1.json" "$ST/R-000001.csv"'
check "audit needs two files" 'usage "$DPSS" audit $P "$T/r1.json"'
check "--html and --format conflict" 'usage "$DPSS" audit --html --format csv $P "$T/r1.json" "$ST/R-000001.csv" && grep -q "\-\-html and \-\-format conflict" "$T/err"'
check "a statement that is neither .csv nor .jsonl" 'cp "$ST/R-000001.csv" "$T/st.txt" && usage "$DPSS" audit $P "$T/r1.json" "$T/st.txt" && grep -q ".csv or a .jsonl" "$T/err"'
check "a missing statement: exit 2, named" 'usage "$DPSS" audit $P "$T/r1.json" "$T/none.csv" && grep -q "$T/none.csv" "$T/err"'
check "a recipient file of two records: exit 2" 'cat "$T/r1.json" "$T/r6.json" >"$T/two.jsonl" && usage "$DPSS" audit $P "$T/two.jsonl" "$ST/R-000001.csv" && grep -q "holds 2 records" "$T/err"'

# 2. dpss audits --statements over the sample caseload: exactly what was planted.
"$DPSS" audits --statements "$ST" $P "$CASELOAD" >"$T/audits.jsonl" 2>"$T/err"
rc=$?
check "audits --statements: exit 1 (findings), the tally on stderr" 'test $rc -eq 1 && tail -1 "$T/err" | grep -q "^dpss: 36 account(s) audited: 10 satisfactory, 23 with concerns, 3 misuse suspected; 6 not audited$"'
check "audits --statements: the managed accounts without a statement are named" 'test $(grep -c "no statement (neither .csv nor .jsonl) in the statements folder: not audited$" "$T/err") -eq 6 && grep -q "^dpss: R-000004: no statement" "$T/err"'
cat >"$T/planted.py" <<'PY'
import csv, json, sys
planted = json.load(open(sys.argv[1], encoding="utf-8"))
audits = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8")]
rows = list(csv.DictReader(open(sys.argv[3], newline="", encoding="utf-8")))
summary = json.load(open(sys.argv[4], encoding="utf-8"))
problems = []
if [a["id"] for a in audits] != [a["id"] for a in planted["accounts"]]:
    problems.append("audited %s, planted %s" % ([a["id"] for a in audits],
                                                 [a["id"] for a in planted["accounts"]]))
want = sorted((a["id"], f["rule"], f["kind"], tuple(f["lines"]), f["pence"])
              for a in planted["accounts"] for f in a["findings"])
got = sorted((a["id"], f["rule"], f["kind"], tuple(f["lines"]), f["pence"])
             for a in audits for f in a["findings"])
if got != want:
    problems.append("findings differ: only found %s; only planted %s"
                    % (sorted(set(got) - set(want)), sorted(set(want) - set(got))))
csv_got = sorted((r["id"], r["rule"], r["kind"],
                  tuple(int(x) for x in r["lines"].split()), int(r["pence"])) for r in rows)
if csv_got != want:
    problems.append("the CSV findings differ from the planted ones")
for a in audits:
    if a["from"] != planted["from"] or a["to"] != planted["to"]:
        problems.append("%s: period %s..%s" % (a["id"], a["from"], a["to"]))
kinds = {}
for _, _, kind, _, _ in want:
    kinds[kind] = kinds.get(kind, 0) + 1
if summary["audits"] != len(planted["accounts"]) or summary["unaudited"] != 6:
    problems.append("summary: %s audits, %s unaudited" % (summary["audits"], summary["unaudited"]))
if {k: v["count"] for k, v in summary["findings"].items() if v["count"]} != kinds:
    problems.append("summary findings %s, planted %s" % (summary["findings"], kinds))
if len(want) < 20 or len(kinds) < 9:
    problems.append("too few planted findings for the check to mean anything")
for p in problems:
    print(p)
print("%d accounts, %d findings of %d kinds" % (len(audits), len(got), len(kinds)))
sys.exit(1 if problems else 0)
PY
"$DPSS" audits --statements "$ST" $P --format csv "$CASELOAD" >"$T/findings.csv" 2>/dev/null
"$DPSS" audits --statements "$ST" $P --summary --json "$CASELOAD" >"$T/summary.json" 2>/dev/null
check "audits --statements finds exactly the planted findings (id, rule, kind, lines, pence; JSON, CSV, summary)" '"$PY" "$T/planted.py" "$ST/planted.json" "$T/audits.jsonl" "$T/findings.csv" "$T/summary.json"'
check "audits --statements: each line as 'dpss audit' writes it" 'grep "\"id\":\"R-000006\"" "$T/audits.jsonl" | cmp -s - "$T/a6"'
check "audits --statements --summary: text by default" '"$DPSS" audits --statements "$ST" $P --summary "$CASELOAD" 2>/dev/null >"$T/text"; grep -q "accounts audited *36" "$T/text" && grep -q "accounts not audited *6" "$T/text"'
check "audits --statements -o FILE: the same" '"$DPSS" audits --statements="$ST" $P -o "$T/o" "$CASELOAD" 2>/dev/null; cmp -s "$T/o" "$T/audits.jsonl"'

# A folder with a bad statement, a JSON Lines one, an ambiguous one and an id
# that cannot name a file.
mkdir "$T/st"
cp "$ST/R-000006.csv" "$T/st/R-000006.csv"
cp "$T/R-000001.jsonl" "$T/st/R-000001.jsonl"
cp "$T/bad.csv" "$T/st/R-000014.csv"
cp "$ST/R-000015.csv" "$T/st/R-000015.csv" && cp "$ST/R-000015.csv" "$T/st/R-000015.jsonl"
{ grep -e '"id":"R-000001"' -e '"id":"R-000006"' -e '"id":"R-000014"' -e '"id":"R-000015"' "$CASELOAD"; sed 's/"id":"R-000006"/"id":"..\/st\/R-000006"/' "$T/r6.json"; } >"$T/small.jsonl"
"$DPSS" audits --statements "$T/st" $P "$T/small.jsonl" >"$T/out" 2>"$T/err"
rc=$?
check "a folder of mixed statements: two audited (CSV and JSON Lines), exit 1" 'test $rc -eq 1 && test $(wc -l <"$T/out") -eq 2 && grep -q "\"id\":\"R-000001\"" "$T/out" && grep -q "\"id\":\"R-000006\"" "$T/out"'
check "a bad statement: its lines named, not audited" 'grep -q "^dpss: $T/st/R-000014.csv: line 3, column 3 (amount)" "$T/err" && grep -q "^dpss: R-000014: not audited (the reason is above)$" "$T/err"'
check "a .csv and a .jsonl for one id: not audited, named" 'grep -q "^dpss: R-000015: two statements (.csv and .jsonl): keep one: not audited$" "$T/err"'
check "an id that would leave the folder: not audited, named" 'grep -q "^dpss: ../st/R-000006: the id cannot name a statement file: not audited$" "$T/err"'
check "the tally" 'tail -1 "$T/err" | grep -q "^dpss: 2 account(s) audited: 1 satisfactory, 1 with concerns, 0 misuse suspected; 3 not audited$"'

# Usage: --statements goes with --from/--to, and without it audits is the R2 due list.
check "--statements needs --from" 'usage "$DPSS" audits --statements "$ST" "$CASELOAD" && grep -q "\-\-statements needs \-\-from" "$T/err"'
check "--as-of and --statements conflict" 'usage "$DPSS" audits --as-of 2026-11-22 --statements "$ST" $P "$CASELOAD" && grep -q "conflict" "$T/err"'
check "--summary needs --statements" 'usage "$DPSS" audits --summary --as-of 2026-11-22 "$CASELOAD" && grep -q "\-\-summary needs \-\-statements" "$T/err"'
check "--statement-map needs --statements" 'usage "$DPSS" audits --statement-map "$T/map.json" "$CASELOAD"'
mkdir -p "$T/theirs" && cp "$T/theirs.csv" "$T/theirs/R-000001.csv"
check "audits --statement-map: their headers, the same audit as audit gives" '"$DPSS" audits --statements "$T/theirs" --statement-map "$T/map.json" $P "$T/r1.json" | cmp -s - "$T/a1"'
check "audits --statements: --map is the caseload's, not the statements'" 'usage "$DPSS" audits --statements "$T/theirs" --map "$T/map.json" $P "$T/r1.json" && grep -q "applies to CSV input" "$T/err"'
check "a missing statements folder: exit 2, named" 'usage "$DPSS" audits --statements "$T/nowhere" $P "$CASELOAD" && grep -q "$T/nowhere: cannot open the statements folder: No such file or directory" "$T/err"'
check "a file as the statements folder: exit 2, named" 'usage "$DPSS" audits --statements "$T/r1.json" $P "$CASELOAD" && grep -q "$T/r1.json: cannot open the statements folder: Not a directory" "$T/err"'
check "without --statements: the R2 due list as before" '"$DPSS" audits --as-of 2026-11-22 "$CASELOAD" 2>"$T/err" | head -1 | grep -q "\"rules\":\[\"R2\"\]" && grep -q "audit(s) overdue" "$T/err"'

# The generator takes no options: --help is help and anything else is refused,
# before it replaces a file (it ignored its arguments and rewrote the folder).
"$PY" "$DATA/make-statements.py" --help >"$T/gh" 2>&1
rh=$?
"$PY" "$DATA/make-statements.py" --count 5 >"$T/gb" 2>&1
rb=$?
check "make-statements.py --help: usage, nothing written; an unknown option: exit 2" 'test $rh -eq 0 && grep -q "^usage: make-statements.py" "$T/gh" && ! grep -q "statements, " "$T/gh" && test $rb -eq 2 && ! grep -q "statements, " "$T/gb"'
tally
