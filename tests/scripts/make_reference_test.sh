#!/usr/bin/env bash
# Checks that the committed reference data (config/reference/) is reproducible: runs
# scripts/make_reference.py on the shared public data and the committed sources (config/reference/sources/) into
# a temporary folder and requires the output to be byte-identical to the committed files (and no file more or
# less; sources/ is the script's input, not its output).
#
# usage: make_reference_test.sh [--shared DIR] [--source DIR] [--python EXE]
#   --shared DIR   the public source files (default: <repo>/../shared/data, where CI has them)
#   --source DIR   the repository (default: two levels above this script)
#   --python EXE   Python 3 interpreter (default: $PYTHON, else python3)
# Without the shared data it prints "skipped: shared data not found" and exits 0.
set -euo pipefail

source_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
shared=""
python=${PYTHON:-python3}
while [[ $# -gt 0 ]]; do
  case $1 in
    --shared) shared=${2:?--shared needs a folder}; shift 2 ;;
    --source) source_dir=${2:?--source needs a folder}; shift 2 ;;
    --python) python=${2:?--python needs an interpreter}; shift 2 ;;
    *) echo "usage: $0 [--shared DIR] [--source DIR] [--python EXE]" >&2; exit 2 ;;
  esac
done
shared=${shared:-$source_dir/../shared/data}

if [[ ! -f $shared/un-m49/UNSD-m49.csv || ! -f $shared/itu-prices/itu_affordability_latest.csv ||
      ! -f $shared/itu-idi-2024/idi2024_indicators.csv ]]; then
  echo "skipped: shared data not found"
  exit 0
fi

committed=$source_dir/config/reference
work=$(mktemp -d "${TMPDIR:-/tmp}/p2c-make-reference-test.XXXXXX")
trap 'rm -rf "$work"' EXIT

if ! "$python" "$source_dir/scripts/make_reference.py" --shared "$shared" --out "$work/reference" \
  >"$work/log" 2>&1; then
  cat "$work/log" >&2
  echo "FAILED: scripts/make_reference.py exited non-zero" >&2
  exit 1
fi

status=0
expected_files=(README.md economies.csv groups.csv memberships.csv itu-lists.csv)
for name in "${expected_files[@]}"; do
  if [[ ! -f $work/reference/$name ]]; then
    echo "FAILED: the script did not write $name" >&2
    status=1
  elif [[ ! -f $committed/$name ]]; then
    echo "FAILED: config/reference/$name is not committed" >&2
    status=1
  elif ! cmp -s "$work/reference/$name" "$committed/$name"; then
    echo "FAILED: config/reference/$name differs from the script's output; first differences:" >&2
    diff "$committed/$name" "$work/reference/$name" | head -20 >&2 || true
    status=1
  fi
done
# No other file, in what the script writes or in the committed folder.
for folder in "$work/reference" "$committed"; do
  for path in "$folder"/* "$folder"/.[!.]*; do
    [[ -e $path ]] || continue
    name=$(basename "$path")
    [[ $folder == "$committed" && $name == sources && -d $path ]] && continue
    if [[ ! " ${expected_files[*]} " == *" $name "* ]]; then
      echo "FAILED: unexpected file $path" >&2
      status=1
    fi
  done
done

if [[ $status -ne 0 ]]; then
  echo "config/reference is not reproducible: run scripts/make_reference.py and commit the result" >&2
  exit 1
fi
echo "ok: config/reference is reproducible from $shared"
