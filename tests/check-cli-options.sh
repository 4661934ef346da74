#!/bin/sh
# SPDX-License-Identifier: MIT
# The dpss tool follows the conventions (issue 11): every command has its own
# --help, --opt=value works as --opt value, an option a command does not take
# or options that conflict are errors, -o FILE and --format wherever records
# or reports come out (CSV per RFC 4180), every file error names the file and
# the reason, and one use of exit statuses.
# shellcheck source=tests/cli-lib.sh
. "$srcdir/cli-lib.sh"
NET="$DATA/network.json"

# Help: the tool's lists every command and the exit statuses; each command has its own.
"$DPSS" --help >"$T/help"
for c in evaluate payments "network check" route transition market "framework check" "framework add" \
  "framework report" audits return "policy show" compare "framework init" "framework export" audit rules; do
  check "dpss --help lists '$c'" 'grep -q "^  $c  " "$T/help"'
  # shellcheck disable=SC2086
  "$DPSS" $c --help >"$T/chelp" 2>&1
  rc=$?
  check "dpss $c --help: its own usage, exit 0" 'test $rc -eq 0 && grep -q "^Usage: dpss $c" "$T/chelp" && grep -q "Exit status" "$T/chelp"'
done
check "dpss --help documents the exit statuses" 'grep -q "^Exit status:" "$T/help" && grep -q "^  0  success" "$T/help" && grep -q "^  1  some records were rejected" "$T/help" && grep -q "^  2  usage error" "$T/help"'
check "dpss help route" '"$DPSS" help route | grep -q "^Usage: dpss route"'
check "dpss network --help: every network command" '"$DPSS" network --help | grep -q "^Usage: dpss network check"'
check "--help wins over other arguments" '"$DPSS" evaluate --bogus --help | grep -q "^Usage: dpss evaluate"'

# --opt=value as well as --opt value.
check "--network=FILE" '"$DPSS" route --network="$NET" --as-of=2026-11-22 "$DATA/referrals.jsonl" | wc -l | grep -qx 60'
check "--set=NAME=VALUE and --policy=FILE" '"$DPSS" evaluate --as-of=2026-11-22 --set=surplus_threshold_weeks=8 "$DATA/recipient.json" | grep -q "\"threshold_pence\":400000" && "$DPSS" evaluate --as-of 2026-11-22 --policy="$DATA/policy-8-weeks.json" "$DATA/recipient.json" | grep -q what-if-8-weeks'
check "-oFILE and --output=FILE" '"$DPSS" policy show -o"$T/p1" && "$DPSS" policy show --output="$T/p2" && cmp -s "$T/p1" "$T/p2" && test -s "$T/p1"'
check "-- ends the options" 'cp "$DATA/recipient.json" "$T/-r.json" && (cd "$T" && "$DPSS" evaluate --as-of 2026-11-22 -- -r.json) | grep -q R-000123'

# Options a command does not take, conflicts, bad values: usage errors (2), named.
check "an option the command ignores is refused" 'usage "$DPSS" evaluate --network "$NET" "$DATA/recipient.json" && grep -q "does not take --network" "$T/err"'
check "policy show refuses --summary" 'usage "$DPSS" policy show --summary'
check "framework add refuses --year" 'usage "$DPSS" framework add --year 1 "$T/f.json" "$T/c.json"'
check "--json with --format csv conflict" 'usage "$DPSS" evaluate --json --format csv "$DATA/recipient.json" && grep -q "conflict" "$T/err"'
check "an option twice with different values" 'usage "$DPSS" evaluate --as-of 2026-11-22 --as-of=2026-11-23 "$DATA/recipient.json" && grep -q "given twice" "$T/err"'
check "--summary with --format csv is refused" 'usage "$DPSS" evaluate --summary --format csv "$DATA/caseload.jsonl" && grep -q "with --summary" "$T/err"'
check "--format a command cannot write" 'usage "$DPSS" market --format csv --network "$NET" "$DATA/caseload.jsonl"'
check "--format with an unknown value" 'usage "$DPSS" evaluate --format xml "$DATA/recipient.json"'
check "a flag given a value" 'usage "$DPSS" evaluate --summary=yes "$DATA/recipient.json"'
check "an option without its value" 'usage "$DPSS" evaluate "$DATA/recipient.json" --policy'
check "two inputs" 'usage "$DPSS" evaluate "$DATA/recipient.json" "$DATA/recipient.json"'
check "--jobs out of range" 'usage "$DPSS" evaluate --jobs 0 "$DATA/recipient.json"'
check "--input-format csv of JSON: its first line is not a CSV header" 'usage "$DPSS" evaluate --input-format csv "$DATA/recipient.json" && grep -q "not a recipient field" "$T/err"'
cp "$DATA/recipient.json" "$T/caseload.csv"
check "a .csv input is CSV, unless read as JSON" 'usage "$DPSS" evaluate "$T/caseload.csv" && "$DPSS" evaluate --as-of 2026-11-22 --input-format json "$T/caseload.csv" | grep -q R-000123'

# --summary --json is a JSON summary, never ignored.
check "evaluate --summary --json" '"$DPSS" evaluate --summary --json --as-of 2026-11-22 "$DATA/caseload.jsonl" | grep -q "^{\"recipients\":240,"'
check "evaluate --summary --format json" '"$DPSS" evaluate --summary --format json --as-of 2026-11-22 "$DATA/caseload.jsonl" | grep -q "\"total_excess_pence\":"'
check "payments --summary --json" '"$DPSS" payments --summary --json --from 2026-01-01 --to 2026-12-31 "$DATA/caseload.jsonl" | grep -q "^{\"from\":\"2026-01-01\",\"to\":\"2026-12-31\",\"recipients\":240,"'
check "route --summary --json" '"$DPSS" route --summary --json --network "$NET" "$DATA/referrals.jsonl" | grep -q "^{\"network\":\"notts-2014\",\"lead\":\"P-LEAD\",\"providers\":\[.*\"unrouted\":0}$"'
check "market and return --format json" '"$DPSS" market --format json --network "$NET" "$DATA/caseload.jsonl" | grep -q "\"hhi\":" && "$DPSS" return --format json --from 2026-01-01 --to 2026-11-22 "$DATA/caseload.jsonl" | grep -q "^{"'

# -o FILE for every command that writes records or a report.
for c in "evaluate --as-of 2026-11-22" "evaluate --summary --as-of 2026-11-22" "payments --from 2026-01-01 --to 2026-03-31" \
  "route --network $NET" "transition --network $NET --start 2027-01-01" "market --network $NET" \
  "audits --as-of 2026-11-22" "return --from 2026-01-01 --to 2026-11-22"; do
  # shellcheck disable=SC2086
  $DPSS $c "$DATA/caseload.jsonl" >"$T/stdout" 2>/dev/null
  # shellcheck disable=SC2086
  $DPSS $c -o "$T/file" "$DATA/caseload.jsonl" >"$T/none" 2>/dev/null
  check "$c -o FILE: the same as standard output" 'test -s "$T/file" && test ! -s "$T/none" && cmp -s "$T/stdout" "$T/file"'
done
check "network check, framework check/report, policy show -o FILE" '"$DPSS" network check -o "$T/n" "$NET" && grep -q valid "$T/n" && "$DPSS" framework check -o "$T/f" "$DATA/framework.json" && grep -q "framework valid" "$T/f" && "$DPSS" framework report --year 1 -o "$T/r" "$DATA/framework.json" && grep -q "571,000" "$T/r"'
check "a missing input leaves -o FILE alone" 'echo keep >"$T/keep" && "$DPSS" evaluate -o "$T/keep" "$T/missing.jsonl" 2>/dev/null; test $? -eq 2 && grep -qx keep "$T/keep"'
check "-o into a missing directory: exit 2, named" '"$DPSS" policy show -o "$T/no/such/file" 2>"$T/err"; test $? -eq 2 && grep -q "$T/no/such/file: cannot open for writing: No such file or directory" "$T/err"'
if [ -w /dev/full ]; then
  check "a write error: exit 2, named with strerror" '"$DPSS" evaluate --as-of 2026-11-22 "$DATA/caseload.jsonl" >/dev/full 2>"$T/err"; test $? -eq 2 && grep -q "standard output: cannot write: No space left on device" "$T/err"'
  check "a write error with -o: exit 2" '"$DPSS" audits --as-of 2026-11-22 -o /dev/full "$DATA/caseload.jsonl" 2>"$T/err"; test $? -eq 2 && grep -q "/dev/full: cannot write" "$T/err"'
fi

# CSV (RFC 4180): a header, CRLF line ends, fields quoted when they must be.
"$DPSS" evaluate --format csv --as-of 2026-11-22 "$DATA/caseload.jsonl" >"$T/e.csv"
check "evaluate --format csv: header and one row per decision" 'head -1 "$T/e.csv" | grep -q "^id,as_of,eligibility.status,eligibility.via,eligibility.missing,.*,tier.tier,tier.ends,.*,surplus.excess_pence,surplus.reclaim,.*,review_due,audit_due,extra_review,rules,policy.id,policy.version,surplus.recover_from,policy.overrides$CRLF$" && test $(wc -l <"$T/e.csv") -eq 241'
check "evaluate --format csv: CRLF line ends" 'test $(grep -c "$CRLF$" "$T/e.csv") -eq 241'
check "evaluate --format csv: a row holds the decision" '"$DPSS" evaluate --format=csv --as-of 2026-11-22 "$DATA/recipient.json" | sed -n 2p | grep -q "^R-000123,2026-11-22,eligible,self,,not_applicable,bank_account,bank_account,false,start_up,2027-01-05,50000,300000,310000,10000,true,true,1,2027-07-01,,true,E1 E4 E2 E5 P1 P2 P3 P4 T1 S1 S3 S4 T3 R1 R2,nottinghamshire,2013-10-28,2026-12-06,$CRLF$"'
check "evaluate --format csv: the same rows with --jobs 1 and 2" '"$DPSS" evaluate --format csv --jobs 1 --as-of 2026-11-22 "$DATA/caseload.jsonl" | cmp -s - "$T/e.csv"'
printf '{"id":"Q-1","funding":[{"source":"social_care","weekly_pence":1000}],"dp_start":"2026-01-01","one_off_payments":[{"date":"2026-01-10","pence":5000,"purpose":"chair"}]}\n' >"$T/q.jsonl"
check "payments --format csv: a row per payment, one-offs too" '"$DPSS" payments --format csv --from 2026-01-01 --to 2026-01-31 "$T/q.jsonl" >"$T/p.csv" && sed -n 1p "$T/p.csv" | grep -q "^id,kind,date,days,pence,social_care,health,contribution_pence,purpose,basis,rules,policy.id,policy.version,policy.overrides$CRLF$" && sed -n 2p "$T/p.csv" | grep -q "^Q-1,regular,2026-01-01,28,4000,4000,,0,,net,B1 B2 B3 B5,nottinghamshire,2013-10-28,$CRLF$" && sed -n 4p "$T/p.csv" | grep -q "^Q-1,one_off,2026-01-10,,5000,,,,chair,net,B1 B2 B3 B5,nottinghamshire,2013-10-28,$CRLF$"'
check "payments --format csv under --set: the overrides in every row" '"$DPSS" payments --format csv --set payment_interval_weeks=2 --from 2026-01-01 --to 2026-01-31 "$T/q.jsonl" | sed -n 2p | grep -q ",nottinghamshire,2013-10-28,\"{\"\"payment_interval_weeks\"\":2}\"$CRLF$"'
too_long() { "$DPSS" payments "$@" --from 2026-01-01 --to 2127-01-01 "$T/q.jsonl" >"$T/out" 2>"$T/err"; test $? -eq 2 && test ! -s "$T/out" && grep -q "^dpss: --from and --to may be at most 100 years apart for payments$" "$T/err"; }
check "payments: --from and --to more than 100 years apart is a usage error naming them (exit 2), with or without --summary; 100 years is fine" 'too_long && too_long --summary && "$DPSS" payments --from 2026-01-01 --to 2125-12-31 "$T/q.jsonl" >/dev/null'
check "route --format csv: quoted where needed" '"$DPSS" route --format csv --network "$NET" "$DATA/referrals.jsonl" >"$T/r.csv" && head -1 "$T/r.csv" | grep -q "^id,provider,role,via,rules,because$CRLF$" && test $(wc -l <"$T/r.csv") -eq 61 && grep -q "^F-[0-9]*,P-[A-Z]*,[a-z]*,P-LEAD,N2 N[0-9],\"[^\"]*,[^\"]*\"$CRLF$" "$T/r.csv"'
audits=$("$DPSS" audits --as-of 2026-11-22 "$DATA/caseload.jsonl" 2>/dev/null | wc -l)
check "audits --format csv: a row per audit due" '"$DPSS" audits --format csv --as-of 2026-11-22 "$DATA/caseload.jsonl" 2>/dev/null >"$T/a.csv" && head -1 "$T/a.csv" | grep -q "^id,last_audit,last_outcome,audit_due,overdue,days_overdue,rules$CRLF$" && test $(wc -l <"$T/a.csv") -eq $((audits + 1)) && grep -q "^R-000220,,,2022-06-18,true,[0-9]*,R2$CRLF$" "$T/a.csv"'
"$DPSS" return --format csv --from 2026-01-01 --to 2026-12-31 "$DATA/caseload.jsonl" >"$T/ret.csv"
check "return --format csv: a header and one row of the return's figures (issue 12)" 'test $? -eq 0 && test $(wc -l <"$T/ret.csv") -eq 2 && head -1 "$T/ret.csv" | grep -q "^from,to,provider,recipients,by_tier.start_up,by_tier.issue_based,by_tier.none,by_tier.undetermined,by_provider,new_referrals,surpluses.count,surpluses.total_pence,escalations,audits.done,audits.overdue,uptake.personal_budget_holders,uptake.taking_direct_payment,uptake.basis_points,uptake.target_percent,uptake.met,spend_pence,cost_per_person_pence,rules$CRLF$" && sed -n 2p "$T/ret.csv" | grep -q "^2026-01-01,2026-12-31,,240,46,147,28,19,\"{\"\"P-LEAD\"\":123,.*}\",79,128,16430137,.*,R3 F4 B6$CRLF$"'
check "transition --format csv" '"$DPSS" transition --format csv --start 2027-01-01 --network "$NET" "$DATA/caseload.jsonl" | head -1 | grep -q "^id,date,priority,from_provider,to_provider,role,rules,because$CRLF$"'
if command -v python3 >/dev/null 2>&1; then
  check "the CSV reads back with a standard CSV reader" 'python3 -c "import csv,sys; rows=list(csv.DictReader(open(sys.argv[1], newline=\"\"))); assert len(rows)==60 and all(r[\"because\"] for r in rows) and \",\" in rows[0][\"because\"] + \"\".join(r[\"because\"] for r in rows)" "$T/r.csv"'
fi

# Every file error names the file and the reason; a missing policy and a
# missing network exit alike (2).
"$DPSS" evaluate --policy "$T/nope-policy.json" "$DATA/recipient.json" >/dev/null 2>"$T/e-policy"
rc_policy=$?
"$DPSS" route --network "$T/nope-net.json" "$DATA/referrals.jsonl" >/dev/null 2>"$T/e-net"
rc_net=$?
check "missing policy and network files exit alike (2)" 'test $rc_policy -eq 2 && test $rc_net -eq 2'
check "missing policy file: named with the reason" 'grep -q "$T/nope-policy.json: cannot open the policy file: No such file or directory" "$T/e-policy"'
check "missing network file: named with the reason" 'grep -q "$T/nope-net.json: cannot open the network file: No such file or directory" "$T/e-net"'
check "network check of a missing file: 2, named" '"$DPSS" network check "$T/nope-net.json" 2>"$T/err"; test $? -eq 2 && grep -q "No such file or directory" "$T/err"'
printf '{bad' >"$T/bad-fw.json"
check "a framework that cannot be used: 2 for report, return and report --framework; 1 for check" '"$DPSS" framework report "$T/bad-fw.json" >/dev/null 2>"$T/err"; r1=$?; "$DPSS" return --from 2026-01-01 --to 2026-12-31 --framework "$T/bad-fw.json" "$DATA/caseload.jsonl" >/dev/null 2>&1; r2=$?; "$DPSS" framework check "$T/bad-fw.json" >/dev/null 2>&1; r3=$?; test $r1 -eq 2 && test $r2 -eq 2 && test $r3 -eq 1 && grep -q "$T/bad-fw.json: malformed JSON" "$T/err"'
check "missing framework file: 2, named" '"$DPSS" framework check "$T/nope-fw.json" 2>"$T/err"; test $? -eq 2 && grep -q "$T/nope-fw.json: cannot open the framework file: No such file or directory" "$T/err"'
check "return --framework missing: 2, named" '"$DPSS" return --from 2026-01-01 --to 2026-02-01 --framework "$T/nope-fw.json" "$DATA/caseload.jsonl" 2>"$T/err"; test $? -eq 2 && grep -q "No such file or directory" "$T/err"'
check "missing call-off file: 2, named" 'cp "$DATA/framework.json" "$T/fw.json" && chmod u+w "$T/fw.json" && "$DPSS" framework init "$T/fw.db" "$T/fw.json" >/dev/null && "$DPSS" framework add "$T/fw.db" "$T/nope-co.json" 2>"$T/err"; test $? -eq 2 && grep -q "$T/nope-co.json: cannot open the call-off file: No such file or directory" "$T/err"'
check "a policy that is a directory: 2, named" '"$DPSS" policy show --policy "$T" 2>"$T/err"; test $? -eq 2 && grep -q "Is a directory" "$T/err"'

tally
