#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Measure the Python binding against C (not a test; prints figures).

    PYTHONPATH=_build/bindings/python python3 tests/bench/bench_python.py FILE.jsonl [TOOL]

(a) the cost of one evaluate() call from Python (recipient already parsed);
(b) evaluate_file() throughput on FILE against `TOOL evaluate FILE` (the dpss tool).
"""
import datetime
import subprocess
import sys
import time

import dpss

AS_OF = datetime.date(2026, 11, 22)


def main():
    path = sys.argv[1]
    tool = sys.argv[2] if len(sys.argv) > 2 else None
    policy = dpss.Policy.default()
    with open(path, encoding="utf-8") as f:
        first = [dpss.Recipient.from_json(line) for _, line in zip(range(1000), f)]
    n = 200000
    t = time.perf_counter()
    for i in range(n):
        dpss.evaluate(policy, first[i % len(first)], AS_OF)
    per = (time.perf_counter() - t) / n
    print(f"python evaluate(): {per * 1e6:.2f} us per call ({1 / per:,.0f} /s)")
    t = time.perf_counter()
    count = sum(1 for _ in dpss.evaluate_file(path, policy, AS_OF, errors="skip"))
    py = time.perf_counter() - t
    print(f"python evaluate_file(): {count} records in {py:.2f} s = {count / py:,.0f} /s")
    t = time.perf_counter()
    count = sum(1 for d in dpss.evaluate_file(path, policy, AS_OF, errors="skip") if d.to_json())
    py2 = time.perf_counter() - t
    print(f"python evaluate_file() + to_json(): {count / py2:,.0f} /s")
    if tool:
        for jobs in ("1", "2"):
            t = time.perf_counter()
            subprocess.run([tool, "evaluate", "--jobs", jobs, "--as-of", AS_OF.isoformat(), path],
                           check=False, stdout=subprocess.DEVNULL)
            c = time.perf_counter() - t
            print(f"dpss evaluate --jobs {jobs}: {count / c:,.0f} /s; "
                  f"evaluate_file is {py / c:.2f}x its time (with to_json {py2 / c:.2f}x)")


if __name__ == "__main__":
    main()
