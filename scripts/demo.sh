#!/usr/bin/env bash
# Builds brandpunt, generates the demo city (once) and runs the main job on it.
#   ./scripts/demo.sh            -> layers in out/demo/
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DBRANDPUNT_BENCHMARKS=OFF >/dev/null
cmake --build build -j"$(nproc)" --target brandpunt brandpunt-gendemo
if [ ! -f geo-data/demo/city.gpkg ] || [ ! -f geo-data/demo/incidents.csv ]; then
  ./build/tools/gendemo/brandpunt-gendemo --out geo-data/demo
fi
./build/tools/brandpunt/brandpunt run geo-data/demo.toml "$@"
