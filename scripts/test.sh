#!/usr/bin/env bash
# Builds everything with warnings as errors and runs the whole test suite, then runs it again
# under AddressSanitizer + UndefinedBehaviorSanitizer. Tests that need ../shared skip with a
# message when it is absent.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
jobs=$(nproc)
cmake -S . -B build-test -DCMAKE_BUILD_TYPE=Release -DBRANDPUNT_WERROR=ON >/dev/null
cmake --build build-test -j"$jobs"
(cd build-test && ctest --output-on-failure -j"$jobs")
if [ "${BRANDPUNT_SKIP_SANITIZE:-0}" != "1" ]; then
  cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DBRANDPUNT_WERROR=ON -DBRANDPUNT_SANITIZE=ON \
    -DBRANDPUNT_BENCHMARKS=OFF -DCMAKE_CXX_FLAGS="-O1" >/dev/null
  cmake --build build-asan -j"$jobs"
  (cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --output-on-failure -j"$jobs")
fi
