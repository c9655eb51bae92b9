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
from bench_common import (ROOT, built_p2c, header, machine_line, measure, peak_memory_mib, row,  # noqa: E402
                          write_synthetic_case)


def write_scale_case(folder, instances):
    """Every reference economy with a share for every year 1900-2200: the engine's throughput at a size the
    bundled data does not reach."""
    return write_synthetic_case(folder, "scale", instances, range(1900, 2201), lambda i, y: True,
                                lambda i, y, k: (i * 7 + y * 3 + k) % 1000 / 10)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", default=os.path.join(ROOT, "build", "release"))
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--scale", type=int, default=10,
                        help="SDG 17.8.1 instances in the synthetic scale case (0 skips it)")
    args = parser.parse_args()
    p2c = built_p2c(args.build)
    config = os.path.join(ROOT, "config", "p2c.toml")

    with tempfile.TemporaryDirectory() as out:
        env = dict(os.environ, P2C_OUTPUT_DIR=out)
        scale, scale_config = [], None
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
            runs = args.runs if command[-1] != scale_config else max(3, args.runs // 5)
            print(row(name, measure(command, runs, env), peak_memory_mib(command, env), 52, 8))


if __name__ == "__main__":
    main()
