#!/usr/bin/env bash
# brandpunt vs R spdep 1.2-7: conditional permutation tests (localG_perm, localmoran_perm) on the
# same neighbour lists and values: queen grids of ~100 / 15,000 / 100,000 cells (Poisson(3)
# counts) and the 3,340 NL wijken (population), 999 permutations. spdep runs serially (its
# default); brandpunt at 1 thread and at all cores. Prints wall and CPU seconds and the ratios
# spdep / brandpunt (CPU ratio at 1 thread; wall ratio at all cores).
#
#   benchmarks/stats/run_vs_spdep.sh [build_dir] [work_dir]
# Environment: NSIM (999); LARGE_NSIM (99): permutations on the 100,000-cell grid for BOTH
# sides (spdep needs many minutes there with 999); CASES; REPEATS (3, best of, brandpunt only).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-$root/build-stats}
work=${2:-/tmp/brandpunt_stats_bench}
nsim=${NSIM:-999}
large_nsim=${LARGE_NSIM:-99}
repeats=${REPEATS:-3}
gpkg=${WIJKEN:-$root/../shared/data/nl/wijken_2022_rd.gpkg}
cases=${CASES:-"grid:10x10 grid:123x122 wijken:$gpkg grid:317x316"}
mkdir -p "$work"
bash "$root/benchmarks/peers.sh"  # R spdep from Debian when missing

# The benchmark program: the lead's CMake target if it exists, else compiled here.
cmake --build "$build" --target bp_stats -j2 >/dev/null
bench="$build/benchmarks/stats_bench"
if [[ ! -x "$bench" ]]; then
  bench="$work/stats_bench"
  g++ -std=c++20 -O2 -DNDEBUG -I "$root/engine" "$here/stats_bench.cpp" \
    "$build/engine/stats/libbp_stats.a" "$build/engine/weights/libbp_weights.a" \
    "$build/engine/core/libbp_core.a" -pthread -o "$bench"
fi
echo "# $(date -u +%FT%TZ) $(uname -m), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# R $(Rscript -e 'cat(R.version$major, R.version$minor, sep=".")')," \
  "spdep $(Rscript -e 'cat(as.character(packageVersion("spdep")))')"
printf "%-13s %7s %5s %-16s %9s %9s %9s %9s %9s %8s %8s\n" case n nsim test \
  spdep_wall spdep_cpu bp1_wall bp1_cpu bpN_wall cpu_x wall_x
for c in $cases; do
  k=$nsim
  [[ $c == grid:317x316 ]] && k=$large_nsim
  out=$(Rscript "$here/spdep_perm.R" "$work" "$c" "$k" 1 2>/dev/null)
  name=$(awk -F'\t' '$1=="case"{print $2}' <<<"$out")
  n_areas=$(awk -F'\t' '$1=="case"{print $3}' <<<"$out")
  bp1=$("$bench" "$work/$name.nb.txt" "$work/$name.x.txt" "$k" 1 "$repeats")
  bpn=$("$bench" "$work/$name.nb.txt" "$work/$name.x.txt" "$k" 0 "$repeats")
  for t in localG_perm localmoran_perm; do
    read -r sw sc < <(awk -F'\t' -v t=$t '$1=="spdep" && $2==t{print $5, $6}' <<<"$out")
    read -r b1w b1c < <(awk -F'\t' -v t=$t '$1==t{print $4, $5}' <<<"$bp1")
    read -r bnw _ < <(awk -F'\t' -v t=$t '$1==t{print $4, $5}' <<<"$bpn")
    printf "%-13s %7s %5s %-16s %9s %9s %9s %9s %9s %8.1f %8.1f\n" "$name" "$n_areas" "$k" "$t" \
      "$sw" "$sc" "$b1w" "$b1c" "$bnw" "$(awk -v a="$sc" -v b="$b1c" 'BEGIN{print a/b}')" \
      "$(awk -v a="$sw" -v b="$bnw" 'BEGIN{print a/b}')"
  done
done
