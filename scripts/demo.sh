#!/usr/bin/env bash
# demo.sh — sets up and runs landscan on the bundled demo: installs the Debian packages,
# builds, generates the deterministic demo area inside 海曙区 (demo/) and runs it. The
# per-district summary is printed; the outputs land in demo/out/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-run-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DLANDSCAN_TESTS=OFF >/dev/null
cmake --build build -j"$(nproc)" >/dev/null
/usr/bin/python3 scripts/make_demo.py demo
build/landscan run demo/RUN.yaml --force
