#!/usr/bin/env bash
# Installs the Debian packages brandpunt builds with, when any is missing. Nothing else is
# downloaded, at build or at run time. The map page inlines Leaflet from libjs-leaflet at
# build time; pictures are drawn with cairo (and the DejaVu fonts); the map page's test runs
# in Debian's headless chromium, driven by python3-selenium and chromium-driver.
set -euo pipefail
packages=(cmake g++ make pkg-config
  libgdal-dev gdal-bin libgeos-dev libproj-dev proj-data libnanoflann-dev
  libcli11-dev nlohmann-json3-dev libtomlplusplus-dev libssl-dev libmpfr-dev libgmp-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  python3 python3-numpy python3-scipy python3-gdal  # python3-*: the privacy attack test
  clang libclang-rt-dev  # clang + libFuzzer for tests/fuzz
  libjs-leaflet libcairo2-dev fonts-dejavu-core
  chromium chromium-driver python3-selenium
  python3-libpysal)  # tests: GAL/GWT files read back by PySAL
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}" >&2
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
