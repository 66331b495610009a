#!/usr/bin/env bash
# with_cluster.sh CMD [ARGS…] — runs one `postgis` test against a real PostgreSQL + PostGIS
# server: a fresh database in the cluster scripts/test.sh started (LANDSCAN_PG_CONNINFO), or,
# when none is running (plain ctest), a throw-away cluster of its own (scripts/pg_cluster.sh),
# stopped and removed whatever happens. CMD gets the database's conninfo in
# LANDSCAN_PG_CONNINFO. Exit 77 (skipped) when PostgreSQL/PostGIS is not installed, unless
# LANDSCAN_REQUIRE_POSTGIS=1 (scripts/test.sh sets it), then it is a failure.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../../scripts/pg_cluster.sh"
if [ ! -x "$LANDSCAN_PG_BIN/initdb" ] ||
    [ ! -f /usr/share/postgresql/15/extension/postgis.control ]; then
    echo "with_cluster.sh: PostgreSQL 15 + PostGIS not installed (scripts/install-test-deps.sh)" >&2
    if [ "${LANDSCAN_REQUIRE_POSTGIS:-0}" = 1 ]; then exit 1; fi
    exit 77
fi
db="t_$(basename "$1" | tr -c 'a-zA-Z0-9\n' '_' | tr 'A-Z' 'a-z')_$$"
if [ -n "${LANDSCAN_PG_CONNINFO:-}" ]; then
    admin_conninfo=$LANDSCAN_PG_CONNINFO # the cluster's own database: the test's is dropped from it
    psql -X -q -v ON_ERROR_STOP=1 -d "$admin_conninfo" -c "CREATE DATABASE $db" >/dev/null
    drop_db() { psql -X -q -d "$admin_conninfo" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null || true; }
    trap drop_db EXIT
    psql -X -q -v ON_ERROR_STOP=1 -d "$(echo "$LANDSCAN_PG_CONNINFO" | sed "s/dbname=[^ ]*/dbname=$db/")" \
        -c "CREATE EXTENSION postgis" >/dev/null
    export LANDSCAN_PG_CONNINFO=$(echo "$LANDSCAN_PG_CONNINFO" | sed "s/dbname=[^ ]*/dbname=$db/")
else
    pg_cluster_start "$db" >/dev/null
fi
unset PGDATABASE PGHOST PGPORT PGUSER # the test must use the conninfo it is given
"$@"
