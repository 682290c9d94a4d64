#!/usr/bin/env bash
# brandpunt vs R spdep 1.2-7 and PySAL esda (numba crand): conditional permutation tests
# (localG_perm, localmoran_perm) on the same neighbour lists and values: queen grids of ~100 /
# 15,000 / 100,000 cells (Poisson(3) counts) and the 3,340 NL wijken (population), 999
# permutations, all in one run. spdep and esda run on one thread (their defaults / n_jobs = 1);
# brandpunt at 1 thread and at all cores. Prints wall and CPU seconds and the ratios peer /
# brandpunt (CPU at 1 thread; spdep's wall ratio at all cores).
#
# esda comes from its release tag ESDA_TAG (v2.4.3) in a git mirror (ESDA_GIT, default
# /work/.mirror/pysal+esda/repo, made by the session tool `fetch github:pysal/esda`): the tag is
# exported into a temporary folder for the run and deleted after; it runs on Debian's
# python3-libpysal and python3-numba. Without the mirror the esda columns read "-".
#
#   benchmarks/stats/run_vs_peers.sh [build_dir] [work_dir]
# Environment: NSIM (999); LARGE_NSIM (99): permutations on the 100,000-cell grid for ALL
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
bash "$root/benchmarks/peers.sh"  # R spdep, libpysal, numba from Debian when missing
esda_git=${ESDA_GIT:-/work/.mirror/pysal+esda/repo}
esda_tag=${ESDA_TAG:-v2.4.3}
esda_src=""
if git --git-dir="$esda_git" rev-parse -q --verify "$esda_tag^{commit}" >/dev/null 2>&1; then
  esda_src=$(mktemp -d)
  trap 'rm -rf "$esda_src"' EXIT
  # The package folder only (the mirror may lack the large example data files).
  git --git-dir="$esda_git" archive "$esda_tag" esda 2>/dev/null | tar -x -C "$esda_src"
fi

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
if [[ -n $esda_src ]]; then echo "# esda $esda_tag from $esda_git"; else echo "# esda: no $esda_tag in ESDA_GIT=$esda_git"; fi
echo "# R $(Rscript -e 'cat(R.version$major, R.version$minor, sep=".")')," \
  "spdep $(Rscript -e 'cat(as.character(packageVersion("spdep")))')"
printf "%-13s %7s %5s %-16s %9s %9s %9s %9s %9s %9s %9s %8s %8s %8s\n" case n nsim test \
  spdep_wall spdep_cpu esda_wall esda_cpu bp1_wall bp1_cpu bpN_wall spdep_x esda_x wall_x
for c in $cases; do
  k=$nsim
  [[ $c == grid:317x316 ]] && k=$large_nsim
  out=$(Rscript "$here/spdep_perm.R" "$work" "$c" "$k" 1 2>/dev/null)
  name=$(awk -F'\t' '$1=="case"{print $2}' <<<"$out")
  n_areas=$(awk -F'\t' '$1=="case"{print $3}' <<<"$out")
  bp1=$("$bench" "$work/$name.nb.txt" "$work/$name.x.txt" "$k" 1 "$repeats")
  bpn=$("$bench" "$work/$name.nb.txt" "$work/$name.x.txt" "$k" 0 "$repeats")
  es=""
  if [[ -n $esda_src ]]; then
    es=$(/usr/bin/python3 "$here/esda_perm.py" "$esda_src" "$work/$name.nb.txt" \
      "$work/$name.x.txt" "$k" 2>/dev/null) || es=""
    grep '^#' <<<"$es" | head -1 || true
  fi
  for t in localG_perm localmoran_perm; do
    read -r sw sc < <(awk -F'\t' -v t=$t '$1=="spdep" && $2==t{print $5, $6}' <<<"$out")
    read -r ew ec < <(awk -F'\t' -v t=$t '$1=="esda" && $2==t{print $5, $6}' <<<"$es"; echo "- -")
    read -r b1w b1c < <(awk -F'\t' -v t=$t '$1==t{print $4, $5}' <<<"$bp1")
    read -r bnw _ < <(awk -F'\t' -v t=$t '$1==t{print $4, $5}' <<<"$bpn")
    printf "%-13s %7s %5s %-16s %9s %9s %9s %9s %9s %9s %9s %8.1f %8s %8.1f\n" "$name" "$n_areas" \
      "$k" "$t" "$sw" "$sc" "${ew:--}" "${ec:--}" "$b1w" "$b1c" "$bnw" \
      "$(awk -v a="$sc" -v b="$b1c" 'BEGIN{print a/b}')" \
      "$(awk -v a="${ec:--}" -v b="$b1c" 'BEGIN{if (a == "-") print "-"; else printf "%.1f", a/b}')" \
      "$(awk -v a="$sw" -v b="$bnw" 'BEGIN{print a/b}')"
  done
done
