#!/usr/bin/env bash
# Installs the Debian (bookworm) packages p2c needs to build, test and run. Safe to run again.
# --bench also installs what bench/ uses: wrk and nginx (the HTTP load test), GNU time (peak memory).
# --fuzz also installs what scripts/fuzz.sh uses: clang 14 and its runtime libraries (libFuzzer, sanitizers).
set -euo pipefail

packages=(
  cmake make g++ pkg-config python3
  libboost-dev libboost-filesystem-dev libboost-program-options-dev
  libtomlplusplus-dev libspdlog-dev nlohmann-json3-dev catch2 libsqlite3-dev zlib1g-dev
  chromium chromium-driver
)
for option in "$@"; do
  case "$option" in
    --bench) packages+=(wrk nginx time) ;;
    --fuzz) packages+=(clang-14 libclang-rt-14-dev) ;;
    *) echo "install-deps.sh: unknown option $option (expected --bench or --fuzz)" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "installing: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
