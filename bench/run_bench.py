#!/usr/bin/env python3
"""Measures p2c start-up, plugin loading and a whole run on the bundled data.

Usage: bench/run_bench.py [--build build/release] [--runs 15]

Runs each command several times and prints the median, min and max wall time, the peak resident
memory of one more run (GNU time), and a line describing the machine. Needs a release build first:
    cmake --preset release && cmake --build --preset release
"""
import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time

GNU_TIME = "/usr/bin/time"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def measure(command, runs, env):
    """Wall times of `runs` runs."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        times.append(time.perf_counter() - start)
        if done.returncode != 0:
            sys.exit(f"failed ({done.returncode}): {' '.join(command)}\n{done.stderr}")
    return times


def peak_memory_mib(command, env):
    """Peak resident set size of one run, from GNU time (Debian package `time`), or None."""
    if not os.access(GNU_TIME, os.X_OK):
        return None
    done = subprocess.run([GNU_TIME, "-f", "%M"] + command, env=env, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True)
    return int(done.stderr.strip().splitlines()[-1]) / 1024


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown cpu"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", default=os.path.join(ROOT, "build", "release"))
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    p2c = os.path.join(args.build, "bin", "p2c")
    if not os.access(p2c, os.X_OK):
        sys.exit(f"{p2c} not found: build first (cmake --preset release && cmake --build --preset release)")
    config = os.path.join(ROOT, "config", "p2c.toml")

    with tempfile.TemporaryDirectory() as out:
        env = dict(os.environ, P2C_OUTPUT_DIR=out)
        cases = [
            ("start-up: p2c --version", [p2c, "--version"]),
            ("start-up + loading all plugins: p2c plugins", [p2c, "plugins"]),
            ("start-up + loading + config + instances: p2c check", [p2c, "check", "--config", config]),
            ("whole run on the bundled data: p2c run", [p2c, "run", "--config", config]),
        ]
        print(f"machine: {cpu_model()}, {os.cpu_count()} cores, {platform.system()} {platform.release()}")
        print(f"runs per case: {args.runs}; times in milliseconds\n")
        print(f"{'case':<52} {'median':>8} {'min':>8} {'max':>8} {'peak RSS':>10}")
        for name, command in cases:
            subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # warm caches
            ms = [t * 1000 for t in measure(command, args.runs, env)]
            peak = peak_memory_mib(command, env)
            memory = f"{peak:6.1f} MiB" if peak is not None else "n/a (apt-get install time)"
            print(f"{name:<52} {statistics.median(ms):8.1f} {min(ms):8.1f} {max(ms):8.1f} {memory:>10}")


if __name__ == "__main__":
    main()
