#!/usr/bin/env python3
"""Measures p2c start-up, plugin loading and a whole run on the bundled data.

Usage: bench/run_bench.py [--build build/release] [--runs 15]

Runs each command several times and prints the median, min and max wall time, the peak resident
memory of one more run (GNU time), and a line describing the machine. Needs a release build first:
    cmake --preset release && cmake --build --preset release
"""
import argparse
import os
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from bench_common import ROOT, header, machine_line, measure, peak_memory_mib, row  # noqa: E402


def write_scale_case(folder, instances):
    """A config with `instances` SDG 17.8.1 instances, each over its own synthetic pair of series covering
    every reference economy for 1900-2200 (deterministic values, not real data), with all groups."""
    economies = []
    with open(os.path.join(ROOT, "config", "reference", "economies.csv")) as f:
        next(f)
        economies = [line.split(",", 1)[0] for line in f if line.strip()]
    years = range(1900, 2201)
    reference = os.path.join(ROOT, "config", "reference")
    config = [
        "[run]\nthreads = 0\n",
        "[reference]",
        f'economies = "{reference}/economies.csv"',
        f'groups = "{reference}/groups.csv"',
        f'memberships = "{reference}/memberships.csv"',
        'population = "scale.population.0"\n',
    ]
    for k in range(instances):
        users, people = f"users{k}.csv", f"population{k}.csv"
        with open(os.path.join(folder, users), "w") as f:
            f.write("geo,time,internet_users\n")
            for i, code in enumerate(economies):
                for y in years:
                    f.write(f"{code.lower()},{y},{(i * 7 + y * 3 + k) % 1000 / 10}\n")
        with open(os.path.join(folder, people), "w") as f:
            f.write("Country Name,Country Code,Year,Value\n")
            for i, code in enumerate(economies):
                for y in years:
                    f.write(f"x,{code},{y},{1000 + (i * 7919 + y) % 100000}\n")
        config += [
            "[[source]]", 'plugin = "csv"', f'name = "users{k}"', f'series = "scale.users.{k}"', f'path = "{users}"',
            'economy_column = "geo"', 'year_column = "time"', 'value_column = "internet_users"\n',
            "[[source]]", 'plugin = "csv"', f'name = "population{k}"', f'series = "scale.population.{k}"',
            f'path = "{people}"\n',
            "[[indicator]]", 'plugin = "sdg_17_8"', f'name = "scale{k}"', f'internet_users = "scale.users.{k}"',
            f'population = "scale.population.{k}"\n',
        ]
    config += ["[[sink]]", 'plugin = "csv_results"', 'path = "results.csv"\n']
    path = os.path.join(folder, "scale.toml")
    with open(path, "w") as f:
        f.write("\n".join(config))
    rows = instances * 2 * len(economies) * len(years)
    return path, rows


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", default=os.path.join(ROOT, "build", "release"))
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--scale", type=int, default=10,
                        help="SDG 17.8.1 instances in the synthetic scale case (0 skips it)")
    args = parser.parse_args()
    p2c = os.path.join(args.build, "bin", "p2c")
    if not os.access(p2c, os.X_OK):
        sys.exit(f"{p2c} not found: build first (cmake --preset release && cmake --build --preset release)")
    config = os.path.join(ROOT, "config", "p2c.toml")

    with tempfile.TemporaryDirectory() as out:
        env = dict(os.environ, P2C_OUTPUT_DIR=out)
        scale = []
        if args.scale > 0:
            scale_config, rows = write_scale_case(out, args.scale)
            scale = [(f"synthetic scale: {rows:,} input rows, all groups", [p2c, "run", "--config", scale_config])]
        cases = [
            ("start-up: p2c --version", [p2c, "--version"]),
            ("start-up + loading all plugins: p2c plugins", [p2c, "plugins"]),
            ("start-up + loading + config + instances: p2c check", [p2c, "check", "--config", config]),
            ("whole run on the bundled data: p2c run", [p2c, "run", "--config", config]),
        ] + scale
        print(machine_line())
        print(f"runs per case: {args.runs}; times in milliseconds\n")
        print(header(52, 8))
        for name, command in cases:
            subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # warm caches
            runs = args.runs if not command[-1].endswith("scale.toml") else max(3, args.runs // 5)
            print(row(name, measure(command, runs, env), peak_memory_mib(command, env), 52, 8))


if __name__ == "__main__":
    main()
