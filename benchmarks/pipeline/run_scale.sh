#!/usr/bin/env bash
# Whole-run benchmark: generates a national-scale demo (15,000 buurten) with N incidents and times
# `brandpunt run` end to end with peak memory from /usr/bin/time, in three variants:
#   core   [analysis] all off: read, assign to buurt and street, aggregate, protect, write
#          (what issue 2's 30 s / 2 GB aim names), GeoJSON + CSV layers;
#   core-gpkg   the same with GeoPackage + CSV layers (GDAL's GeoJSON writer is the slow part);
#   full   every analysis step (hot spots, trends, emerging hot spots, grid, KDE, focus lists).
#   full-packs   the same with a review pack per stadsdeel, with its map page and pictures
#          (issue 16: packs in proportion; not in the default list).
#   full-noeval   full without the evaluation stage ([analysis] evaluation = false), to measure
#          what the back-test and the scoring of the focus lists add (issue 15; not in the default list).
#   benchmarks/pipeline/run_scale.sh [build-dir] [incidents...]     e.g. build 1000000 10000000
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000000 10000000)
work=${BRANDPUNT_BENCH_DIR:-/tmp/brandpunt_scale}
variants=${BRANDPUNT_SCALE_VARIANTS:-"core core-gpkg full"}
mkdir -p "$work"
for n in "${sizes[@]}"; do
  data="$work/n$n"
  if [ ! -f "$data/incidents.csv" ]; then
    "$build/tools/gendemo/brandpunt-gendemo" --out "$data" --buurten 15000 --incidents "$n" --quiet
  fi
  rows=$(($(wc -l < "$data/incidents.csv") - 1))
  for variant in $variants; do
    cfg="$work/scale-$variant-$n.toml"
    out="$work/out-$variant-$n"
    sed -e "s|@DATA@|$data|g" -e "s|@OUT@|$out|g" "$root/benchmarks/pipeline/scale.toml.in" > "$cfg"
    case $variant in
      core|core-gpkg) printf '\n[analysis]\nhotspots = false\ntrends = false\nsurfaces = false\n' >> "$cfg" ;;
      full-noeval) printf '\n[analysis]\nevaluation = false\n' >> "$cfg" ;;
    esac
    [ "$variant" = core-gpkg ] && sed -i 's/^formats = .*/formats = ["gpkg", "csv"]/' "$cfg"
    [ "$variant" = full-packs ] && sed -i 's/^packs = false/packs = true/' "$cfg"
    rm -rf "$out"
    /usr/bin/time -v "$build/tools/brandpunt/brandpunt" run "$cfg" -q 2> "$work/time-$variant-$n.txt" >/dev/null
    wall=$(grep "Elapsed (wall clock)" "$work/time-$variant-$n.txt" | awk '{print $NF}')
    rss=$(grep "Maximum resident set size" "$work/time-$variant-$n.txt" | awk '{print $NF}')
    echo "$variant incidents=$rows wall=$wall peak_rss_mib=$((rss / 1024))"
    python3 - "$out/run.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
t = {k: v for k, v in r["timings_s"].items() if v >= 0.05}
print("  steps:", ", ".join(f"{k} {v:.1f}s" for k, v in sorted(t.items(), key=lambda kv: -kv[1])))
m = r.get("peak_memory_mib", {})
print("  peak memory after each step (MiB):", ", ".join(f"{k} {v}" for k, v in m.items()))
a = r["accounting"]
print(f"  read {a['read']} assigned {a['assigned']} outside {a['outside']} rejected {a['rejected']}"
      f" straten {a['straat']['straten']}")
print(f"  privacy {r['privacy']['profile']} rho {r['privacy'].get('rho')} epsilon {r['privacy'].get('epsilon')}")
PY
  done
done
