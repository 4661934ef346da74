#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Make the synthetic sample caseload (examples/data/caseload.jsonl), also as CSV.

Every record is invented: ids are sequential, no names or addresses. The mix
is chosen so that every rule (E1-E6, P1-P4, T1-T4, S1-S4, R1-R2) fires for
some records, with unknown facts and boundary cases among them. Managed accounts
also carry a support plan and (PA employers) employer evidence for account audits
(A5, A6). Deterministic: the same count and seed give the same file, and the
defaults give the bundled one.

    python3 examples/data/make-caseload.py > examples/data/caseload.jsonl
    python3 examples/data/make-caseload.py -n 1000000 --seed 7 -o big.jsonl

The same people as CSV: `--format csv` writes the columns of the library's
convention (each named by its field's path; examples/data/caseload.csv), and
`--format case-system` an export of a made-up case system with its own
headers, Y/N facts and DD/MM/YYYY dates, read with
examples/data/case-system-map.json (examples/data/case-system-export.csv).
The support plan and employer evidence (account audits) have no CSV columns.
"""
import csv
import argparse
import json
import random
import sys
import datetime as dt

AS_OF = dt.date(2026, 11, 22)
DEFAULT_SEED = 20261122
rng = random.Random(DEFAULT_SEED)


def day(offset):
    return (AS_OF - dt.timedelta(days=offset)).isoformat()


def tri(p_true, p_unknown=0.0):
    x = rng.random()
    if x < p_unknown:
        return None
    return rng.random() < p_true


def record(i):
    r = {"id": f"R-{i:06d}", "kind": "child" if i % 9 == 0 else "adult"}
    profile = i % 20
    r["has_capacity"] = tri(0.85, 0.03)
    r["consents"] = tri(0.95, 0.03) if r["has_capacity"] is not False else None
    r["authorised_person"] = True if (r["has_capacity"] is False and i % 4) else None
    r["excluding_order"] = True if profile == 7 else tri(0.0, 0.04)
    r["pays_household_family"] = True if profile in (3, 11) else tri(0.0, 0.05)
    r["family_payment_necessary"] = (i % 2 == 0) if r["pays_household_family"] else None
    r["bank_account"] = tri(0.75, 0.03)
    if r["bank_account"] is False:
        r["card_suitable"] = tri(0.6, 0.1)
        r["payment_method"] = "prepaid_card" if r["card_suitable"] else "managed_account"
    else:
        r["card_suitable"] = None
        r["payment_method"] = rng.choice(["bank_account"] * 6 + ["prepaid_card", "managed_account"])
    r["employs_pas"] = tri(0.4)
    r["considering_employing_pas"] = tri(0.4, 0.05)
    r["complex_needs"] = tri(0.15, 0.05)
    r["specialist_needs"] = rng.choice([[], [], [], ["sensory_impairment"], ["dementia"]])
    r["risk"] = "high" if i % 11 == 0 else "standard"
    sc = rng.randrange(8000, 90000, 100)
    funding = [{"source": "social_care", "weekly_pence": sc}]
    if i % 6 == 0:
        funding.append({"source": "health", "weekly_pence": rng.randrange(2000, 30000, 100)})
    r["funding"] = funding
    weekly = sum(f["weekly_pence"] for f in funding)
    started = rng.choice([20, 90, 200, 330, 364, 365, 366, 500, 900, 1800])
    r["dp_start"] = None if i % 37 == 0 else day(started)
    if i % 5 == 0:
        r["personal_budget_weekly_pence"] = weekly + rng.randrange(0, 20000, 100)
        r["contribution_weekly_pence"] = rng.choice([0, 1500, 3000])
    # Balances around the 6-week threshold, some with money owed.
    weeks = rng.choice([1, 3, 5, 6, 6, 7, 9, 12])
    owed = rng.choice([0, 0, 0, 2500, 10000])
    extra = rng.choice([-100, 0, 1, 100, 5000])
    r["balance"] = None if i % 13 == 0 else {
        "on": day(rng.randrange(0, 30)), "pence": weeks * weekly + extra + owed, "owed_pence": owed}
    if r["dp_start"] and started < 400 and i % 3:
        r["support"] = {"tier": "start_up", "since": r["dp_start"],
                        "completed": i % 10 == 0, "provider": "P-LEAD"}
    elif i % 4 == 0:
        r["support"] = {"tier": "issue_based", "since": day(100), "completed": None,
                        "provider": rng.choice(["P-LEAD", "P-SENS", "P-DEM"])}
    else:
        r["support"] = None
    r["existing_arrangement"] = ({"provider": rng.choice(["P-OLD", "P-SENS"]), "successful": i % 3 != 0}
                                 if i % 8 == 0 else None)
    issues = []
    for k in range(rng.choice([0, 0, 0, 1, 1, 2])):
        opened = rng.choice([1, 5, 14, 15, 16, 30, 60])
        resolved = None if rng.random() < 0.7 else day(max(0, opened - 3))
        issues.append({"id": f"I-{i}-{k + 1}", "opened": day(opened), "resolved": resolved})
    r["issues"] = issues
    r["last_review"] = day(rng.choice([30, 200, 380])) if r["dp_start"] and started > 200 else None
    r["last_audit"] = (day(rng.choice([40, 370])) if r["payment_method"] == "managed_account"
                       and r["dp_start"] and started > 200 and i % 2 else None)
    if r["payment_method"] == "managed_account":
        add_plan(r, i)
    return r


def add_plan(r, i):
    """The support plan's spending lines and, for PA employers, complete employer
    evidence (managed accounts only; audited with examples/data/statements/). Uses no
    draws from the main random stream, so the rest of the caseload stays as it was."""
    lines = [{"category": "agency_care", "payee": "Bright Homecare Ltd"},
             {"category": "transport", "payee": "County Taxis"},
             {"category": "equipment"}]
    if r["employs_pas"]:
        weekly = sum(f["weekly_pence"] for f in r["funding"])
        lines = [{"category": "pa_wages", "payee": f"PA-{i}-1", "weekly_pence": weekly // 2},
                 {"category": "hmrc", "payee": "HMRC"},
                 {"category": "payroll_service", "payee": "Notts Payroll"},
                 {"category": "insurance", "payee": "Shield Insurance"}] + lines
        r["employer"] = {"insurance": [{"from": "2025-12-01", "to": "2026-11-30"}],
                         "pas": [{"id": f"PA-{i}-1", "contract": True,
                                  "dbs_checked": "2024-%02d-15" % (1 + i % 12)}]}
    r["support_plan"] = {"paye": bool(r["employs_pas"]), "lines": lines}


# ------------------------------------------------------------------ CSV

FACTS = ["has_capacity", "consents", "authorised_person", "excluding_order",
         "pays_household_family", "family_payment_necessary", "bank_account"]
FACTS_2 = ["card_suitable", "employs_pas", "considering_employing_pas", "complex_needs"]
MAX_ISSUES = 2
COLUMNS = (["id", "kind"] + FACTS + ["payment_method"] + FACTS_2 +
           ["specialist_needs", "risk", "funding.social_care.weekly_pence",
            "funding.health.weekly_pence", "dp_start", "dp_end", "balance.on", "balance.pence",
            "balance.owed_pence", "support.tier", "support.since", "support.completed",
            "support.provider", "existing_arrangement.provider",
            "existing_arrangement.successful", "last_review", "last_audit",
            "personal_budget_weekly_pence", "contribution_weekly_pence", "requested_provider"] +
           [f"issues[{k}].{f}" for k in range(MAX_ISSUES) for f in ("id", "opened", "resolved")])


def flat(r):
    """A recipient as CSV cells by column: the library's convention."""
    def cell(v):
        if v is None:
            return ""
        if v is True or v is False:
            return "true" if v else "false"
        return str(v)
    row = {c: "" for c in COLUMNS}
    for k, v in r.items():
        if k in ("funding", "balance", "support", "existing_arrangement", "issues",
                 "support_plan", "employer"):
            continue
        row[k] = ";".join(v) if k == "specialist_needs" else cell(v)
    for f in r.get("funding") or []:
        row[f"funding.{f['source']}.weekly_pence"] = cell(f["weekly_pence"])
    for group in ("balance", "support", "existing_arrangement"):
        for k, v in (r.get(group) or {}).items():
            row[f"{group}.{k}"] = cell(v)
    issues = r.get("issues") or []
    assert len(issues) <= MAX_ISSUES
    for n, issue in enumerate(issues):
        for k, v in issue.items():
            row[f"issues[{n}].{k}"] = cell(v)
    return row


# A made-up case system's export of the same people: its own headers (one
# to one with ours, in case-system-map.json), Y/N facts, DD/MM/YYYY dates,
# its own words, and columns we ignore (one with notes over lines).
CASE_HEADERS = {
    "id": "Client Ref", "kind": "Client Type", "has_capacity": "Has Capacity",
    "consents": "Consents To DP", "authorised_person": "Authorised Person Agreed",
    "excluding_order": "Excluding Order", "pays_household_family": "Pays Family In Household",
    "family_payment_necessary": "Family Payment Necessary", "bank_account": "Bank Account",
    "payment_method": "Payment Method", "card_suitable": "Card Suitable",
    "employs_pas": "Employs PAs", "considering_employing_pas": "Considering PAs",
    "complex_needs": "Complex Needs", "specialist_needs": "Specialist Need", "risk": "Risk",
    "funding.social_care.weekly_pence": "Social Care Weekly (p)",
    "funding.health.weekly_pence": "PHB Weekly (p)", "dp_start": "DP Start Date",
    "dp_end": "DP End Date", "balance.on": "Balance Date", "balance.pence": "Balance (p)",
    "balance.owed_pence": "Owed (p)", "support.tier": "DPSS Tier",
    "support.since": "DPSS Since", "support.completed": "Start-up Completed",
    "support.provider": "DPSS Provider", "existing_arrangement.provider": "Previous Provider",
    "existing_arrangement.successful": "Previous Arrangement Successful",
    "last_review": "Last Review", "last_audit": "Last Audit",
    "personal_budget_weekly_pence": "PB Weekly (p)",
    "contribution_weekly_pence": "Contribution Weekly (p)",
    "requested_provider": "Requested Provider",
}
for _k in range(MAX_ISSUES):
    CASE_HEADERS[f"issues[{_k}].id"] = f"Issue {_k + 1} Ref"
    CASE_HEADERS[f"issues[{_k}].opened"] = f"Issue {_k + 1} Opened"
    CASE_HEADERS[f"issues[{_k}].resolved"] = f"Issue {_k + 1} Resolved"
CASE_WORDS = {
    "kind": {"adult": "Adult", "child": "Child"},
    "payment_method": {"bank_account": "Bank", "prepaid_card": "Card",
                       "managed_account": "Managed"},
    "risk": {"standard": "Standard", "high": "High"},
    "support.tier": {"start_up": "Start-up", "issue_based": "Issue-based", "none": "None"},
    "specialist_needs": {"sensory_impairment": "Sensory impairment", "dementia": "Dementia"},
}
CASE_DATES = {"dp_start", "dp_end", "balance.on", "support.since", "last_review",
              "last_audit"} | {f"issues[{k}].{f}" for k in range(MAX_ISSUES)
                               for f in ("opened", "resolved")}
CASE_FACTS = set(FACTS + FACTS_2 + ["support.completed", "existing_arrangement.successful"])


def case_row(i, row):
    """The case system's cells for one of our rows."""
    out = {}
    for col, value in row.items():
        if col in CASE_FACTS:
            # unknown written two ways, as exports do: blank or U
            value = {"true": "Y", "false": "N", "": "U" if i % 2 else ""}[value]
        elif col in CASE_DATES and value:
            value = dt.date.fromisoformat(value).strftime("%d/%m/%Y")
        elif col in CASE_WORDS and value:
            value = CASE_WORDS[col][value]
        out[CASE_HEADERS[col]] = value
    out["Case Worker Team"] = ["North", "South", "Mansfield", "Bassetlaw"][i % 4]
    out["Notes"] = ("" if i % 5 else "Reviewed by phone, then visited;\nfamily present"
                    if i % 10 == 0 else "Called, no answer")
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description="Make a synthetic caseload (JSON Lines).")
    parser.add_argument("--format", choices=["jsonl", "csv", "case-system"], default="jsonl",
                        help="JSON Lines (default), CSV with the library's columns, or a "
                             "made-up case system's export")
    parser.add_argument("-n", "--count", type=int, default=240,
                        help="how many recipients (default: 240, the bundled file)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED,
                        help=f"the random seed (default: {DEFAULT_SEED})")
    parser.add_argument("-o", "--output", metavar="FILE",
                        help="write to FILE instead of standard output")
    args = parser.parse_args(argv)
    if args.count < 0:
        parser.error("the count must be 0 or more")
    rng.seed(args.seed)
    try:
        out = (open(args.output, "w", encoding="utf-8", newline="") if args.output
               else sys.stdout)
    except OSError as e:
        print(f"make-caseload.py: {args.output}: {e.strerror}", file=sys.stderr)
        return 2
    try:
        if args.format == "jsonl":
            for i in range(1, args.count + 1):
                out.write(json.dumps(record(i), separators=(",", ":")) + "\n")
        elif args.format == "csv":
            w = csv.DictWriter(out, COLUMNS, lineterminator="\n")
            w.writeheader()
            for i in range(1, args.count + 1):
                w.writerow(flat(record(i)))
        else:
            headers = [CASE_HEADERS[c] for c in COLUMNS] + ["Case Worker Team", "Notes"]
            w = csv.DictWriter(out, headers, lineterminator="\r\n")
            w.writeheader()
            for i in range(1, args.count + 1):
                w.writerow(case_row(i, flat(record(i))))
    finally:
        if args.output:
            out.close()


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # e.g. piped into head
        sys.stderr.close()
