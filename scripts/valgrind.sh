#!/usr/bin/env bash
# valgrind.sh — one end-to-end scenario under valgrind: `landscan run` on a copy of
# testdata/e2e/measure/ (every stage: read, overlay, measure, evaluate, classify, sites,
# aggregate, GeoPackage/CSV/report writers), `landscan check` on the same copy and
# `landscan init` on a copy of testdata/init/.
# Fails on any memory error or definite leak. Needs a normal (non-ASan) build: ctest runs
# it as test `valgrind_e2e` (label valgrind) when configured with -DLANDSCAN_VALGRIND=ON.
#
# usage: scripts/valgrind.sh [PATH/TO/landscan]     (default: build-valgrind/landscan)
# Suppressions (tests/valgrind.supp) cover only one-time GDAL/PROJ/GEOS allocations.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BIN="${1:-$ROOT/build-valgrind/landscan}"
if ! command -v valgrind >/dev/null; then
    echo "valgrind.sh: valgrind is not installed (scripts/install-deps.sh)" >&2
    exit 1
fi
TMP="$(mktemp -d "${TMPDIR:-/tmp}/landscan-valgrind-XXXXXX")"
trap 'rm -rf "$TMP"' EXIT
cp -r "$ROOT/testdata/e2e/measure" "$TMP/case"
export LANDSCAN_PRESET_DIR="$ROOT/src/lib/presets"
VG=(valgrind --quiet --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite
    --show-leak-kinds=definite --track-origins=no --num-callers=30
    --suppressions="$ROOT/tests/valgrind.supp" ${VALGRIND_EXTRA:-})
echo "valgrind: landscan run" >&2
"${VG[@]}" "$BIN" run "$TMP/case/RUN.yaml" -o "$TMP/out" --jobs 2 --quiet >/dev/null
test -f "$TMP/out/landscan.gpkg"
echo "valgrind: landscan check" >&2
"${VG[@]}" "$BIN" check "$TMP/case/RUN.yaml" --quiet >/dev/null
echo "valgrind: landscan init" >&2
cp -r "$ROOT/testdata/init" "$TMP/init"
"${VG[@]}" "$BIN" init "$TMP/init" --quiet
test -f "$TMP/init/RUN.yaml"
echo "valgrind: clean" >&2
