#!/usr/bin/env bash
# Runs every libFuzzer target of a BRANDPUNT_FUZZ build for a fixed time each, starting from the
# committed seed corpus (new inputs go to a temporary folder, so the repository is not touched).
# Exits non-zero on the first crash, leak, timeout or failed check; the input that did it is
# left in the working directory as crash-*/leak-*/timeout-* and printed as base64.
#   tests/fuzz/run.sh build-fuzz 8        # 8 seconds per target (CI)
set -euo pipefail
build=${1:-build-fuzz}
seconds=${2:-8}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# No stack traces of allocations (much faster; reports still name the faulting access).
export ASAN_OPTIONS=${ASAN_OPTIONS:-malloc_context_size=0:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
for name in csv datetime config incidents areas; do
  mkdir -p "$work/$name"
  log="$work/$name.log"
  if ! "$build/tests/fuzz/fuzz_$name" "$work/$name" "$here/corpus/$name" -max_total_time="$seconds" \
       -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 >"$log" 2>&1; then
    tail -40 "$log"
    echo "fuzz_$name: FAILED" >&2
    exit 1
  fi
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  echo "fuzz_$name: ${execs:-0} inputs in ${seconds} s, no crash"
done
