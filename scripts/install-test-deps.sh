#!/usr/bin/env bash
# install-test-deps.sh — installs what the tests need on top of install-run-deps.sh (which it
# does not repeat; scripts/test.sh runs both): cmocka, valgrind, clang (libFuzzer), openpyxl,
# Chromium, poppler-utils, QGIS, and PostgreSQL 15 + PostGIS 3 for the `postgis` tests (a
# throw-away cluster, scripts/pg_cluster.sh). Debian's packages only; run as root or with sudo.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
# normally run after install-run-deps.sh, which refreshed the package lists
if ! ls /var/lib/apt/lists/*_Packages >/dev/null 2>&1; then $SUDO apt-get update -qq; fi
$SUDO apt-get install -y -qq --no-install-recommends libcmocka-dev time valgrind >/dev/null
# clang: the libFuzzer targets (cmake -DCMAKE_C_COMPILER=clang -DLANDSCAN_FUZZ=ON; tests/fuzz/)
$SUDO apt-get install -y -qq --no-install-recommends clang >/dev/null
# Reports: openpyxl reads the workbooks back; Chromium and a CJK font render the HTML report in
# the `browser` tests. Chromium is installed with its recommended packages: without them
# headless rendering lacks fonts and libraries.
$SUDO apt-get install -y -qq --no-install-recommends python3-openpyxl >/dev/null
$SUDO apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null
# poppler-utils: pdfinfo / pdftotext read back the report printed to PDF (test_report_print)
$SUDO apt-get install -y -qq --no-install-recommends poppler-utils >/dev/null
# QGIS 3.22 for the `qgis` tests (headless PyQGIS opens the GeoPackage and landscan.qgs and
# renders them; works without recommends) and a CJK font so Chinese labels are not tofu.
$SUDO apt-get install -y -qq --no-install-recommends qgis python3-qgis qgis-providers fonts-wqy-microhei >/dev/null
# PostgreSQL 15 + PostGIS 3 (initdb/pg_ctl in /usr/lib/postgresql/15/bin) for the `postgis`
# tests; psycopg2 lets the Python checks read the published schema back.
$SUDO apt-get install -y -qq --no-install-recommends postgresql-15 postgresql-client-15 \
    postgresql-15-postgis-3 postgresql-15-postgis-3-scripts python3-psycopg2 >/dev/null
