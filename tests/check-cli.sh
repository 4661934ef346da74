#!/bin/sh
# SPDX-License-Identifier: MIT
# The dpss tool: input forms, bad records, options, exit statuses.
# shellcheck source=tests/cli-lib.sh
. "$srcdir/cli-lib.sh"

check "--help exits 0 and shows usage" '"$DPSS" --help >"$T/out" && grep -q "Usage: dpss" "$T/out"'
check "--version names the library version" '"$DPSS" --version | grep -q "^dpss (libdpss) [0-9]"'
check "evaluate --help" '"$DPSS" evaluate --help | grep -q "evaluate \[--as-of"'
check "no command is a usage error (2)" '"$DPSS" >/dev/null 2>&1; test $? -eq 2'
check "unknown command is a usage error (2)" '"$DPSS" frobnicate >/dev/null 2>&1; test $? -eq 2'
check "unknown option is a usage error (2)" '"$DPSS" evaluate --bogus x >/dev/null 2>&1; test $? -eq 2'
check "missing input is a usage error (2)" '"$DPSS" evaluate >/dev/null 2>&1; test $? -eq 2'
check "unreadable file exits 2" '"$DPSS" evaluate --as-of 2026-11-22 "$T/nope.json" 2>"$T/err" >/dev/null; test $? -eq 2 && grep -q "cannot open" "$T/err"'
check "bad --as-of exits 2" '"$DPSS" evaluate --as-of 2026-02-30 "$DATA/recipient.json" >/dev/null 2>&1; test $? -eq 2'

# One pretty-printed object.
"$DPSS" evaluate --as-of 2026-11-22 "$DATA/recipient.json" >"$T/one" 2>"$T/err"
check "pretty object: exit 0, one decision" 'test $? -eq 0 && test $(wc -l <"$T/one") -eq 1'
check "decision has the contract fields" 'grep -q "\"excess_pence\":10000,\"reclaim\":true" "$T/one" && grep -q "\"tier\":{\"tier\":\"start_up\",\"ends\":\"2027-01-05\"" "$T/one"'

# A JSON array.
printf '[{"id":"A-1","has_capacity":true,"consents":true,"excluding_order":false},\n {"id":"A-2"}]\n' >"$T/array.json"
check "array: one decision per element" '"$DPSS" evaluate --as-of 2026-11-22 "$T/array.json" >"$T/out" && test $(wc -l <"$T/out") -eq 2 && grep -q "\"id\":\"A-2\"" "$T/out"'

# A byte order mark and Windows line ends, as some exports write.
printf '\357\273\277{"id":"W-1","has_capacity":true}\r\n{"id":"W-2"}\r\n' >"$T/windows.jsonl"
check "byte order mark and CRLF line ends" '"$DPSS" evaluate --as-of 2026-11-22 "$T/windows.jsonl" >"$T/out" && test $(wc -l <"$T/out") -eq 2'

# Several pretty-printed objects one after another.
printf '{\n  "id": "S-1",\n  "has_capacity": true\n}\n{\n  "id": "S-2"\n}\n' >"$T/stream.json"
check "stream of pretty objects: one decision each" '"$DPSS" evaluate --as-of 2026-11-22 "$T/stream.json" >"$T/out" && test $(wc -l <"$T/out") -eq 2 && grep -q "\"id\":\"S-2\"" "$T/out"'

# JSON Lines with bad records among good ones: the good ones still come out.
cat >"$T/mixed.jsonl" <<'JSONL'
{"id":"G-1","has_capacity":true,"consents":true,"excluding_order":false}
{"id":"B-2","funding":[{"source":"social_care","weekly_pence":"Jane Smith"}]}
{"id":"G-3","has_capacity":true,"consents":false}
this is not json at all

{"id":"B-5","kind":"adult" "extra"}
[1,2
{"id":"G-7"}
JSONL
"$DPSS" evaluate --as-of 2026-11-22 "$T/mixed.jsonl" >"$T/out" 2>"$T/err"
rc=$?
check "mixed: exit status 1" 'test $rc -eq 1'
check "mixed: three good decisions" 'test $(wc -l <"$T/out") -eq 3 && grep -q G-7 "$T/out"'
check "mixed: bad record named by position, id and field" 'grep -q "record 2 (id B-2), line 2: funding\[0\].weekly_pence" "$T/err"'
check "mixed: syntax error named by line" 'grep -q "record 4, line 4" "$T/err" && grep -q "record 5 (id B-5), line 6" "$T/err" && grep -q "record 6, line 7" "$T/err"'
check "mixed: personal values never printed" '! grep -q "Jane" "$T/err"'
check "mixed: count of rejected records" 'grep -q "^dpss: 7 records read: 3 decided, 4 rejected$" "$T/err"'

# Standard input, and the summary.
check "stdin with -" 'cat "$DATA/recipient.json" | "$DPSS" evaluate --as-of 2026-11-22 - | grep -q R-000123'
"$DPSS" evaluate --summary --as-of 2026-11-22 "$DATA/caseload.jsonl" >"$T/sum" 2>"$T/err"
check "summary of the sample caseload" 'test $? -eq 0 && grep -q "recipients evaluated *240" "$T/sum" && grep -q "total to reclaim *£" "$T/sum"'

# What-if: --set and --policy.
check "--set surplus_threshold_weeks=8" '"$DPSS" evaluate --as-of 2026-11-22 --set surplus_threshold_weeks=8 "$DATA/recipient.json" | grep -q "\"threshold_pence\":400000"'
check "--policy file" '"$DPSS" evaluate --as-of 2026-11-22 --policy "$DATA/policy-8-weeks.json" "$DATA/recipient.json" | grep -q "\"policy\":{\"id\":\"what-if-8-weeks\""'
check "--set unknown parameter exits 2" '"$DPSS" evaluate --set nope=1 "$DATA/recipient.json" >/dev/null 2>"$T/err"; test $? -eq 2 && grep -q "nope" "$T/err"'
check "bad policy file exits 2" 'printf "{\"parameters\":{\"surplus_threshold_weeks\":0}}" >"$T/p.json"; "$DPSS" evaluate --policy "$T/p.json" "$DATA/recipient.json" >/dev/null 2>"$T/err"; test $? -eq 2 && grep -q "surplus_threshold_weeks" "$T/err"'

# policy show.
check "policy show lists every parameter" '"$DPSS" policy show >"$T/out" && test $(grep -c "^  [a-z_]" "$T/out") -eq 23'
check "policy show: the columns line up (every value starts in one column)" '"$DPSS" policy show | tail -n +2 | awk "{ print index(\$0, \$2) }" | sort -u | wc -l | grep -qx 1'
check "policy show on a date uses the dated value" '"$DPSS" policy show --policy "$DATA/policy-dated.json" --as-of 2027-04-01 | grep -q "surplus_threshold_weeks *8 "'
check "policy show the day before" '"$DPSS" policy show --policy "$DATA/policy-dated.json" --as-of 2027-03-31 | grep -q "surplus_threshold_weeks *6 "'
check "policy show --json" '"$DPSS" policy show --json | grep -q "\"parameters\":{\"surplus_threshold_weeks\":6"'

# payments.
cat >"$T/pay.jsonl" <<'JSONL'
{"id":"R-000123","funding":[{"source":"social_care","weekly_pence":45000},{"source":"health","weekly_pence":5000}],"dp_start":"2026-01-05","dp_end":"2026-02-11","contribution_weekly_pence":2000}
{"id":"P-2","funding":[{"source":"social_care","weekly_pence":-1}]}
JSONL
"$DPSS" payments --from 2026-01-01 --to 2026-12-31 "$T/pay.jsonl" >"$T/out" 2>"$T/err"
rc=$?
check "payments: one schedule per good record, bad one named, exit 1" 'test $rc -eq 1 && test $(wc -l <"$T/out") -eq 1 && grep -q "record 2 (id P-2), line 2: funding\[0\].weekly_pence" "$T/err"'
check "payments: the RULES.md schedule" 'grep -q "{\"date\":\"2026-02-02\",\"days\":10,\"pence\":68571,\"streams\":{\"social_care\":61429,\"health\":7142}" "$T/out"'
check "payments --summary: totals by month" '"$DPSS" payments --summary --from 2026-01-01 --to 2026-12-31 "$DATA/caseload.jsonl" >"$T/out" && grep -q "council pays" "$T/out" && grep -q "^  2026-12 " "$T/out"'
check "payments needs --from and --to" '"$DPSS" payments "$DATA/caseload.jsonl" >/dev/null 2>&1; test $? -eq 2'
check "payments --to before --from exits 2" '"$DPSS" payments --from 2026-02-01 --to 2026-01-01 "$DATA/caseload.jsonl" >/dev/null 2>&1; test $? -eq 2'
check "payments --set payment_frequency=monthly" '"$DPSS" payments --set payment_frequency=monthly --from 2026-01-01 --to 2026-03-31 "$T/pay.jsonl" 2>/dev/null | grep -q "\"date\":\"2026-02-01\",\"days\":11"'

# network, route, transition, market.
NET="$DATA/network.json"
# Every output names the rules that produced it, the text tables too.
check "text outputs name their rules" '"$DPSS" evaluate --summary --as-of 2026-11-22 "$DATA/caseload.jsonl" | grep -q "^Eligibility (E1-E4, E6)$" &&
  "$DPSS" evaluate --summary --as-of 2026-11-22 "$DATA/caseload.jsonl" | grep -q "^Surplus (S1, S3)$" &&
  "$DPSS" payments --summary --from 2026-01-01 --to 2026-03-31 "$DATA/caseload.jsonl" | grep -q "^Payments from 2026-01-01 to 2026-03-31 (B2-B5)$" &&
  "$DPSS" market --network "$NET" --as-of 2026-11-22 "$DATA/caseload.jsonl" | grep -q "supported recipients (N6)$" &&
  "$DPSS" framework report "$DATA/framework.json" | grep -q "contract years from 2020-10-01 (F1, F2)$" &&
  "$DPSS" return --from 2026-01-01 --to 2026-12-31 "$DATA/caseload.jsonl" | grep -q "^Information-sharing return (R3, F4)" &&
  "$DPSS" compare --summary --as-of 2026-11-22 --with surplus_threshold_weeks=8 "$DATA/caseload.jsonl" | grep -q "^  surplus.reclaim  *S1  *69$"'
check "network check: valid" '"$DPSS" network check "$NET" | grep -q "network notts-2014: valid (N1, N2); lead P-LEAD, 2 associates"'
printf '{"id":"N","lead":"P-A","providers":[{"id":"P-A","role":"lead","capacity":5},{"id":"P-B","role":"associate","capacity":5}]}' >"$T/net1.json"
check "network check: too few associates named, exit 1" '"$DPSS" network check "$T/net1.json" 2>"$T/err" >/dev/null; test $? -eq 1 && grep -q "providers: 1 associate(s)" "$T/err"'
check "network check --set min_associates=1 accepts it" '"$DPSS" network check --set min_associates=1 "$T/net1.json" >/dev/null'
"$DPSS" route --network "$NET" "$DATA/recipient.json" >"$T/out"
check "route: the RULES.md recipient keeps its outside arrangement (N4)" 'grep -q "{\"id\":\"R-000123\",\"provider\":\"P-OLD\",\"role\":\"associate\",\"via\":\"P-LEAD\",\"in_network\":false,\"joins_network\":true" "$T/out"'
check "route: one result per referral" '"$DPSS" route --network "$NET" "$DATA/referrals.jsonl" >"$T/out" && test $(wc -l <"$T/out") -eq 60'
check "route --summary: table per provider" '"$DPSS" route --summary --network "$NET" "$DATA/referrals.jsonl" >"$T/out" && grep -q "^  P-SENS " "$T/out" && grep -q "^  unrouted " "$T/out"'
check "route: same input, same output" '"$DPSS" route --network "$NET" "$DATA/referrals.jsonl" >"$T/a" && "$DPSS" route --network "$NET" "$DATA/referrals.jsonl" >"$T/b" && cmp -s "$T/a" "$T/b"'
check "route needs --network" '"$DPSS" route "$DATA/referrals.jsonl" >/dev/null 2>&1; test $? -eq 2'
check "transition: a dated transfer per recipient" '"$DPSS" transition --network "$NET" --start 2027-01-01 "$DATA/caseload.jsonl" >"$T/out" && test $(wc -l <"$T/out") -eq 240 && head -1 "$T/out" | grep -q "\"date\":\"2027-01-01\",\"priority\":1"'
check "transition needs --start" '"$DPSS" transition --network "$NET" "$DATA/caseload.jsonl" >/dev/null 2>&1; test $? -eq 2'
check "market: shares and HHI" '"$DPSS" market --network "$NET" "$DATA/caseload.jsonl" >"$T/out" && grep -q "Herfindahl-Hirschman index" "$T/out"'
check "market --json" '"$DPSS" market --json --network "$NET" "$DATA/caseload.jsonl" | grep -q "\"hhi\":"'

# framework, audits, return.
# A writable copy: the sources are read-only under make distcheck, and a save
# refuses a read-only file.
cp "$DATA/framework.json" "$T/fw.json" && chmod u+w "$T/fw.json"
check "framework check" '"$DPSS" framework check "$T/fw.json" | grep -q "^framework valid: 2 call-off(s), 4 contract years (F1-F3)$"'
check "framework report --year 1" '"$DPSS" framework report "$T/fw.json" --year 1 >"$T/out" && grep -q "£571,000.00" "$T/out" && ! grep -q "year 2" "$T/out"'
# Call-offs are added to a ledger (check-cli-ledger.sh tests it in depth).
check "framework init: a ledger from the framework" '"$DPSS" framework init "$T/ledger.db" "$T/fw.json" | grep -q "2 call-off(s)"'
printf '{"commissioner":"CITY-CCG","recipient":"R-9","start":"2021-05-01","end":"2021-06-01","items":[{"service":"one_off_issue","quantity":1109}]}' >"$T/co-big.json"
"$DPSS" framework export "$T/ledger.db" >"$T/ledger.before"
"$DPSS" framework add "$T/ledger.db" "$T/co-big.json" >"$T/out" 2>"$T/err"
rc=$?
check "framework add past a cap: refused, exit 1, ledger unchanged" 'test $rc -eq 1 && "$DPSS" framework export "$T/ledger.db" | cmp -s - "$T/ledger.before" && grep -q "over its annual cap" "$T/err" && grep -q "ECAP" "$T/err"'
printf '{"id":"C-NEW","commissioner":"CITY-CCG","recipient":"R-9","start":"2021-05-01","end":"2021-06-01","items":[{"service":"one_off_issue","quantity":1}]}' >"$T/co-ok.json"
check "framework add: recorded" '"$DPSS" framework add "$T/ledger.db" "$T/co-ok.json" | grep -q "call-off C-NEW recorded" && "$DPSS" framework check "$T/ledger.db" | grep -q "3 call-off(s)"'
check "framework add to a JSON framework: exit 2, says to make a ledger" '"$DPSS" framework add "$T/fw.json" "$T/co-ok.json" >/dev/null 2>"$T/err"; test $? -eq 2 && grep -q "framework init" "$T/err"'
check "framework add needs a call-off" '"$DPSS" framework add "$T/ledger.db" >/dev/null 2>&1; test $? -eq 2'
check "audits: managed accounts, R2" '"$DPSS" audits --as-of 2026-11-22 "$DATA/caseload.jsonl" 2>"$T/err" >"$T/out" && grep -q "\"rules\":\[\"R2\"\]" "$T/out" && grep -q "audit(s) overdue" "$T/err"'
check "return: the period table" '"$DPSS" return --from 2026-01-01 --to 2026-11-22 --framework "$DATA/framework.json" "$DATA/caseload.jsonl" >"$T/out" && grep -q "direct-payment uptake" "$T/out" && grep -q "cost per person supported" "$T/out"'
check "return --provider --json" '"$DPSS" return --json --provider P-SENS --from 2026-01-01 --to 2026-11-22 "$DATA/caseload.jsonl" | grep -q "\"provider\":\"P-SENS\""'
check "return needs --from and --to" '"$DPSS" return "$DATA/caseload.jsonl" >/dev/null 2>&1; test $? -eq 2'

# Never crashes: empty input, binary noise, deep nesting, huge numbers.
check "empty input: exit 0, no output" ': >"$T/empty"; "$DPSS" evaluate --as-of 2026-11-22 "$T/empty" >"$T/out" && test ! -s "$T/out"'
head -c 4096 /dev/urandom >"$T/noise" 2>/dev/null || printf '\001\002{{{' >"$T/noise"
"$DPSS" evaluate --as-of 2026-11-22 "$T/noise" >/dev/null 2>&1
check "binary noise: handled, no crash" 'test $? -eq 1 -o $? -eq 0'
awk 'BEGIN { for (i = 0; i < 5000; i++) printf "["; print "" }' >"$T/deep"
"$DPSS" evaluate --as-of 2026-11-22 "$T/deep" >/dev/null 2>&1
check "deep nesting: no crash" 'test $? -le 2'
printf '{"id":"N-1","balance":{"pence":99999999999999999999999}}\n{"id":"N-2","funding":[{"source":"health","weekly_pence":1e400}]}\n' >"$T/big"
"$DPSS" evaluate --as-of 2026-11-22 "$T/big" >/dev/null 2>"$T/err"
check "huge numbers: rejected, no crash" 'test $? -eq 1 && test $(grep -c "^dpss: record" "$T/err") -eq 2'

tally
