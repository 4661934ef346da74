#!/bin/sh
# SPDX-License-Identifier: MIT
# The dpss tool accounts for every input record (issue 9): a broken line or
# array element costs only itself, NUL bytes and read errors are errors with
# their position (never the end of the input), and whenever anything is
# rejected stderr ends with "N records read: D decided, R rejected". Each
# check here failed on the tool before the library reader (0.2).
# shellcheck source=tests/cli-lib.sh
. "$srcdir/cli-lib.sh"
CASELOAD="$DATA/caseload.jsonl"

# 1. A JSON Lines file whose first line is broken: only that line is lost.
{ printf '{"id":"R-000000","has_capacity":\n'; tail -n +2 "$CASELOAD"; } >"$T/broken-first.jsonl"
ev "$T/broken-first.jsonl" >"$T/out" 2>"$T/err"
rc=$?
check "broken first line: 239 of 240 decided" 'test $(wc -l <"$T/out") -eq 239'
check "broken first line: exit 1, named, tally" 'test $rc -eq 1 && grep -q "^dpss: record 1 (id R-000000), line 1: " "$T/err" && grep -q "^dpss: 240 records read: 239 decided, 1 rejected$" "$T/err"'
{ printf '{\n'; tail -n +2 "$CASELOAD"; } >"$T/brace-first.jsonl"
check "first line a lone brace: 239 decided" 'ev "$T/brace-first.jsonl" 2>/dev/null | wc -l | grep -qx 239'
{ printf '[1,2\n'; tail -n +2 "$CASELOAD"; } >"$T/bracket-first.jsonl"
check "first line a broken array: 239 decided" 'ev "$T/bracket-first.jsonl" 2>/dev/null | wc -l | grep -qx 239'
{ head -120 "$CASELOAD"; printf '{"id":"R-X","funding":[{"source":"health"\n'; tail -n +121 "$CASELOAD"; } >"$T/broken-mid.jsonl"
check "broken line in the middle: 240 decided" 'ev "$T/broken-mid.jsonl" 2>"$T/err" | wc -l | grep -qx 240 && grep -q "^dpss: record 121 (id R-X), line 121" "$T/err"'

# 2. A JSON array: a bad element or a duplicate key loses only that element.
{ printf '['; sed -n '1,3p' "$CASELOAD" | paste -sd, -; printf ',{"id":"DUP","id":"DUP2"},{"id":"T","kind":7},'; sed -n '4,6p' "$CASELOAD" | paste -sd, -; printf ']\n'; } >"$T/array.json"
ev "$T/array.json" >"$T/out" 2>"$T/err"
rc=$?
check "array with bad elements: the other 6 decided" 'test $rc -eq 1 && test $(wc -l <"$T/out") -eq 6 && grep -q R-000006 "$T/out"'
check "array: duplicate key and wrong type named" 'grep -q "^dpss: record 4 (id DUP), line 2, column 17: malformed JSON: duplicate object key (ESYNTAX)" "$T/err" && grep -q "^dpss: record 5 (id T), line 2, column 27: kind" "$T/err" && grep -q "^dpss: 8 records read: 6 decided, 2 rejected$" "$T/err"'
printf '[{"id":"A"},\n {"id":"B","funding":[1}\n,{"id":"C"}]\n' >"$T/array2.json"
check "array: an element with a wrong bracket costs only itself" 'ev "$T/array2.json" 2>/dev/null | grep -c "\"id\":\"[AC]\"" | grep -qx 2'
printf '[{"id":"A"},{"id":"B"}\n' >"$T/open-array.json"
ev "$T/open-array.json" >"$T/out" 2>"$T/err"
rc=$?
check "array not closed: elements decided, error at its end, exit 1" 'test $rc -eq 1 && test $(wc -l <"$T/out") -eq 2 && grep -q "record 3, line 2: the JSON array that starts at line 1, column 1 is not closed" "$T/err"'

# 3. NUL bytes: an error with its position, never skipped or cut silently.
printf '{"id":"A"}\n\000{"id":"B"}\n{"id":"C\000tail"}\n{"id":"D"}\n' >"$T/nul.jsonl"
ev "$T/nul.jsonl" >"$T/out" 2>"$T/err"
rc=$?
check "NUL bytes: exit 1, good records decided" 'test $rc -eq 1 && test $(wc -l <"$T/out") -eq 2 && grep -q "\"id\":\"D\"" "$T/out"'
check "NUL bytes: named with line and column" 'grep -q "^dpss: record 2 (id B), line 2: a NUL byte at line 2, column 1 (ESYNTAX)$" "$T/err" && grep -q "^dpss: record 3 (id C), line 3: a NUL byte at line 3, column 9 (ESYNTAX)$" "$T/err" && grep -q "^dpss: 4 records read: 2 decided, 2 rejected$" "$T/err"'
printf '{"id":"A\377"}\n{"id":"B"}\n' >"$T/latin1.jsonl"
check "bytes that are not UTF-8: the record named by number (its id is not valid), the rest decided" 'ev "$T/latin1.jsonl" 2>"$T/err" | grep -q "\"id\":\"B\"" && grep -q "^dpss: record 1, line 1: bytes that are not UTF-8 at line 1, column 9" "$T/err"'

# 5. Input that cannot be read: exit 2 with the reason, never an empty success.
ev "$T" >"$T/out" 2>"$T/err"
rc=$?
check "a directory as input: exit 2, named with strerror" 'test $rc -eq 2 && test ! -s "$T/out" && grep -q "cannot read $T: Is a directory" "$T/err"'
ev "$T/missing.jsonl" >/dev/null 2>"$T/err"
rc=$?
check "a missing input: exit 2, named with strerror" 'test $rc -eq 2 && grep -q "cannot open $T/missing.jsonl: No such file or directory" "$T/err"'
if [ -r /proc/self/mem ]; then
  ev /proc/self/mem >/dev/null 2>"$T/err"
  rc=$?
  check "a read error: exit 2, named with strerror, not the end of input" 'test $rc -eq 2 && grep -q "cannot read /proc/self/mem at line 1: Input/output error" "$T/err" && grep -q "records read" "$T/err"'
fi
check "a directory for the sequential commands too" '"$DPSS" audits "$T" >/dev/null 2>&1; test $? -eq 2'
check "standard input that is a directory" 'ev - <"$T" >/dev/null 2>&1; test $? -eq 2'

# 9. Line ends, byte order marks, terminal escapes, totals past int64.
printf '{"id":"A"}\r{"id":"B"}\r{"id":"C"}\r' >"$T/cr.jsonl"
check "CR-only line ends: one record per line" 'ev "$T/cr.jsonl" | wc -l | grep -qx 3'
printf '{\r  "id": "A"\r}\r{\r  "id": "B",\r  "kind": "pensioner"\r}\r' >"$T/cr-pretty.json"
check "CR-only pretty records: the error on its own line" 'ev "$T/cr-pretty.json" 2>"$T/err" | wc -l | grep -qx 1 && grep -q "record 2 (id B), line 4: kind" "$T/err"'
printf '\357\273\277[{"id":"A"},{"id":"B"}]' >"$T/bom-array.json"
check "byte order mark before an array" 'ev "$T/bom-array.json" | wc -l | grep -qx 2'
for f in policy-8-weeks network framework; do { printf '\357\273\277'; cat "$DATA/$f.json"; } >"$T/bom-$f.json"; done
check "byte order mark in policy, network and framework files" '"$DPSS" policy show --policy "$T/bom-policy-8-weeks.json" | grep -q what-if-8-weeks && "$DPSS" network check "$T/bom-network.json" | grep -q valid && "$DPSS" framework check "$T/bom-framework.json" | grep -q valid'
printf '{"id":"X\\u001b]0;owned\\u0007\\u001b[2J","kind":"pensioner"}\n{"id":"\\u009b31m\\u202eY","kind":"pensioner"}\n' >"$T/escape.jsonl"
ev "$T/escape.jsonl" >/dev/null 2>"$T/err"
check "terminal escapes in an id never reach stderr, raw or escaped (not a valid id: not named)" '! LC_ALL=C grep -q "$(printf "\033")" "$T/err" && ! LC_ALL=C grep -q "$(printf "\007")" "$T/err" && ! LC_ALL=C grep -q "$(printf "\302\233")" "$T/err" && grep -q "^dpss: record 1, line 1: id: " "$T/err" && grep -q "^dpss: record 2, line 2: id: " "$T/err" && ! grep -q "owned" "$T/err"'
printf '{"id":"Mrs Jane Smith 12 Acacia Ave","kind":"adult"}\n{"id":"R-1","kind":"pensioner"}\n' >"$T/name-as-id.jsonl"
printf '{"id":"Jane\\u0020Smith","kind":"adult" \n' >"$T/broken-escaped-id.jsonl"
check "a broken record's id read raw with an escape in it (a space, decoded) is not echoed" 'ev "$T/broken-escaped-id.jsonl" >/dev/null 2>"$T/err"; test $? -eq 1 && grep -q "^dpss: record 1, line 1" "$T/err" && ! grep -q "Jane\|Smith" "$T/err"'
check "an id the library refuses (a name typed into it) is never echoed; a valid one is" 'ev "$T/name-as-id.jsonl" >/dev/null 2>"$T/err"; test $? -eq 1 && grep -q "^dpss: record 1, line 1: id: " "$T/err" && ! grep -q "Smith\|Acacia" "$T/err" && grep -q "^dpss: record 2 (id R-1), line 2: kind" "$T/err"'
printf '{"id":"X\033[31m","kind":"pensioner" \n{"id":"Y"}\n' >"$T/escape-raw.jsonl"
check "raw escapes in a broken record never reach stderr raw" 'ev "$T/escape-raw.jsonl" 2>&1 >/dev/null | LC_ALL=C grep -c "$(printf "\033")" | grep -qx 0'
# Surpluses whose total passes int64 (10,000 x £10 trillion): every record
# decided, the total out of range, the same with one thread and two.
awk 'BEGIN { for (i = 0; i < 10000; i++) printf "{\"id\":\"M-%05d\",\"funding\":[{\"source\":\"social_care\",\"weekly_pence\":100}],\"balance\":{\"pence\":1000000000000000}}\n", i }' >"$T/rich.jsonl"
"$DPSS" evaluate --summary --jobs 1 --as-of 2026-11-22 "$T/rich.jsonl" >"$T/j1" 2>"$T/e1"
rc1=$?
"$DPSS" evaluate --summary --jobs 2 --as-of 2026-11-22 "$T/rich.jsonl" >"$T/j2" 2>"$T/e2"
rc2=$?
check "overflowing total: the same with --jobs 1 and --jobs 2" 'cmp -s "$T/j1" "$T/j2" && cmp -s "$T/e1" "$T/e2" && test $rc1 -eq $rc2'
check "overflowing total: no record rejected, reported once" 'grep -q "recipients evaluated *10000" "$T/j1" && ! grep -q "records rejected" "$T/j1" && grep -q "total to reclaim *out of range" "$T/j1" && test $(grep -c "too large to add up" "$T/e1") -eq 1 && test $rc1 -eq 1'
printf '{"id":"BIG-%s","funding":[{"source":"social_care","weekly_pence":1000000000000000},{"source":"health","weekly_pence":1000000000000000}],"dp_start":"1950-01-02"}\n' 1 2 >"$T/big-pay.jsonl"
check "overflowing payment totals: the same with --jobs 1 and --jobs 2, none rejected" '"$DPSS" payments --summary --json --jobs 1 --from 1950-01-01 --to 2049-12-31 "$T/big-pay.jsonl" >"$T/p1" 2>/dev/null; "$DPSS" payments --summary --json --jobs 2 --from 1950-01-01 --to 2049-12-31 "$T/big-pay.jsonl" >"$T/p2" 2>/dev/null; cmp -s "$T/p1" "$T/p2" && grep -q "\"recipients\":2,.*\"total_pence\":null" "$T/p1"'
# policy show --json of a policy without a version loads back.
printf '{"id":"no-version","parameters":{"surplus_threshold_weeks":7}}' >"$T/nv.json"
check "policy show --json without a version loads back" '"$DPSS" policy show --json --policy "$T/nv.json" >"$T/nv2.json" && "$DPSS" policy show --policy "$T/nv2.json" | grep -q "surplus_threshold_weeks *7 "'

# The same rules for every command that reads records.
for cmd in "audits --as-of 2026-11-22" "route --network $DATA/network.json" "market --network $DATA/network.json" \
  "transition --network $DATA/network.json --start 2027-01-01" "return --from 2026-01-01 --to 2026-11-22" \
  "payments --from 2026-01-01 --to 2026-12-31"; do
  $DPSS $cmd "$T/broken-first.jsonl" >/dev/null 2>"$T/err"
  rc=$?
  check "${cmd%% *}: broken first line, 239 decided, exit 1" 'test $rc -eq 1 && grep -q "^dpss: 240 records read: 239 decided, 1 rejected$" "$T/err"'
done

# A large synthetic caseload (make-caseload.py: count and seed).
if command -v python3 >/dev/null 2>&1; then
  check "make-caseload.py: defaults make the bundled file" 'python3 "$DATA/make-caseload.py" | cmp -s - "$CASELOAD"'
  python3 "$DATA/make-caseload.py" -n 2 -o "$T/no/such/dir.jsonl" 2>"$T/mc.err"
  check "make-caseload.py -o to a directory that does not exist: named, exit 2" 'test $? -eq 2 && grep -q "no/such/dir.jsonl: No such file or directory" "$T/mc.err" && ! grep -q Traceback "$T/mc.err"'
  check "make-caseload.py -n --seed -o" 'python3 "$DATA/make-caseload.py" -n 3000 --seed 5 -o "$T/c3000.jsonl" && test $(wc -l <"$T/c3000.jsonl") -eq 3000 && ev --summary "$T/c3000.jsonl" | grep -q "recipients evaluated *3000"'
fi

tally
