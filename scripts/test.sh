#!/usr/bin/env bash
# Builds everything once, with warnings as errors and under AddressSanitizer +
# UndefinedBehaviorSanitizer (-O1), and runs the whole test suite on that build; then builds the
# libFuzzer targets with clang and runs each for a few seconds (tests/fuzz). One instrumented
# build instead of a Release build plus a sanitizer build keeps CI within its 30 minutes on two
# cores (benchmarks/RESULTS.md, "CI time"). Tests that need ../shared skip with a message when it
# is absent.
#   BRANDPUNT_SKIP_SANITIZE=1  a plain Release build instead (quicker to build and to run)
#   BRANDPUNT_SKIP_FUZZ=1      no fuzzers
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
jobs=$(nproc)
if [ "${BRANDPUNT_SKIP_SANITIZE:-0}" = "1" ]; then
  cmake -S . -B build-test -DCMAKE_BUILD_TYPE=Release -DBRANDPUNT_WERROR=ON >/dev/null
  cmake --build build-test -j"$jobs"
  (cd build-test && ctest --output-on-failure -j"$jobs")
else
  cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DBRANDPUNT_WERROR=ON -DBRANDPUNT_SANITIZE=ON \
    -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g1" >/dev/null
  cmake --build build-asan -j"$jobs"
  (cd build-asan && ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS="suppressions=$PWD/../tests/sanitizer/lsan.supp" \
    UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure -j"$jobs")
fi
if [ "${BRANDPUNT_SKIP_FUZZ:-0}" != "1" ]; then
  cmake -S . -B build-fuzz -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS="-O1" \
    -DBRANDPUNT_FUZZ=ON -DBRANDPUNT_BENCHMARKS=OFF >/dev/null
  cmake --build build-fuzz -j"$jobs" --target fuzz_targets
  bash tests/fuzz/run.sh build-fuzz "${BRANDPUNT_FUZZ_SECONDS:-8}"
fi
