#!/usr/bin/env bash
# Builds everything with warnings as errors and runs the whole test suite, then runs it again
# under AddressSanitizer + UndefinedBehaviorSanitizer, then builds the libFuzzer targets with
# clang and runs each for a few seconds (tests/fuzz). Tests that need ../shared skip with a
# message when it is absent. BRANDPUNT_SKIP_SANITIZE=1 / BRANDPUNT_SKIP_FUZZ=1 skip those parts.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
jobs=$(nproc)
cmake -S . -B build-test -DCMAKE_BUILD_TYPE=Release -DBRANDPUNT_WERROR=ON >/dev/null
cmake --build build-test -j"$jobs"
(cd build-test && ctest --output-on-failure -j"$jobs")
if [ "${BRANDPUNT_SKIP_SANITIZE:-0}" != "1" ]; then
  cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DBRANDPUNT_WERROR=ON -DBRANDPUNT_SANITIZE=ON \
    -DBRANDPUNT_BENCHMARKS=OFF -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g1" >/dev/null
  cmake --build build-asan -j"$jobs"
  (cd build-asan && ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS="suppressions=$PWD/../tests/sanitizer/lsan.supp" UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --output-on-failure -j"$jobs")
fi
if [ "${BRANDPUNT_SKIP_FUZZ:-0}" != "1" ]; then
  cmake -S . -B build-fuzz -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS="-O1" \
    -DBRANDPUNT_FUZZ=ON -DBRANDPUNT_BENCHMARKS=OFF >/dev/null
  cmake --build build-fuzz -j"$jobs" --target fuzz_targets
  bash tests/fuzz/run.sh build-fuzz "${BRANDPUNT_FUZZ_SECONDS:-8}"
fi
