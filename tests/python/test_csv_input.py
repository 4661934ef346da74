# SPDX-License-Identifier: MIT
"""evaluate_file() and payments_file() over CSV (issue 12, items 3 and 5): the
library's reader, so the same people as CSV, or as a case system's export
with its mapping, give the decisions of the JSON Lines caseload; bad rows
name their row, line and column; a progress callback."""
import datetime
import os
import pathlib
import subprocess
import sys
import time

import pytest

import dpss

DATA = pathlib.Path(__file__).resolve().parent.parent.parent / "examples" / "data"
AS_OF = datetime.date(2026, 11, 22)
MAP = DATA / "case-system-map.json"


def decisions(source, **kw):
    return [d.to_dict() for d in dpss.evaluate_file(source, as_of=AS_OF, **kw)]


def test_csv_gives_the_decisions_of_json_lines():
    want = decisions(DATA / "caseload.jsonl")
    assert len(want) == 240
    assert decisions(DATA / "caseload.csv") == want
    assert decisions(str(DATA / "caseload.csv")) == want
    with open(DATA / "caseload.csv", "rb") as f:   # a file object named *.csv
        assert decisions(f) == want
    data = (DATA / "caseload.csv").read_bytes()
    assert decisions(data, input_format="csv") == want


def test_a_case_system_export_with_its_mapping():
    want = decisions(DATA / "caseload.jsonl")
    export = DATA / "case-system-export.csv"
    assert decisions(export, mapping=MAP) == want                      # a path
    assert decisions(export, mapping=str(MAP)) == want
    assert decisions(export, mapping=dpss.Mapping.from_file(MAP)) == want
    import json
    assert decisions(export, mapping=json.loads(MAP.read_text())) == want  # a dict
    # Without the mapping their headers are not ours: nothing can be read.
    with pytest.raises(dpss.UnknownNameError, match='column 1 "Client Ref" at line 1'):
        decisions(export)
    # A mapping is for CSV only; one naming a column we do not have is refused.
    with pytest.raises(dpss.InvalidArgumentError, match="CSV input only"):
        dpss.evaluate_file(DATA / "caseload.jsonl", mapping=MAP)
    with pytest.raises(dpss.UnknownNameError) as info:
        dpss.evaluate_file(export, mapping={"columns": {"Client Ref": "client_id"}})
    assert info.value.field == "columns.Client Ref"


def test_payments_file_reads_csv_too():
    want = [s.to_dict() for s in dpss.payments_file(DATA / "caseload.jsonl", "2026-12-01",
                                                    "2027-02-28")]
    got = [s.to_dict() for s in dpss.payments_file(DATA / "case-system-export.csv",
                                                   "2026-12-01", "2027-02-28", mapping=MAP)]
    assert got == want and len(got) == 240


def test_a_bad_row_names_its_row_line_and_column_and_costs_only_itself():
    data = (b"id,has_capacity,balance.pence,kind\n"
            b"R-1,true,100,adult\n"
            b"R-2,maybe,100,adult\n"
            b'R-3,true,"12,50",adult\n'
            b"R-4,false,,child\n")
    seen = []
    records = dpss.evaluate_file(data, as_of=AS_OF, input_format="csv", errors="skip",
                                 on_error=seen.append)
    assert [d.id for d in records] == ["R-1", "R-4"]
    assert (records.read, records.decided, records.skipped) == (4, 2, 2)
    e2, e3 = seen
    assert isinstance(e2, dpss.TypeMismatchError)
    assert (e2.record, e2.line, e2.column, e2.field) == (2, 3, 2, "has_capacity")
    assert (e3.record, e3.line, e3.column, e3.field) == (3, 4, 3, "balance.pence")
    assert "maybe" not in str(e2) and "12,50" not in str(e3)
    # errors="raise": the bad row is raised, then reading goes on.
    records = dpss.evaluate_file(data, as_of=AS_OF, input_format="csv")
    assert next(records).id == "R-1"
    with pytest.raises(dpss.TypeMismatchError):
        next(records)


def test_progress_is_called_at_the_end_with_done_equal_to_total():
    calls = []
    got = decisions(DATA / "caseload.csv", progress=lambda done, total: calls.append((done, total)))
    assert len(got) == 240
    assert calls[-1] == (240, 240)
    assert all(total is not None and total >= done for done, total in calls)


def test_progress_at_most_four_times_a_second_with_an_estimate():
    data = (DATA / "caseload.csv").read_bytes()
    body = data[data.index(b"\n") + 1:]
    big = data + body * 99   # 24,000 records
    calls = []
    start = time.monotonic()
    records = dpss.evaluate_file(big, as_of=AS_OF, input_format="csv",
                                 progress=lambda d, t: calls.append((time.monotonic(), d, t)))
    n = sum(1 for _ in records)
    elapsed = time.monotonic() - start
    assert n == 24000 and calls[-1][1:] == (24000, 24000)
    assert len(calls) <= 4 * elapsed + 2
    # The library spaces the calls by its own clock (250 ms); these times
    # are taken in the callbacks, later by however long the process waited
    # for the processor, so a gap may look shorter on a busy machine. A
    # library that called back every few records would give gaps of
    # microseconds.
    gaps = [b[0] - a[0] for a, b in zip(calls[:-2], calls[1:-1])]
    assert all(g >= 0.1 for g in gaps)
    assert sum(gaps) >= 0.24 * len(gaps) - 0.05   # 50 ms of waiting allowed in all
    dones = [d for _, d, _ in calls]
    assert dones == sorted(dones)
    for _, done, total in calls[:-1]:   # estimates from the bytes read
        assert total is not None and abs(total - 24000) < 2400


def test_progress_without_a_size_gives_none(tmp_path):
    # A pipe has no size: the estimate is None until the end. The writer is
    # another process (the reader holds the interpreter while it waits).
    fifo = tmp_path / "caseload.csv"
    os.mkfifo(fifo)
    writer = subprocess.Popen([sys.executable, "-c", """
import sys, time
data = open(sys.argv[1], "rb").read()
body = data[data.index(b"\\n") + 1:]
with open(sys.argv[2], "wb") as f:
    f.write(data)
    for _ in range(30):
        f.write(body * 4)
        f.flush()
        time.sleep(0.05)
""", str(DATA / "caseload.csv"), str(fifo)])
    calls = []
    try:
        n = sum(1 for _ in dpss.evaluate_file(fifo, as_of=AS_OF,
                                              progress=lambda d, t: calls.append((d, t))))
    finally:
        assert writer.wait(timeout=60) == 0
    assert n == 240 * 121
    assert calls[-1] == (n, n)
    assert any(t is None for _, t in calls[:-1])
