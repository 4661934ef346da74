#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Make docs/rules.md, the rule reference, from the one table of rules in the
code (libdpss/rules.c), the library sources that apply each rule, and the
shared cases that test it (tests/cases/*.json, their "rules" lists).

    build-aux/rules-doc.py            write docs/rules.md
    build-aux/rules-doc.py --check    fail if docs/rules.md is out of date, if a
                                      rule has no code or no case, or if a case
                                      names a rule id that does not exist

Run from anywhere; paths are taken from this file's place in the tree.
"""
import json
import pathlib
import re
import sys

TOP = pathlib.Path(__file__).resolve().parent.parent
RULES_C = TOP / "libdpss" / "rules.c"
DOC = TOP / "docs" / "rules.md"

# Where RULES.md leaves room, the reading libdpss takes (shown under the rule).
READINGS = {
    "E3": "A person lacking capacity with no authorised person recorded (null or false) is "
          "not eligible, and `eligibility.missing` lists `authorised_person`.",
    "E5": "`household_family_payment` is `undetermined` when `pays_household_family` is "
          "unknown; a planned payment without a recorded necessity is `refused`.",
    "E6": "`missing` lists exactly the unknown facts whose value could change the outcome; "
          "the route (`self` or `authorised_person`) is part of the outcome. With capacity "
          "unknown and both routes closed, the trace says why on each side (E2 and E3).",
    "P3": "Own bank account if the person can hold one, else a pre-payment card if "
          "suitable, else a managed account (which needs an accredited DPSS).",
    "T1": "A recipient considering PAs is given start-up only if new when it starts; one "
          "with complex needs at any time. `support.tier = issue_based` means start-up was "
          "given. `support.completed` unknown counts as not completed. `tier.ends` is given "
          "for start-up only.",
    "T3": "`escalations` lists every issue open on the as-of date (opened on or before it, "
          "not resolved by it); `care_manager_review` is true when open more than "
          "`issue_escalation_days`.",
    "S1": "Without a balance (or without funding) the surplus fields are null, not zero.",
    "S4": "`recover_from` is null when nothing is to be reclaimed.",
    "R1": "A review on the day of the first payment counts as the first review. An event "
          "counts when dated after the last review that counts (else the first payment) and "
          "not after the as-of date; one on the day of the last review does not.",
    "R2": "The first audit counts from the first payment, or from the first review R1 "
          "schedules when the policy's `first_audit_from` is `first_review` (Wigan).",
    "N4": "A successful arrangement in the network is kept while the provider has room (and "
          "is accredited where P2 needs it); otherwise it is set aside and the routing says "
          "why. One outside the network is always kept (`joins_network: true`). A person "
          "who asks for another provider (`requested_provider`) gets that choice first (N5); "
          "the arrangement is kept only when the choice is set aside.",
    "N5": "A run is the referrals routed through one loaded network. The lead is capped "
          "after each referral (its share never passes the ceiling while an associate has "
          "room), so the first plain referral of a run goes to an associate. A provider "
          "that would fall below the floor goes first, the largest shortfall first.",
    "P2": "Routing names P2 whenever it restricts the choice to accredited providers, and a "
          "choice or specialist passed over for want of accreditation says so.",
    "P4": "Routing names P4 and `single_provider_for_all_funding` for a jointly funded package.",
    "X1": "A transfer is routed exactly as a referral (N2-N5); the yearly review is the one "
          "R1 has due, moved on a review interval at a time to the start date or after.",
    "B4": "Pennies left after rounding down go to the largest stream (social care on a tie).",
}

GROUPS = [("E", "Eligibility"), ("B", "Budgets and payments"), ("P", "How the money is held"),
          ("T", "Support tiers"), ("S", "Surplus"), ("R", "Reviews and audits"),
          ("A", "Account audits"), ("N", "Lead agent and associates"),
          ("X", "Transition to a new contract"), ("F", "Framework, call-offs and spend")]


def c_string(text):
    """The value of adjacent C string literals."""
    parts = re.findall(r'"((?:[^"\\]|\\.)*)"', text)
    return "".join(p.replace('\\"', '"').replace("\\\\", "\\") for p in parts)


def read_rules():
    src = RULES_C.read_text(encoding="utf-8")
    table = src[src.index("} rules[] = {"):src.index("};", src.index("} rules[] = {"))]
    rules = []
    for entry in re.findall(r"\{(\"[A-Z][0-9]\".*?)\},\n", table, re.S):
        fields = [c_string(f) for f in re.split(r'(?<=")\s*,\s*\n?\s*(?=")', entry)]
        if len(fields) != 5:
            sys.exit(f"rules-doc: cannot read the entry {entry[:40]!r}")
        rules.append(dict(zip(("id", "title", "statement", "source", "parameters"), fields)))
    return rules


def code_for(rule_id):
    """Library sources that apply a rule: where its id is a string of its own
    (a trace, a rules list) or is named as "rule ID"."""
    pat = re.compile(r'\\?"%s\\?"|rule %s\b|\(%s\)' % (rule_id, rule_id, rule_id))
    hits = []
    for path in sorted((TOP / "libdpss").glob("*.c")):
        if path.name == "rules.c":
            continue
        if pat.search(path.read_text(encoding="utf-8")):
            hits.append(path.name)
    return hits


def cases_for():
    out = {}
    for path in sorted((TOP / "tests" / "cases").glob("*.json")):
        case = json.loads(path.read_text(encoding="utf-8"))
        for rid in case.get("rules", []):
            out.setdefault(rid, []).append(path.name)
    return out


def render(rules, cases):
    lines = ["<!-- SPDX-License-Identifier: MIT -->",
             "<!-- Generated by build-aux/rules-doc.py from libdpss/rules.c, the library sources",
             "     and tests/cases; do not edit by hand: run build-aux/rules-doc.py. -->",
             "# The rules libdpss applies",
             "",
             "Every decision, schedule, routing, report and audit names the rule ids that produced",
             "it. This reference gives, for each rule: its statement as libdpss applies it, where",
             "it comes from, the policy parameters it uses, the library code that applies it and",
             "the shared cases (`tests/cases/`, run in C, Python and Java) that test it; and,",
             "where the catalogue leaves room, the reading libdpss takes. `dpss rules` prints the",
             "same table, and `dpss_rule_*()` / `dpss.rules()` give it to programs.",
             "",
             "Sources: COUNTY is the Nottinghamshire County Council report of 28 October 2013,",
             "CITY the Nottingham City Council decision of 2020; SI 2014/2871 is the Care and",
             "Support (Direct Payments) Regulations 2014.",
             ""]
    by_group = {}
    for r in rules:
        by_group.setdefault(r["id"][0], []).append(r)
    for letter, name in GROUPS:
        if letter not in by_group:
            continue
        lines += [f"## {letter}. {name}", ""]
        for r in by_group[letter]:
            lines += [f"### {r['id']} {r['title']}", "", r["statement"], ""]
            lines.append(f"- **Source:** {r['source']}")
            params = ", ".join(f"`{p}`" for p in r["parameters"].split(",") if p) or "none"
            lines.append(f"- **Parameters:** {params}")
            code = ", ".join(f"`libdpss/{c}`" for c in code_for(r["id"])) or "(none)"
            lines.append(f"- **Code:** {code}")
            tested = ", ".join(f"`{c}`" for c in cases.get(r["id"], [])) or "(none)"
            lines.append(f"- **Cases:** {tested}")
            if r["id"] in READINGS:
                lines.append(f"- **Reading:** {READINGS[r['id']]}")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def main():
    rules = read_rules()
    cases = cases_for()
    text = render(rules, cases)
    if "--check" not in sys.argv:
        DOC.parent.mkdir(exist_ok=True)
        DOC.write_text(text, encoding="utf-8")
        return 0
    problems = []
    ids = {r["id"] for r in rules}
    for r in rules:
        if not code_for(r["id"]):
            problems.append(f"{r['id']}: no library code names it")
        if r["id"] not in cases:
            problems.append(f"{r['id']}: no shared case tests it")
    for rid, files in sorted(cases.items()):
        if rid not in ids:
            problems.append(f"{', '.join(files)}: names {rid}, which is not a rule")
    if not DOC.exists() or DOC.read_text(encoding="utf-8") != text:
        problems.append("docs/rules.md is out of date: run build-aux/rules-doc.py")
    for p in problems:
        print(p)
    print(f"{len(rules)} rules, {sum(len(v) for v in cases.values())} case references, "
          f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
