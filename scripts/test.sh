#!/usr/bin/env bash
# test.sh — sets up and runs the tests: installs the Debian packages, builds with
# AddressSanitizer + UndefinedBehaviorSanitizer and warnings as errors, runs ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-run-deps.sh
bash scripts/install-test-deps.sh
BUILD=${BUILD:-build-asan}
cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Debug -DLANDSCAN_SANITIZE=ON -DLANDSCAN_WERROR=ON >/dev/null
cmake --build "$BUILD" -j"$(nproc)"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/tests/lsan.supp}
# the qgis test must run here, not skip (CI installs QGIS through install-test-deps.sh)
export LANDSCAN_REQUIRE_QGIS=1
# the postgis tests run against one throw-away PostgreSQL + PostGIS cluster (each test takes
# a fresh database in it); the trap stops and removes it whatever happens
export LANDSCAN_REQUIRE_POSTGIS=1
. scripts/pg_cluster.sh
pg_cluster_start >/dev/null
cd "$BUILD"
ctest --output-on-failure -j"$(nproc)"
pg_cluster_stop
# Second build without sanitizers: the end-to-end scenario under valgrind (zero errors, no
# definite leaks; scripts/valgrind.sh, suppressions in tests/valgrind.supp).
cd "$OLDPWD" # back to the source folder
VG_BUILD=${VG_BUILD:-build-valgrind}
cmake -S . -B "$VG_BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLANDSCAN_SANITIZE=OFF \
    -DLANDSCAN_WERROR=ON -DLANDSCAN_VALGRIND=ON >/dev/null
cmake --build "$VG_BUILD" -j"$(nproc)" --target landscan
(cd "$VG_BUILD" && env -u ASAN_OPTIONS -u UBSAN_OPTIONS -u LSAN_OPTIONS \
    ctest --output-on-failure -L valgrind)
