#!/usr/bin/env bash
# brandpunt's binned KDE vs the Python peer (scipy: bincount + FFT convolution) on the same
# 1 M points, 1000 × 1000 cells of 10 m, quartic h = 250 m and Gaussian σ = 100 m cut at 4σ, in
# one run. brandpunt: the kernel time of kde(method = binned) (binning + convolution) on 1 and 2
# threads, fastest of REPEATS Google Benchmark repetitions (wall and CPU); scipy: fastest of 3.
# Also prints how far binning moves the surface from the exact direct sum and how far scipy's
# surface lies from brandpunt's.
#
#   benchmarks/density/run_vs_scipy.sh [build_dir] [work_dir]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-$root/build}
work=${2:-/tmp/brandpunt_kde_bench}
repeats=${REPEATS:-10}
mkdir -p "$work"
bash "$root/benchmarks/peers.sh"  # python3-scipy from Debian when missing
cmake --build "$build" --target density_bench -j2 >/dev/null
bench="$build/benchmarks/density_bench"
echo "# $(date -u +%FT%TZ) $(uname -m), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# binned vs exact (brandpunt), surfaces for the comparison:"
"$bench" --dump "$work"
/usr/bin/python3 "$here/scipy_kde.py" "$work/points.bin" --compare "$work"
echo "# brandpunt kde(method = binned), fastest of $repeats (ms):"
"$bench" --benchmark_filter='KdeBinned|FromCounts|BinPoints' --benchmark_repetitions="$repeats" \
  --benchmark_format=csv 2>/dev/null |
  awk -F, 'NR > 1 && $1 !~ /_(mean|median|stddev|cv)"/ {
      n = $1; gsub(/"/, "", n); t = $3 + 0; c = $4 + 0
      if (!(n in m) || t < m[n]) { m[n] = t; cpu[n] = c } }
    END { for (n in m) printf "%-40s wall %8.2f  cpu %8.2f\n", n, m[n], cpu[n] }' | sort
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
