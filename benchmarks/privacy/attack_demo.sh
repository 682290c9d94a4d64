#!/usr/bin/env bash
# The adversary of tests/privacy/attack on the demo city: a public run of geo-data/demo.toml
# (--noise-seed, so the figures can be replayed; a real public run keys its noise from the OS)
# and a restricted run, then the attack with every kind of knowledge (relations, run.json
# totals, every published statistic, the KDE peel), scored against the restricted run; and the
# adversary's own check on the restricted output (it recovers every count). Figures go to
# benchmarks/RESULTS.md ("Privacy attack on the demo city").
#   benchmarks/privacy/attack_demo.sh [build-dir] [out-dir] [noise-seed]
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build}
out=${2:-out/attack}
seed=${3:-2026}
cmake --build "$build" -j2 --target brandpunt brandpunt-gendemo >/dev/null
if [ ! -f geo-data/demo/city.gpkg ] || [ ! -f geo-data/demo/incidents.csv ]; then
  "$build"/tools/gendemo/brandpunt-gendemo --out geo-data/demo --quiet
fi
mkdir -p "$out"
/usr/bin/time -f "brandpunt public: %e s, %M KiB" \
  "$build"/tools/brandpunt/brandpunt run geo-data/demo.toml --out "$out/public" --noise-seed "$seed" --quiet
/usr/bin/time -f "brandpunt restricted: %e s, %M KiB" \
  "$build"/tools/brandpunt/brandpunt run geo-data/demo.toml --out "$out/restricted" --profile restricted --quiet
/usr/bin/python3 tests/privacy/attack/attack.py "$out/public" --restricted "$out/restricted" \
  --lp-rounds 10 --quiet --json "$out/attack_public.json"
# The adversary's own check on the restricted output: every count known and confirmed (the
# restricted KDE is a smoothing of its grid as well: not peeled).
/usr/bin/python3 tests/privacy/attack/attack.py "$out/restricted" --restricted "$out/restricted" \
  --no-kde --quiet --json "$out/attack_restricted.json"
/usr/bin/python3 - "$out" <<'PY'
import json, sys
s = json.load(open(sys.argv[1] + "/attack_public.json"))
r = json.load(open(sys.argv[1] + "/attack_restricted.json"))
sc, k = s["small_counts"], s.get("kde", {})
print("public: %d cells, %d pinned exactly; true counts 1..4: %d, estimated exactly %d, released value exact %d, pinned %d"
      % (s["cells"], s["recovered"], sc["n"], sc["estimated_exactly"], sc["released_exactly"], sc["pinned"]))
print("  bounds narrower than 2x the expected error: %d; statistics consistent with the release: %s; contradicting: %s"
      % (s["tight_bounds"], s["statistics_consistent_with_release"], s["statistics_not_reproduced"]))
for c, v in s["by_error_class"].items():
    print("  %-24s n %5d  mean |err| %.2f  expected %.2f" % (c, v["n"], v["mean_abs_error"], v["expected_abs_error"]))
print("  kde: %s kernels peeled; within 1 m of an incident %s (grid centres %s); isolated incidents %s, located within 10 m %s (grid centres %s)"
      % (k.get("located"), k.get("located_within_1m", 0), k.get("grid_centres_within_1m"), k.get("isolated_incidents"),
         k.get("isolated_located_within_10m"), k.get("isolated_grid_centre_within_10m")))
print("restricted (self-check): %d cells, %d unknown, facts not holding %s" % (r["cells"], r["protected"], r["facts_not_holding"]))
PY
