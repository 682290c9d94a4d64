#!/usr/bin/env bash
# What the evaluation stage (issue 15) adds to `brandpunt run` on the demo city: the shipped
# geo-data/demo.toml as it is, and the same config with [analysis] evaluation = false, run
# alternately `runs` times each (fixed noise seed); prints each run's wall time and the stage's
# own time from run.json timings_s.evaluation.
#   benchmarks/pipeline/evaluation_cost.sh [build-dir] [runs]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
runs=${2:-3}
work=${BRANDPUNT_BENCH_DIR:-/tmp/brandpunt_evaluation_cost}
mkdir -p "$work"
[ -f "$root/geo-data/demo/incidents.csv" ] || "$build/tools/gendemo/brandpunt-gendemo" --quiet --out "$root/geo-data/demo"
# The copy sits beside the original so that its relative paths resolve the same way.
off="$root/geo-data/.demo-evaluation-off.toml"
trap 'rm -f "$off"' EXIT
sed 's/^\[evaluation\]$/[analysis]\nevaluation = false\n\n[evaluation]/' "$root/geo-data/demo.toml" > "$off"
grep -q '^evaluation = false' "$off" || printf '\n[analysis]\nevaluation = false\n' >> "$off"
for i in $(seq "$runs"); do
  for variant in on off; do
    cfg="$root/geo-data/demo.toml"
    [ "$variant" = off ] && cfg="$off"
    out="$work/out-$variant"
    start=$(date +%s.%N)
    "$build/tools/brandpunt/brandpunt" run "$cfg" -o "$out" --noise-seed bench -q >/dev/null
    end=$(date +%s.%N)
    stage=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['timings_s'].get('evaluation', 0))" "$out/run.json")
    printf '%s run %d: wall %.2f s, evaluation stage %s s\n' "$variant" "$i" "$(echo "$end - $start" | bc)" "$stage"
  done
done
