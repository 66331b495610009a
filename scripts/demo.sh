#!/usr/bin/env bash
# demo.sh — sets up and runs landscan on the bundled demo: installs the Debian packages,
# builds, generates the deterministic demo area inside 海曙区 (demo/) and runs it: first the
# year before (RUN-2024.yaml, outputs in demo/out-2024/), then 2025 (RUN.yaml). Both share the
# ledger demo/landscan-ledger.sqlite, so the 2025 run counts what left the lists since 2024 and
# its report shows the targets' progress bars. The per-district summary of 2025 is printed;
# its outputs land in demo/out/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-run-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DLANDSCAN_TESTS=OFF >/dev/null
cmake --build build -j"$(nproc)" >/dev/null
/usr/bin/python3 scripts/make_demo.py demo
rm -f demo/landscan-ledger.sqlite   # a fresh ledger: the two years, once each
build/landscan run demo/RUN-2024.yaml --force --quiet >/dev/null
build/landscan run demo/RUN.yaml --force
