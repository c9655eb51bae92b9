#!/usr/bin/env python3
"""Measures what the estimation stage costs: the same run with and without [[estimation]] rules.

Usage: bench/estimation_bench.py [--build build/release] [--runs 7] [--instances 10]

Writes a synthetic data set (deterministic, not real data) into a temporary folder: `--instances` SDG 17.8.1
instances, each over its own pair of series covering all reference economies for 1960-2024 with the gaps real
data have (one year in four missing, and the last 0-4 years missing, by economy), all groups aggregated. Runs it
with every instance's share online and people offline estimated by `itu_trend`, and without, and prints the
median, min and max wall time of each and the number of estimates made. Needs a release build first:
    cmake --preset release && cmake --build --preset release
"""
import argparse
import os
import re
import sys
import tempfile

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from bench_common import (ROOT, built_p2c, header, machine_line, measure, peak_memory_mib,  # noqa: E402
                          reference_economies, row, run_checked, write_synthetic_case)

YEARS = range(1960, 2025)


def has_value(i, year):
    return year <= YEARS[-1] - i % 5 and (i * 7 + year) % 4 != 0


def share(i, year, k):
    return min(100.0, (year - YEARS[0]) * 1.5 + (i * 13 + k) % 20)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", default=os.path.join(ROOT, "build", "release"))
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--instances", type=int, default=10)
    args = parser.parse_args()
    p2c = built_p2c(args.build)

    with tempfile.TemporaryDirectory() as folder:
        env = dict(os.environ)
        plain, rows = write_synthetic_case(folder, "plain", args.instances, YEARS, has_value, share)
        estimated, _ = write_synthetic_case(folder, "estimated", args.instances, YEARS, has_value, share, True)
        _, summary = run_checked([p2c, "run", "--config", estimated], env)
        made = re.search(r"estimates for missing economy-years: (\d+)", summary)
        print(machine_line())
        print(f"synthetic: {args.instances} SDG 17.8.1 instances, {len(reference_economies())} economies, "
              f"{YEARS[0]}-{YEARS[-1]} with gaps, {rows:,} input rows; "
              f"estimates made: {made.group(1) if made else 'none'}")
        print(f"runs per case: {args.runs}; times in milliseconds\n")
        print(header(40, 8))
        for name, config in (("without estimation", plain), ("with itu_trend estimation", estimated)):
            command = [p2c, "run", "--config", config]
            print(row(name, measure(command, args.runs, env), peak_memory_mib(command, env), 40, 8))


if __name__ == "__main__":
    main()
