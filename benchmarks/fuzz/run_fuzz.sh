#!/usr/bin/env bash
# The long fuzz run of benchmarks/RESULTS.md: every libFuzzer target of a BRANDPUNT_FUZZ build
# (tests/fuzz/README.md) to N inputs, two targets at a time, from the committed corpus (new
# inputs go to benchmarks/data/fuzz/<target>/, outside the repository's tracked files). Prints
# per target: inputs, wall time, inputs per second, and whether it ended without a crash.
#   benchmarks/fuzz/run_fuzz.sh build-fuzz 10000000
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build-fuzz}
runs=${2:-10000000}
jobs=${3:-2}
out=benchmarks/data/fuzz
mkdir -p "$out"
export ASAN_OPTIONS=${ASAN_OPTIONS:-malloc_context_size=0:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
run_one() {
  local name=$1 build=$2 runs=$3 out=$4
  mkdir -p "$out/$name" "$out/artifacts-$name"
  local start end rc=0
  start=$(date +%s)
  "$build/tests/fuzz/fuzz_$name" "$out/$name" "tests/fuzz/corpus/$name" -runs="$runs" -timeout=10 \
    -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$out/artifacts-$name/" \
    >"$out/$name.log" 2>&1 || rc=$?
  end=$(date +%s)
  local execs
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/$name.log")
  local secs=$((end - start))
  echo "fuzz_$name: ${execs:-0} inputs in ${secs} s ($(( ${execs:-0} / (secs > 0 ? secs : 1) )) per s), exit $rc$( [ "$rc" = 0 ] && echo ', no crash' || echo ', FAILED: see '"$out/$name.log")"
}
export -f run_one
printf '%s\n' csv datetime config incidents areas |
  xargs -P "$jobs" -I{} bash -c 'run_one "$@"' _ {} "$build" "$runs" "$out"
