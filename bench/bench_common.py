"""Helpers the benchmarks share: running and timing commands, peak memory, the machine line and result rows."""
import json
import os
import platform
import statistics
import subprocess
import sys
import time

GNU_TIME = "/usr/bin/time"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def built_p2c(build):
    """The p2c executable of the build folder `build`; exits saying how to build it when there is none."""
    p2c = os.path.join(build, "bin", "p2c")
    if not os.access(p2c, os.X_OK):
        sys.exit(f"{p2c} not found: build first (cmake --preset release && cmake --build --preset release)")
    return p2c


def summary_stages(command, env, runs):
    """Wall seconds of `runs` runs of `command` (a `p2c run ... --summary json`) and the median seconds of each
    stage of their summaries, the sinks' and the history's own times included."""
    walls, stages = [], {}
    for _ in range(runs):
        seconds, output = run_checked(command, env)
        walls.append(seconds)
        summary = json.loads(output)
        for name, value in list(summary["seconds"].items()) + list(summary.get("output_seconds", {}).items()):
            stages.setdefault(name, []).append(value)
    return walls, {name: statistics.median(values) for name, values in stages.items()}


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


def reference_economies():
    """ISO3 codes of the bundled reference economies, in file order."""
    with open(os.path.join(ROOT, "config", "reference", "economies.csv")) as f:
        next(f)
        return [line.split(",", 1)[0] for line in f if line.strip()]


def write_synthetic_case(folder, name, instances, years, has_value, share, estimate=False):
    """A config `name`.toml in `folder` with `instances` SDG 17.8.1 instances, each over its own pair of synthetic
    series (deterministic values, not real data) for every reference economy, with all groups and a CSV sink.
    `has_value(i, year)` says whether economy i has a share for the year and `share(i, year, k)` gives it;
    population is always there. With `estimate`, both metrics of every instance are estimated by itu_trend.
    Series files already in `folder` are reused. Returns the config's path and the number of input rows."""
    economies = reference_economies()
    reference = os.path.join(ROOT, "config", "reference")
    config = [
        "[run]\nthreads = 0\n",
        "[reference]",
        f'economies = "{reference}/economies.csv"',
        f'groups = "{reference}/groups.csv"',
        f'memberships = "{reference}/memberships.csv"',
        'population = "synthetic.population.0"\n',
    ]
    rows = 0
    for k in range(instances):
        users, people = os.path.join(folder, f"users{k}.csv"), os.path.join(folder, f"population{k}.csv")
        present = [(i, code, y) for i, code in enumerate(economies) for y in years if has_value(i, y)]
        rows += len(present)
        if not os.path.exists(users):
            with open(users, "w") as f:
                f.write("geo,time,internet_users\n")
                for i, code, y in present:
                    f.write(f"{code.lower()},{y},{share(i, y, k)}\n")
            with open(people, "w") as f:
                f.write("Country Name,Country Code,Year,Value\n")
                for i, code in enumerate(economies):
                    for y in years:
                        f.write(f"x,{code},{y},{1000 + (i * 7919 + y) % 100000}\n")
        rows += len(economies) * len(years)
        config += [
            "[[source]]", 'plugin = "csv"', f'name = "users{k}"', f'series = "synthetic.users.{k}"',
            f'path = "{users}"', 'economy_column = "geo"', 'year_column = "time"', 'value_column = "internet_users"\n',
            "[[source]]", 'plugin = "csv"', f'name = "population{k}"', f'series = "synthetic.population.{k}"',
            f'path = "{people}"\n',
            "[[indicator]]", 'plugin = "sdg_17_8"', f'name = "synthetic{k}"', f'internet_users = "synthetic.users.{k}"',
            f'population = "synthetic.population.{k}"\n',
        ]
        if estimate:
            for metric in ("internet_users", "offline_population"):
                config += ["[[estimation]]", f'metric = "synthetic{k}.{metric}"', 'method = "itu_trend"\n']
    config += ["[[sink]]", 'plugin = "csv_results"', f'path = "{os.path.join(folder, name + "-results.csv")}"\n']
    path = os.path.join(folder, f"{name}.toml")
    with open(path, "w") as f:
        f.write("\n".join(config))
    return path, rows
