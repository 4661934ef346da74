#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Make the synthetic sample caseload (examples/data/caseload.jsonl).

Every record is invented: ids are sequential, no names or addresses. The mix
is chosen so that every rule (E1-E6, P1-P4, T1-T4, S1-S4, R1-R2) fires for
some records, with unknown facts and boundary cases among them. Managed accounts
also carry a support plan and (PA employers) employer evidence for account audits
(A5, A6). Deterministic: the same count and seed give the same file, and the
defaults give the bundled one.

    python3 examples/data/make-caseload.py > examples/data/caseload.jsonl
    python3 examples/data/make-caseload.py -n 1000000 --seed 7 -o big.jsonl
"""
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


def main(argv=None):
    parser = argparse.ArgumentParser(description="Make a synthetic caseload (JSON Lines).")
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
    out = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout
    try:
        for i in range(1, args.count + 1):
            out.write(json.dumps(record(i), separators=(",", ":")) + "\n")
    finally:
        if args.output:
            out.close()


if __name__ == "__main__":
    try:
        main()
    except BrokenPipeError:  # e.g. piped into head
        sys.stderr.close()
