#!/usr/bin/env python3
"""The committed core/web/i18n/economy-names.csv is exactly what scripts/make_economy_names.py writes from the shared
public data. Prints "skipped: shared data not found" and exits 0 without it.

usage: make_economy_names_test.py [--source REPO] [--shared DIR]
"""
import argparse
import pathlib
import subprocess
import sys
import tempfile


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--source", type=pathlib.Path, default=pathlib.Path(__file__).resolve().parents[2])
    parser.add_argument("--shared", type=pathlib.Path)
    args = parser.parse_args()
    shared = args.shared or args.source.parent / "shared" / "data"
    if not (shared / "un-m49" / "country-codes.csv").is_file():
        print("skipped: shared data not found")
        return 0
    committed = args.source / "core" / "web" / "i18n" / "economy-names.csv"
    with tempfile.TemporaryDirectory() as folder:
        out = pathlib.Path(folder) / "economy-names.csv"
        done = subprocess.run([sys.executable, str(args.source / "scripts" / "make_economy_names.py"),
                               "--shared", str(shared), "--out", str(out)], capture_output=True, text=True)
        if done.returncode != 0:
            print(f"make_economy_names.py failed: {done.stderr}", file=sys.stderr)
            return 1
        if out.read_bytes() != committed.read_bytes():
            print(f"{committed} differs from what scripts/make_economy_names.py writes: regenerate and commit it",
                  file=sys.stderr)
            return 1
    print("economy-names.csv is reproducible")
    return 0


if __name__ == "__main__":
    sys.exit(main())
