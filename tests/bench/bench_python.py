#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Measure the Python binding on caseloads (not a test; prints figures).

    python3 examples/data/make-caseload.py -n 50000 -o /tmp/c50k.jsonl
    python3 examples/data/make-caseload.py -n 1000000 -o /tmp/c1m.jsonl
    PYTHONPATH=_build/bindings/python python3 tests/bench/bench_python.py \\
        [--tool _build/examples/cli/dpss] [--repeat N] /tmp/c50k.jsonl /tmp/c1m.jsonl

First, the cost of one ``dpss.evaluate()`` call (recipient already parsed). Then for
each file:
(a) attribute access over the caseload: ``for d in dpss.evaluate_file(...):
    d.surplus.excess_pence`` (issue 12 asks for at least 150,000 decisions/s);
(b) ``evaluate_file(...).to_dataframe()`` (issue 12: under 5 s for 1,000,000),
    and the conversion alone, ``decisions_to_dataframe()`` of decisions already
    evaluated;
(c) with --tool, ``dpss evaluate --summary`` on the same file.
Each figure is given by wall time and by CPU time (this process's), the best of
--repeat runs (default 3, 1 for files over 200,000 records): on a machine shared
with other work the wall time stretches while the CPU time stays what the work
costs.
"""
import argparse
import datetime
import os
import resource
import subprocess
import time

import dpss

AS_OF = datetime.date(2026, 11, 22)


def timed(fn, repeat):
    """(result, best wall seconds, best CPU seconds) over repeat runs."""
    best_wall = best_cpu = float("inf")
    result = None
    for _ in range(repeat):
        w, c = time.perf_counter(), time.process_time()
        result = fn()
        best_wall = min(best_wall, time.perf_counter() - w)
        best_cpu = min(best_cpu, time.process_time() - c)
    return result, best_wall, best_cpu


def attribute_access(path):
    n = 0
    for d in dpss.evaluate_file(path, as_of=AS_OF):
        d.surplus.excess_pence
        n += 1
    return n


def line(label, n, wall, cpu):
    print(f"  {label:<44} {wall:7.2f} s wall {n / wall:>11,.0f}/s | "
          f"{cpu:7.2f} s CPU {n / cpu:>11,.0f}/s")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="+")
    ap.add_argument("--tool", help="the dpss tool, to compare with")
    ap.add_argument("--repeat", type=int)
    args = ap.parse_args()
    print(f"libdpss {dpss.__version__}, Python binding; load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    t = time.process_time()
    import pandas  # noqa: F401 (imported once, outside the timings)
    print(f"  importing pandas {pandas.__version__}: {time.process_time() - t:.2f} s CPU")
    policy = dpss.Policy.default()
    with open(args.files[0], encoding="utf-8") as f:
        first = [dpss.Recipient.from_json(text) for _, text in zip(range(1000), f)]

    def calls():
        for i in range(200000):
            dpss.evaluate(policy, first[i % len(first)], AS_OF)
        return 200000
    n, wall, cpu = timed(calls, 3)
    print(f"  one evaluate() call: {wall / n * 1e6:.2f} us wall, {cpu / n * 1e6:.2f} us CPU")
    for path in args.files:
        with open(path, "rb") as f:
            records = sum(1 for _ in f)
        repeat = args.repeat or (3 if records <= 200000 else 1)
        print(f"{path}: {records:,} records, best of {repeat}")
        n, wall, cpu = timed(lambda: attribute_access(path), repeat)
        line("(a) evaluate_file + d.surplus.excess_pence", n, wall, cpu)
        df, wall, cpu = timed(lambda: dpss.evaluate_file(path, as_of=AS_OF).to_dataframe(),
                              repeat)
        line(f"(b) evaluate_file().to_dataframe() {df.shape}", len(df), wall, cpu)
        decisions = list(dpss.evaluate_file(path, as_of=AS_OF))
        df, wall, cpu = timed(lambda: dpss.decisions_to_dataframe(decisions), repeat)
        line("    decisions_to_dataframe() of those decisions", len(df), wall, cpu)
        del decisions, df
        if args.tool:
            def tool():
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                subprocess.run([args.tool, "evaluate", "--summary", "--jobs", "1", "--as-of",
                                AS_OF.isoformat(), path], check=True,
                               stdout=subprocess.DEVNULL)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                return after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
            best = float("inf")
            w = float("inf")
            for _ in range(repeat):
                t0 = time.perf_counter()
                best = min(best, tool())
                w = min(w, time.perf_counter() - t0)
            line("(c) dpss evaluate --summary --jobs 1", records, w, best)
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
