#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Write the seed corpora of the fuzz harnesses, tests/fuzz/corpus/NAME/, from
the sample data (examples/data) and the shared cases (tests/cases).

Run from the top of the source tree when the samples or cases change:
    python3 tests/fuzz/make-corpus.py [HARNESS...]
(all harnesses, or only those named).
Files are named after where they come from; inputs that reproduced a finding
(tests/fuzz/corpus/NAME/found-*) are kept as they are."""
import glob
import json
import os
import shutil
import sys

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(TOP, "tests", "fuzz", "corpus")
HARNESSES = ["recipient", "policy", "network", "framework", "calloff", "evaluate",
             "payments", "route", "reader", "ledger", "audit"]


def compact(value):
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def main():
    seeds = {h: {} for h in HARNESSES}

    def add(harness, name, text):
        if text not in seeds[harness].values():
            seeds[harness][name] = text

    data = os.path.join(TOP, "examples", "data")
    recipient = open(os.path.join(data, "recipient.json"), encoding="utf-8").read()
    for h in ("recipient", "evaluate", "payments"):
        add(h, "example-recipient.json", recipient)
    for name in ("policy-8-weeks.json", "policy-dated.json"):
        add("policy", "example-" + name, open(os.path.join(data, name), encoding="utf-8").read())
    add("network", "example-network.json",
        open(os.path.join(data, "network.json"), encoding="utf-8").read())
    framework = open(os.path.join(data, "framework.json"), encoding="utf-8").read()
    add("framework", "example-framework.json", framework)
    for i, c in enumerate(json.loads(framework)["call_offs"]):
        add("calloff", "example-call-off-%d.json" % (i + 1), compact(c))

    # Every parameter, some on dates.
    add("policy", "every-parameter.json", compact({
        "id": "every", "version": "2026-11-22", "description": "all parameters",
        "parameters": {
            "surplus_threshold_weeks": [{"from": "2013-10-28", "value": 6},
                                        {"from": "2027-04-01", "value": 8}],
            "startup_max_months": 12, "issue_escalation_days": 14, "min_associates": 2,
            "first_review_months": 6, "review_interval_months": 12, "first_audit_months": 6,
            "audit_interval_months": 12, "surplus_triggers_review": True,
            "payment_basis": [{"from": "2020-01-01", "value": "net"},
                              {"from": "2026-04-06", "value": "gross"}],
            "payment_frequency": "monthly", "payment_interval_weeks": 4,
            "dp_uptake_target": 40, "framework_term_years": 4,
            "market_viability_floor_percent": 5, "market_dominance_ceiling_percent": 50}}))

    # Every tenth record of the caseload, the first referrals, a few lines at a time.
    lines = open(os.path.join(data, "caseload.jsonl"), encoding="utf-8").read().splitlines()
    for i in range(0, len(lines), 10):
        add("recipient", "caseload-%03d.json" % (i + 1), lines[i])
        if i % 40 == 0:
            add("evaluate", "caseload-%03d.json" % (i + 1), lines[i])
            add("payments", "caseload-%03d.json" % (i + 1), lines[i])
    refs = open(os.path.join(data, "referrals.jsonl"), encoding="utf-8").read().splitlines()
    for i in range(0, 40, 8):
        add("route", "referrals-%02d.jsonl" % (i + 1), "\n".join(refs[i:i + 8]) + "\n")

    for path in sorted(glob.glob(os.path.join(TOP, "tests", "cases", "*.json"))):
        name = os.path.basename(path)[:3]
        case = json.load(open(path, encoding="utf-8"))
        if "recipient" in case:
            text = compact(case["recipient"])
            for h in ("recipient", "evaluate"):
                add(h, "case-%s.json" % name, text)
            if "payments" in case:
                add("payments", "case-%s.json" % name, text)
            if "network" in case:
                add("route", "case-%s.jsonl" % name, text + "\n")
        if "policy" in case:
            add("policy", "case-%s.json" % name, compact(case["policy"]))
        if "set" in case:
            params = {}
            for assignment in case["set"]:
                key, value = assignment.split("=", 1)
                params[key] = int(value) if value.isdigit() else \
                    {"true": True, "false": False}.get(value, value)
            add("policy", "case-%s.json" % name,
                compact({"id": "what-if-" + name, "version": "1", "parameters": params}))
        if "network" in case:
            add("network", "case-%s.json" % name, compact(case["network"]))
        if "framework" in case:
            add("framework", "case-%s.json" % name, compact(case["framework"]))
        for i, c in enumerate(case.get("add", [])):
            add("calloff", "case-%s-%d.json" % (name, i + 1),
                compact(c if not isinstance(c, dict) or "call_off" not in c else c["call_off"]))

    # The reader: JSON Lines, an array, a pretty-printed stream, and the
    # same with faults (a missing brace, a stray comma, an unclosed array).
    add("reader", "caseload-20.jsonl", "\n".join(lines[:20]) + "\n")
    add("reader", "caseload-array.json", "[" + ",\n".join(lines[:6]) + "]\n")
    add("reader", "pretty-stream.json",
        "".join(json.dumps(json.loads(x), indent=2) + "\n" for x in lines[:3]))
    add("reader", "example-recipient.json", recipient)
    add("reader", "missing-brace.jsonl", "\n".join([lines[0], lines[1][:-1], lines[2]]) + "\n")
    add("reader", "array-unclosed.json", "[" + ",\n".join(lines[:3]) + ",\n")
    add("reader", "crlf-bom.jsonl", "\ufeff" + "\r\n".join(lines[:3]) + "\r\n")

    # The ledger: the sample's call-offs one a line, then the cases' adds.
    offs = json.loads(framework)["call_offs"]
    add("ledger", "example-call-offs.jsonl", "".join(compact(c) + "\n" for c in offs))

    # Audits: the sample statements (first byte: "1" CSV, "0" JSON Lines).
    sdir = os.path.join(data, "statements")
    for name in sorted(os.listdir(sdir)) if os.path.isdir(sdir) else []:
        text = open(os.path.join(sdir, name), encoding="utf-8").read()
        if name.endswith(".csv"):
            add("audit", "example-" + name, "1" + text)
        elif name.endswith(".jsonl"):
            add("audit", "example-" + name, "0" + text)

    for path in sorted(glob.glob(os.path.join(TOP, "tests", "cases", "*.json"))):
        name = os.path.basename(path)[:3]
        case = json.load(open(path, encoding="utf-8"))
        adds = [c if not isinstance(c, dict) or "call_off" not in c else c["call_off"]
                for c in case.get("add", [])]
        if adds:
            add("ledger", "case-%s.jsonl" % name, "".join(compact(c) + "\n" for c in adds))
        if isinstance(case.get("statement"), list):
            add("audit", "case-%s.jsonl" % name,
                "0" + "".join(compact(x) + "\n" for x in case["statement"]))

    for h in sys.argv[1:] or HARNESSES:
        d = os.path.join(OUT, h)
        os.makedirs(d, exist_ok=True)
        for old in os.listdir(d):
            if not old.startswith("found-"):
                os.remove(os.path.join(d, old))
        for name, text in sorted(seeds[h].items()):
            with open(os.path.join(d, name), "w", encoding="utf-8") as f:
                f.write(text)
        print("%-10s %3d seeds" % (h, len(os.listdir(d))))


if __name__ == "__main__":
    main()
