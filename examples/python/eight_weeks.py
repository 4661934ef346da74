#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""8 weeks instead of 6: what if surplus were reclaimed only above 8 weeks of payments?

A notebook-style script (each "# %%" starts a cell: run it cell by cell in
Jupyter or an editor that knows the marks, or as a whole). It compares the
caseload under the built-in policy and the 8-week alternative in one pass with
dpss.compare, looks at who is affected in a pandas DataFrame, and draws a chart
when matplotlib is installed. Usage:

    PYTHONPATH=_build/bindings/python python3 examples/python/eight_weeks.py \\
        examples/data/caseload.jsonl --as-of 2026-11-22 [--chart surplus.png]
"""
# %% Setup: the caseload, the date and the two policies
import argparse
import datetime

import pandas as pd

import dpss

ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
ap.add_argument("caseload", help="recipients: JSON, JSON Lines (what `dpss evaluate` reads)")
ap.add_argument("--as-of", type=datetime.date.fromisoformat, default=datetime.date.today())
ap.add_argument("--weeks", type=int, default=8, help="the what-if threshold (default 8)")
ap.add_argument("--chart", help="save the chart to this file (PNG) instead of showing it")
args = ap.parse_args()

base = dpss.Policy.default()
what_if = base.with_overrides(surplus_threshold_weeks=args.weeks)
weeks = base.get("surplus_threshold_weeks", args.as_of)
print(f"{args.weeks} weeks instead of {weeks}, as of {args.as_of}")
print(f"  the alternative's overrides: {what_if.overrides}")

# %% Compare in one pass: every record evaluated under both policies
comparison = dpss.compare(args.caseload, base, what_if, as_of=args.as_of)
summary = comparison.summary
print(f"  {summary['changed']} of {summary['recipients']} decisions change")
money = summary["money"]["to_reclaim"]
print(f"  to reclaim: {dpss.format_money(money['before_pence'])} -> "
      f"{dpss.format_money(money['after_pence'])} "
      f"({dpss.format_money(money['change_pence'])})")

# %% What changed, field by field: one row per change
changes = comparison.to_dataframe()
print("\nDecisions that flip, by field")
print(changes.groupby("field", observed=True).size().sort_values(ascending=False).to_string())

# %% Who is no longer asked to pay back, and how much each would have paid
reclaim = changes[changes["field"] == "surplus.reclaim"]
stopped = reclaim[(reclaim["before"] == True) & (reclaim["after"] == False)]  # noqa: E712
was = changes[changes["field"] == "surplus.excess_pence"].set_index("id")["before"]
print(f"\n{len(stopped)} people no longer asked to pay back "
      f"{dpss.format_money(int(was.loc[stopped['id']].sum()))} between them")

# %% Decisions as a DataFrame: the surplus by tier under each policy
frames = []
for label, policy in ((f"{weeks} weeks", base), (f"{args.weeks} weeks", what_if)):
    df = dpss.evaluate_file(args.caseload, policy, args.as_of).to_dataframe()
    df["policy"] = label
    frames.append(df)
both = pd.concat(frames, ignore_index=True)
both["to reclaim"] = both["surplus.excess_pence"].where(both["surplus.reclaim"].fillna(False), 0)
# An undetermined tier is null in the decision: name it, so those people count too.
both["tier"] = both["tier.tier"].cat.add_categories("undetermined").fillna("undetermined")
by_tier = (both.pivot_table(index="tier", columns="policy", values="to reclaim",
                            aggfunc="sum", observed=False).fillna(0).astype("int64"))
assert by_tier[f"{weeks} weeks"].sum() == money["before_pence"]
print("\nPence to reclaim, by tier")
print(by_tier.to_string())

# %% A chart of the same (matplotlib is optional)
try:
    import matplotlib
    if args.chart:
        matplotlib.use("Agg")
    import matplotlib.pyplot as plt
except ImportError:
    print("\n(matplotlib is not installed: no chart)")
else:
    ax = (by_tier / 100).plot.bar(rot=0, title=f"Surplus to reclaim as of {args.as_of}, by tier")
    ax.set_ylabel("pounds")
    ax.set_xlabel("support tier")
    plt.tight_layout()
    if args.chart:
        plt.savefig(args.chart)
        print(f"\nchart saved to {args.chart}")
    else:
        plt.show()
