#!/usr/bin/env bash
# The adversary of tests/privacy/attack on the demo city: a public and a restricted run of
# geo-data/demo.toml, then the attack with three levels of knowledge (relations only; plus the
# rule of secondary suppression; plus every published statistic), scored against the
# restricted run. Figures go to benchmarks/RESULTS.md ("Privacy attack on the demo city").
#   benchmarks/privacy/attack_demo.sh [build-dir] [out-dir]
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build}
out=${2:-out/attack}
cmake --build "$build" -j2 --target brandpunt brandpunt-gendemo >/dev/null
if [ ! -f geo-data/demo/city.gpkg ] || [ ! -f geo-data/demo/incidents.csv ]; then
  "$build"/tools/gendemo/brandpunt-gendemo --out geo-data/demo --quiet
fi
mkdir -p "$out"
for profile in public restricted; do
  /usr/bin/time -f "brandpunt $profile: %e s, %M KiB" \
    "$build"/tools/brandpunt/brandpunt run geo-data/demo.toml --out "$out/$profile" --profile "$profile" --quiet
done
for knowledge in relations relations,rule relations,rule,stats; do
  tag=${knowledge//,/+}
  /usr/bin/python3 tests/privacy/attack/attack.py "$out/public" --restricted "$out/restricted" \
    --knowledge "$knowledge" --lp-rounds 10 --quiet --json "$out/attack_public_$tag.json" \
    $([ "$knowledge" = relations,rule,stats ] || echo --no-kde)
done
# The adversary's own check on the restricted output: every count known and confirmed.
/usr/bin/python3 tests/privacy/attack/attack.py "$out/restricted" --restricted "$out/restricted" \
  --quiet --json "$out/attack_restricted.json"
