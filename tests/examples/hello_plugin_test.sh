#!/usr/bin/env bash
# Out-of-tree plugin check, end to end, against an INSTALLED p2c:
#   (a) cmake --install the p2c build into a fresh prefix;
#   (b) build examples/hello-plugin with find_package(p2c) from that prefix;
#   (c) the installed p2c finds the shipped plugins in <prefix>/lib/p2c/plugins;
#   (d) it loads the example plugin with --plugin-dir;
#   (e) it runs examples/hello-plugin/hello.toml and the result matches the bundled data;
#   (f) the same run with every instance in a child process (the installed p2c-plugin-host) gives the same results.
#
# usage: hello_plugin_test.sh <p2c build dir> <p2c source dir> <p2c executable of the build> [cmake]
set -euo pipefail

if [[ $# -lt 3 ]]; then
  echo "usage: $0 <p2c build dir> <p2c source dir> <p2c executable> [cmake]" >&2
  exit 2
fi
build_dir=$1
source_dir=$2
built_p2c=$3
cmake=${4:-cmake}

step="setup"
fail() {
  echo "FAILED at step '$step': $*" >&2
  exit 1
}

work=$(mktemp -d "${TMPDIR:-/tmp}/p2c-hello-test.XXXXXX")
trap 'rm -rf "$work"' EXIT
example_build=$work/example-build
output_dir=$work/out
mkdir -p "$output_dir"

[[ -x $built_p2c ]] || fail "p2c executable '$built_p2c' not found: build the project before running this test"

# --- (a) install -----------------------------------------------------------------------------------
step="(a) cmake --install"
echo "== $step into $work/prefix"
source "$(dirname "$0")/against_install.sh"
p2c=$prefix/bin/p2c
[[ -x $p2c ]] || fail "the install has no $p2c"

# --- (b) build the example against the install ---------------------------------------------------
step="(b) build examples/hello-plugin"
echo "== $step in $example_build"
configure_args+=(-S "$source_dir/examples/hello-plugin" -B "$example_build")
"$cmake" "${configure_args[@]}" > "$work/configure.log" 2>&1 ||
  { cat "$work/configure.log" >&2; fail "configuring the example with find_package(p2c) failed"; }
"$cmake" --build "$example_build" > "$work/build.log" 2>&1 ||
  { cat "$work/build.log" >&2; fail "building the example failed"; }
[[ -f $example_build/hello.so ]] || fail "the example build produced no hello.so"

# --- (c) the installed host finds the shipped plugins ---------------------------------------------
step="(c) installed p2c plugins"
echo "== $step"
listing=$("$p2c" plugins 2>&1) || { echo "$listing" >&2; fail "'$p2c plugins' exited non-zero"; }
echo "$listing"
for plugin in csv sdg_17_8 json csv_results; do
  grep -Eq "^$plugin[[:space:]]" <<< "$listing" ||
    fail "'$p2c plugins' does not list '$plugin' (expected in $prefix/lib/p2c/plugins)"
done

# --- (d) the installed host loads the example plugin ----------------------------------------------
step="(d) p2c plugins --plugin-dir --usage hello"
echo "== $step"
usage=$("$p2c" plugins --plugin-dir "$example_build" --usage hello 2>&1) ||
  { echo "$usage" >&2; fail "'p2c plugins --plugin-dir $example_build --usage hello' exited non-zero"; }
echo "$usage"
grep -q "hello.annual_change" <<< "$usage" || fail "the usage of 'hello' does not show the metric hello.annual_change"

# --- (e) a run with the example config --------------------------------------------------------------
step="(e) p2c run --config examples/hello-plugin/hello.toml"
echo "== $step"
HELLO_PLUGIN_DIR=$example_build P2C_OUTPUT_DIR=$output_dir \
  "$p2c" run --config "$source_dir/examples/hello-plugin/hello.toml" ||
  fail "p2c run exited with status $?"
results=$output_dir/hello.json
[[ -f $results ]] || fail "the run wrote no $results"

# Recomputes hello.annual_change for KEN from the bundled CSV, independently of the plugin, and compares
# every KEN record: a value where the year before exists, otherwise a missing value with its reason.
python3 - "$results" "$source_dir/config/data/worldbank-wdi/internet_users_gapminder.csv" <<'PY' ||
import csv, json, sys

results_path, csv_path = sys.argv[1], sys.argv[2]
with open(csv_path, newline="") as f:
    ken = {int(row["time"]): float(row["internet_users"]) for row in csv.DictReader(f) if row["geo"] == "ken"}
with open(results_path) as f:
    report = json.load(f)
got = {r["year"]: r for r in report["results"]
       if r["metric"] == "hello.annual_change" and r["entity"] == "KEN"}

problems = []
if 2023 not in ken:
    problems.append("the bundled CSV has no KEN value for 2023")
for year, value in sorted(ken.items()):
    record = got.get(year)
    if record is None:
        problems.append(f"no hello.annual_change record for KEN {year}")
    elif year - 1 in ken:
        expected = value - ken[year - 1]
        if record["value"] is None or abs(record["value"] - expected) > 1e-9:
            problems.append(f"KEN {year}: expected {expected!r} ({value} - {ken[year - 1]}), got {record['value']!r}")
    elif record["value"] is not None or record.get("reason") != f"no value for {year - 1}":
        problems.append(f"KEN {year}: expected no value with reason 'no value for {year - 1}', "
                        f"got value {record['value']!r}, reason {record.get('reason')!r}")
if not any(year - 1 in ken for year in ken):
    problems.append("KEN has no two consecutive years in the CSV: no value to compare")

if 2022 in ken:
    print(f"KEN 2023: {got.get(2023, {}).get('value')!r}, expected {ken[2023] - ken[2022]!r}")
else:
    print(f"KEN 2023: the CSV has no 2022 value; record says {got.get(2023, {}).get('reason')!r}")
for p in problems:
    print("MISMATCH:", p, file=sys.stderr)
sys.exit(1 if problems else 0)
PY
  fail "hello.annual_change for KEN in $results does not match the bundled data"

# --- (f) the same run, every instance isolated ---------------------------------------------------------
step="(f) p2c run --isolation process"
echo "== $step"
[[ -x $prefix/libexec/p2c/p2c-plugin-host ]] || fail "the install has no $prefix/libexec/p2c/p2c-plugin-host"
isolated_dir=$work/isolated
mkdir -p "$isolated_dir"
HELLO_PLUGIN_DIR=$example_build P2C_OUTPUT_DIR=$isolated_dir \
  "$p2c" run --isolation process --config "$source_dir/examples/hello-plugin/hello.toml" ||
  fail "p2c run --isolation process exited with status $?"
python3 - "$results" "$isolated_dir/hello.json" <<'PY' ||
import json, sys

in_process, isolated = (json.load(open(path)) for path in sys.argv[1:3])
sys.exit(0 if in_process["results"] == isolated["results"] and not isolated["failures"] else 1)
PY
  fail "the isolated run's results differ from the in-process run's, or it has failures"

echo "hello plugin install test: OK"
