#!/usr/bin/env python3
"""Times the full default run with every plugin instance in a child process against the same run in p2c's process.

Usage: bench/isolation_bench.py [--build build/release] [--runs 9] [--rounds 3]

`p2c run --config config/p2c.toml --isolation none` and `--isolation process`, alternating round by round so that a
machine whose speed drifts slows both alike, each after one warm-up run, with the run history of earlier runs in a
temporary folder as day to day. Prints the median wall time of each case per round, the median of each stage of the
run's time line, the extra time of isolation (the goal: under 20 %), and checks that both write the same
results.csv. Needs a release build first:
    cmake --preset release && cmake --build --preset release
"""
import argparse
import filecmp
import os
import statistics
import sys
import tempfile

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from bench_common import ROOT, built_p2c, machine_line, run_checked, summary_stages  # noqa: E402

MODES = ("none", "process")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", default=os.path.join(ROOT, "build", "release"))
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    p2c = built_p2c(args.build)
    config = os.path.join(ROOT, "config", "p2c.toml")

    with tempfile.TemporaryDirectory() as out:
        envs = {mode: dict(os.environ, P2C_OUTPUT_DIR=os.path.join(out, mode), P2C_STATE_DIR=os.path.join(out, mode))
                for mode in MODES}
        for mode in MODES:
            run_checked([p2c, "run", "--config", config, "--isolation", mode], envs[mode])  # warm-up
        print(machine_line())
        print(f"{args.runs} runs per case and round, after one warm-up run each; times in milliseconds\n")
        medians = {mode: [] for mode in MODES}
        stages = {mode: {} for mode in MODES}
        for round_number in range(1, args.rounds + 1):
            line = []
            for mode in MODES:
                walls, stage = summary_stages([p2c, "run", "--config", config, "--isolation", mode, "--summary", "json"],
                                              envs[mode], args.runs)
                medians[mode].append(statistics.median(walls))
                for name, value in stage.items():
                    stages[mode].setdefault(name, []).append(value)
                line.append(f"isolation {mode}: {statistics.median(walls) * 1000:.0f} "
                            f"(min {min(walls) * 1000:.0f}, max {max(walls) * 1000:.0f})")
            print(f"round {round_number}: " + "; ".join(line))
        print("\nmedian seconds by stage over the rounds:")
        for mode in MODES:
            print(f"  {mode:<8} " + ", ".join(f"{name} {statistics.median(values):.3f}"
                                             for name, values in stages[mode].items()))
        none, process = statistics.median(medians["none"]), statistics.median(medians["process"])
        print(f"\nfull default run: in process {none * 1000:.0f} ms, isolated {process * 1000:.0f} ms: "
              f"{(process / none - 1) * 100:+.0f} % (goal: under +20 %)")
        same = filecmp.cmp(os.path.join(out, "none", "results.csv"), os.path.join(out, "process", "results.csv"),
                           shallow=False)
        if not same:
            sys.exit("the two modes wrote different results.csv: the comparison is not of the same work")
        print("results.csv: the same in both modes")


if __name__ == "__main__":
    main()
