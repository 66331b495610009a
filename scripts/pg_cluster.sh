# pg_cluster.sh — a throw-away PostgreSQL 15 + PostGIS cluster for tests and benchmarks.
# Source it, then:
#     pg_cluster_start [DBNAME]   # initdb under a fresh temporary folder, start the server on a
#                                 # Unix socket only (no TCP), create DBNAME (default landscan)
#                                 # with the postgis extension; prints the conninfo and exports
#                                 # LANDSCAN_PG_CONNINFO, PGHOST, PGPORT, PGUSER, PGDATABASE
#     pg_cluster_createdb NAME    # one more database with postgis (parallel tests each take one)
#     pg_cluster_stop             # stop the server and remove the folder (idempotent)
# pg_cluster_start installs an EXIT/INT/TERM trap that calls pg_cluster_stop (after any EXIT
# trap the caller had set), so the cluster goes away whatever happens to the script.
# PostgreSQL refuses to run as root: as root (the CI case) the server runs as the system user
# landscan-pg, created on first use; otherwise as the calling user. Authentication is `trust`
# on the socket, which only the cluster's folder exposes. Needs postgresql-15 and
# postgresql-15-postgis-3 (scripts/install-test-deps.sh). Not for production data.

LANDSCAN_PG_BIN=${LANDSCAN_PG_BIN:-/usr/lib/postgresql/15/bin}
LANDSCAN_PG_OS_USER=${LANDSCAN_PG_OS_USER:-landscan-pg}
LANDSCAN_PG_PORT=${LANDSCAN_PG_PORT:-54329}
LANDSCAN_PG_SUPERUSER=landscan
LANDSCAN_PG_DIR=""

# runs a command as the cluster's owner
_pg_cluster_as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u "$LANDSCAN_PG_OS_USER" -- "$@"
    else
        "$@"
    fi
}

pg_cluster_createdb() {
    local name=$1
    "$LANDSCAN_PG_BIN/createdb" -h "$LANDSCAN_PG_DIR" -p "$LANDSCAN_PG_PORT" \
        -U "$LANDSCAN_PG_SUPERUSER" "$name" || return 1
    "$LANDSCAN_PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$LANDSCAN_PG_DIR" -p "$LANDSCAN_PG_PORT" \
        -U "$LANDSCAN_PG_SUPERUSER" -d "$name" -c "CREATE EXTENSION postgis" || return 1
    echo "host=$LANDSCAN_PG_DIR port=$LANDSCAN_PG_PORT dbname=$name user=$LANDSCAN_PG_SUPERUSER"
}

pg_cluster_stop() {
    local dir=$LANDSCAN_PG_DIR
    [ -n "$dir" ] || return 0
    LANDSCAN_PG_DIR=""
    if [ -f "$dir/data/postmaster.pid" ]; then
        if ! _pg_cluster_as_owner "$LANDSCAN_PG_BIN/pg_ctl" -D "$dir/data" -m fast -w -t 30 \
            stop >/dev/null 2>&1; then
            # the server did not stop in time: end it by the pid it wrote
            local pid
            pid=$(head -n 1 "$dir/data/postmaster.pid" 2>/dev/null || true)
            if [ -n "$pid" ]; then kill -9 "$pid" 2>/dev/null || true; fi
        fi
    fi
    rm -rf "$dir"
}

pg_cluster_start() {
    local db=${1:-landscan}
    if [ -n "$LANDSCAN_PG_DIR" ]; then
        echo "pg_cluster.sh: a cluster is already running in $LANDSCAN_PG_DIR" >&2
        return 1
    fi
    if [ ! -x "$LANDSCAN_PG_BIN/initdb" ]; then
        echo "pg_cluster.sh: $LANDSCAN_PG_BIN/initdb missing (scripts/install-test-deps.sh)" >&2
        return 1
    fi
    if [ "$(id -u)" -eq 0 ] && ! id -u "$LANDSCAN_PG_OS_USER" >/dev/null 2>&1; then
        useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin \
            "$LANDSCAN_PG_OS_USER" || return 1
    fi
    # short path: a Unix socket path is limited to 107 bytes
    LANDSCAN_PG_DIR=$(mktemp -d /tmp/landscan-pg.XXXXXX) || return 1
    local previous
    previous=$(trap -p EXIT | sed -e "s/^trap -- '//" -e "s/' EXIT\$//")
    # shellcheck disable=SC2064
    trap "pg_cluster_stop; ${previous:-:}" EXIT
    trap 'pg_cluster_stop; exit 130' INT
    trap 'pg_cluster_stop; exit 143' TERM
    if [ "$(id -u)" -eq 0 ]; then chown "$LANDSCAN_PG_OS_USER" "$LANDSCAN_PG_DIR"; fi
    chmod 0755 "$LANDSCAN_PG_DIR"
    if ! _pg_cluster_as_owner "$LANDSCAN_PG_BIN/initdb" -D "$LANDSCAN_PG_DIR/data" \
        -U "$LANDSCAN_PG_SUPERUSER" --auth=trust -E UTF8 --locale=C.UTF-8 \
        >"$LANDSCAN_PG_DIR/initdb.log" 2>&1; then
        echo "pg_cluster.sh: initdb failed:" >&2
        cat "$LANDSCAN_PG_DIR/initdb.log" >&2
        pg_cluster_stop
        return 1
    fi
    if ! _pg_cluster_as_owner "$LANDSCAN_PG_BIN/pg_ctl" -D "$LANDSCAN_PG_DIR/data" -w -t 60 \
        -l "$LANDSCAN_PG_DIR/server.log" \
        -o "-c listen_addresses='' -k $LANDSCAN_PG_DIR -p $LANDSCAN_PG_PORT -c fsync=off" \
        start >/dev/null; then
        echo "pg_cluster.sh: the server did not start:" >&2
        cat "$LANDSCAN_PG_DIR/server.log" >&2
        pg_cluster_stop
        return 1
    fi
    local conninfo
    conninfo=$(pg_cluster_createdb "$db") || {
        pg_cluster_stop
        return 1
    }
    export PGHOST=$LANDSCAN_PG_DIR PGPORT=$LANDSCAN_PG_PORT PGUSER=$LANDSCAN_PG_SUPERUSER
    export PGDATABASE=$db LANDSCAN_PG_CONNINFO=$conninfo
    echo "$conninfo"
}
