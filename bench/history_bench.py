#!/usr/bin/env python3
"""Measures the run history on the bundled data: its file size after one and two identical runs, the time of
storing a run, and the time of reading runs back.

Usage: bench/history_bench.py [--build build/release] [--runs 3]

Each round starts from an empty history in a temporary folder and runs `p2c run --config config/p2c.toml`
twice. Prints the median, min and max over the rounds of:
  - the size of history.sqlite after run 1 and after run 2 (the file alone: p2c checkpoints the WAL on exit),
    and what run 2 added;
  - storing a run: the `history` part of the time line `p2c run` prints;
  - reading: `p2c history --compare previous latest`, which reads every result of both runs.
Needs a release build first: cmake --preset release && cmake --build --preset release
"""
import argparse
import os
import re
import statistics
import sys
import tempfile

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from bench_common import ROOT, built_p2c, machine_line, run_checked  # noqa: E402

HISTORY_TIME = re.compile(r"^time: .*\bhistory ([0-9.]+)", re.MULTILINE)


def store_seconds(output):
    """The time of storing the run in the history, from the summary of `p2c run`."""
    match = HISTORY_TIME.search(output)
    if not match:
        sys.exit(f"no history time in the output of p2c run:\n{output}")
    return float(match.group(1))


def one_round(p2c, config):
    """Sizes in bytes after run 1 and 2, seconds storing run 1 and 2, seconds of one compare."""
    with tempfile.TemporaryDirectory() as out:
        env = dict(os.environ, P2C_OUTPUT_DIR=out, P2C_STATE_DIR=out)
        database = os.path.join(out, "history.sqlite")
        sizes, stores = [], []
        for _ in range(2):
            _, output = run_checked([p2c, "run", "--config", config], env)
            stores.append(store_seconds(output))
            sizes.append(os.path.getsize(database))
        compare, _ = run_checked([p2c, "history", "--config", config, "--compare", "previous", "latest"], env)
        return sizes, stores, compare


def line(name, values, unit, scale):
    scaled = [v * scale for v in values]
    return (f"{name:<44} {statistics.median(scaled):10.1f} {min(scaled):10.1f} {max(scaled):10.1f}  {unit}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", default=os.path.join(ROOT, "build", "release"))
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    p2c = built_p2c(args.build)
    config = os.path.join(ROOT, "config", "p2c.toml")

    rounds = [one_round(p2c, config) for _ in range(args.runs)]
    print(machine_line())
    print(f"rounds: {args.runs}, each from an empty history\n")
    print(f"{'case':<44} {'median':>10} {'min':>10} {'max':>10}")
    mb = 1 / 1e6
    print(line("file size after 1 run", [r[0][0] for r in rounds], "MB", mb))
    print(line("file size after 2 identical runs", [r[0][1] for r in rounds], "MB", mb))
    print(line("added by the second run", [r[0][1] - r[0][0] for r in rounds], "KB", 1 / 1e3))
    print(line("storing run 1 (record)", [r[1][0] for r in rounds], "ms", 1000))
    print(line("storing run 2, identical (record)", [r[1][1] for r in rounds], "ms", 1000))
    print(line("p2c history --compare previous latest", [r[2] for r in rounds], "ms", 1000))


if __name__ == "__main__":
    main()
