"""Helpers the benchmarks share: running and timing commands, peak memory, the machine line and result rows."""
import os
import platform
import statistics
import subprocess
import sys
import time

GNU_TIME = "/usr/bin/time"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run_checked(command, env):
    """Runs once; exits with the command's output when it fails. Returns (seconds, stdout)."""
    start = time.perf_counter()
    done = subprocess.run(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"failed ({done.returncode}): {' '.join(command)}\n{done.stdout}{done.stderr}")
    return seconds, done.stdout


def measure(command, runs, env):
    """Wall times in seconds of `runs` runs; exits when one fails."""
    return [run_checked(command, env)[0] for _ in range(runs)]


def peak_memory_mib(command, env, before=None):
    """Peak resident set size of one run, from GNU time (Debian package `time`), or None without it.
    `before`, if given, is called first (e.g. to remove what the previous run created)."""
    if not os.access(GNU_TIME, os.X_OK):
        return None
    if before:
        before()
    done = subprocess.run([GNU_TIME, "-f", "%M"] + command, env=env, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True)
    if done.returncode != 0:
        sys.exit(f"failed ({done.returncode}): {' '.join(command)}\n{done.stderr}")
    return int(done.stderr.strip().splitlines()[-1]) / 1024


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown cpu"


def machine_line():
    """What the numbers were measured on, printed first by every benchmark."""
    return f"machine: {cpu_model()}, {os.cpu_count()} cores, {platform.system()} {platform.release()}"


def header(name_width, number_width):
    """The column titles of row()."""
    return (f"{'case':<{name_width}} {'median':>{number_width}} {'min':>{number_width}} {'max':>{number_width}} "
            f"{'peak RSS':>10}")


def row(name, seconds, peak, name_width, number_width):
    """One case: median, min and max of `seconds` in milliseconds, and the peak memory (None: not measured)."""
    ms = [s * 1000 for s in seconds]
    memory = f"{peak:6.1f} MiB" if peak is not None else "n/a (apt-get install time)"
    return (f"{name:<{name_width}} {statistics.median(ms):{number_width}.1f} {min(ms):{number_width}.1f} "
            f"{max(ms):{number_width}.1f} {memory:>10}")
