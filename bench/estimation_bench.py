#!/usr/bin/env python3
"""Measures what the estimation stage costs: the same run with and without [[estimation]] rules.

Usage: bench/estimation_bench.py [--build build/release] [--runs 7] [--instances 10]

Writes a synthetic data set (deterministic, not real data) into a temporary folder: `--instances` SDG 17.8.1
instances, each over its own pair of series covering all reference economies for 1960-2024 with the gaps real
data have (one year in four missing, and the last 0-4 years missing, by economy), all groups aggregated. Runs it
twice per round, once with every instance's share online and people offline estimated by `itu_trend`, once
without, and prints the median, min and max wall time of each and the number of estimates made. Needs a release
build first: cmake --preset release && cmake --build --preset release
"""
import argparse
import os
import re
import sys
import tempfile

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from bench_common import ROOT, header, machine_line, measure, peak_memory_mib, row, run_checked  # noqa: E402

YEARS = range(1960, 2025)


def economies():
    with open(os.path.join(ROOT, "config", "reference", "economies.csv")) as f:
        next(f)
        return [line.split(",", 1)[0] for line in f if line.strip()]


def write_case(folder, instances, estimate):
    """The config of the synthetic case; with `estimate`, both metrics of every instance are estimated."""
    codes = economies()
    reference = os.path.join(ROOT, "config", "reference")
    config = [
        "[reference]",
        f'economies = "{reference}/economies.csv"',
        f'groups = "{reference}/groups.csv"',
        f'memberships = "{reference}/memberships.csv"',
        'population = "gaps.population.0"\n',
    ]
    for k in range(instances):
        users, people = os.path.join(folder, f"users{k}.csv"), os.path.join(folder, f"population{k}.csv")
        if not os.path.exists(users):
            with open(users, "w") as f:
                f.write("geo,time,internet_users\n")
                for i, code in enumerate(codes):
                    last = YEARS[-1] - i % 5
                    for y in YEARS:
                        if y <= last and (i * 7 + y) % 4 != 0:
                            f.write(f"{code.lower()},{y},{min(100.0, (y - 1960) * 1.5 + (i * 13 + k) % 20)}\n")
            with open(people, "w") as f:
                f.write("Country Name,Country Code,Year,Value\n")
                for i, code in enumerate(codes):
                    for y in YEARS:
                        f.write(f"x,{code},{y},{1000 + (i * 7919 + y) % 100000}\n")
        config += [
            "[[source]]", 'plugin = "csv"', f'name = "users{k}"', f'series = "gaps.users.{k}"', f'path = "{users}"',
            'economy_column = "geo"', 'year_column = "time"', 'value_column = "internet_users"\n',
            "[[source]]", 'plugin = "csv"', f'name = "population{k}"', f'series = "gaps.population.{k}"',
            f'path = "{people}"\n',
            "[[indicator]]", 'plugin = "sdg_17_8"', f'name = "gaps{k}"', f'internet_users = "gaps.users.{k}"',
            f'population = "gaps.population.{k}"\n',
        ]
        if estimate:
            for metric in ("internet_users", "offline_population"):
                config += ["[[estimation]]", f'metric = "gaps{k}.{metric}"', 'method = "itu_trend"\n']
    config += ["[[sink]]", 'plugin = "csv_results"', f'path = "{os.path.join(folder, "results.csv")}"\n']
    path = os.path.join(folder, f"gaps-{'estimated' if estimate else 'plain'}.toml")
    with open(path, "w") as f:
        f.write("\n".join(config))
    return path


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", default=os.path.join(ROOT, "build", "release"))
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--instances", type=int, default=10)
    args = parser.parse_args()
    p2c = os.path.join(args.build, "bin", "p2c")
    if not os.access(p2c, os.X_OK):
        sys.exit(f"{p2c} not found: build first (cmake --preset release && cmake --build --preset release)")

    with tempfile.TemporaryDirectory() as folder:
        env = dict(os.environ)
        plain = write_case(folder, args.instances, False)
        estimated = write_case(folder, args.instances, True)
        _, summary = run_checked([p2c, "run", "--config", estimated], env)
        made = re.search(r"estimates for missing economy-years: (\d+)", summary)
        print(machine_line())
        print(f"synthetic: {args.instances} SDG 17.8.1 instances, {len(economies())} economies, "
              f"{YEARS[0]}-{YEARS[-1]} with gaps; estimates made: {made.group(1) if made else 'none'}")
        print(f"runs per case: {args.runs}; times in milliseconds\n")
        print(header(40, 8))
        for name, config in (("without estimation", plain), ("with itu_trend estimation", estimated)):
            command = [p2c, "run", "--config", config]
            print(row(name, measure(command, args.runs, env), peak_memory_mib(command, env), 40, 8))


if __name__ == "__main__":
    main()
