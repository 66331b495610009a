#!/usr/bin/env bash
# install-deps.sh — installs everything landscan needs to build, run and test on Debian 12:
# install-run-deps.sh (build + run, what the demo needs) then install-test-deps.sh (the rest).
set -euo pipefail
cd "$(dirname "$0")"
bash ./install-run-deps.sh
bash ./install-test-deps.sh
