#!/usr/bin/env bash
# brandpunt's AreaIndex vs GeoPandas sjoin on the same 1 M random points and the 3,340 real NL
# wijken (see benchmarks/RESULTS.md).   benchmarks/assign/run_vs_geopandas.sh [build_dir] [points]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
n=${2:-1000000}
bash "$root/benchmarks/peers.sh"
cmake --build "$build" --target assign_bench -j2 >/dev/null
out=$("$build/benchmarks/assign_bench" --points "$n" --threads 1 --write /tmp/bp_assign_points)
echo "$out"
# brandpunt CPU seconds: index build + locate (what GeoPandas' sjoin does in one call).
bp=$(echo "$out" | awk '$1 == "build" {gsub(/[()]/, ""); b = $5} /^locate CPU time/ {l = $4} END {if (b != "" && l != "") print b + l}')
/usr/bin/python3 "$root/benchmarks/assign/geopandas_sjoin.py" /tmp/bp_assign_points \
  --wijken "$root/../shared/data/nl/wijken_2022_rd.gpkg" ${bp:+--bp-seconds "$bp"}
