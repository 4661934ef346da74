#!/bin/sh
# SPDX-License-Identifier: MIT
# dpss compare (issue 12): one pass over a caseload under a base policy and an
# alternative gives exactly what two separate `dpss evaluate` runs (and two
# `dpss payments` runs) joined by hand give: the same changed recipients, the
# same flips, the same money; records are decided and rejected as evaluate
# does them; options, formats and conflicts.
# shellcheck source=tests/cli-lib.sh
. "$srcdir/cli-lib.sh"
CASELOAD="$DATA/caseload.jsonl"
find_python || { echo "no Python to join the evaluations"; exit 77; }
AS_OF=2026-11-22

# The join, by hand: the decisions of two evaluate runs, field by field, and
# the payments of two payments runs; checked against compare's lines and
# summary. Prints what differs, exits 1 if anything does.
cat >"$T/join.py" <<'PY'
import json, sys

base_file, alt_file, lines_file, summary_file = sys.argv[1:5]
pay_files = sys.argv[5:7]

FIELDS = ["eligibility.status", "eligibility.via", "eligibility.household_family_payment",
          "money.recommended_method", "money.accredited_provider_required", "tier.tier",
          "tier.ends", "surplus.excess_pence", "surplus.reclaim", "surplus.review",
          "surplus.recover_from", "escalations", "review_due", "audit_due", "extra_review"]

def value(d, path):
    if path == "escalations":
        return sum(1 for e in d["escalations"] if e.get("care_manager_review"))
    v = d
    for k in path.split("."):
        v = v.get(k) if isinstance(v, dict) else None
    return v

def load(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]

base, alt = load(base_file), load(alt_file)
problems = []
if [d["id"] for d in base] != [d["id"] for d in alt]:
    problems.append("the two evaluations are not of the same recipients")
expected = []
flips = {f: 0 for f in FIELDS}
affected = {"start_up": 0, "issue_based": 0, "none": 0, "undetermined": 0}
reclaim = [0, 0]
excess = [0, 0]
for b, a in zip(base, alt):
    changes = [{"field": f, "before": value(b, f), "after": value(a, f)}
               for f in FIELDS if value(b, f) != value(a, f)]
    for c in changes:
        flips[c["field"]] += 1
    if changes:
        expected.append({"id": b["id"], "as_of": b["as_of"], "changes": changes})
        affected[b["tier"]["tier"] or "undetermined"] += 1
    for k, d in enumerate((b, a)):
        if d["surplus"]["reclaim"] is True:
            reclaim[k] += 1
            excess[k] += d["surplus"]["excess_pence"]

got = load(lines_file)
got_plain = [{"id": g["id"], "as_of": g["as_of"],
              "changes": [{k: c[k] for k in ("field", "before", "after")} for c in g["changes"]]}
             for g in got]
if got_plain != expected:
    problems.append("changed records differ: compare wrote %d, the join finds %d"
                    % (len(got), len(expected)))
    for e, g in zip(expected, got_plain):
        if e != g:
            problems.append("first difference: join %s, compare %s" % (e, g))
            break
for g in got:
    rules = []
    for c in g["changes"]:
        if c["rule"] not in rules:
            rules.append(c["rule"])
    if g["rules"] != rules:
        problems.append("%s: rules %s are not the changes' rules %s" % (g["id"], g["rules"], rules))

with open(summary_file, encoding="utf-8") as f:
    s = json.load(f)
want = {"recipients": len(base), "rejected": 0, "changed": len(expected), "flips": flips,
        "reclaims": {"before": reclaim[0], "after": reclaim[1]},
        "affected_by_tier": affected}
for k, v in want.items():
    if s.get(k) != v:
        problems.append("summary %s: compare %s, the join %s" % (k, s.get(k), v))
money = s["money"]
def money3(before, after):
    return {"before_pence": before, "after_pence": after, "change_pence": after - before}
if money["to_reclaim"] != money3(excess[0], excess[1]):
    problems.append("to_reclaim: compare %s, the join %s" % (money["to_reclaim"], excess))
if pay_files:
    paid, contrib = [0, 0], [0, 0]
    for k, path in enumerate(pay_files):
        for sched in load(path):
            for p in sched["payments"]:
                paid[k] += p["pence"]
                contrib[k] += p["contribution_pence"]
    if money.get("council_payments") != money3(*paid):
        problems.append("council_payments: compare %s, the join %s"
                        % (money.get("council_payments"), paid))
    if money.get("contributions") != money3(*contrib):
        problems.append("contributions: compare %s, the join %s"
                        % (money.get("contributions"), contrib))
    if paid[0] == paid[1] and contrib[0] == contrib[1] and "monthly" in " ".join(sys.argv):
        problems.append("the payments did not move: the check cannot fail")
elif "council_payments" in money:
    problems.append("payments in the summary without --from/--to")
for p in problems:
    print(p)
print("%d changed of %d; flips %s; to reclaim %s -> %s"
      % (len(expected), len(base), {k: v for k, v in flips.items() if v}, excess[0], excess[1]))
sys.exit(1 if problems else 0)
PY

# 1. surplus_threshold_weeks 8 instead of 6, on the sample caseload.
"$DPSS" evaluate --as-of $AS_OF "$CASELOAD" >"$T/base.jsonl"
"$DPSS" evaluate --as-of $AS_OF --set surplus_threshold_weeks=8 "$CASELOAD" >"$T/alt.jsonl"
"$DPSS" compare --as-of $AS_OF --with surplus_threshold_weeks=8 "$CASELOAD" >"$T/lines" 2>"$T/err"
rc=$?
check "compare: exit 0, nothing on stderr" 'test $rc -eq 0 && test ! -s "$T/err"'
check "compare: some records change, not all" 'test $(wc -l <"$T/lines") -gt 10 && test $(wc -l <"$T/lines") -lt 240'
"$DPSS" compare --as-of $AS_OF --with surplus_threshold_weeks=8 --summary --json "$CASELOAD" >"$T/summary"
check "compare --with surplus_threshold_weeks=8 = two evaluations joined by hand" '"$PY" "$T/join.py" "$T/base.jsonl" "$T/alt.jsonl" "$T/lines" "$T/summary"'
"$DPSS" compare --as-of $AS_OF --set surplus_threshold_weeks=8 "$CASELOAD" >"$T/lines-set" 2>"$T/err"
check "compare --set alone: the --set values make the alternative (the same lines as --with)" 'test $? -eq 0 && cmp -s "$T/lines" "$T/lines-set"'
"$DPSS" compare --as-of $AS_OF --set surplus_threshold_weeks=8 --summary --json "$CASELOAD" >"$T/summary-set"
check "compare --set alone = two evaluations joined by hand" '"$PY" "$T/join.py" "$T/base.jsonl" "$T/alt.jsonl" "$T/lines-set" "$T/summary-set"'
"$DPSS" compare --as-of $AS_OF --set surplus_threshold_weeks=8 --with surplus_threshold_weeks=10 "$CASELOAD" >"$T/lines-8-10"
"$DPSS" compare --as-of $AS_OF --set surplus_threshold_weeks=8 --with surplus_threshold_weeks=10 --summary --json "$CASELOAD" >"$T/summary-8-10"
"$DPSS" evaluate --as-of $AS_OF --set surplus_threshold_weeks=10 "$CASELOAD" >"$T/alt10.jsonl"
check "with --with, --set stays the base's (8 against 10)" '"$PY" "$T/join.py" "$T/alt.jsonl" "$T/alt10.jsonl" "$T/lines-8-10" "$T/summary-8-10"'
check "the summary names both policies and the override" 'grep -q "\"base\":{\"id\":\"nottinghamshire\",\"version\":\"2013-10-28\"},\"alternative\":{\"id\":\"nottinghamshire\",\"version\":\"2013-10-28\",\"overrides\":{\"surplus_threshold_weeks\":8}}" "$T/summary"'

# The same through a policy file, and with a base that is not the default.
"$DPSS" compare --as-of $AS_OF --with-policy "$DATA/policy-8-weeks.json" "$CASELOAD" >"$T/lines-file"
check "--with-policy FILE: the same changes as --with" 'cmp -s "$T/lines" "$T/lines-file"'
"$DPSS" evaluate --as-of $AS_OF --set surplus_threshold_weeks=4 "$CASELOAD" >"$T/base4.jsonl"
"$DPSS" evaluate --as-of $AS_OF --set surplus_threshold_weeks=4 --set issue_escalation_days=7 "$CASELOAD" >"$T/alt4.jsonl"
"$DPSS" compare --as-of $AS_OF --set surplus_threshold_weeks=4 --with issue_escalation_days=7 "$CASELOAD" >"$T/lines4"
"$DPSS" compare --as-of $AS_OF --set surplus_threshold_weeks=4 --with issue_escalation_days=7 --summary --format json "$CASELOAD" >"$T/summary4"
check "--set makes the base; the alternative starts from it (--with issue_escalation_days=7)" '"$PY" "$T/join.py" "$T/base4.jsonl" "$T/alt4.jsonl" "$T/lines4" "$T/summary4" && grep -q "\"escalations\":[1-9]" "$T/summary4"'

# 2. With --from/--to the payments move too: monthly instead of four-weekly.
"$DPSS" evaluate --as-of $AS_OF --set payment_frequency=monthly "$CASELOAD" >"$T/altm.jsonl"
"$DPSS" payments --from 2026-01-01 --to 2026-12-31 "$CASELOAD" >"$T/pay-base.jsonl"
"$DPSS" payments --from 2026-01-01 --to 2026-12-31 --set payment_frequency=monthly "$CASELOAD" >"$T/pay-alt.jsonl"
"$DPSS" compare --as-of $AS_OF --with payment_frequency=monthly "$CASELOAD" >"$T/linesm"
"$DPSS" compare --as-of $AS_OF --with payment_frequency=monthly --summary --json --from 2026-01-01 --to 2026-12-31 "$CASELOAD" >"$T/summarym"
check "--from/--to: council payments and contributions = two payments runs joined (monthly)" '"$PY" "$T/join.py" "$T/base.jsonl" "$T/altm.jsonl" "$T/linesm" "$T/summarym" "$T/pay-base.jsonl" "$T/pay-alt.jsonl" monthly'
check "--summary --from/--to: text names the money moved" '"$DPSS" compare --as-of $AS_OF --with payment_frequency=monthly --summary --from 2026-01-01 --to 2026-12-31 "$CASELOAD" >"$T/text" && grep -q "^As of $AS_OF; payments from 2026-01-01 to 2026-12-31$" "$T/text" && grep -q "council payments (B2-B4)" "$T/text"'

# 3. The same output whatever the number of threads; text and -o.
check "--jobs 1 and --jobs 2: the same lines" '"$DPSS" compare --jobs 1 --as-of $AS_OF --with surplus_threshold_weeks=8 "$CASELOAD" | cmp -s - "$T/lines" && "$DPSS" compare --jobs 2 --as-of $AS_OF --with surplus_threshold_weeks=8 "$CASELOAD" | cmp -s - "$T/lines"'
check "--jobs 1 and --jobs 2: the same summary" '"$DPSS" compare --jobs 1 --summary --json --as-of $AS_OF --with surplus_threshold_weeks=8 "$CASELOAD" | cmp -s - "$T/summary" && "$DPSS" compare --jobs 2 --summary --json --as-of $AS_OF --with surplus_threshold_weeks=8 "$CASELOAD" | cmp -s - "$T/summary"'
check "--summary is text by default" '"$DPSS" compare --summary --as-of $AS_OF --with surplus_threshold_weeks=8 "$CASELOAD" >"$T/text" && grep -q "^Comparison of 240 recipients: [0-9]* decisions change$" "$T/text" && grep -q "to reclaim (S1)" "$T/text"'
check "-o FILE: the same as standard output" '"$DPSS" compare -o "$T/o" --as-of $AS_OF --with surplus_threshold_weeks=8 "$CASELOAD" && cmp -s "$T/o" "$T/lines"'
"$DPSS" compare --format csv --as-of $AS_OF --with surplus_threshold_weeks=8 "$CASELOAD" >"$T/c.csv"
changes=$("$PY" -c 'import json,sys; print(sum(len(json.loads(l)["changes"]) for l in open(sys.argv[1])))' "$T/lines")
check "--format csv: a header and one row per change" 'head -1 "$T/c.csv" | grep -q "^id,as_of,field,before,after,rule$CRLF$" && test $(wc -l <"$T/c.csv") -eq $((changes + 1)) && grep -q "^R-[0-9]*,$AS_OF,surplus.reclaim,true,false,S1$CRLF$" "$T/c.csv"'

# 4. Records decided and rejected exactly as evaluate does.
{ head -3 "$CASELOAD"; printf '{"id":"B-1","funding":[{"source":"social_care","weekly_pence":"Jane Smith"}]}\nnot json\n'; sed -n 4,6p "$CASELOAD"; } >"$T/mixed.jsonl"
"$DPSS" evaluate --as-of $AS_OF "$T/mixed.jsonl" >/dev/null 2>"$T/err-e"
rc_e=$?
"$DPSS" compare --as-of $AS_OF --with surplus_threshold_weeks=8 "$T/mixed.jsonl" >/dev/null 2>"$T/err-c"
rc_c=$?
check "bad records: named and tallied as evaluate does, exit 1" 'test $rc_e -eq 1 && test $rc_c -eq 1 && cmp -s "$T/err-e" "$T/err-c" && grep -q "^dpss: 8 records read: 6 decided, 2 rejected$" "$T/err-c"'
check "bad records: counted as rejected in the summary" '"$DPSS" compare --summary --json --as-of $AS_OF --with surplus_threshold_weeks=8 "$T/mixed.jsonl" 2>/dev/null | grep -q "\"recipients\":6,\"rejected\":2,"'
check "personal values never printed" '! grep -q Jane "$T/err-c"'

# 5. Usage.
check "nothing to compare: named" 'usage "$DPSS" compare --as-of $AS_OF "$CASELOAD" && grep -q "nothing to compare" "$T/err"'
check "--from without --to" 'usage "$DPSS" compare --summary --with surplus_threshold_weeks=8 --from 2026-01-01 "$CASELOAD" && grep -q "\-\-from needs \-\-to" "$T/err"'
check "--from without --summary" 'usage "$DPSS" compare --with surplus_threshold_weeks=8 --from 2026-01-01 --to 2026-02-01 "$CASELOAD" && grep -q "\-\-from needs \-\-summary" "$T/err"'
check "--to before --from" 'usage "$DPSS" compare --summary --with surplus_threshold_weeks=8 --from 2026-02-01 --to 2026-01-01 "$CASELOAD"'
check "--with an unknown parameter: named" 'usage "$DPSS" compare --with nope=1 "$CASELOAD" && grep -q "nope" "$T/err"'
check "--with-policy missing: named" 'usage "$DPSS" compare --with-policy "$T/nope.json" "$CASELOAD" && grep -q "$T/nope.json" "$T/err"'
check "--summary --format csv refused" 'usage "$DPSS" compare --summary --format csv --with surplus_threshold_weeks=8 "$CASELOAD"'
check "--with=NAME=VALUE repeats" '"$DPSS" compare --as-of $AS_OF --with=surplus_threshold_weeks=8 --with=issue_escalation_days=14 --summary --json "$CASELOAD" | grep -q "\"overrides\":{\"surplus_threshold_weeks\":8,\"issue_escalation_days\":14}"'

# 6. Provenance (issue 12): summaries made under overrides say which, and
# policy show shows an override as one, not with the default's source.
check "evaluate --summary names the overrides" '"$DPSS" evaluate --summary --as-of $AS_OF --set surplus_threshold_weeks=8 "$CASELOAD" | head -1 | grep -q "^Policy nottinghamshire (version 2013-10-28) with overrides {\"surplus_threshold_weeks\":8}, as of $AS_OF$" && "$DPSS" evaluate --summary --as-of $AS_OF "$CASELOAD" | head -1 | grep -q "^Policy nottinghamshire (version 2013-10-28), as of $AS_OF$"'
check "payments --summary names the overrides" '"$DPSS" payments --summary --from 2026-01-01 --to 2026-01-31 --set payment_frequency=monthly "$CASELOAD" | head -1 | grep -q "with overrides {\"payment_frequency\":\"monthly\"}$"'
check "evaluate --summary --json --set: the summary names the policy and its override" '"$DPSS" evaluate --summary --json --as-of $AS_OF --set surplus_threshold_weeks=8 "$CASELOAD" | grep -q "\"policy\":{\"id\":\"nottinghamshire\",\"version\":\"2013-10-28\",\"overrides\":{\"surplus_threshold_weeks\":8}}"'
check "payments --summary --json --set: the totals name the policy and its override" '"$DPSS" payments --summary --json --from 2026-01-01 --to 2026-03-31 --set payment_frequency=monthly "$CASELOAD" | grep -q "\"policy\":{\"id\":\"nottinghamshire\",\"version\":\"2013-10-28\",\"overrides\":{\"payment_frequency\":\"monthly\"}}"'
check "policy show --set: an override, not the default's source" '"$DPSS" policy show --set surplus_threshold_weeks=8 >"$T/show" && grep -q "^  surplus_threshold_weeks *8 *what-if override (default: COUNTY para 15)$" "$T/show" && grep -q "^  startup_max_months *12 *COUNTY para 16$" "$T/show" && test $(grep -c "what-if override" "$T/show") -eq 1'

tally
