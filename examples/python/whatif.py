#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""What if surplus were reclaimed above 8 weeks instead of 6?

An analyst's script: load a caseload, evaluate it under the built-in policy
and under an 8-week threshold, and compare who is asked to pay back and how
much. Usage:

    PYTHONPATH=_build/bindings/python python3 examples/python/whatif.py \
        examples/data/caseload.jsonl --as-of 2026-11-22
"""
import argparse
import datetime

import dpss


def reclaims(decisions):
    """{recipient id: pence to pay back} for those with a surplus."""
    return {d.id: d.surplus.excess_pence for d in decisions if d.surplus.reclaim}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("caseload", help="recipients, JSON Lines")
    ap.add_argument("--as-of", type=datetime.date.fromisoformat, default=datetime.date.today())
    ap.add_argument("--weeks", type=int, default=8, help="the what-if threshold (default 8)")
    args = ap.parse_args()

    base = dpss.Policy.default()
    what_if = base.with_overrides(surplus_threshold_weeks=args.weeks)
    weeks = base.get("surplus_threshold_weeks", args.as_of)
    now = reclaims(dpss.evaluate_file(args.caseload, base, args.as_of, errors="skip"))
    then = reclaims(dpss.evaluate_file(args.caseload, what_if, args.as_of, errors="skip"))

    print(f"Surplus reclaimed as of {args.as_of}")
    print(f"  {'threshold':<12}{'people':>8}{'to reclaim':>16}")
    for label, r in ((f"{weeks} weeks", now), (f"{args.weeks} weeks", then)):
        print(f"  {label:<12}{len(r):>8}{dpss.format_money(sum(r.values())):>16}")
    dropped = sorted(set(now) - set(then))
    print(f"  {len(dropped)} people no longer reclaimed from; "
          f"{dpss.format_money(sum(now.values()) - sum(then.values()))} less reclaimed")


if __name__ == "__main__":
    main()
