#!/usr/bin/env bash
# install-run-deps.sh — installs what building and running landscan needs on Debian 12, from
# Debian's packages only: a C compiler, CMake, GDAL/OGR (with its PostgreSQL driver), GEOS,
# PROJ, SQLite + SpatiaLite, libyaml, libxlsxwriter, json-c (the reports read run_info's rules
# JSON), OpenSSL's libcrypto, libpq, and python3 +
# python3-gdal for the demo generator (scripts/make_demo.py). The demo command
# (scripts/demo.sh) uses only this. Everything the tests need on top lives in
# install-test-deps.sh. Run as root (CI and the developer machines are root) or with sudo.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends \
    build-essential cmake pkg-config ca-certificates \
    libgdal-dev gdal-bin libgeos-dev libproj-dev proj-bin proj-data \
    libsqlite3-dev sqlite3 libspatialite-dev libsqlite3-mod-spatialite \
    libyaml-dev libssl-dev libxlsxwriter-dev libjson-c-dev libpq-dev \
    python3 python3-gdal >/dev/null
