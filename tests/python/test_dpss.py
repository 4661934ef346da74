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


def case_policy(case):
    """The policy of a case: "policy", "policy_file" (from the top of the tree) or the
    built-in one, with "set" applied."""
    if "policy_file" in case:
        policy = dpss.Policy.from_file(str(TOP / case["policy_file"]))
    elif "policy" in case:
        policy = dpss.Policy.from_json(json.dumps(case["policy"]))
    else:
        policy = dpss.Policy.default()
    for assignment in case.get("set", []):
        name, value = assignment.split("=", 1)
        policy = policy.with_overrides(**{name: value})
    return policy


def run_referrals_case(case, policy, as_of):
    network = dpss.Network.from_json(json.dumps(case["network"]), policy, as_of)
    if "referrals" in case:
        referrals = case["referrals"]
    else:
        base = case["referral_template"]
        referrals = [dict(base, id=f"{base.get('id', 'R')}-{i + 1}")
                     for i in range(case["referral_count"])]
    counts = {}
    wanted = case.get("expect_routings", [])
    for i, referral in enumerate(referrals):
        got = dict(network.route(dpss.Recipient.from_dict(referral)))
        key = got.get("provider") or "unrouted"
        counts[key] = counts.get(key, 0) + 1
        if i < len(wanted):
            subset(wanted[i], got, f"routing {i + 1}")
    for key, bounds in case.get("expect_routed", {}).items():
        n = counts.get(key, 0)
        assert bounds.get("min", n) <= n <= bounds.get("max", n), (key, n, counts)


def run_caseload_case(case, policy, as_of):
    network = (dpss.Network.from_json(json.dumps(case["network"]), policy, as_of)
               if "network" in case else None)
    market = dpss.Market(network, policy, as_of) if "expect_market" in case else None
    transition = (dpss.Transition(network, case["transition"]["start"], policy)
                  if "transition" in case else None)
    ret = None
    if "return" in case:
        r = case["return"]
        ret = dpss.Return(r["from"], r["to"], r.get("provider"), policy)
        if "framework" in r:
            ret.add_spend(dpss.Framework.from_json(json.dumps(r["framework"])))
    for record in case["caseload"]:
        recipient = dpss.Recipient.from_dict(record)
        for report in (market, transition, ret):
            if report is not None:
                report.add(recipient)
    if market is not None:
        subset(case["expect_market"], market.to_dict(), "market")
    if ret is not None:
        subset(case["expect_return"], ret.to_dict(), "return")
    if transition is not None:
        lines = [json.loads(line) for line in transition._h.to_jsonl().splitlines()]
        at = 0
        for want in case["expect_transition"]:
            while at < len(lines):
                at += 1
                try:
                    subset(want, lines[at - 1])
                    break
                except AssertionError:
                    continue
            else:
                pytest.fail(f"transition lacks, in order, {want}")


def run_audit_case(case):
    """An audit case of the shared suite (see tests/test_cases.c)."""
    policy = case_policy(case)
    mapping = dpss.Mapping.from_dict(case["mapping"]) if "mapping" in case else None
    if "statement_csv" in case:
        statement = dpss.Statement.from_csv(case["statement_csv"], mapping)
    else:
        statement = dpss.Statement.from_lines(case["statement"], mapping)
    want = case.get("expect_statement_errors", [])
    got = [{"line": e.line, "column": e.column, "field": e.field, "code": e.name}
           for e in statement.errors]
    assert got == want
    run = lambda: dpss.audit(case["recipient"], statement, case["from"], case["to"],
                             policy=policy, opening=case["opening_pence"],
                             closing=case["closing_pence"])
    if "expect_error" in case:
        with pytest.raises(dpss.Error) as info:
            run()
        assert info.value.name == case["expect_error"]["code"]
        if "field" in case["expect_error"]:
            assert info.value.field == case["expect_error"]["field"]
        return
    subset(case["expect_audit"], json.loads(run().to_json()))


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
    if "expect_audit" in case or "statement" in case or "statement_csv" in case:
        run_audit_case(case)
        return
    policy = case_policy(case)
    as_of = datetime.date.fromisoformat(case["as_of"])
    if "expect_network_error" in case:
        with pytest.raises(dpss.Error) as info:
            dpss.Network.from_json(json.dumps(case["network"]), policy, as_of)
        assert info.value.name == case["expect_network_error"]["code"]
        if "field" in case["expect_network_error"]:
            assert info.value.field == case["expect_network_error"]["field"]
        return
    if "referrals" in case or "referral_count" in case:
        run_referrals_case(case, policy, as_of)
        return
    if "caseload" in case:
        run_caseload_case(case, policy, as_of)
        return
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


def test_malformed_json_messages_say_where_in_the_input():
    """A bad array element on line 2, or a fault on the third line of a pretty-printed
    record: the message's position is the input's (it was the record's own, "line 1"),
    and agrees with e.line and e.column, in evaluate_file and payments_file alike."""
    cases = [(b'[{"id": "A"},\n {"id": "B", "kind": "adult", "kind": "child"},\n {"id": "C"}]\n',
              (2, 36)),
             (b'{"id": "A"}\n  {"id": "P",\n   "has_capacity" 7}\n{"id": "F"}\n', (3, 19))]
    for data, (line, column) in cases:
        for run in (lambda cb: dpss.evaluate_file(data, as_of="2026-11-22", errors="skip",
                                                  on_error=cb),
                    lambda cb: dpss.payments_file(data, "2026-01-01", "2026-01-31",
                                                  errors="skip", on_error=cb)):
            seen = []
            assert len(list(run(seen.append))) == 2
            (e,) = seen
            assert (e.line, e.column) == (line, column)
            assert str(e).startswith(f"malformed JSON at line {line} column {column}: ")


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
    with pytest.raises(dpss.FileError, match="No such file"):
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
    assert counts["policy"] == {"id": "nottinghamshire", "version": "2013-10-28"}


def test_summary_names_the_overrides():
    """Issue 12: a summary made under what-if overrides says which; mixed policies give None."""
    what_if = dpss.Policy.default().with_overrides(surplus_threshold_weeks=8)
    s = dpss.summarize(dpss.evaluate_file(TOP / "examples/data/caseload.jsonl", what_if, AS_OF))
    assert s.to_dict()["policy"]["overrides"] == {"surplus_threshold_weeks": 8}
    r = dpss.Recipient.from_dict({"id": "R-1"})
    s.add(dpss.evaluate(dpss.Policy.default(), r, AS_OF))
    assert s.to_dict()["policy"] is None


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


def test_ledger_records_refuses_and_exports(tmp_path):
    path = tmp_path / "notts.ledger"
    big = {"commissioner": "CITY-CCG", "recipient": "R-9", "start": "2021-05-01",
           "end": "2021-06-01", "items": [{"service": "one_off_issue", "quantity": 1109}]}
    with dpss.Ledger.create(path, dpss.Framework.from_file(TOP / "examples/data/framework.json")) as led:
        assert len(led) == 2 and led.committed("CITY", 1) == 137280
        before = led.export()
        with pytest.raises(dpss.CapError) as info:
            led.add(big)
        assert "CITY-CCG over its annual cap" in info.value.message and "rule F2" in info.value.message
        assert led.export() == before and len(led) == 2
        new_id = led.add(dict(big, items=[{"service": "one_off_issue", "quantity": 1}],
                              approved_by="DASS"))
        assert new_id.startswith("C-") and len(led) == 3
        with pytest.raises(dpss.DuplicateError):
            led.add(dict(big, id=new_id, items=[{"service": "one_off_issue", "quantity": 1}]))
    with pytest.raises(ValueError):
        len(led)  # closed
    with pytest.raises(dpss.FileError):  # never over an existing file
        dpss.Ledger.create(path, dpss.Framework.from_file(TOP / "examples/data/framework.json"))
    with dpss.Ledger.open(path, read_only=True) as led:
        exported = json.loads(led.export())
        last = exported["call_offs"][-1]
        assert last["id"] == new_id and last["approved_by"] == "DASS"
        assert last["rules"] == ["F1", "F2", "F3"] and last["recorded_at"].endswith("Z")
        f = led.framework()
        assert len(f) == 3 and f.report(1)["call_offs"] == 3
        with pytest.raises(dpss.FileError):
            led.add(big)
    assert len(dpss.Framework.from_file(path)) == 3  # a ledger loads as a framework
    with pytest.raises(dpss.FileError):
        dpss.Ledger.open(TOP / "examples/data/framework.json")  # not a ledger


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


def test_ledger_handles_are_owned(tmp_path):
    from dpss import native as n
    fw = n.Framework.from_file(str(TOP / "examples/data/framework.json"))
    led = n.Ledger.create(str(tmp_path / "o.ledger"), fw)
    assert led.thisown and led.framework().thisown
    assert n.Ledger.open(str(tmp_path / "o.ledger"), n.LEDGER_READ_ONLY).thisown


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


def test_audit_from_a_csv_file_with_its_dataframe_and_sheet(tmp_path):
    case = json.loads((TESTS / "cases" / "111-a5-prohibited-spend-is-suspected-misuse.json")
                      .read_text(encoding="utf-8"))
    csv = tmp_path / "statement.csv"
    csv.write_text("date,description,amount,balance,payee,category,type\n"
                   "2026-01-05,Council,\"1,920.00\",\"1,920.00\",,,council_payment\n"
                   "2026-01-06,Contribution,77.14,\"1,997.14\",,,contribution\n"
                   "2026-01-09,Wages,-300.00,\"1,697.14\",PA-1,,\n"
                   "2026-01-31,PAYE,-60.00,\"1,637.14\",HMRC,,\n"
                   "2026-01-31,Shop,-30.50,\"1,606.64\",Shop,food_drink,\n", encoding="utf-8")
    statement = dpss.Statement.from_csv(csv)
    assert len(statement) == 5 and statement.errors == []
    assert statement.lines[0].pence == 192000 and statement.lines[0].type == "council_payment"
    a = dpss.audit(case["recipient"], statement, "2026-01-01", datetime.date(2026, 1, 31))
    assert a.outcome == "misuse_suspected" and a.review
    assert a.to_dict()["from"] == datetime.date(2026, 1, 1)
    assert [f["kind"] for f in a.findings] == ["prohibited_spend"]
    assert isinstance(a.findings[0]["pence"], int)
    assert "<!DOCTYPE html>" in a.to_html() and "<script" not in a.to_html()
    assert a.findings_csv().startswith("id,rule,kind,lines,pence,because")
    r = dpss.Recipient.from_dict(case["recipient"])
    a.record(r)
    assert r.to_dict()["audits"] == [{"date": "2026-01-31", "outcome": "misuse_suspected"}]
    # A8: the contract's last_audit and its outcome follow the latest audit.
    assert r.to_dict()["last_audit"] == "2026-01-31"
    assert r.to_dict()["last_audit_outcome"] == "misuse_suspected"
    summary = dpss.AuditSummary()
    summary.add(a)
    summary.add_unaudited()
    assert summary.to_dict()["outcomes"]["misuse_suspected"] == 1 and len(summary) == 1
    pandas = pytest.importorskip("pandas")
    df = a.to_dataframe()
    assert list(df["kind"]) == ["prohibited_spend"] and df["pence"].dtype == "int64"
    assert isinstance(df, pandas.DataFrame)


def test_statement_bad_lines_and_refused_audit():
    statement = dpss.Statement.from_csv("date,amount\n2026-01-05,1.234\n2026-01-06,2.00\n")
    assert len(statement) == 1
    assert [(e.line, e.column, e.field, e.name) for e in statement.errors] == [
        (2, 2, "amount", "ERANGE")]
    assert "1.234" not in statement.errors[0].message
    with pytest.raises(dpss.InvalidArgumentError) as info:
        dpss.audit({"id": "R-1"}, statement, "2026-01-01", "2026-01-31", opening=0, closing=0)
    assert info.value.field == "statement" and info.value.line == 2
    built = dpss.Statement()
    built.add("2026-01-05", -500, type="other", payee="Shop", category="food_drink")
    a = dpss.audit({"id": "R-1"}, built, "2026-01-01", "2026-01-31", opening=500, closing=0)
    assert a.outcome == "misuse_suspected"


def test_file_errors_name_the_file_and_a_missing_statement_is_not_read_as_text(tmp_path):
    """A missing statement file is a FileError naming it (it was read as CSV text, and
    refused as a header naming no column); every loader's FileError names its file."""
    missing = str(tmp_path / "nope.csv")
    for load in (dpss.Statement.from_csv, dpss.Statement.from_jsonl, dpss.Policy.from_file,
                 dpss.Framework.from_file, dpss.Mapping.from_file, dpss.Network.from_file):
        with pytest.raises(dpss.FileError) as info:
            load(missing)
        assert str(info.value).startswith(missing + ": cannot open the ")
        assert "No such file or directory" in str(info.value)
    with pytest.raises(dpss.FileError):
        dpss.audit({"id": "R-1"}, missing, "2026-01-01", "2026-01-31")
    ledger = str(tmp_path / "nope.db")
    with pytest.raises(dpss.FileError) as info:
        dpss.Ledger.open(ledger)
    assert str(info.value) == ledger + ": no such ledger file"
    # One-line texts are still texts; a .jsonl path is read as JSON Lines.
    assert len(dpss.Statement.from_csv("date,amount")) == 0
    assert len(dpss.Statement.from_jsonl('{"date": "2026-01-05", "amount": "1.00"}')) == 1
    jsonl = tmp_path / "s.jsonl"
    jsonl.write_text('{"date": "2026-01-05", "amount": "-5.00", "category": "food_drink"}\n',
                     encoding="utf-8")
    a = dpss.audit({"id": "R-1"}, str(jsonl), "2026-01-01", "2026-01-31", opening=500, closing=0)
    assert a.outcome == "misuse_suspected"


def test_route_all_refuses_a_path_or_a_text():
    """A path given to route_all() was routed one character at a time ("malformed JSON at
    line 1 column 1"): a TypeError saying what it takes."""
    net = dpss.Network.from_file(TOP / "examples" / "data" / "network.json")
    for bad in (str(TOP / "examples" / "data" / "referrals.jsonl"),
                TOP / "examples" / "data" / "referrals.jsonl", '{"id": "F-1"}', b"{}"):
        with pytest.raises(TypeError, match="iterable of referrals"):
            net.route_all(bad)


def test_audit_balances_are_whole_pence_never_cut_floats():
    """opening=1234.56 was int()-ed to 1234 pence without a word: refused now."""
    built = dpss.Statement()
    built.add("2026-01-05", -500, type="other", payee="Shop", category="food_drink")
    for bad in (1234.56, "1,234.56", True):
        with pytest.raises(TypeError):
            dpss.audit({"id": "R-1"}, built, "2026-01-01", "2026-01-31", opening=bad, closing=0)
    with pytest.raises(TypeError):
        built.add("2026-01-06", -1.5)
    assert len(built) == 1


def test_sample_statements_find_exactly_the_planted_findings():
    """examples/data/make-statements.py plants known faults; auditing the statements of the
    sample caseload's managed accounts finds those and nothing else."""
    data = TOP / "examples" / "data"
    planted = json.loads((data / "statements" / "planted.json").read_text(encoding="utf-8"))
    records = {}
    for line in (data / "caseload.jsonl").read_text(encoding="utf-8").splitlines():
        records[json.loads(line)["id"]] = line
    summary = dpss.AuditSummary()
    kinds = set()
    for acct in planted["accounts"]:
        statement = dpss.Statement.from_csv(data / "statements" / f"{acct['id']}.csv")
        assert statement.errors == []
        a = dpss.audit(records[acct["id"]], statement, planted["from"], planted["to"])
        got = sorted((f["rule"], f["kind"], f["lines"], f["pence"]) for f in a.findings)
        want = sorted((f["rule"], f["kind"], f["lines"], f["pence"]) for f in acct["findings"])
        assert got == want, acct["id"]
        assert a.outcome == ("satisfactory" if not want else
                             "misuse_suspected" if acct["plant"] == "prohibited_spend" else
                             "concerns")
        summary.add(a)
        kinds |= {f["kind"] for f in a.findings}
    assert len(summary) == len(planted["accounts"]) >= 30
    assert kinds == {"unreconciled", "payment_missing", "payment_unexpected", "payment_amount",
                     "contribution_shortfall", "prohibited_spend", "unagreed_spend",
                     "evidence_missing", "underspend"}


# ------------------------------------------------ decisions as views, compare, rules (issues 10, 12)

CASELOAD = TOP / "examples/data/caseload.jsonl"
SECTIONS = ("eligibility", "money", "tier", "surplus")


def same_as_full(d):
    """Every field a view reads from the columns equals the full decision's."""
    full = d.to_dict()
    assert d.id == full["id"] and d.as_of == full["as_of"]
    for key in ("review_due", "audit_due", "extra_review"):
        assert getattr(d, key) == full[key], (d.id, key)
    for name in SECTIONS:
        view = getattr(d, name)
        for key in type(view)._fields:
            got, want = getattr(view, key), full[name][key]
            assert got == want and type(got) is type(want), (d.id, name, key, got, want)
        assert dict(view) == dict(full[name]) and view == full[name]
        assert view["missing"] == full[name]["missing"] if "missing" in full[name] else True
    assert d.escalations == full["escalations"] and d.trace == full["trace"]


def test_decision_views_read_what_the_full_decision_says():
    records = dpss.evaluate_file(CASELOAD, as_of=AS_OF)
    n = 0
    for d in records:
        same_as_full(d)
        n += 1
    assert n == 240 == records.decided
    # Every recipient of the shared cases, through evaluate() and through evaluate_file().
    recipients = []
    for path in CASES:
        case = json.loads(path.read_text(encoding="utf-8"))
        if "recipient" in case and "expect_error" not in case:
            recipients.append(case["recipient"])
    text = "\n".join(json.dumps(r) for r in recipients).encode()
    assert len(recipients) > 100
    for d in dpss.evaluate_file(text, as_of=AS_OF, errors="skip", on_error=lambda e: None):
        same_as_full(d)
    for r in recipients:
        try:
            d = dpss.evaluate(dpss.Policy.default(), r, AS_OF)
        except dpss.Error:
            continue
        same_as_full(d)


def test_a_view_makes_the_full_decision_again_only_when_asked():
    decisions = list(dpss.evaluate_file(CASELOAD, as_of=AS_OF))
    assert not hasattr(decisions[5], "_n") and not hasattr(decisions[5], "_d")
    d = decisions[5]
    assert d.surplus.excess_pence is not None or d.surplus.available_pence is None
    assert not hasattr(d, "_d")  # columns only
    assert d.to_json() == dpss.evaluate(dpss.Policy.default(),
                                        CASELOAD.read_text().splitlines()[5], AS_OF).to_json()
    assert hasattr(d, "_n")


def test_a_policy_changed_after_evaluate_file_does_not_change_its_decisions():
    policy = dpss.Policy.default()
    decisions = list(dpss.evaluate_file(CASELOAD, policy, AS_OF))
    before = [d.surplus.reclaim for d in decisions]
    policy.set("surplus_threshold_weeks", 12)
    assert [d.to_dict()["surplus"]["reclaim"] for d in decisions] == before


def test_records_count_as_they_go_and_report_progress(tmp_path):
    path = tmp_path / "big.jsonl"
    path.write_text(_lines(10000))
    calls = []
    records = dpss.evaluate_file(path, as_of=AS_OF, progress=lambda *a: calls.append(a))
    it = iter(records)
    next(it)
    assert (records.read, records.decided, records.skipped) == (1, 1, 0)
    for _ in range(4999):
        next(records)
    assert records.decided == 5000
    assert sum(1 for _ in records) == 5000
    assert calls[-1] == (10000, 10000)
    assert all(total is None for _, total in calls[:-1]) and len(calls) <= 5


def test_bad_records_between_chunks_keep_their_order(tmp_path):
    rows = [json.dumps({"id": f"R-{i}"}) for i in range(9000)]
    for i in (0, 4095, 4096, 4097, 8191, 8999):
        rows[i] = '{"id": "X-%d", "kind": 1}' % i
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join(rows) + "\n")
    seen = []
    got = [d.id for d in dpss.evaluate_file(path, as_of=AS_OF, errors="skip",
                                            on_error=seen.append)]
    assert got == [json.loads(r)["id"] for r in rows if '"kind"' not in r]
    assert [e.record for e in seen] == [1, 4096, 4097, 4098, 8192, 9000]
    assert all(e.field == "kind" and e.line == e.record for e in seen)
    # Raised, each in its place, and the iteration goes on after each.
    records = dpss.evaluate_file(path, as_of=AS_OF)
    ids, raised = [], []
    while True:
        try:
            ids.extend(d.id for d in records)
            break
        except dpss.TypeMismatchError as e:
            raised.append((e.record, len(ids)))
    assert ids == got
    assert raised == [(1, 0), (4096, 4094), (4097, 4094), (4098, 4094), (8192, 8187),
                      (9000, 8994)]
    assert (records.read, records.decided, records.skipped) == (9000, 8994, 6)


def test_a_read_error_comes_after_the_records_read_before_it():
    class Broken:
        name = "pipe"

        def read(self):
            raise OSError("gone")

    with pytest.raises(OSError):
        dpss.evaluate_file(Broken())


def test_a_mapping_needs_csv_input():
    with pytest.raises(dpss.InvalidArgumentError) as info:
        dpss.evaluate_file(b'{"id":"A"}', mapping={"columns": {}})
    assert info.value.field == "mapping"


def test_rules_and_parameters():
    rules = dpss.rules()
    ids = [r.id for r in rules]
    assert len(ids) == len(set(ids)) > 40
    s1 = rules[ids.index("S1")]
    assert set(s1) == {"id", "title", "statement", "source", "parameters"}
    assert "surplus_threshold_weeks" in s1.parameters and s1.statement and s1.source
    from dpss import native as n
    assert n.rule_count() == len(rules) and n.rule_id(n.rule_find("S1")) == "S1"
    assert n.rule_find("Z9") == -1 and n.rule_id(10**6) is None
    params = dpss.parameters()
    assert [p.name for p in params] == dpss.parameter_names()
    kinds = {p.name: p.type for p in params}
    assert kinds["surplus_threshold_weeks"] == "integer"
    assert kinds["payment_basis"] == "choice" and kinds["surplus_triggers_review"] == "boolean"
    assert {p.type for p in params} <= {"integer", "boolean", "choice", "period", "list"}


def test_overrides_are_named_everywhere():
    base = dpss.Policy.default()
    alt = base.with_overrides(surplus_threshold_weeks=8, payment_basis="gross")
    assert base.overrides == {} and not base.overridden("surplus_threshold_weeks")
    assert alt.overrides == {"surplus_threshold_weeks": 8, "payment_basis": "gross"}
    assert alt.overridden("surplus_threshold_weeks") and not alt.overridden("startup_max_months")
    with pytest.raises(dpss.UnknownNameError):
        alt.overridden("surplus_weeks")
    assert "overrides" in repr(alt) and isinstance(base.description, str)
    r = CASELOAD.read_text().splitlines()[0]
    assert dpss.evaluate(alt, r, AS_OF).policy.overrides == alt.overrides
    assert "overrides" not in dpss.evaluate(base, r, AS_OF).policy
    assert next(iter(dpss.evaluate_file(CASELOAD, alt, AS_OF))).policy.overrides == alt.overrides
    assert json.loads(dpss.payments(alt, r, "2026-01-01", "2026-03-31").to_json())[
        "policy"]["overrides"] == alt.overrides
    c = dpss.compare([r], base, alt, as_of=AS_OF)
    assert c.summary["alternative"]["overrides"] == alt.overrides
    assert "overrides" not in c.summary["base"]


def test_recipient_events_and_recover_from():
    r = dpss.Recipient.from_dict({"id": "R-1", "has_capacity": True, "consents": True,
                                  "excluding_order": False, "dp_start": "2026-01-05",
                                  "funding": [{"source": "social_care", "weekly_pence": 50000}],
                                  "balance": {"on": "2026-11-01", "pence": 310000}})
    policy = dpss.Policy.default()
    d = dpss.evaluate(policy, r, AS_OF)
    assert d.surplus.recover_from == AS_OF + datetime.timedelta(
        days=policy.get("surplus_notice_days", AS_OF))
    assert d._h.recover_from() == d.surplus.recover_from
    assert not d.extra_review or d.surplus.review
    assert r.event_count == 0
    r.add_event("2026-10-01", "capacity_lost")
    assert r.event_count == 1
    assert r.to_dict()["events"] == [{"date": "2026-10-01", "kind": "capacity_lost"}]
    assert dpss.evaluate(policy, r, AS_OF).applied("R1")
    with pytest.raises(ValueError):
        r.add_event("2026-10-01", "moved_house")
    with pytest.raises(dpss.DateError):
        r.add_event(None, "capacity_lost")
    assert r.event_count == 1


def test_routings_in_or_joining_the_network():
    net = dpss.Network.from_file(TOP / "examples/data/network.json", as_of=AS_OF)
    routed = net.route_all(CASELOAD.read_text().splitlines()[:20])
    assert isinstance(routed, dpss.Routings) and len(routed) == 20
    assert all(r.in_network for r in routed if r["provider"] in
               {p.id for p in net.providers})
    outside = dpss.Network.from_file(TOP / "examples/data/network.json", as_of=AS_OF).route(
        {"id": "R-N4", "has_capacity": True, "consents": True, "excluding_order": False,
         "existing_arrangement": {"provider": "P-ELSEWHERE", "successful": True}})
    if outside["provider"] == "P-ELSEWHERE":
        assert not outside.in_network and outside.joins_network
    from dpss import native as n
    p = n.Policy.builtin()
    h = n.Network.from_file(str(TOP / "examples/data/network.json"), p, AS_OF).route(
        n.Recipient.from_json('{"id":"R-9","has_capacity":true}'))
    assert h.in_network() == (h.provider() is not None) and h.joins_network() is False


def test_compare_gives_the_c_librarys_numbers():
    from dpss import native as n
    base = dpss.Policy.default()
    alt = base.with_overrides(surplus_threshold_weeks=8)
    c = dpss.compare(CASELOAD, base, alt, as_of=AS_OF)
    # The same comparison made by hand through the C library's own calls.
    by_hand = n.Comparison(base._h, alt._h)
    lines = []
    for text in CASELOAD.read_text().splitlines():
        r = n.Recipient.from_json(text)
        line = by_hand.add(n.evaluate(base._h, r, AS_OF), n.evaluate(alt._h, r, AS_OF))
        if line is not None:
            lines.append(line)
    assert c.to_jsonl() == "".join(line + "\n" for line in lines)
    assert c.summary == json.loads(by_hand.to_json())
    assert c.to_text() == by_hand.to_text()
    assert (c.count, c.changed) == (240, len(lines)) and c.changed > 0
    # The same from a list of dicts, and from a file object.
    dicts = [json.loads(t) for t in CASELOAD.read_text().splitlines()]
    assert dpss.compare(dicts, base, alt, as_of=AS_OF).summary == c.summary
    with open(CASELOAD, "rb") as f:
        assert dpss.compare(f, base, alt, as_of=AS_OF).to_jsonl() == c.to_jsonl()


COMPARED = ("eligibility.status", "eligibility.via", "eligibility.household_family_payment",
            "money.recommended_method", "money.accredited_provider_required", "tier.tier",
            "tier.ends", "surplus.excess_pence", "surplus.reclaim", "surplus.review",
            "surplus.recover_from", "review_due", "audit_due", "extra_review")


def _field(d, path):
    for key in path.split("."):
        d = d[key]
    return d


def test_compare_agrees_with_two_evaluate_runs_joined_by_hand():
    base = dpss.Policy.default()
    alt = base.with_overrides(surplus_threshold_weeks=8)
    c = dpss.compare(CASELOAD, base, alt, as_of=AS_OF)
    before = {d.id: d.to_dict() for d in dpss.evaluate_file(CASELOAD, base, AS_OF)}
    after = {d.id: d.to_dict() for d in dpss.evaluate_file(CASELOAD, alt, AS_OF)}
    want = {}
    for rid, b in before.items():
        a = after[rid]
        fields = [f for f in COMPARED if _field(b, f) != _field(a, f)]
        esc = lambda d: sum(e["care_manager_review"] for e in d["escalations"])
        if esc(b) != esc(a):
            fields.append("escalations")
        if fields:
            want[rid] = fields
    got = {ch.id: [x.field for x in ch.changes] for ch in c.changes}
    assert {k: sorted(v) for k, v in got.items()} == {k: sorted(v) for k, v in want.items()}
    for ch in c.changes:
        for x in ch.changes:
            if x.field != "escalations":
                assert x.before == _field(before[ch.id], x.field)
                assert x.after == _field(after[ch.id], x.field)
    s = c.summary
    assert s["changed"] == len(want) and s["recipients"] == 240
    for f in COMPARED:
        assert s["flips"][f] == sum(f in v for v in want.values()), f
    reclaim = lambda run: sum(d["surplus"]["excess_pence"] for d in run.values()
                              if d["surplus"]["reclaim"])
    assert s["money"]["to_reclaim"]["before_pence"] == reclaim(before)
    assert s["money"]["to_reclaim"]["after_pence"] == reclaim(after)
    assert s["reclaims"] == {"before": sum(d["surplus"]["reclaim"] is True for d in before.values()),
                             "after": sum(d["surplus"]["reclaim"] is True for d in after.values())}


def test_compare_payments_agree_with_the_totals_of_two_runs():
    base = dpss.Policy.default()
    alt = base.with_overrides(payment_basis="gross")
    c = dpss.compare(CASELOAD, base, alt, as_of=AS_OF, date_from="2026-01-01",
                     date_to="2026-12-31")
    money = c.summary["money"]
    for policy, when in ((base, "before_pence"), (alt, "after_pence")):
        t = dpss.Totals("2026-01-01", "2026-12-31")
        for s in dpss.payments_file(CASELOAD, "2026-01-01", "2026-12-31", policy):
            t.add(s)
        t = t.to_dict()
        assert money["council_payments"][when] == t["council_paid_pence"]
        assert money["contributions"][when] == (t["contributions_paid_in_pence"] +
                                                t["contributions_invoiced_pence"])
    assert money["council_payments"]["before_pence"] != money["council_payments"]["after_pence"]
    with pytest.raises(ValueError):
        dpss.compare(CASELOAD, base, alt, as_of=AS_OF, date_from="2026-01-01")


def test_compare_counts_bad_records_as_rejected():
    base = dpss.Policy.default()
    alt = base.with_overrides(surplus_threshold_weeks=8)
    text = b'{"id":"A","balance":{"pence":400000},"funding":[{"source":"health","weekly_pence":50000}]}\n{"id":"B","kind":7}\n{"id":\n'
    with pytest.warns(dpss.SkippedRecordsWarning, match="2 of 3"):
        c = dpss.compare(text, base, alt, as_of=AS_OF)
    assert c.summary["rejected"] == 2 and c.count == 1
    seen = []
    c = dpss.compare(text, base, alt, as_of=AS_OF, on_error=seen.append)
    assert [e.record for e in seen] == [2, 3] and c.summary["rejected"] == 2
    with pytest.raises(dpss.TypeMismatchError):
        dpss.compare(text, base, alt, as_of=AS_OF, errors="raise")
    with pytest.warns(dpss.SkippedRecordsWarning):
        c = dpss.compare([{"id": "A"}, {"id": "B", "kind": 7}], base, alt, as_of=AS_OF)
    assert c.summary["rejected"] == 1


def test_new_handles_are_owned_and_documented():
    from dpss import native as n
    p = n.Policy.builtin()
    owned = [n.Comparison(p, p), n.Batch(), n.reader_from_bytes(b"{}", "x", n.READER_AUTO)]
    assert all(o.thisown for o in owned)
    b = n.Batch()
    b.evaluate(p, n.Recipient.from_json('{"id":"Q-1"}'), AS_OF)
    assert b.count() == 1 and b.id(0) == "Q-1" and b.text(0) == "" and b.id(1) is None
    assert b.value(n.COLUMN_TIER, 0) == n.TIER_UNKNOWN
    assert b.value(n.COLUMN_TIER, 5) == n.DPSS_PENCE_NONE
    assert n.Batch.column_name(n.COLUMN_COUNT) is None
    assert b.row_values(0)[n.COLUMN_AS_OF] == (AS_OF - datetime.date(1970, 1, 1)).days
    b.clear()
    assert b.count() == 0 and b.ids() == []
