#!/usr/bin/env bash
# Whole-run benchmark: generates a national-scale demo (15,000 buurten) with N incidents and times
# `brandpunt run` end to end (read, assign to buurt and street, aggregate, protect, statistics,
# write), with peak memory from /usr/bin/time.
#   benchmarks/pipeline/run_scale.sh [build-dir] [incidents...]     e.g. build 1000000 10000000
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000000 10000000)
work=${BRANDPUNT_BENCH_DIR:-/tmp/brandpunt_scale}
mkdir -p "$work"
for n in "${sizes[@]}"; do
  data="$work/n$n"
  if [ ! -f "$data/incidents.csv" ]; then
    "$build/tools/gendemo/brandpunt-gendemo" --out "$data" --buurten 15000 --incidents "$n" --quiet
  fi
  sed -e "s|@DATA@|$data|g" -e "s|@OUT@|$work/out$n|g" "$root/benchmarks/pipeline/scale.toml.in" > "$work/scale$n.toml"
  rows=$(($(wc -l < "$data/incidents.csv") - 1))
  /usr/bin/time -v "$build/tools/brandpunt/brandpunt" run "$work/scale$n.toml" -q 2> "$work/time$n.txt" >/dev/null
  wall=$(grep "Elapsed (wall clock)" "$work/time$n.txt" | awk '{print $NF}')
  rss=$(grep "Maximum resident set size" "$work/time$n.txt" | awk '{print $NF}')
  echo "incidents=$rows wall=$wall peak_rss_mb=$((rss / 1024))"
  python3 - "$work/out$n/run.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
t = r["timings_s"]
print("  steps:", ", ".join(f"{k} {v:.2f}s" for k, v in t.items()))
a = r["accounting"]
print(f"  read {a['read']} assigned {a['assigned']} outside {a['outside']} rejected {a['rejected']}"
      f" straten {a['straat']['straten']} privacy audit {r['privacy']['audit']}")
PY
done
