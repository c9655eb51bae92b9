#!/usr/bin/env bash
# config/systemd/p2c.service passes `systemd-analyze verify`, with ExecStart pointing at the p2c just built (verify
# checks that the executable exists) and the unit's other settings as shipped.
# Usage: systemd_unit_test.sh UNIT P2C
set -euo pipefail
unit=$1
p2c=$2
command -v systemd-analyze >/dev/null || { echo "systemd-analyze not found: install systemd" >&2; exit 1; }
folder=$(mktemp -d)
trap 'rm -rf "$folder"' EXIT
sed "s|/usr/local/bin/p2c|$p2c|" "$unit" > "$folder/p2c.service"
grep -q '^Type=notify$' "$folder/p2c.service" || { echo "the unit is not Type=notify" >&2; exit 1; }
grep -q '^WatchdogSec=' "$folder/p2c.service" || { echo "the unit sets no WatchdogSec" >&2; exit 1; }
# Lines about other units of the machine are not the unit's problems; any about p2c.service are.
if ! output=$(systemd-analyze verify "$folder/p2c.service" 2>&1) || grep -q 'p2c\.service' <<<"$output"; then
  echo "systemd-analyze verify: $output" >&2
  exit 1
fi
echo "systemd-analyze verify: no problem"
