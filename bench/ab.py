#!/usr/bin/env python3
"""ab.py - two builds of dejure against each other on one command.

    bench/ab.py [--pairs N] [--fresh] OLD NEW [-- ARGS...]

Runs OLD and NEW alternately, in ABBA order (A B, B A, A B, ...) so that
neither always runs first, and prints the median and quartiles of each,
in milliseconds. ARGS default to `report --no-render`; each binary writes
its own folder (`--out` is added), replaced run after run as a user's
repeated report would, or with --fresh a new folder each time (made by
the command, removed outside the timing).

Why: this machine's speed drifts by a third within minutes, so a figure
taken now and one taken ten minutes ago say little; interleaved runs of
both builds do. RESULTS.md's ABBA figures come from this script.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pairs", type=int, default=30)
    ap.add_argument("--fresh", action="store_true", help="a new output folder for every run")
    ap.add_argument("old")
    ap.add_argument("new")
    ap.add_argument("args", nargs="*", default=["report", "--no-render"])
    a = ap.parse_args()
    work = tempfile.mkdtemp(prefix="dejure-ab-")
    times = {a.old: [], a.new: []}
    try:
        k = 0
        for i in range(a.pairs):
            for b in ((a.old, a.new) if i % 2 == 0 else (a.new, a.old)):
                out = os.path.join(work, "old" if b == a.old else "new")
                if a.fresh:
                    out += "-%d" % k
                    k += 1
                cmd = [b] + a.args + ["--out", out]
                t = time.perf_counter()
                subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True)
                times[b].append((time.perf_counter() - t) * 1000)
                if a.fresh:
                    shutil.rmtree(out)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for b in (a.old, a.new):
        q = statistics.quantiles(times[b], n=4)
        print("%-40s median %7.2f ms   quartiles %7.2f %7.2f" % (b, statistics.median(times[b]), q[0], q[2]))


if __name__ == "__main__":
    sys.exit(main())
