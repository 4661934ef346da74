# SPDX-License-Identifier: MIT
"""The Python binding: the shared case suite, errors, ownership, and agreement with C."""
import datetime
import decimal
import gc
import json
import os
import pathlib
import subprocess
import sys

import pytest

import dpss

HERE = pathlib.Path(__file__).resolve().parent
TESTS = HERE.parent
TOP = TESTS.parent
CASES = sorted((TESTS / "cases").glob("*.json"))
AS_OF = datetime.date(2026, 11, 22)
TOOL = os.environ.get("DPSS_TOOL")


def subset(want, got, path="$"):
    """Every field of want is in got with the same value (as the C runner checks)."""
    if isinstance(want, dict):
        assert isinstance(got, dict), path
        for k, v in want.items():
            assert k in got, f"{path}.{k} missing"
            subset(v, got[k], f"{path}.{k}")
    elif isinstance(want, list):
        assert isinstance(got, list) and len(got) == len(want), path
        for i, (w, g) in enumerate(zip(want, got)):
            subset(w, g, f"{path}[{i}]")
    else:
        assert want == got and type(want) is type(got), f"{path}: want {want!r}, got {got!r}"


def trace_has(trace, want):
    for entry in trace:
        try:
            subset(want, entry)
            return True
        except AssertionError:
            pass
    return False


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_case_suite(path):
    case = json.loads(path.read_text(encoding="utf-8"))
    if "framework" in case:
        framework = dpss.Framework.from_json(json.dumps(case["framework"]))
        for step in case["add"]:
            if step["expect"] == "OK":
                framework.add(step["call_off"])
            else:
                with pytest.raises(dpss.Error) as info:
                    framework.add(step["call_off"])
                assert info.value.name == step["expect"]
        for want in case.get("expect_committed", []):
            assert framework.committed(want["commissioner"], want["year"]) == want["pence"]
        return
    policy = (dpss.Policy.from_json(json.dumps(case["policy"])) if "policy" in case
              else dpss.Policy.default())
    for assignment in case.get("set", []):
        name, value = assignment.split("=", 1)
        policy = policy.with_overrides(**{name: value})
    as_of = datetime.date.fromisoformat(case["as_of"])
    if "expect_error" in case:
        with pytest.raises(dpss.Error) as info:
            dpss.Recipient.from_dict(case["recipient"])
        assert info.value.name == case["expect_error"]["code"]
        if "field" in case["expect_error"]:
            assert info.value.field == case["expect_error"]["field"]
        return
    recipient = dpss.Recipient.from_dict(case["recipient"])
    decision = dpss.evaluate(policy, recipient, as_of)
    got = json.loads(decision.to_json())
    subset(case.get("expect", {}), got)
    for entry in case.get("trace_includes", []):
        assert trace_has(got["trace"], entry), entry
    if "network" in case:
        network = dpss.Network.from_json(json.dumps(case["network"]), policy, as_of)
        subset(case["expect_routing"], dict(network.route(recipient)))
    if "payments" in case:
        schedule = dpss.payments(policy, recipient, case["payments"]["from"],
                                 case["payments"]["to"])
        subset(case["expect_payments"], json.loads(schedule.to_json()))


def test_attribute_access_and_types():
    r = dpss.Recipient.from_json((TOP / "examples/data/recipient.json").read_text())
    d = dpss.evaluate(dpss.Policy.default(), r, AS_OF)
    assert d.id == "R-000123"
    assert d.as_of == AS_OF
    assert d.eligibility.status == "eligible"
    assert d.tier.ends == datetime.date(2027, 1, 5)
    assert d.review_due == datetime.date(2027, 7, 1)
    assert d.audit_due is None
    assert d.surplus.excess_pence == 10000
    assert dpss.pounds(d.surplus.excess_pence) == decimal.Decimal("100.00")
    assert dpss.format_money(d.surplus.excess_pence) == "£100.00"
    assert d.escalations[0].open_days == 21
    assert d.applied("T3") and not d.applied("Z9")
    assert d.to_dict()["surplus"]["reclaim"] is True
    assert json.loads(d.to_json())["id"] == "R-000123"


def test_errors_are_value_errors_with_code_and_field():
    with pytest.raises(ValueError):
        dpss.Recipient.from_dict({"id": "R-1", "dp_start": "2026-02-30"})
    with pytest.raises(dpss.DateError) as info:
        dpss.Recipient.from_dict({"id": "R-1", "dp_start": "2026-02-30"})
    e = info.value
    assert (e.code, e.name, e.field) == (-9, "EDATE", "dp_start")
    assert "dp_start" in e.message
    with pytest.raises(dpss.ConflictError) as info:
        dpss.Recipient.from_dict({"id": "R-1", "personal_budget_weekly_pence": 100,
                                  "funding": [{"source": "social_care", "weekly_pence": 101}]})
    assert info.value.field == "funding"


def test_syntax_errors_give_line_and_column():
    with pytest.raises(dpss.JSONSyntaxError) as info:
        dpss.Recipient.from_json('{\n "id": "R-1",\n "kind" "adult"\n}')
    assert info.value.line == 3 and info.value.column > 0


def test_policy_overrides_and_bad_values_change_nothing():
    base = dpss.Policy.default()
    what_if = base.with_overrides(surplus_threshold_weeks=8, payment_basis="gross",
                                  surplus_triggers_review=False)
    assert base.get("surplus_threshold_weeks", AS_OF) == 6
    assert what_if.get("surplus_threshold_weeks", AS_OF) == 8
    assert what_if.get("payment_basis", AS_OF) == "gross"
    assert what_if.get("surplus_triggers_review", AS_OF) is False
    before = base.to_json()
    with pytest.raises(dpss.UnknownNameError) as info:
        base.set("surplus_weeks", 8)
    assert info.value.field == "surplus_weeks"
    with pytest.raises(dpss.RangeError):
        base.set("surplus_threshold_weeks", 0)
    with pytest.raises(dpss.TypeMismatchError):
        base.set("surplus_threshold_weeks", "eight")
    assert base.to_json() == before
    dated = dpss.Policy.from_file(TOP / "examples/data/policy-dated.json")
    assert dated.get("surplus_threshold_weeks", datetime.date(2027, 3, 31)) == 6
    assert dated.get("surplus_threshold_weeks", datetime.date(2027, 4, 1)) == 8
    dated.set("issue_escalation_days", 7, from_date=datetime.date(2028, 1, 1))
    assert dated.get("issue_escalation_days", datetime.date(2028, 1, 1)) == 7
    assert set(dpss.parameter_names()) == set(dated.parameters(AS_OF))


def test_evaluate_file_is_lazy_and_reports_lines(tmp_path):
    it = dpss.evaluate_file(TOP / "examples/data/caseload.jsonl", as_of=AS_OF)
    first = next(it)
    assert first.id == "R-000001"
    assert sum(1 for _ in it) == 239
    assert (it.read, it.decided, it.skipped) == (240, 240, 0)
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id":"A"}\n\n{"id":"B","kind":"pensioner"}\n{"id":"C"}\n')
    with pytest.raises(dpss.UnknownNameError) as info:
        list(dpss.evaluate_file(bad, as_of=AS_OF))
    assert info.value.line == 3 and info.value.field == "kind" and info.value.record == 2
    with pytest.warns(dpss.SkippedRecordsWarning, match="1 of 3 records skipped"):
        assert [d.id for d in dpss.evaluate_file(bad, as_of=AS_OF, errors="skip")] == ["A", "C"]


def _lines(n, first=None):
    rows = [json.dumps({"id": f"R-{i:06d}", "has_capacity": True}) for i in range(1, n + 1)]
    if first is not None:
        rows[0] = first
    return "\n".join(rows) + "\n"


def test_evaluate_file_broken_first_line_costs_only_itself(tmp_path):
    """Issue 9: a broken first line made the reader swallow the whole file."""
    path = tmp_path / "broken.jsonl"
    path.write_text(_lines(240, first='{"id":"R-000001","has_capacity":'))
    seen = []
    records = dpss.evaluate_file(path, as_of=AS_OF, errors="skip", on_error=seen.append)
    ids = [d.id for d in records]
    assert len(ids) == 239 and ids[0] == "R-000002" and ids[-1] == "R-000240"
    assert (records.read, records.decided, records.skipped) == (240, 239, 1)
    assert len(seen) == 1 and isinstance(seen[0], dpss.JSONSyntaxError)
    assert (seen[0].record, seen[0].line) == (1, 1)


def test_evaluate_file_reads_every_layout_the_tool_reads(tmp_path):
    objs = [{"id": "A", "has_capacity": True}, {"id": "B"}, {"id": "C"}]
    layouts = {
        "lines": "\n".join(json.dumps(o) for o in objs),
        "array": json.dumps(objs),
        "pretty": "\n".join(json.dumps(o, indent=2) for o in objs),
        "crlf": "\r\n".join(json.dumps(o) for o in objs),
        "cr": "\r".join(json.dumps(o) for o in objs),
        "bom": "\ufeff" + "\n".join(json.dumps(o) for o in objs),
    }
    for name, text in layouts.items():
        path = tmp_path / f"{name}.json"
        path.write_bytes(text.encode("utf-8"))
        for source in (path, str(path), text.encode("utf-8")):
            got = [d.id for d in dpss.evaluate_file(source, as_of=AS_OF)]
            assert got == ["A", "B", "C"], (name, source)
        with open(path, "rb") as binary, open(path, encoding="utf-8-sig", newline="") as textf:
            assert [d.id for d in dpss.evaluate_file(binary, as_of=AS_OF)] == ["A", "B", "C"]
            assert [d.id for d in dpss.evaluate_file(textf, as_of=AS_OF)] == ["A", "B", "C"]


def test_evaluate_file_bad_array_element_costs_only_itself():
    text = b'[{"id":"A"},{"id":"B","id":"B2"},{"id":"C","kind":7},{"id":"D"}]'
    seen = []
    records = dpss.evaluate_file(text, as_of=AS_OF, errors="skip", on_error=seen.append)
    assert [d.id for d in records] == ["A", "D"]
    assert [(e.record, e.line, e.name) for e in seen] == [(2, 1, "ESYNTAX"), (3, 1, "ETYPE")]
    assert seen[0].column == 13 + 14 - 1  # column 14 of the element, placed in the input
    assert records.skipped == 2


def test_evaluate_file_nul_byte_and_bad_utf8_are_errors_with_position():
    seen = []
    text = b'{"id":"A"}\n{"id":"B\x00"}\n{"id":"C\xff"}\n{"id":"D"}\n'
    records = dpss.evaluate_file(text, as_of=AS_OF, errors="skip", on_error=seen.append)
    assert [d.id for d in records] == ["A", "D"]
    assert [(e.record, e.line, e.column) for e in seen] == [(2, 2, 9), (3, 3, 9)]
    assert "NUL byte" in str(seen[0]) and "not UTF-8" in str(seen[1])


def test_evaluate_file_goes_on_after_a_raised_error():
    records = dpss.evaluate_file(b'{"id":"A"}\n{"id":\n{"id":"C"}\n', as_of=AS_OF)
    assert next(records).id == "A"
    with pytest.raises(dpss.JSONSyntaxError) as info:
        next(records)
    assert info.value.record == 2
    assert next(records).id == "C"
    assert (records.read, records.decided, records.skipped) == (3, 2, 1)


def test_evaluate_file_unreadable_input_raises(tmp_path):
    with pytest.raises(dpss.FileError, match="No such file"):
        dpss.evaluate_file(tmp_path / "missing.jsonl")
    with pytest.raises(dpss.FileError, match="Is a directory"):
        dpss.evaluate_file(tmp_path)
    with pytest.raises(dpss.InvalidArgumentError, match="CSV"):
        dpss.evaluate_file(tmp_path / "caseload.csv")
    with pytest.raises(ValueError):
        dpss.evaluate_file(b"{}", errors="ignore")


def test_payments_file_reads_as_evaluate_file_does():
    text = (b'[{"id":"A","funding":[{"source":"social_care","weekly_pence":1000}],'
            b'"dp_start":"2026-01-01"},{"id":"B","funding":[{"source":"social_care",'
            b'"weekly_pence":-5}]}]')
    seen = []
    records = dpss.payments_file(text, "2026-01-01", "2026-03-31", errors="skip",
                                 on_error=seen.append)
    assert [s.id for s in records] == ["A"]
    assert records.skipped == 1 and seen[0].record == 2 and seen[0].field == "funding[0].weekly_pence"


def test_summary_matches_counts():
    decisions = list(dpss.evaluate_file(TOP / "examples/data/caseload.jsonl", as_of=AS_OF))
    s = dpss.summarize(decisions)
    assert len(s) == 240
    counts = s.to_dict()
    assert counts["surplus"]["count"] == sum(1 for d in decisions if d.surplus.reclaim)
    assert counts["surplus"]["total_excess_pence"] == sum(
        d.surplus.excess_pence for d in decisions if d.surplus.reclaim)
    assert "Caseload summary" in s.to_text()


@pytest.mark.skipif(not TOOL, reason="DPSS_TOOL not set")
def test_same_answers_as_the_c_tool():
    out = subprocess.run([TOOL, "evaluate", "--as-of", AS_OF.isoformat(),
                          str(TOP / "examples/data/caseload.jsonl")],
                         check=True, capture_output=True, text=True).stdout.splitlines()
    mine = [d.to_json() for d in dpss.evaluate_file(TOP / "examples/data/caseload.jsonl",
                                                    as_of=AS_OF)]
    assert mine == out


def _rss_kb():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024


def test_no_memory_growth_over_100000_evaluations():
    policy = dpss.Policy.default()
    text = (TOP / "examples/data/recipient.json").read_text()

    def run(n):
        for _ in range(n):
            r = dpss.Recipient.from_json(text)
            d = dpss.evaluate(policy, r, AS_OF)
            d.to_json()

    run(10000)
    gc.collect()
    before = _rss_kb()
    run(100000)
    gc.collect()
    grown = _rss_kb() - before
    assert grown < 2048, f"resident memory grew by {grown} KB"


def test_analyst_example_runs():
    out = subprocess.run([sys.executable, str(TOP / "examples/python/whatif.py"),
                          str(TOP / "examples/data/caseload.jsonl"), "--as-of", "2026-11-22"],
                         check=True, capture_output=True, text=True, env=os.environ).stdout
    assert "6 weeks" in out and "8 weeks" in out and "people no longer reclaimed from" in out


def test_payments_and_totals():
    r = {"id": "R-000123", "dp_start": "2026-01-05", "dp_end": "2026-02-11",
         "contribution_weekly_pence": 2000,
         "funding": [{"source": "social_care", "weekly_pence": 45000},
                     {"source": "health", "weekly_pence": 5000}]}
    s = dpss.payments(dpss.Policy.default(), r, "2026-01-01", datetime.date(2026, 12, 31))
    assert len(s) == 2 and s.council_weekly_pence == 48000
    assert s.payments[1].date == datetime.date(2026, 2, 2)
    assert s.payments[1].streams == {"social_care": 61429, "health": 7142}
    assert s.total_pence == 192000 + 68571
    totals = dpss.Totals("2026-01-01", "2026-12-31")
    for sched in dpss.payments_file(TOP / "examples/data/caseload.jsonl", "2026-01-01",
                                    "2026-12-31"):
        totals.add(sched)
    t = totals.to_dict()
    assert t["recipients"] == 240
    assert t["streams"]["social_care"] + t["streams"]["health"] == t["total_pence"] == totals.pence
    assert sum(m["pence"] for m in t["months"]) == t["total_pence"]
    with pytest.raises(dpss.DateError):
        dpss.Totals("2026-02-01", "2026-01-01")


def test_framework_caps_save_and_reports(tmp_path):
    f = dpss.Framework.from_file(TOP / "examples/data/framework.json")
    assert f.years == 4 and len(f) == 2
    assert f.year_of(datetime.date(2021, 9, 30)) == 1
    assert f.committed("CITY", 1) == 137280
    path = tmp_path / "framework.json"
    f.save(path)
    before = path.read_bytes()
    big = {"commissioner": "CITY-CCG", "recipient": "R-9", "start": "2021-05-01",
           "end": "2021-06-01", "items": [{"service": "one_off_issue", "quantity": 1109}]}
    with pytest.raises(dpss.CapError) as info:
        f.add(big)
    assert "CITY-CCG over its annual cap" in info.value.message
    assert path.read_bytes() == before and len(f) == 2
    new_id = f.add(dict(big, items=[{"service": "one_off_issue", "quantity": 1}]))
    assert new_id.startswith("C-") and len(f) == 3
    f.save(path)
    assert len(dpss.Framework.from_file(path)) == 3
    report = f.report(1)
    city = [c for c in report["commissioners"] if c["id"] == "CITY"][0]
    assert city["years"][0]["remaining_pence"] == 57100000 - 137280
    assert "whole term" in f.report_text()


def test_audits_and_return():
    audits = dpss.Audits(AS_OF)
    ret = dpss.Return("2026-01-01", "2026-11-22")
    for d in (TOP / "examples/data/caseload.jsonl").read_text().splitlines():
        audits.add(d)
        ret.add(d)
    rows = audits.list()
    assert rows and all(r.rules == ["R2"] for r in rows)
    assert audits.overdue == sum(1 for r in rows if r.overdue)
    assert [r.audit_due for r in rows if r.audit_due] == sorted(r.audit_due for r in rows if r.audit_due)
    ret.add_spend(dpss.Framework.from_file(TOP / "examples/data/framework.json"))
    t = ret.to_dict()
    assert t["recipients"] == 240
    assert sum(t["by_tier"].values()) == 240
    assert t["uptake"]["target_percent"] == 40


def test_every_allocator_hands_over_ownership():
    from dpss import native as n
    p = n.Policy.builtin()
    r = n.Recipient("R-1")
    d = n.new_decision()
    n.evaluate_into(d, p, r, AS_OF)
    net = n.Network.from_file(str(TOP / "examples/data/network.json"), p, AS_OF)
    owned = [p, p.copy(), r, r.copy(), n.Recipient.from_json('{"id":"R-2"}'), d,
             n.evaluate(p, r, AS_OF), n.Summary(), n.Schedule.build(p, r, AS_OF, AS_OF),
             n.Totals(AS_OF, AS_OF), net, net.copy(), net.route(r),
             n.Transition(net, p, AS_OF), n.Market(net, p, AS_OF),
             n.Framework.from_file(str(TOP / "examples/data/framework.json")),
             n.Audits(p, AS_OF), n.Return(p, AS_OF, AS_OF, None)]
    assert all(o.thisown for o in owned)


def test_docstring_examples():
    import doctest
    result = doctest.testmod(dpss)
    assert result.attempted > 0 and result.failed == 0


def test_build_a_recipient_field_by_field():
    from dpss import native as n
    r = n.Recipient("R-7")
    r.set_fact(n.FACT_HAS_CAPACITY, n.TRUE)
    r.set_fact(n.FACT_CONSENTS, n.TRUE)
    r.set_fact(n.FACT_EXCLUDING_ORDER, n.FALSE)
    r.set_fact(n.FACT_COMPLEX_NEEDS, n.TRUE)
    r.set_funding(n.SOURCE_SOCIAL_CARE, 50000)
    r.set_date(n.DATE_DP_START, datetime.date(2026, 1, 5))
    r.set_support(n.TIER_START_UP, datetime.date(2026, 1, 5), n.FALSE, "P-LEAD")
    r.set_existing("P-OLD", n.TRUE)
    r.set_balance(datetime.date(2026, 11, 1), 310000, 0)
    r.clear_balance()
    r.add_issue("I-1", datetime.date(2026, 11, 1), None)
    r.add_audit(datetime.date(2026, 6, 1), n.AUDIT_SATISFACTORY)
    d = dpss.evaluate(dpss.Policy.default(), dpss.Recipient(r), AS_OF)
    assert d.tier.tier == "start_up" and d.surplus.reclaim is None
    record = json.loads(r.to_json())
    assert record["support"]["provider"] == "P-LEAD" and record["existing_arrangement"]["provider"] == "P-OLD"
    with pytest.raises(dpss.InvalidArgumentError):
        r.set_support(n.TIER_START_UP, None, n.FALSE, "has space")
