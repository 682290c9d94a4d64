#!/usr/bin/env bash
# Public vs restricted focus lists on the demo city, per level, over several noise seeds and
# budgets: benchmarks/privacy/focus_overlap.sh [build-dir] [rho...]   (default rho 1)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
shift || true
rhos=("$@")
[ ${#rhos[@]} -gt 0 ] || rhos=(1)
work=${BRANDPUNT_BENCH_DIR:-/tmp/brandpunt_focus_overlap}
mkdir -p "$work"
[ -f "$root/geo-data/demo/incidents.csv" ] || "$build/tools/gendemo/brandpunt-gendemo" --out "$root/geo-data/demo"
bp="$build/tools/brandpunt/brandpunt"
"$bp" run "$root/geo-data/demo.toml" -o "$work/restricted" --profile restricted -q >/dev/null
for rho in "${rhos[@]}"; do
  outs=()
  for seed in 1 2 3; do
    cfg="$work/demo-rho$rho.toml"
    sed -e "s|^\[privacy\]|[privacy]\nrho = $rho|" "$root/geo-data/demo.toml" > "$cfg"
    grep -q '^\[privacy\]' "$cfg" || printf '\n[privacy]\nrho = %s\n' "$rho" >> "$cfg"
    # paths in the config are relative to it: run it from the demo's folder
    cp "$cfg" "$root/geo-data/.focus-overlap.toml"
    "$bp" run "$root/geo-data/.focus-overlap.toml" -o "$work/public-rho$rho-s$seed" --noise-seed "overlap-$seed" -q >/dev/null
    outs+=("$work/public-rho$rho-s$seed")
  done
  rm -f "$root/geo-data/.focus-overlap.toml"
  echo "rho = $rho (3 noise seeds)"
  python3 "$root/benchmarks/privacy/focus_overlap.py" "$work/restricted" "${outs[@]}"
done
