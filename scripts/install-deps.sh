#!/usr/bin/env bash
# Installs the Debian (bookworm) packages p2c needs to build, test and run. Safe to run again.
# --bench also installs what bench/ uses: wrk and nginx (the HTTP load test), GNU time (peak memory).
# --fuzz also installs what scripts/fuzz.sh uses: clang 14 and its runtime libraries (libFuzzer, sanitizers).
# The browser tests' own tool, axe-core (tests/web/package.json, pinned in its lock file), goes into
# tests/web/node_modules with npm; Debian's npm is installed when the machine has none.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)

packages=(
  cmake make g++ pkg-config python3
  libboost-dev libboost-filesystem-dev libboost-program-options-dev
  libtomlplusplus-dev libspdlog-dev nlohmann-json3-dev catch2 libsqlite3-dev zlib1g-dev libssl-dev
  chromium chromium-driver
  prometheus  # promtool: the test that checks the /metrics exposition
  systemd     # systemd-analyze: the test that verifies the shipped unit
)
for option in "$@"; do
  case "$option" in
    --bench) packages+=(wrk nginx time python3-pandas) ;;
    --fuzz) packages+=(clang-14 libclang-rt-14-dev) ;;
    *) echo "install-deps.sh: unknown option $option (expected --bench or --fuzz)" >&2; exit 2 ;;
  esac
done

command -v npm >/dev/null || packages+=(npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ ! -f "$repo/tests/web/node_modules/axe-core/axe.min.js" ]; then
  echo "installing the browser tests' axe-core (npm ci in tests/web)"
  npm ci --prefix "$repo/tests/web" --no-audit --no-fund --loglevel=error >/dev/null
fi
