#!/usr/bin/env bash
# install-deps.sh — installs everything landscan needs to build, run and test on Debian 12,
# from Debian's packages only. Run as root (CI and the developer machines are root).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends \
    build-essential cmake pkg-config ca-certificates \
    libgdal-dev gdal-bin libgeos-dev libproj-dev proj-bin proj-data \
    libsqlite3-dev sqlite3 libspatialite-dev libsqlite3-mod-spatialite \
    libyaml-dev libcmocka-dev libssl-dev \
    python3 python3-gdal time valgrind >/dev/null
# clang: the libFuzzer targets (cmake -DCMAKE_C_COMPILER=clang -DLANDSCAN_FUZZ=ON; tests/fuzz/)
$SUDO apt-get install -y -qq --no-install-recommends clang >/dev/null
# Reports: libxlsxwriter (Excel), openpyxl (reads the workbooks back in the tests), Chromium
# and a CJK font (renders the HTML report in the `browser` tests). Chromium is installed
# with its recommended packages: without them headless rendering lacks fonts and libraries.
$SUDO apt-get install -y -qq --no-install-recommends libxlsxwriter-dev python3-openpyxl >/dev/null
$SUDO apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null
# QGIS 3.22 for the `qgis` tests (headless PyQGIS opens the GeoPackage and landscan.qgs and
# renders them; works without recommends) and a CJK font so Chinese labels are not tofu.
$SUDO apt-get install -y -qq --no-install-recommends qgis python3-qgis qgis-providers fonts-wqy-microhei >/dev/null
