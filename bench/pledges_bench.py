#!/usr/bin/env python3
"""Measures the pledge registry at scale: importing a large pledge file and computing the pledge indicator.

Usage: bench/pledges_bench.py [--build build/release] [--runs 5] [--count 100000] [--reports-per-pledge 5]
                              [--targets-per-pledge 2]

Writes a synthetic pledge file (scripts/make_pledge_sample.py --count N --reports-per-pledge R
--targets-per-pledge T: illustrative records, not real data, each report with an actual for every target) into a
temporary folder, then measures
  1. `p2c pledges import FILE --config CFG` into a fresh database each run: median, min and max wall time,
     the database's size, the row counts of its pledges, progress_reports, pledge_targets and pledge_revisions
     tables and the actuals held in the reports' actuals column, and the peak resident memory of one more run
     (GNU time);
  2. `p2c run` on a config holding only the pledge source (plugin pledges_sqlite) and the pledge indicator
     (plugin pledges) over that database, no sinks and no run history: the same timings and peak memory.
Prints a line describing the machine first. Needs a release build:
    cmake --preset release && cmake --build --preset release
"""
import argparse
import os
import sqlite3
import sys
import tempfile

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from bench_common import ROOT, built_p2c, header, machine_line, peak_memory_mib, row, run_checked  # noqa: E402
GENERATOR = os.path.join(ROOT, "scripts", "make_pledge_sample.py")


def generator_rates():
    """The generator's rate table (USD per unit), so that the registry converts values the same way."""
    sys.path.insert(0, os.path.dirname(GENERATOR))
    try:
        import make_pledge_sample
    finally:
        sys.path.pop(0)
    return make_pledge_sample.USD_PER_UNIT


def remove_database(path):
    for suffix in ("", "-wal", "-shm", "-journal"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)


TABLES = ["pledges", "progress_reports", "pledge_targets", "pledge_revisions"]
# What each count means: a table's rows, or the actuals inside the reports' actuals column (schema 3 on).
COUNTS = {table: f"SELECT count(*) FROM {table}" for table in TABLES}
COUNTS["actuals"] = "SELECT count(*) FROM progress_reports, json_each(progress_reports.actuals)"


def database_facts(path):
    """Size in MiB (with its WAL, if any) and each count of COUNTS."""
    size = sum(os.path.getsize(path + s) for s in ("", "-wal") if os.path.exists(path + s)) / 2**20
    rows = {}
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        for name, sql in COUNTS.items():
            rows[name] = db.execute(sql).fetchone()[0]
    finally:
        db.close()
    return size, rows


def expected_rows(count, reports_per_pledge, targets_per_pledge):
    """The rows an import of the generated file must store (revisions are the store's business: not checked)."""
    return {"pledges": count, "progress_reports": count * reports_per_pledge,
            "pledge_targets": count * targets_per_pledge,
            "actuals": count * reports_per_pledge * targets_per_pledge}


def rows_text(rows):
    return ", ".join(f"{name} {n:,}" for name, n in rows.items())


def toml_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_configs(folder, database):
    """(import config, run config): the reference data, the registry, and for the run only the pledge
    source and indicator."""
    rates = os.path.join(folder, "rates.csv")
    with open(rates, "w") as f:
        f.write("currency,usd_per_unit,source\n")
        for currency, rate in generator_rates().items():
            f.write(f"{currency},{rate},rate table of scripts/make_pledge_sample.py\n")
    reference = os.path.join(ROOT, "config", "reference")
    reference_section = "\n".join([
        "[reference]",
        f"economies = {toml_string(os.path.join(reference, 'economies.csv'))}",
        f"groups = {toml_string(os.path.join(reference, 'groups.csv'))}",
        f"memberships = {toml_string(os.path.join(reference, 'memberships.csv'))}",
    ])
    import_config = os.path.join(folder, "import.toml")
    with open(import_config, "w") as f:
        f.write(f"{reference_section}\n\n[pledges]\ndatabase = {toml_string(database)}\n"
                f"rates = {toml_string(rates)}\n")
    run_config = os.path.join(folder, "run.toml")
    with open(run_config, "w") as f:
        f.write('[run]\nthreads = 0\nhistory = ""\n\n'
                f"{reference_section}\n\n"
                f'[[source]]\nplugin = "pledges_sqlite"\ndatabase = {toml_string(database)}\n\n'
                '[[indicator]]\nplugin = "pledges"\n')
    return import_config, run_config


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build", default=os.path.join(ROOT, "build", "release"))
    parser.add_argument("--runs", type=int, default=5, help="timed runs per case (each import into a fresh database)")
    parser.add_argument("--count", type=int, default=100_000, help="pledges in the synthetic file")
    parser.add_argument("--reports-per-pledge", type=int, default=5, help="progress reports per pledge")
    parser.add_argument("--targets-per-pledge", type=int, default=2,
                        help="measurable targets per pledge, each with an actual in every report")
    args = parser.parse_args()
    if args.runs < 1 or args.count < 1:
        sys.exit("--runs and --count must be at least 1")
    if not 0 <= args.targets_per_pledge <= 10:
        sys.exit("--targets-per-pledge must be between 0 and 10")
    p2c = built_p2c(args.build)

    with tempfile.TemporaryDirectory() as out:
        env = dict(os.environ, P2C_OUTPUT_DIR=out)
        pledges = os.path.join(out, "pledges.json")
        database = os.path.join(out, "pledges.sqlite")
        print(machine_line())
        generated, _ = run_checked([sys.executable, GENERATOR, "--count", str(args.count), "--reports-per-pledge",
                                    str(args.reports_per_pledge), "--targets-per-pledge",
                                    str(args.targets_per_pledge), "--output", pledges], env)
        print(f"input: {args.count:,} synthetic pledges x {args.reports_per_pledge} reports x "
              f"{args.targets_per_pledge} targets (an actual per target in every report), "
              f"{os.path.getsize(pledges) / 2**20:.1f} MiB of JSON (generated in {generated:.1f} s)")
        import_config, run_config = write_configs(out, database)
        import_command = [p2c, "pledges", "import", pledges, "--config", import_config]
        run_command = [p2c, "run", "--config", run_config]

        import_times, import_output = [], ""
        for _ in range(args.runs):
            remove_database(database)
            seconds, import_output = run_checked(import_command, env)
            import_times.append(seconds)
        size, rows = database_facts(database)
        expected = expected_rows(args.count, args.reports_per_pledge, args.targets_per_pledge)
        wrong = {t: (rows[t], n) for t, n in expected.items() if rows[t] != n}
        if wrong:
            sys.exit("the import stored " + "; ".join(f"{t}: {got} rows, expected {n}" for t, (got, n) in
                                                       wrong.items()))
        import_peak = peak_memory_mib(import_command, env, before=lambda: remove_database(database))

        run_checked(run_command, env)  # warm caches
        run_times, run_output = [], ""
        for _ in range(args.runs):
            seconds, run_output = run_checked(run_command, env)
            run_times.append(seconds)
        run_peak = peak_memory_mib(run_command, env)

        print(f"database: {size:.1f} MiB; rows: {rows_text(rows)}")
        print(f"runs per case: {args.runs}; times in milliseconds\n")
        print(header(50, 9))
        print(row("import into a fresh database: p2c pledges import", import_times, import_peak, 50, 9))
        print(row("pledge source + indicator: p2c run", run_times, run_peak, 50, 9))
        print("\nlast import said:\n  " + "\n  ".join(import_output.strip().splitlines()[-5:]))
        summary = [line for line in run_output.splitlines()
                   if line.startswith(("series read", "  ", "metrics computed", "group values", "failures", "time:"))]
        print("last run said:\n  " + "\n  ".join(summary))


if __name__ == "__main__":
    main()
