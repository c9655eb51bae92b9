#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz (the fuzz preset) and runs each for a bounded time, starting from
# its seed corpus in tests/fuzz/corpus/<target>/. Fails when any target finds a crash, a leak, a timeout or
# runs out of memory; prints executions per second and coverage (cov, ft) per target at the end.
#
#   scripts/fuzz.sh [--time SECONDS] [--jobs N] [--no-build] [--scratch DIR] [TARGET...]
#
# TARGET is csv, config, http, pledges or views (default: all). Targets run side by side, N at a time (default:
# one per processor; each libFuzzer process is single-threaded), each for SECONDS. New inputs and crash inputs go to the scratch
# folder (default build/fuzz/runs), never into the seed corpus: a crash input worth keeping as a regression seed
# is minimised by hand (`build/fuzz/bin/fuzz_T -minimize_crash=1 -runs=10000 FILE`) and added as
# tests/fuzz/corpus/T/crash-NAME.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=60
jobs=$(nproc)
build=1
scratch=build/fuzz/runs
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --time) seconds="$2"; shift 2 ;;
    --no-build) build=0; shift ;;
    --scratch) scratch="$2"; shift 2 ;;
    --jobs) jobs="$2"; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    -*) echo "fuzz.sh: unknown option $1" >&2; exit 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done
[ ${#targets[@]} -gt 0 ] || targets=(csv config http pledges views)

if [ "$build" = 1 ]; then
  cmake --preset fuzz >/dev/null
  cmake --build --preset fuzz
fi

# A timeout is an input that takes longer than this on its own (the libraries answer any input in milliseconds).
per_input_timeout=10
rss_limit_mb=2048
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

# The targets' temporary files (configs, pledge files, registries) go to memory when it can hold them: SQLite's
# syncs on a disk would otherwise take most of the pledge target's time. A target stopped by a finding leaves its
# files behind, so they live in a folder of this run, removed at the end.
tmp_root=${TMPDIR:-/tmp}
if [ -d /dev/shm ] && [ -w /dev/shm ]; then tmp_root=/dev/shm; fi
TMPDIR=$(mktemp -d "$tmp_root/p2c-fuzz.XXXXXX")
export TMPDIR
trap 'rm -rf "$TMPDIR"' EXIT

rm -rf "$scratch"
mkdir -p "$scratch"
for target in "${targets[@]}"; do
  [ -x "build/fuzz/bin/fuzz_$target" ] || { echo "fuzz.sh: no build/fuzz/bin/fuzz_$target; build the fuzz preset first" >&2; exit 2; }
  [ -d "tests/fuzz/corpus/$target" ] || { echo "fuzz.sh: no seed corpus tests/fuzz/corpus/$target" >&2; exit 2; }
done

# Runs one target; its exit status goes to $scratch/<target>/status, its output to $scratch/<target>/log.
fuzz_one() {
  local target=$1 work=$scratch/$1 status=0
  mkdir -p "$work/corpus" "$work/artifacts"
  local options=(-max_total_time="$seconds" -timeout="$per_input_timeout" -rss_limit_mb="$rss_limit_mb"
                 -artifact_prefix="$work/artifacts/" -print_final_stats=1 -detect_leaks=1)
  [ -f "tests/fuzz/$target.dict" ] && options+=(-dict="tests/fuzz/$target.dict")
  # The first folder receives new inputs; the seed corpus is only read.
  "build/fuzz/bin/fuzz_$target" "${options[@]}" "$work/corpus" "tests/fuzz/corpus/$target" >"$work/log" 2>&1 ||
    status=$?
  echo "$status" >"$work/status"
}

for target in "${targets[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || true; done
  echo "== fuzz_$target for ${seconds} s (seeds: tests/fuzz/corpus/$target)"
  fuzz_one "$target" &
done
wait

failed=()
summary=()
for target in "${targets[@]}"; do
  work=$scratch/$target
  status=$(cat "$work/status")
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log" | tail -1)
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$work/log" | tail -1)
  cov=$(grep -oE 'cov: [0-9]+ ft: [0-9]+' "$work/log" | tail -1 || true)
  if [ "$status" -ne 0 ]; then
    failed+=("$target")
    # The sanitizer's or libFuzzer's report: what was found, where, and the input that shows it.
    grep -E '^==[0-9]+==ERROR|SUMMARY:|runtime error|finding:|Test unit written|#[0-9]+ 0x.* in (p2c::|LLVMFuzzer)' \
      "$work/log" | head -25 | cut -c1-220 || true
    echo "   fuzz_$target FAILED (exit $status); full log: $work/log"
  fi
  summary+=("$(printf '%-8s %8s %12s %8s  %s' "$target" "${speed:-?}" "${runs:-?}" \
    "$([ "$status" -eq 0 ] && echo ok || echo FAILED)" "${cov:-cov: ? ft: ?}")")
done

echo
echo "== fuzzing summary (${seconds} s per target, $jobs at a time)"
printf '%-8s %8s %12s %8s  %s\n' target exec/s executions result coverage
printf '%s\n' "${summary[@]}"
echo "fuzz: $((${#targets[@]} - ${#failed[@]})) passed, ${#failed[@]} failed"
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz.sh: findings in: ${failed[*]} (inputs in $scratch/<target>/artifacts/)" >&2
  exit 1
fi
