#!/usr/bin/env bash
# What the map pages and pictures cost: the demo run (geo-data/demo.toml, see README) with
# [output] maps on and off, N runs each, interleaved (on, off, on, off, ...) so that a change in
# the machine's load hits both alike. Prints wall, user and system seconds per run, the means,
# and the run.json timings of the steps that make the maps (packs, map).
#   benchmarks/pipeline/maps_overhead.sh [build-dir] [runs]        e.g. build 3
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
runs=${2:-3}
work=${BRANDPUNT_BENCH_DIR:-/tmp/brandpunt_maps}
mkdir -p "$work"
if [ ! -f "$root/geo-data/demo/city.gpkg" ] || [ ! -f "$root/geo-data/demo/incidents.csv" ]; then
  "$build/tools/gendemo/brandpunt-gendemo" --out "$root/geo-data/demo" --quiet
fi
# The same config twice, beside demo.toml so that its relative paths hold; only maps differs.
for v in on off; do
  sed -e "s|^output_dir = .*|output_dir = \"$work/out-$v\"|" \
      -e "s|^\[output\]|[output]\nmaps = $([ $v = on ] && echo true || echo false)|" \
      "$root/geo-data/demo.toml" > "$root/geo-data/.maps-$v.toml"
done
trap 'rm -f "$root/geo-data/.maps-on.toml" "$root/geo-data/.maps-off.toml"' EXIT
printf '%-4s %3s %8s %8s %8s %8s %8s\n' maps run wall_s user_s sys_s packs_s map_s
declare -A wall user sys
for i in $(seq 1 "$runs"); do
  for v in on off; do
    /usr/bin/time -o "$work/time-$v" -f '%e %U %S' "$build/tools/brandpunt/brandpunt" run \
      "$root/geo-data/.maps-$v.toml" --quiet --noise-seed 1 >/dev/null
    read -r w u s < "$work/time-$v"
    steps=$(/usr/bin/python3 -c "import json,sys; t=json.load(open(sys.argv[1]))['timings_s']; print('%.3f %.3f' % (t.get('packs',0), t.get('map',0)))" "$work/out-$v/run.json")
    printf '%-4s %3d %8.2f %8.2f %8.2f %8s %8s\n' "$v" "$i" "$w" "$u" "$s" $steps
    wall[$v]="${wall[$v]:-} $w"; user[$v]="${user[$v]:-} $u"; sys[$v]="${sys[$v]:-} $s"
  done
done
mean() { /usr/bin/python3 -c "import sys; v=[float(x) for x in sys.argv[1:]]; print('%.2f' % (sum(v)/len(v)))" $1; }
for v in on off; do
  echo "mean maps=$v: wall $(mean "${wall[$v]}") s, user $(mean "${user[$v]}") s, sys $(mean "${sys[$v]}") s"
done
/usr/bin/python3 -c "
import sys
on, off = [sum(map(float, s.split())) for s in sys.argv[1:3]], [sum(map(float, s.split())) for s in sys.argv[3:5]]
print('overhead: wall %+.1f %%, cpu (user+sys) %+.1f %%' % (100 * (on[0] / off[0] - 1), 100 * (on[1] / off[1] - 1)))
" "${wall[on]}" "$(echo ${user[on]} ${sys[on]})" "${wall[off]}" "$(echo ${user[off]} ${sys[off]})"
