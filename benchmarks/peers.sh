#!/usr/bin/env bash
# Installs the peers the side-by-side benchmarks compare with, from Debian, when missing:
# R spdep (r-cran-spdep); GeoPandas with the R-tree its sjoin needs (python3-geopandas,
# python3-rtree); scipy for the KDE peer (python3-scipy); and what PySAL esda runs on from its
# source tag (python3-libpysal, python3-numba; python3-sklearn and python3-matplotlib for its
# package imports). Python peers run with /usr/bin/python3.
set -euo pipefail
missing=()
for p in r-cran-spdep python3-geopandas python3-rtree python3-scipy python3-libpysal \
  python3-numba python3-sklearn python3-matplotlib; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
