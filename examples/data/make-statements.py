#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Make synthetic account statements for the sample caseload's managed accounts, with
known findings planted in some of them (examples/data/statements/).

For every managed account of examples/data/caseload.jsonl whose first payment is on or
before the end of the audit period (2026-05-01 to 2026-10-31), one CSV file named after
the recipient id: a bank-style export (date, description, amount in pounds, running
balance, payee, category, type) with the council's four-weekly payments (B2-B3, net),
the person's contributions, and spending that the support plan agrees with. Then, for
most accounts, one or two deliberate faults, each listed in planted.json with the rule,
kind, statement lines and pence the audit must report (A2-A6, A9). Accounts without a
plant must audit as satisfactory. Everything is invented; the same input gives the same
files.

    python3 examples/data/make-statements.py   # writes examples/data/statements/

The opening balance of each account is in planted.json too (`opening_pence`); closing
balances come from the running balances.
"""
import argparse
import csv
import datetime as dt
import io
import json
import pathlib
import random

HERE = pathlib.Path(__file__).resolve().parent
FROM, TO = dt.date(2026, 5, 1), dt.date(2026, 10, 31)
MATCH_DAYS = 5

PLANTS = ["none", "unreconciled", "late_payment", "payment_amount", "payment_missing",
          "contribution_shortfall", "prohibited_spend", "unagreed_spend", "hmrc_missing",
          "pa_record", "underspend", "none"]


def pounds(p):
    sign = "-" if p < 0 else ""
    p = abs(p)
    return f"{sign}{p // 100:,}.{p % 100:02d}"


def half_up(num, den):
    return (2 * num + den) // (2 * den)


class Account:
    def __init__(self, r, i):
        self.r, self.i = r, i
        self.rng = random.Random(f"statement-{r['id']}")
        self.lines = []  # [date, description, pence, payee, category, type]
        self.planted = []

    def add(self, date, description, pence, payee="", category="", type_=""):
        self.lines.append([date, description, pence, payee, category, type_])

    def build(self, plant):
        r = self.r
        weekly = sum(f["weekly_pence"] for f in r["funding"])
        sc = next((f["weekly_pence"] for f in r["funding"] if f["source"] == "social_care"), 0)
        contribution = min(r.get("contribution_weekly_pence") or 0, sc)
        council_weekly = weekly - contribution
        start = dt.date.fromisoformat(r["dp_start"])
        pas = r["employs_pas"]
        pa = f"PA-{self.i}-1"
        # B3: four-weekly payments in advance from the first payment.
        d = start
        payments = []
        while d <= TO:
            if d >= FROM and council_weekly > 0:
                payments.append(d)
            d += dt.timedelta(days=28)
        for d in payments:
            self.add(d, "NOTTS CC DIRECT PAYMENT", 4 * council_weekly, "Nottinghamshire CC", "",
                     "council_payment")
        # A4: the contribution due, paid in monthly parts that add up to it.
        lo = max(FROM, start)
        days = (TO - lo).days + 1
        due = half_up(contribution * days, 7)
        if due:
            months = sorted({(x.year, x.month) for x in
                             (lo + dt.timedelta(days=k) for k in range(days))})
            part = due // len(months)
            for k, (y, m) in enumerate(months):
                day = dt.date(y, m, 3) if dt.date(y, m, 3) >= lo else lo
                amount = part + (due - part * len(months) if k == len(months) - 1 else 0)
                self.add(day, "CONTRIBUTION", amount, "", "", "contribution")
        # Spending the plan agrees with: about 85% of each payment.
        share = 50 if plant == "underspend" else 95
        wage_months = set()
        for d in payments:
            budget = 4 * council_weekly * share // 100
            if pas:
                wage = budget * 6 // 10 // 2
                for k in (2, 16):
                    w = d + dt.timedelta(days=k)
                    if w <= TO:
                        self.add(w, f"WAGES {pa}", -wage, pa)
                        wage_months.add((w.year, w.month))
                rest = budget - 2 * wage
                self.add(d + dt.timedelta(days=9), "PAYROLL SERVICE", -min(rest // 10, 2500),
                         "Notts Payroll")
                rest -= min(rest // 10, 2500)
            else:
                rest = budget
            care = rest * 7 // 10
            self.add(d + dt.timedelta(days=5), "BRIGHT HOMECARE LTD", -care, "Bright Homecare Ltd")
            self.add(d + dt.timedelta(days=12), "TAXI", -(rest - care) // 2, "County Taxis")
            self.add(d + dt.timedelta(days=20), "MOBILITY AIDS", -((rest - care) - (rest - care) // 2),
                     "Mobility Shop", "equipment")
        if pas and r["support_plan"]["paye"]:
            for (y, m) in sorted(wage_months):
                self.add(dt.date(y, m, 24), "HMRC PAYE", -self.rng.randrange(2000, 9000), "HMRC")
        self.lines = [l for l in self.lines if FROM <= l[0] <= TO and l[2] != 0]
        return payments, council_weekly, due, pas, pa

    def plant(self, plant, payments, council_weekly, due, pas, pa):
        """Make one fault; the findings it must give are filled in after sorting."""
        if plant == "late_payment" and len(payments) >= 3:
            d = payments[1]
            for l in self.lines:
                if l[5] == "council_payment" and l[0] == d:
                    l[0] = d + dt.timedelta(days=MATCH_DAYS + 1)
            return {"plant": plant, "due": d, "pence": 4 * council_weekly}
        if plant == "payment_amount" and len(payments) >= 2:
            d = payments[0]
            for l in self.lines:
                if l[5] == "council_payment" and l[0] == d:
                    l[2] -= 1000
            return {"plant": plant, "due": d, "pence": 4 * council_weekly}
        if plant == "payment_missing" and len(payments) >= 2:
            d = payments[-1]
            self.lines = [l for l in self.lines if not (l[5] == "council_payment" and l[0] == d)]
            return {"plant": plant, "due": d, "pence": 4 * council_weekly}
        if plant == "contribution_shortfall" and due > 500:
            last = [l for l in self.lines if l[5] == "contribution"][-1]
            last[2] -= 500
            return {"plant": plant}
        if plant == "prohibited_spend":
            self.add(FROM + dt.timedelta(days=40), "CORNER SHOP", -2340, "Corner Shop",
                     "food_drink")
            return {"plant": plant}
        if plant == "unagreed_spend":
            self.add(FROM + dt.timedelta(days=61), "CINEMA", -1500, "Cinema", "leisure")
            return {"plant": plant}
        if plant == "hmrc_missing" and pas and self.r["support_plan"]["paye"]:
            hm = [l for l in self.lines if l[3] == "HMRC"]
            if len(hm) >= 2:
                self.lines.remove(hm[1])
                return {"plant": plant, "month": (hm[1][0].year, hm[1][0].month)}
        if plant == "pa_record" and pas:  # in a month with wages (and an HMRC payment)
            first = min(l[0] for l in self.lines if l[3] == pa)
            self.add(first, "WAGES COVER", -4500, f"PA-{self.i}-9", "pa_wages")
            return {"plant": plant}
        if plant == "underspend" and payments:
            return {"plant": plant}
        if plant == "unreconciled":
            return {"plant": plant}
        return None

    def write(self, opening, plan):
        self.lines.sort(key=lambda l: (l[0], -l[2]))
        # Running balances; an unreconciled plant puts one a penny out.
        bal = opening
        off_line = None
        if plan and plan["plant"] == "unreconciled":
            off_line = len(self.lines) // 2
        rows, balances = [], []
        for k, l in enumerate(self.lines):
            bal += l[2]
            shown = bal + (1 if k == off_line else 0)
            if k == off_line:
                bal += 1  # later balances follow from the wrong one
            balances.append(shown)
            rows.append([l[0].strftime("%d/%m/%Y"), l[1], pounds(l[2]), pounds(shown), l[3],
                         l[4], l[5]])
        out = io.StringIO()
        w = csv.writer(out, lineterminator="\r\n")
        w.writerow(["date", "description", "amount", "balance", "payee", "category", "type"])
        w.writerows(rows)
        return out.getvalue(), off_line

    def findings(self, plan, off_line):
        """What the audit must report for the plant, with line numbers from 1."""
        if not plan:
            return []
        p = plan["plant"]
        idx = lambda pred: [k + 1 for k, l in enumerate(self.lines) if pred(l)]
        if p == "unreconciled":
            return [{"rule": "A2", "kind": "unreconciled", "lines": [off_line + 1], "pence": 1}]
        if p == "late_payment":
            late = plan["due"] + dt.timedelta(days=MATCH_DAYS + 1)
            lines = idx(lambda l: l[5] == "council_payment" and l[0] == late)
            return [{"rule": "A3", "kind": "payment_missing", "lines": [], "pence": plan["pence"]},
                    {"rule": "A3", "kind": "payment_unexpected", "lines": lines,
                     "pence": plan["pence"]}]
        if p == "payment_amount":
            lines = idx(lambda l: l[5] == "council_payment" and l[0] == plan["due"])
            return [{"rule": "A3", "kind": "payment_amount", "lines": lines, "pence": -1000}]
        if p == "payment_missing":
            return [{"rule": "A3", "kind": "payment_missing", "lines": [], "pence": plan["pence"]}]
        if p == "contribution_shortfall":
            return [{"rule": "A4", "kind": "contribution_shortfall",
                     "lines": idx(lambda l: l[5] == "contribution"), "pence": 500}]
        if p == "prohibited_spend":
            return [{"rule": "A5", "kind": "prohibited_spend",
                     "lines": idx(lambda l: l[4] == "food_drink"), "pence": 2340}]
        if p == "unagreed_spend":
            return [{"rule": "A5", "kind": "unagreed_spend",
                     "lines": idx(lambda l: l[4] == "leisure"), "pence": 1500}]
        if p == "hmrc_missing":
            y, m = plan["month"]
            lines = idx(lambda l: l[0].year == y and l[0].month == m and
                        l[3].startswith(f"PA-{self.i}-"))
            pence = -sum(self.lines[k - 1][2] for k in lines)
            return [{"rule": "A6", "kind": "evidence_missing", "lines": lines, "pence": pence}]
        if p == "pa_record":  # a payee the plan does not list for pa_wages, too (A5)
            lines = idx(lambda l: l[3] == f"PA-{self.i}-9")
            return [{"rule": "A5", "kind": "unagreed_spend", "lines": lines, "pence": 4500},
                    {"rule": "A6", "kind": "evidence_missing", "lines": lines, "pence": 4500}]
        if p == "underspend":
            council = sum(l[2] for l in self.lines if l[5] == "council_payment")
            spend = -sum(l[2] for l in self.lines if l[2] < 0)
            return [{"rule": "A9", "kind": "underspend", "lines": [], "pence": council - spend}]
        return []


def main():
    # No options: but --help is help, and anything else is refused, before any file
    # of examples/data/statements/ is replaced.
    argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                            epilog="Writes examples/data/statements/ (the CSV files and "
                                   "planted.json), replacing what is there.").parse_args()
    out = HERE / "statements"
    out.mkdir(exist_ok=True)
    for old in out.glob("R-*.csv"):
        old.unlink()
    planted = {"from": FROM.isoformat(), "to": TO.isoformat(), "accounts": []}
    with open(HERE / "caseload.jsonl", encoding="utf-8") as f:
        records = [json.loads(line) for line in f if line.strip()]
    k = 0
    for r in records:
        if r["payment_method"] != "managed_account" or not r["dp_start"]:
            continue
        if dt.date.fromisoformat(r["dp_start"]) > TO:
            continue
        i = int(r["id"].split("-")[1])
        acct = Account(r, i)
        plant = PLANTS[k % len(PLANTS)]
        k += 1
        payments, council_weekly, due, pas, pa = acct.build(plant)
        plan = acct.plant(plant, payments, council_weekly, due, pas, pa)
        weekly = sum(f["weekly_pence"] for f in r["funding"])
        opening = 2 * weekly
        text, off_line = acct.write(opening, plan)
        findings = acct.findings(plan, off_line)
        (out / f"{r['id']}.csv").write_text(text, encoding="utf-8", newline="")
        planted["accounts"].append({"id": r["id"], "opening_pence": opening,
                                    "plant": plan["plant"] if plan else "none",
                                    "findings": findings})
    (out / "planted.json").write_text(json.dumps(planted, indent=1) + "\n", encoding="utf-8")
    print(f"{len(planted['accounts'])} statements, "
          f"{sum(len(a['findings']) for a in planted['accounts'])} planted findings")


if __name__ == "__main__":
    main()
