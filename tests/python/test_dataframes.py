# SPDX-License-Identifier: MIT
"""DataFrames of decisions, schedules, routings and comparisons (pandas only when asked)."""
import datetime
import json
import os
import pathlib
import subprocess
import sys

import pytest

import dpss

pd = pytest.importorskip("pandas")
np = pytest.importorskip("numpy")

HERE = pathlib.Path(__file__).resolve().parent
TOP = HERE.parent.parent
CASELOAD = TOP / "examples/data/caseload.jsonl"
AS_OF = datetime.date(2026, 11, 22)


def _field(d, path):
    for key in path.split("."):
        d = d[key]
    return d


def test_pandas_is_imported_only_when_asked():
    code = ("import sys, dpss, datetime; "
            "list(dpss.evaluate_file(sys.argv[1], as_of=datetime.date(2026, 11, 22))); "
            "assert 'pandas' not in sys.modules and 'numpy' not in sys.modules; "
            "dpss.evaluate_file(sys.argv[1]).to_dataframe(); assert 'pandas' in sys.modules")
    subprocess.run([sys.executable, "-c", code, str(CASELOAD)], check=True, env=os.environ)


def test_decisions_frame_has_the_decisions_values_and_types():
    decisions = list(dpss.evaluate_file(CASELOAD, as_of=AS_OF))
    df = dpss.evaluate_file(CASELOAD, as_of=AS_OF).to_dataframe()
    assert len(df) == 240 and list(df["id"]) == [d.id for d in decisions]
    assert list(df.columns[:4]) == ["id", "as_of", "eligibility.status", "eligibility.via"]
    # Money: integer pence, nullable; dates: datetime64 days; enums: categorical; facts: boolean.
    assert str(df["surplus.excess_pence"].dtype) == "Int64"
    assert str(df["surplus.reclaim"].dtype) == "boolean"
    assert df["review_due"].dtype.kind == "M" and df["tier.ends"].dtype.kind == "M"
    assert str(df["eligibility.status"].dtype) == "category"
    assert list(df["eligibility.status"].cat.categories) == ["eligible", "not_eligible",
                                                             "undetermined"]
    assert df["extra_review"].dtype == bool and df["escalations.open"].dtype == np.int64
    for row, d in zip(df.itertuples(index=False), decisions):
        full = d.to_dict()
        for name, value in zip(df.columns, row):
            if name == "id":
                assert value == full["id"]
            elif name.startswith("escalations."):
                esc = full["escalations"]
                assert value == (len(esc) if name == "escalations.open"
                                 else sum(e["care_manager_review"] for e in esc))
            else:
                want = _field(full, name)
                if want is None:
                    assert pd.isna(value), (d.id, name, value)
                elif isinstance(want, datetime.date):
                    assert value.date() == want, (d.id, name)
                else:
                    assert value == want and not isinstance(value, float), (d.id, name, value)
    # Sums stay exact integers.
    reclaimed = df.loc[df["surplus.reclaim"].fillna(False), "surplus.excess_pence"].sum()
    assert reclaimed == sum(d.surplus.excess_pence for d in decisions if d.surplus.reclaim)
    assert isinstance(int(reclaimed), int)


def test_decisions_to_dataframe_of_any_decisions_in_order():
    decisions = list(dpss.evaluate_file(CASELOAD, as_of=AS_OF))
    picked = decisions[200:] + decisions[:3] + [decisions[7]]
    single = dpss.evaluate(dpss.Policy.default(), CASELOAD.read_text().splitlines()[9], AS_OF)
    df = dpss.decisions_to_dataframe(picked + [single])
    whole = dpss.decisions_to_dataframe(decisions)
    assert list(df["id"]) == [d.id for d in picked] + [single.id]
    rows = list(range(200, 240)) + [0, 1, 2, 7, 9]
    expect = whole.iloc[rows].reset_index(drop=True)
    pd.testing.assert_frame_equal(df, expect)
    assert len(dpss.decisions_to_dataframe([])) == 0
    with pytest.raises(TypeError):
        dpss.decisions_to_dataframe([{"id": "A"}])


def test_nulls_and_the_rest_of_a_partly_read_input():
    text = b'{"id":"A"}\n{"id":"B","kind":9}\n{"id":"C","balance":{"pence":5}}\n{"id":"D"}\n'
    records = dpss.evaluate_file(text, as_of=AS_OF, errors="skip", on_error=lambda e: None)
    assert next(iter(records)).id == "A"
    df = records.to_dataframe()
    assert list(df["id"]) == ["C", "D"]
    assert (records.read, records.decided, records.skipped) == (4, 3, 1)
    want = [dpss.evaluate(dpss.Policy.default(), r, AS_OF).surplus.excess_pence
            for r in text.splitlines()[2:]]
    assert want[1] is None
    assert df["surplus.excess_pence"].isna().tolist() == [w is None for w in want]
    assert pd.isna(df["tier.tier"][1]) and pd.isna(df["review_due"][1])
    assert df["eligibility.household_family_payment"][1] in ("undetermined", "not_applicable")
    assert list(records) == []  # all read
    with pytest.raises(dpss.TypeMismatchError):
        dpss.evaluate_file(text, as_of=AS_OF).to_dataframe()


def test_schedules_frame_one_row_per_payment():
    r = {"id": "R-1", "dp_start": "2026-01-05", "contribution_weekly_pence": 2000,
         "funding": [{"source": "social_care", "weekly_pence": 45000},
                     {"source": "health", "weekly_pence": 5000}],
         "one_off_payments": [{"date": "2026-02-10", "pence": 30000, "purpose": "equipment"}]}
    s = dpss.payments(dpss.Policy.default(), r, "2026-01-01", "2026-06-30")
    df = s.to_dataframe()
    regular = df[df["kind"] == "regular"]
    assert len(regular) == len(s) and len(df) == len(s) + 1
    assert list(regular["pence"]) == [p["pence"] for p in s.payments]
    assert (regular["streams.social_care"] + regular["streams.health"] == regular["pence"]).all()
    assert df["date"].dtype.kind == "M" and str(df["pence"].dtype) == "Int64"
    one_off = df[df["kind"] == "one_off"].iloc[0]
    assert one_off["purpose"] == "equipment" and one_off["pence"] == 30000
    assert pd.isna(one_off["days"])
    whole = dpss.payments_file(CASELOAD, "2026-01-01", "2026-12-31").to_dataframe()
    totals = dpss.Totals("2026-01-01", "2026-12-31")
    for sched in dpss.payments_file(CASELOAD, "2026-01-01", "2026-12-31"):
        totals.add(sched)
    assert whole["pence"].sum() == totals.pence
    paid = [sched.id for sched in dpss.payments_file(CASELOAD, "2026-01-01", "2026-12-31")
            if len(sched) or sched.to_dict()["one_off_payments"]]
    assert list(whole["id"].unique()) == paid
    assert dpss.schedules_to_dataframe([]).empty


def test_routings_frame_one_row_per_routing():
    net = dpss.Network.from_file(TOP / "examples/data/network.json", as_of=AS_OF)
    referrals = (TOP / "examples/data/referrals.jsonl").read_text().splitlines()
    routed = net.route_all(referrals)
    df = routed.to_dataframe()
    assert len(df) == len(referrals) and list(df["id"]) == [r["id"] for r in routed]
    assert list(df["provider"]) == [r.get("provider") for r in routed]
    assert list(df["rules"]) == [",".join(r["rules"]) for r in routed]
    assert df["in_network"].dtype == bool and str(df["role"].dtype) == "category"
    assert df["in_network"].sum() == sum(r.in_network for r in routed)


def test_comparison_frame_one_row_per_change():
    base = dpss.Policy.default()
    c = dpss.compare(CASELOAD, base, base.with_overrides(surplus_threshold_weeks=8), as_of=AS_OF)
    df = c.to_dataframe()
    assert list(df.columns) == ["id", "field", "before", "after", "rule"]
    assert len(df) == sum(len(ch["changes"]) for ch in c.changes)
    flips = df.groupby("field", observed=True).size().to_dict()
    assert flips == {f: n for f, n in c.summary["flips"].items() if n}
    moved = df[df["field"] == "surplus.excess_pence"]
    assert all(isinstance(v, int) for v in moved["before"])
    dates = df[df["field"] == "surplus.recover_from"]["before"]
    assert all(isinstance(v, datetime.date) for v in dates if v is not None)


def test_the_what_if_notebook_runs(tmp_path):
    env = dict(os.environ, MPLBACKEND="Agg")
    out = subprocess.run([sys.executable, str(TOP / "examples/python/eight_weeks.py"),
                          str(CASELOAD), "--as-of", "2026-11-22", "--chart",
                          str(tmp_path / "chart.png")],
                         check=True, capture_output=True, text=True, env=env).stdout
    assert "8 weeks instead of 6" in out and "no longer asked to pay back" in out
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        assert "matplotlib is not installed" in out
    else:
        assert (tmp_path / "chart.png").stat().st_size > 1000
