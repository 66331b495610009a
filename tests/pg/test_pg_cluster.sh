#!/usr/bin/env bash
# test_pg_cluster.sh — scripts/pg_cluster.sh itself: a cluster starts on a Unix socket with
# PostGIS, answers, and is gone (server stopped, folder removed) after the script that started
# it ends, both on success and when the script fails. Exit 77 when PostgreSQL is missing.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
script="$here/../../scripts/pg_cluster.sh"
. "$script"
if [ ! -x "$LANDSCAN_PG_BIN/initdb" ]; then
    if [ "${LANDSCAN_REQUIRE_POSTGIS:-0}" = 1 ]; then exit 1; fi
    exit 77
fi
state=$(mktemp)
trap 'rm -f "$state"' EXIT
for ending in "exit 0" "false"; do
    set +e
    bash -c "set -e; . '$script'; pg_cluster_start smoke >/dev/null
        echo \"\$LANDSCAN_PG_DIR\" > '$state'
        psql -X -At -d \"\$LANDSCAN_PG_CONNINFO\" -c 'SELECT ST_AsText(ST_MakePoint(1,2))' >> '$state'
        $ending"
    set -e
    dir=$(sed -n 1p "$state")
    answer=$(sed -n 2p "$state")
    [ "$answer" = "POINT(1 2)" ] || { echo "FAIL ($ending): PostGIS answered '$answer'" >&2; exit 1; }
    [ ! -e "$dir" ] || { echo "FAIL ($ending): $dir still exists" >&2; exit 1; }
    if pgrep -f -- "-k $dir" >/dev/null; then
        echo "FAIL ($ending): a server for $dir still runs" >&2
        exit 1
    fi
done
echo "pg_cluster.sh: start, PostGIS, stop and removal on success and on failure: ok"
