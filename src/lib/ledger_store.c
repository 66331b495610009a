/*
 * ledger_store.c — the year-on-year ledger's SpatiaLite database: opening a connection,
 * refusing what is not a ledger, creating and upgrading the schema, and the statement helpers
 * the other ledger_*.c files share (ledger_store.h). Matching is in ledger_match.c, recording
 * a run in ledger_record.c, `landscan ledger list | show | diff` in ledger_read.c.
 *
 * What it holds. One row in `runs` per finished run (name, reference date, time recorded,
 * version, run file and its hash, resolved rules as JSON with their SHA-256, CRS, the run it
 * was compared with, totals) with every run_info pair in `run_info` (input paths and hashes,
 * counts, timings); per run and parcel a row in `run_parcels` (status, action, reasons, mu,
 * listed, list names, change, first_listed, listed_runs, match, matched_from, firm ids and
 * geom_id); `geometries` holds each distinct parcel geometry once (a SpatiaLite MULTIPOLYGON,
 * see create_geometries for the spatial index): a run whose parcel has the same geometry as in the
 * previous run of its series refers to that row, so a year adds only the geometries that changed.
 * `list_members` (run, list, parcel: a view of run_parcels.lists), `resolved` (the run's
 * resolved layer) and `area_totals` (per block, district and town: listed, new, resolved and
 * net mu). `landscan_meta` carries
 * schema_version; the file carries PRAGMA application_id 'LSLD' and user_version = schema
 * version.
 *
 * Safety. A file that is not SQLite, a SQLite file with tables but another application id,
 * a file failing PRAGMA quick_check or written by a newer schema is refused with a one-line
 * message and never written to. An empty file or an empty SQLite database becomes a ledger.
 * Reading (before the outputs are written) uses a read-only connection, so a run that fails
 * later leaves the ledger byte-identical. Recording is one BEGIN IMMEDIATE … COMMIT after
 * the outputs are in place, with a 30 s busy timeout: two runs recording at once serialise,
 * and both land. Creating the schema happens inside that same transaction.
 *
 * Geometry. The geometry column takes the SRID of the first recorded run (its EPSG code, 0
 * when unknown). A later run in another CRS is recorded without geometries (geom_id NULL),
 * and overlap matching is only done against a previous run with the same CRS. Schema 2 and
 * older kept a geometry column in run_parcels, one copy per run; the upgrade to 3 moves the
 * distinct ones into `geometries` and drops the column.
 *
 * SpatiaLite is linked (libspatialite, spatialite_init_ex per connection) rather than loaded
 * as an extension, so no dlopen path or sqlite3_enable_load_extension is involved.
 */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sqlite3.h>
#include <spatialite.h>

#include "landscan/ledger.h"
#include "ledger_store.h"

#define BUSY_MS 30000

/* ---- the database connection ------------------------------------------------------------ */

static pthread_once_t spatialite_once = PTHREAD_ONCE_INIT;
static void spatialite_start(void)
{
    spatialite_initialize();
}

int ls__ldb_error(ls__ldb *L, const char *what)
{
    int code = L->db ? sqlite3_errcode(L->db) & 0xff : SQLITE_CANTOPEN;
    const char *msg = L->db ? sqlite3_errmsg(L->db) : "out of memory";
    switch (code) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return ls__error_set(L->ctx, LS_EIO,
                             "%s: the ledger stayed locked by another process for %d s (%s)",
                             L->path, BUSY_MS / 1000, what);
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
        return ls__error_set(L->ctx, LS_EINVAL,
                             "%s: corrupt or not a SQLite database (%s); refusing to use it as "
                             "the ledger, it is left as it is (restore a backup, set another "
                             "`ledger:` path or use --no-ledger)",
                             L->path, msg);
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_IOERR:
    case SQLITE_FULL:
        return ls__error_set(L->ctx, LS_EIO, "%s: %s (%s)", L->path, what, msg);
    default:
        return ls__error_set(L->ctx, LS_EDEP, "%s: %s (SQLite: %s)", L->path, what, msg);
    }
}

void ls__ldb_close(ls__ldb *L)
{
    if (L->db)
        sqlite3_close_v2(L->db);
    if (L->cache)
        spatialite_cleanup_ex(L->cache);
    L->db = NULL;
    L->cache = NULL;
}

/* The series a run belongs to: its name without years ("海曙区 2025 年度工业用地评价" and
 * "海曙区 2024 年度工业用地评价" are one series), so a planner who puts the year in the name
 * still gets year-on-year tracking. Removes 4-digit years 19xx/20xx with a following 年度 or
 * 年, and all white space. SQL function ls_series(name). */
static void sql_series(sqlite3_context *sctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *in = (const char *)sqlite3_value_text(argv[0]);
    if (!in) {
        sqlite3_result_null(sctx);
        return;
    }
    size_t n = strlen(in);
    char *out = malloc(n + 1);
    if (!out) {
        sqlite3_result_error_nomem(sctx);
        return;
    }
    size_t k = 0;
    for (size_t i = 0; i < n;) {
        const char *c = in + i;
        if ((i == 0 || !(in[i - 1] >= '0' && in[i - 1] <= '9')) &&
            ((c[0] == '1' && c[1] == '9') || (c[0] == '2' && c[1] == '0')) && c[2] >= '0' &&
            c[2] <= '9' && c[3] >= '0' && c[3] <= '9' && !(c[4] >= '0' && c[4] <= '9')) {
            i += 4;
            while (in[i] == ' ')
                i++;
            if (strncmp(in + i, "年度", strlen("年度")) == 0)
                i += strlen("年度");
            else if (strncmp(in + i, "年", strlen("年")) == 0)
                i += strlen("年");
            continue;
        }
        if (in[i] == ' ' || in[i] == '\t') {
            i++;
            continue;
        }
        out[k++] = in[i++];
    }
    out[k] = '\0';
    sqlite3_result_text(sctx, out, (int)k, free);
}

int ls__ldb_open(ls_context *ctx, const char *path, int write, ls__ldb *L)
{
    memset(L, 0, sizeof(*L));
    L->ctx = ctx;
    L->path = path;
    /* a connection is used by one thread at a time (the record's is handed from its thread
     * to the run's after a join): no per-call mutex */
    int flags = (write ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY) |
                SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path, &L->db, flags, NULL) != SQLITE_OK) {
        int rc =
            ls__ldb_error(L, write ? "cannot open or create the ledger" : "cannot open the ledger");
        ls__ldb_close(L);
        return rc;
    }
    sqlite3_busy_timeout(L->db, BUSY_MS);
    sqlite3_create_function(L->db, "ls_series", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
                            sql_series, NULL, NULL);
    pthread_once(&spatialite_once, spatialite_start);
    if (!(L->cache = spatialite_alloc_connection())) {
        ls__ldb_close(L);
        return ls__error_set(ctx, LS_ENOMEM, "out of memory");
    }
    spatialite_init_ex(L->db, L->cache, 0);
    return LS_OK;
}

int ls__ldb_exec(ls__ldb *L, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(L->db, sql, NULL, NULL, &msg) == SQLITE_OK)
        return LS_OK;
    sqlite3_free(msg);
    return ls__ldb_error(L, "ledger statement failed");
}

int ls__ldb_prepare(ls__ldb *L, const char *sql, sqlite3_stmt **st)
{
    if (sqlite3_prepare_v2(L->db, sql, -1, st, NULL) == SQLITE_OK)
        return LS_OK;
    *st = NULL;
    return ls__ldb_error(L, "cannot read the ledger");
}

/* First column of the first row as a number (0 when no row). */
int ls__ldb_long(ls__ldb *L, const char *sql, long *out)
{
    sqlite3_stmt *st = NULL;
    int error = ls__ldb_prepare(L, sql, &st);
    if (error)
        return error;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *out = (long)sqlite3_column_int64(st, 0);
    else if (rc == SQLITE_DONE)
        *out = 0;
    else
        error = ls__ldb_error(L, "cannot read the ledger");
    sqlite3_finalize(st);
    return error;
}

/* First column of the first row as text (NULL when no row or NULL). Caller frees. */
int ls__ldb_text(ls__ldb *L, const char *sql, char **out)
{
    sqlite3_stmt *st = NULL;
    int error = ls__ldb_prepare(L, sql, &st);
    if (error)
        return error;
    *out = NULL;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(st, 0);
        if (t && !(*out = ls__strdup(t)))
            error = ls__error_set(L->ctx, LS_ENOMEM, "out of memory");
    } else if (rc != SQLITE_DONE) {
        error = ls__ldb_error(L, "cannot read the ledger");
    }
    sqlite3_finalize(st);
    return error;
}

char *ls__ldb_col_text(sqlite3_stmt *st, int i)
{
    const char *t = (const char *)sqlite3_column_text(st, i);
    return t ? ls__strdup(t) : NULL;
}

double ls__ldb_col_real(sqlite3_stmt *st, int i)
{
    return sqlite3_column_type(st, i) == SQLITE_NULL ? NAN : sqlite3_column_double(st, i);
}

void ls__ldb_bind_text(sqlite3_stmt *st, int i, const char *s)
{
    if (s)
        sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, i);
}

void ls__ldb_bind_real(sqlite3_stmt *st, int i, double v)
{
    if (isnan(v))
        sqlite3_bind_null(st, i);
    else
        sqlite3_bind_double(st, i, v);
}

/* ---- validation ------------------------------------------------------------------------- */

/* *exists = 0 when the file is missing or empty (a new ledger); refuses a file that is not
 * SQLite by its header, without opening it. */
int ls__ldb_probe(ls_context *ctx, const char *path, int *exists)
{
    struct stat st;
    *exists = 0;
    if (stat(path, &st) != 0) {
        if (errno == ENOENT)
            return LS_OK;
        return ls__error_set(ctx, LS_EIO, "%s: cannot read the ledger (%s)", path, strerror(errno));
    }
    if (S_ISDIR(st.st_mode))
        return ls__error_set(ctx, LS_EINVAL, "%s: is a folder, not a ledger file", path);
    if (st.st_size == 0)
        return LS_OK;
    char head[16] = {0};
    FILE *f = fopen(path, "rb");
    if (!f)
        return ls__error_set(ctx, LS_EIO, "%s: cannot read the ledger (%s)", path, strerror(errno));
    size_t got = fread(head, 1, sizeof(head), f);
    fclose(f);
    if (got < sizeof(head) || memcmp(head, "SQLite format 3", 16) != 0)
        return ls__error_set(ctx, LS_EINVAL,
                             "%s: not a SQLite database; refusing to use it as the ledger, it is "
                             "left as it is (set another `ledger:` path or use --no-ledger)",
                             path);
    *exists = 1;
    return LS_OK;
}

/* Is the open database a landscan ledger (*version > 0) or an empty database (0)? Refuses
 * foreign, corrupt and newer ledgers. */
int ls__ldb_check(ls__ldb *L, int *version)
{
    long app = 0, ntables = 0, v = 0;
    char *check = NULL;
    int error;
    *version = 0;
    if ((error = ls__ldb_long(L, "PRAGMA application_id", &app)) ||
        (error = ls__ldb_long(L, "SELECT count(*) FROM sqlite_master", &ntables)))
        return error;
    if (app != LS_LEDGER_APPLICATION_ID && !(app == 0 && ntables == 0))
        return ls__error_set(L->ctx, LS_EINVAL,
                             "%s: a SQLite database that is not a landscan ledger (application_id "
                             "%ld, %ld schema objects); refusing to use or overwrite it (set "
                             "another `ledger:` path or use --no-ledger)",
                             L->path, app, ntables);
    if ((error = ls__ldb_text(L, "PRAGMA quick_check", &check)))
        return error;
    if (!check || strcmp(check, "ok") != 0) {
        error = ls__error_set(L->ctx, LS_EINVAL,
                              "%s: the ledger is corrupt (quick_check: %s); it is left as it is "
                              "(restore a backup, set another `ledger:` path or use --no-ledger)",
                              L->path, check ? check : "no answer");
        free(check);
        return error;
    }
    free(check);
    if (app == 0)
        return LS_OK;
    if ((error =
             ls__ldb_long(L, "SELECT value FROM landscan_meta WHERE key = 'schema_version'", &v)))
        return error;
    if (v < 1)
        return ls__error_set(L->ctx, LS_EINVAL,
                             "%s: the ledger has no schema version (damaged); it is left as it is",
                             L->path);
    if (v > LS_LEDGER_SCHEMA_VERSION)
        return ls__error_set(L->ctx, LS_EINVAL,
                             "%s: the ledger was written by a newer landscan (schema %ld; this "
                             "version reads up to %d)",
                             L->path, v, LS_LEDGER_SCHEMA_VERSION);
    *version = L->version = (int)v;
    long g = 0;
    if ((error = ls__ldb_long(L,
                              "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND"
                              " name = 'geometries'",
                              &g)))
        return error;
    L->geometries = g > 0;
    return LS_OK;
}

/* ---- schema ----------------------------------------------------------------------------- */

static const char schema_v1[] =
    "CREATE TABLE landscan_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE runs (run_id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL,"
    " reference_date TEXT NOT NULL, recorded_at TEXT NOT NULL, version TEXT NOT NULL,"
    " run_file TEXT, run_file_sha256 TEXT, output_dir TEXT, district_filter TEXT, crs TEXT,"
    " crs_wkt TEXT, srid INTEGER, rules TEXT, rules_chain TEXT, rules_json TEXT,"
    " rules_sha256 TEXT, previous_run_id INTEGER REFERENCES runs(run_id),"
    " parcel_count INTEGER, listed_count INTEGER, listed_mu REAL, new_listed_mu REAL,"
    " resolved_mu REAL);"
    "CREATE INDEX runs_by_name ON runs(name, reference_date);"
    "CREATE TABLE run_info (run_id INTEGER NOT NULL REFERENCES runs(run_id), key TEXT NOT NULL,"
    " value TEXT, PRIMARY KEY (run_id, key));"
    "CREATE TABLE run_parcels (run_id INTEGER NOT NULL REFERENCES runs(run_id),"
    " parcel_id TEXT NOT NULL, block_id TEXT, district TEXT, town TEXT, status TEXT NOT NULL,"
    " action TEXT NOT NULL, reasons TEXT, area_mu REAL, reclaimable_mu REAL,"
    " listed INTEGER NOT NULL, lists TEXT, change TEXT, first_listed TEXT, listed_runs INTEGER,"
    " match TEXT, matched_from TEXT);"
    "CREATE INDEX run_parcels_by_id ON run_parcels(run_id, parcel_id);"
    "CREATE TABLE list_members (run_id INTEGER NOT NULL REFERENCES runs(run_id),"
    " list TEXT NOT NULL, parcel_id TEXT NOT NULL);"
    "CREATE INDEX list_members_by_run ON list_members(run_id, list);"
    "CREATE TABLE resolved (run_id INTEGER NOT NULL REFERENCES runs(run_id),"
    " parcel_id TEXT NOT NULL, old_status TEXT, new_status TEXT, old_reclaimable_mu REAL,"
    " old_area_mu REAL);"
    "CREATE INDEX resolved_by_run ON resolved(run_id);"
    "CREATE TABLE area_totals (run_id INTEGER NOT NULL REFERENCES runs(run_id),"
    " kind TEXT NOT NULL, area TEXT NOT NULL, listed_mu REAL, new_listed_mu REAL,"
    " resolved_mu REAL, net_listed_mu REAL);"
    "CREATE INDEX area_totals_by_run ON area_totals(run_id, kind);";

/* The geometries table (schema 3): one row per distinct parcel geometry, a SpatiaLite
 * MULTIPOLYGON in srid, referred to by run_parcels.geom_id. No spatial index: nothing reads
 * one (matching builds its own in memory) and keeping an R*Tree up to date was most of the
 * cost of recording a run; a user may add one (CreateSpatialIndex), and recording keeps it. */
static int create_geometries(ls__ldb *L, long srid)
{
    char sql[256];
    long ok = 0;
    int error = ls__ldb_exec(L, "CREATE TABLE geometries (geom_id INTEGER PRIMARY KEY);"
                                "ALTER TABLE run_parcels ADD COLUMN geom_id INTEGER"
                                " REFERENCES geometries(geom_id);");
    if (error)
        return error;
    snprintf(sql, sizeof(sql),
             "SELECT AddGeometryColumn('geometries', 'geom', %ld, 'MULTIPOLYGON', 'XY')", srid);
    if ((error = ls__ldb_long(L, sql, &ok)))
        return error;
    if (!ok)
        return ls__error_set(L->ctx, LS_EDEP,
                             "%s: SpatiaLite could not add the geometry column to the ledger",
                             L->path);
    return LS_OK;
}

/* 2 → 3: the distinct geometries of run_parcels.geom into `geometries` (in the order the
 * runs recorded them), geom_id set, then run_parcels.geom and its index dropped. */
static int move_geometries(ls__ldb *L)
{
    long srid = 0, has_geom = 0;
    int error;
    if ((error = ls__ldb_long(L, "SELECT value FROM landscan_meta WHERE key = 'geometry_srid'",
                              &srid)) ||
        (error = ls__ldb_long(L,
                              "SELECT count(*) FROM geometry_columns WHERE f_table_name ="
                              " 'run_parcels' AND f_geometry_column = 'geom'",
                              &has_geom)) ||
        (!L->geometries && (error = create_geometries(L, srid))))
        return error;
    L->geometries = 1;
    if (!has_geom)
        return LS_OK;
    long ok = 0;
    if ((error = ls__ldb_long(L, "SELECT DisableSpatialIndex('run_parcels', 'geom')", &ok)) ||
        (error = ls__ldb_long(L, "SELECT DiscardGeometryColumn('run_parcels', 'geom')", &ok)))
        return error;
    return ls__ldb_exec(
        L, "DROP TABLE IF EXISTS idx_run_parcels_geom;"
           "DELETE FROM geometry_columns_statistics WHERE f_table_name = 'run_parcels';"
           "DELETE FROM geometry_columns_field_infos WHERE f_table_name = 'run_parcels';"
           "DELETE FROM geometry_columns_time WHERE f_table_name = 'run_parcels';"
           "DELETE FROM geometry_columns_auth WHERE f_table_name = 'run_parcels';"
           "CREATE INDEX ls_upgrade_rp ON run_parcels(geom);"
           "INSERT INTO geometries (geom) SELECT geom FROM run_parcels WHERE geom IS NOT NULL"
           " GROUP BY geom ORDER BY min(rowid);"
           "CREATE INDEX ls_upgrade_g ON geometries(geom);"
           "UPDATE run_parcels SET geom_id = (SELECT g.geom_id FROM geometries g"
           " WHERE g.geom = run_parcels.geom) WHERE geom IS NOT NULL;"
           "DROP INDEX ls_upgrade_rp; DROP INDEX ls_upgrade_g;"
           "ALTER TABLE run_parcels DROP COLUMN geom;");
}

/* list_members (schema 3) is a view over run_parcels.lists, which holds the same names: one
 * row per run, list and parcel, as the table of schema 2 had. */
static int lists_view(ls__ldb *L)
{
    long is_view = 0;
    int error = ls__ldb_long(L,
                             "SELECT count(*) FROM sqlite_master WHERE type = 'view' AND"
                             " name = 'list_members'",
                             &is_view);
    if (error || is_view)
        return error;
    return ls__ldb_exec(
        L, "DROP INDEX IF EXISTS list_members_by_run; DROP TABLE IF EXISTS list_members;"
           "CREATE VIEW list_members (run_id, list, parcel_id) AS WITH RECURSIVE"
           " s(run_id, parcel_id, list, rest) AS (SELECT run_id, parcel_id, NULL, lists || ';'"
           " FROM run_parcels WHERE lists <> '' UNION ALL SELECT run_id, parcel_id,"
           " substr(rest, 1, instr(rest, ';') - 1), substr(rest, instr(rest, ';') + 1)"
           " FROM s WHERE rest <> '') SELECT run_id, list, parcel_id FROM s"
           " WHERE list IS NOT NULL;");
}

/* Upgrade steps: upgrade(v) takes a ledger from schema v to v + 1 (version 1 is created
 * whole, then upgraded like an old ledger; a new ledger gets `geometries` directly).
 *   1 → 2: run_parcels.enterprise_ids (";"-separated firm ids on the parcel) for the
 *          campaign target halted_firms_cleared (targets.c); NULL in runs recorded before.
 *   2 → 3: each distinct geometry once in `geometries`, run_parcels.geom_id instead of a
 *          geometry column (move_geometries); list_members a view of run_parcels.lists
 *          instead of a copy (lists_view). */
static int upgrade(ls__ldb *L, int v)
{
    if (v == 1)
        return ls__ldb_exec(L, "ALTER TABLE run_parcels ADD COLUMN enterprise_ids TEXT;");
    if (v == 2) {
        int error = move_geometries(L);
        return error ? error : lists_view(L);
    }
    return LS_OK;
}

int ls__ldb_create_schema(ls__ldb *L, int epsg)
{
    int error;
    long ok = 0, srid = epsg > 0 ? epsg : 0;
    char sql[512];
    if ((error = ls__ldb_exec(L, schema_v1)) || (error = upgrade(L, 1)))
        return error;
    if ((error = ls__ldb_long(L, "SELECT InitSpatialMetadata(0, 'NONE')", &ok)))
        return error;
    if (!ok)
        return ls__error_set(L->ctx, LS_EDEP, "%s: SpatiaLite could not initialise the ledger",
                             L->path);
    if (srid > 0) {
        long known = 0;
        snprintf(sql, sizeof(sql), "SELECT InsertEpsgSrid(%ld)", srid);
        if ((error = ls__ldb_long(L, sql, &ok)))
            return error;
        snprintf(sql, sizeof(sql), "SELECT count(*) FROM spatial_ref_sys WHERE srid = %ld", srid);
        if ((error = ls__ldb_long(L, sql, &known)))
            return error;
        if (!known)
            srid = 0;
    }
    if ((error = create_geometries(L, srid)) || (error = lists_view(L)))
        return error;
    L->geometries = 1;
    snprintf(sql, sizeof(sql),
             "INSERT INTO landscan_meta VALUES ('schema_version', '%d'), ('geometry_srid', '%ld'),"
             " ('created_by', 'landscan %s');"
             "PRAGMA application_id = %d; PRAGMA user_version = %d;",
             LS_LEDGER_SCHEMA_VERSION, srid, ls_version(), LS_LEDGER_APPLICATION_ID,
             LS_LEDGER_SCHEMA_VERSION);
    if ((error = ls__ldb_exec(L, sql)))
        return error;
    L->version = LS_LEDGER_SCHEMA_VERSION;
    return LS_OK;
}

int ls__ldb_upgrade_schema(ls__ldb *L, int from, int *moved_geometry)
{
    char sql[256];
    *moved_geometry = from < 3;
    for (int v = from; v < LS_LEDGER_SCHEMA_VERSION; v++) {
        int error = upgrade(L, v);
        if (error)
            return error;
    }
    snprintf(sql, sizeof(sql),
             "UPDATE landscan_meta SET value = '%d' WHERE key = 'schema_version';"
             "PRAGMA user_version = %d;",
             LS_LEDGER_SCHEMA_VERSION, LS_LEDGER_SCHEMA_VERSION);
    int error = ls__ldb_exec(L, sql);
    if (!error)
        L->version = LS_LEDGER_SCHEMA_VERSION;
    return error;
}

const char *ls__ldb_parcel_geom(const ls__ldb *L)
{
    return L->geometries ? "g.geom" : "p.geom";
}

const char *ls__ldb_parcels_from(const ls__ldb *L)
{
    return L->geometries ? "run_parcels p LEFT JOIN geometries g ON g.geom_id = p.geom_id"
                         : "run_parcels p";
}

/* Open an existing ledger read-only for the CLI verbs; *empty when it holds no ledger yet. */
int ls__ldb_open_existing(ls_context *ctx, const char *path, ls__ldb *L, int *empty)
{
    int exists = 0, version = 0, error;
    ls__error_clear(ctx);
    if (!path)
        return ls__error_set(ctx, LS_EINVAL, "no ledger path given");
    if ((error = ls__ldb_probe(ctx, path, &exists)))
        return error;
    if (!exists) {
        struct stat st;
        if (stat(path, &st) != 0)
            return ls__error_set(ctx, LS_ENOTFOUND, "%s: no such ledger", path);
    }
    if ((error = ls__ldb_open(ctx, path, 0, L)))
        return error;
    if ((error = ls__ldb_check(L, &version))) {
        ls__ldb_close(L);
        return error;
    }
    *empty = version == 0;
    return LS_OK;
}
