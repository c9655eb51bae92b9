#!/usr/bin/env python3
"""Times the full default run, and p2c against an analyst's pandas script on the same work.

Usage: bench/same_work_bench.py [--build build/release] [--runs 7] [--python /usr/bin/python3]

Cases, each run --runs times after one warm-up run (median, min, max wall time):
  - the full default run, `p2c run --config config/p2c.toml`, outputs, run history and pledge registry in a temporary
    folder: as it runs day to day (the folder holds the previous runs' history, every run stores the same values),
    with the median of each stage of its time line; and from an empty folder (the history and the pledge registry
    created, the registry bootstrapped from its sample);
  - p2c on the same work as bench/pandas_same_work.py: `p2c run --only sdg_17_8,sdg_17_6,sdg_9_c,idi,csv_results`
    (Internet use, fixed broadband, mobile coverage and the IDI 2024 with estimates, groups and trends, written as
    CSV; no run history);
  - the pandas script, with an interpreter that has pandas (Debian package python3-pandas), start-up and imports
    included as for p2c.
Then the two result files are compared record by record (bench/pandas_same_work.py --compare), and the script
prints the full run's median and the ratio of the pandas median to p2c's. Needs a release build first:
    cmake --preset release && cmake --build --preset release
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from bench_common import ROOT, built_p2c, machine_line, measure, run_checked, summary_stages  # noqa: E402

SAME_WORK = "sdg_17_8,sdg_17_6,sdg_9_c,idi,csv_results"
PANDAS_SCRIPT = os.path.join(ROOT, "bench", "pandas_same_work.py")


def row(name, seconds):
    ms = [s * 1000 for s in seconds]
    return f"{name:<48} {statistics.median(ms):8.1f} {min(ms):8.1f} {max(ms):8.1f}"


def pandas_python(given):
    """An interpreter that imports pandas: the one given, this one, or Debian's."""
    for candidate in [given] if given else [sys.executable, "/usr/bin/python3"]:
        if candidate and subprocess.run([candidate, "-c", "import pandas"], stderr=subprocess.DEVNULL).returncode == 0:
            return candidate
    sys.exit("no Python with pandas: apt-get install python3-pandas, or give --python")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", default=os.path.join(ROOT, "build", "release"))
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--python", help="interpreter with pandas for the pandas script")
    args = parser.parse_args()
    p2c = built_p2c(args.build)
    python = pandas_python(args.python)
    config = os.path.join(ROOT, "config", "p2c.toml")

    with tempfile.TemporaryDirectory() as out:
        full, fresh, same = (os.path.join(out, name) for name in ("full", "fresh", "same"))
        full_env = dict(os.environ, P2C_OUTPUT_DIR=full, P2C_STATE_DIR=full)
        fresh_env = dict(os.environ, P2C_OUTPUT_DIR=fresh, P2C_STATE_DIR=fresh)
        same_env = dict(os.environ, P2C_OUTPUT_DIR=same, P2C_STATE_DIR=same)
        full_run = [p2c, "run", "--config", config]
        same_run = [p2c, "run", "--config", config, "--only", SAME_WORK]
        pandas_csv = os.path.join(same, "pandas.csv")
        pandas_run = [python, PANDAS_SCRIPT, "--output", pandas_csv]

        print(machine_line())
        print(f"runs per case: {args.runs}, after one warm-up run; times in milliseconds\n")
        print(f"{'case':<48} {'median':>8} {'min':>8} {'max':>8}")
        run_checked(full_run, full_env)  # warm-up: creates the registry and the history
        walls, stages = summary_stages(full_run + ["--summary", "json"], full_env, args.runs)
        print(row("full run: p2c run (history of earlier runs)", walls))

        def empty_folder():
            shutil.rmtree(fresh, ignore_errors=True)
            return run_checked(full_run, fresh_env)[0]

        empty_folder()
        print(row("full run from an empty folder", [empty_folder() for _ in range(args.runs)]))

        run_checked(same_run, same_env)
        p2c_same = measure(same_run, args.runs, same_env)
        print(row("same work: p2c run --only ...", p2c_same))
        run_checked(pandas_run, os.environ)
        pandas_same = measure(pandas_run, args.runs, os.environ)
        print(row("same work: pandas script", pandas_same))

        print("\nfull run, median seconds by stage (the sinks and the history write at once, within outputs):")
        print("  " + ", ".join(f"{name} {seconds:.3f}" for name, seconds in stages.items()))
        agree = subprocess.run([python, PANDAS_SCRIPT, "--compare", os.path.join(same, "results.csv"), pandas_csv])
        ours, theirs = statistics.median(p2c_same), statistics.median(pandas_same)
        print(f"\nfull default run: {statistics.median(walls) * 1000:.0f} ms median")
        print(f"same work: pandas {theirs * 1000:.0f} ms / p2c {ours * 1000:.0f} ms = {theirs / ours:.1f}x")
        if agree.returncode != 0:
            sys.exit("the pandas script and p2c disagree: the comparison is not of the same work")


if __name__ == "__main__":
    main()
