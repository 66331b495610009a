/*
 * ledger.c — the year-on-year ledger (清单 → 整治 → 销号) in a SpatiaLite database.
 *
 * What it holds. One row in `runs` per finished run (name, reference date, time recorded,
 * version, run file and its hash, resolved rules as JSON with their SHA-256, CRS, the run it
 * was compared with, totals) with every run_info pair in `run_info` (input paths and hashes,
 * counts, timings); per run and parcel a row in `run_parcels` (status, action, reasons, mu,
 * listed, list names, change, first_listed, listed_runs, match, matched_from) with the
 * parcel as a SpatiaLite MULTIPOLYGON and a spatial index; `list_members` (run, list,
 * parcel), `resolved` (the run's resolved layer) and `area_totals` (per block, district and
 * town: listed, new, resolved and net mu). `landscan_meta` carries schema_version; the file
 * carries PRAGMA application_id 'LSLD' and user_version = schema version.
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
 * when unknown). A later run in another CRS is recorded without geometries, and overlap
 * matching is only done against a previous run with the same CRS.
 *
 * Matching (ls__ledger_match). Previous run = the latest recorded run of the same `name`
 * with an earlier reference date (re-running a year compares with the year before, so it
 * gives the same answer). Parcels match by id first; then every (old, new) pair not both
 * matched by id links when area(old ∩ new) ≥ match_overlap_min × min(area old, area new),
 * i.e. the overlap covers that share of either parcel. Linked groups (connected components)
 * are reported as same_id, resurvey (1:1, new id), split (1 old : n new), merge (n : 1) or
 * split_merge. An old parcel's figures are shared among its successors in proportion to
 * overlap. A new parcel inherits first_listed (earliest) and listed_runs (largest) from its
 * predecessors; change = new (listed now, no listed predecessor), persisting (listed now and
 * before, whatever the listed status), resolved (listed before, not now), unchanged. The
 * `resolved` records are the current parcels whose change is resolved, plus listed parcels of
 * the previous run that match nothing now (new_status "removed"); old ids that are matched
 * never appear there.
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
#include <time.h>
#include <unistd.h>

#include <cpl_error.h>
#include <cpl_string.h>
#include <gdal.h>
#include <geos_c.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <openssl/evp.h>
#include <sqlite3.h>
#include <spatialite.h>

#include "geos_bridge.h"
#include "landscan/ledger.h"
#include "ledger.h"

#define BUSY_MS 30000

struct ls__ledger {
    char *path;
    long prev_run_id; /* 0 when none */
    char *district;   /* --district of the run */
};

/* ---- the database connection ------------------------------------------------------------ */

typedef struct ldb {
    ls_context *ctx;
    const char *path;
    sqlite3 *db;
    void *cache; /* SpatiaLite connection cache */
} ldb;

static pthread_once_t spatialite_once = PTHREAD_ONCE_INIT;
static void spatialite_start(void)
{
    spatialite_initialize();
}

static int db_error(ldb *L, const char *what)
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

static void db_close(ldb *L)
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

static int db_open(ls_context *ctx, const char *path, int write, ldb *L)
{
    memset(L, 0, sizeof(*L));
    L->ctx = ctx;
    L->path = path;
    int flags = write ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY;
    if (sqlite3_open_v2(path, &L->db, flags, NULL) != SQLITE_OK) {
        int rc = db_error(L, write ? "cannot open or create the ledger" : "cannot open the ledger");
        db_close(L);
        return rc;
    }
    sqlite3_busy_timeout(L->db, BUSY_MS);
    sqlite3_create_function(L->db, "ls_series", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
                            sql_series, NULL, NULL);
    pthread_once(&spatialite_once, spatialite_start);
    if (!(L->cache = spatialite_alloc_connection())) {
        db_close(L);
        return ls__error_set(ctx, LS_ENOMEM, "out of memory");
    }
    spatialite_init_ex(L->db, L->cache, 0);
    return LS_OK;
}

static int db_exec(ldb *L, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(L->db, sql, NULL, NULL, &msg) == SQLITE_OK)
        return LS_OK;
    sqlite3_free(msg);
    return db_error(L, "ledger statement failed");
}

static int db_prepare(ldb *L, const char *sql, sqlite3_stmt **st)
{
    if (sqlite3_prepare_v2(L->db, sql, -1, st, NULL) == SQLITE_OK)
        return LS_OK;
    *st = NULL;
    return db_error(L, "cannot read the ledger");
}

/* First column of the first row as a number (0 when no row). */
static int db_long(ldb *L, const char *sql, long *out)
{
    sqlite3_stmt *st = NULL;
    int error = db_prepare(L, sql, &st);
    if (error)
        return error;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *out = (long)sqlite3_column_int64(st, 0);
    else if (rc == SQLITE_DONE)
        *out = 0;
    else
        error = db_error(L, "cannot read the ledger");
    sqlite3_finalize(st);
    return error;
}

/* First column of the first row as text (NULL when no row or NULL). Caller frees. */
static int db_text(ldb *L, const char *sql, char **out)
{
    sqlite3_stmt *st = NULL;
    int error = db_prepare(L, sql, &st);
    if (error)
        return error;
    *out = NULL;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(st, 0);
        if (t && !(*out = ls__strdup(t)))
            error = ls__error_set(L->ctx, LS_ENOMEM, "out of memory");
    } else if (rc != SQLITE_DONE) {
        error = db_error(L, "cannot read the ledger");
    }
    sqlite3_finalize(st);
    return error;
}

static char *col_text(sqlite3_stmt *st, int i)
{
    const char *t = (const char *)sqlite3_column_text(st, i);
    return t ? ls__strdup(t) : NULL;
}

static double col_real(sqlite3_stmt *st, int i)
{
    return sqlite3_column_type(st, i) == SQLITE_NULL ? NAN : sqlite3_column_double(st, i);
}

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
    if (s)
        sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, i);
}

static void bind_real(sqlite3_stmt *st, int i, double v)
{
    if (isnan(v))
        sqlite3_bind_null(st, i);
    else
        sqlite3_bind_double(st, i, v);
}

/* ---- validation ------------------------------------------------------------------------- */

/* *exists = 0 when the file is missing or empty (a new ledger); refuses a file that is not
 * SQLite by its header, without opening it. */
static int probe_file(ls_context *ctx, const char *path, int *exists)
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
static int check_ledger(ldb *L, int *version)
{
    long app = 0, ntables = 0, v = 0;
    char *check = NULL;
    int error;
    *version = 0;
    if ((error = db_long(L, "PRAGMA application_id", &app)) ||
        (error = db_long(L, "SELECT count(*) FROM sqlite_master", &ntables)))
        return error;
    if (app != LS_LEDGER_APPLICATION_ID && !(app == 0 && ntables == 0))
        return ls__error_set(L->ctx, LS_EINVAL,
                             "%s: a SQLite database that is not a landscan ledger (application_id "
                             "%ld, %ld schema objects); refusing to use or overwrite it (set "
                             "another `ledger:` path or use --no-ledger)",
                             L->path, app, ntables);
    if ((error = db_text(L, "PRAGMA quick_check", &check)))
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
    if ((error = db_long(L, "SELECT value FROM landscan_meta WHERE key = 'schema_version'", &v)))
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
    *version = (int)v;
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

/* Upgrade steps: upgrades[v] takes a ledger from schema v to v + 1 (index 0 unused: version
 * 1 is created whole). Empty while there is one version. */
static const char *const upgrades[LS_LEDGER_SCHEMA_VERSION] = {NULL};

static int create_schema(ldb *L, int epsg)
{
    int error;
    long ok = 0, srid = epsg > 0 ? epsg : 0;
    char sql[512];
    if ((error = db_exec(L, schema_v1)) ||
        (error = db_long(L, "SELECT InitSpatialMetadata(0, 'NONE')", &ok)))
        return error;
    if (!ok)
        return ls__error_set(L->ctx, LS_EDEP, "%s: SpatiaLite could not initialise the ledger",
                             L->path);
    if (srid > 0) {
        long known = 0;
        snprintf(sql, sizeof(sql), "SELECT InsertEpsgSrid(%ld)", srid);
        if ((error = db_long(L, sql, &ok)))
            return error;
        snprintf(sql, sizeof(sql), "SELECT count(*) FROM spatial_ref_sys WHERE srid = %ld", srid);
        if ((error = db_long(L, sql, &known)))
            return error;
        if (!known)
            srid = 0;
    }
    snprintf(sql, sizeof(sql),
             "SELECT AddGeometryColumn('run_parcels', 'geom', %ld, 'MULTIPOLYGON', 'XY')", srid);
    if ((error = db_long(L, sql, &ok)))
        return error;
    if (ok && (error = db_long(L, "SELECT CreateSpatialIndex('run_parcels', 'geom')", &ok)))
        return error;
    if (!ok)
        return ls__error_set(L->ctx, LS_EDEP,
                             "%s: SpatiaLite could not add the geometry column to the ledger",
                             L->path);
    snprintf(sql, sizeof(sql),
             "INSERT INTO landscan_meta VALUES ('schema_version', '%d'), ('geometry_srid', '%ld'),"
             " ('created_by', 'landscan %s');"
             "PRAGMA application_id = %d; PRAGMA user_version = %d;",
             LS_LEDGER_SCHEMA_VERSION, srid, ls_version(), LS_LEDGER_APPLICATION_ID,
             LS_LEDGER_SCHEMA_VERSION);
    return db_exec(L, sql);
}

static int upgrade_schema(ldb *L, int from)
{
    char sql[256];
    for (int v = from; v < LS_LEDGER_SCHEMA_VERSION; v++) {
        int error = upgrades[v] ? db_exec(L, upgrades[v]) : LS_OK;
        if (error)
            return error;
    }
    snprintf(sql, sizeof(sql),
             "UPDATE landscan_meta SET value = '%d' WHERE key = 'schema_version';"
             "PRAGMA user_version = %d;",
             LS_LEDGER_SCHEMA_VERSION, LS_LEDGER_SCHEMA_VERSION);
    return db_exec(L, sql);
}

/* ---- lists ------------------------------------------------------------------------------ */

/* 1 when the reason list ("A(1<2);B;NO_DATA_C") has a code equal to `code`. */
static int has_code(const char *reasons, const char *code)
{
    size_t n = strlen(code);
    for (const char *s = reasons; s && *s;) {
        if (strncmp(s, code, n) == 0 && (s[n] == '\0' || s[n] == '(' || s[n] == ';'))
            return 1;
        s = strchr(s, ';');
        if (s)
            s++;
    }
    return 0;
}

int ls__ledger_assign_lists(ls_context *ctx, ls__dataset *ds, const ls_rules *rules)
{
    for (size_t i = 0; i < ds->nparcels; i++) {
        ls__parcel *p = &ds->parcels[i];
        const char *status = ls__status_name(p->status);
        ls__buf b = {0};
        p->listed = p->status == LS_STATUS_IDLE || p->status == LS_STATUS_RELOCATABLE ||
                    p->status == LS_STATUS_LOW_EFFICIENCY;
        for (size_t l = 0; l < rules->nlists; l++) {
            const ls_list_rule *lr = &rules->lists[l];
            int on = 0;
            for (size_t k = 0; k < lr->nitems && !on; k++)
                on = strcmp(lr->items[k], status) == 0 || has_code(p->reasons, lr->items[k]);
            if (on)
                ls__buf_addf(&b, "%s%s", b.len ? ";" : "", lr->name);
        }
        if (!b.data)
            ls__buf_add(&b, "");
        free(p->lists);
        if (!(p->lists = ls__buf_take(&b)))
            return ls__error_set(ctx, LS_ENOMEM, "out of memory");
    }
    return LS_OK;
}

/* ---- matching --------------------------------------------------------------------------- */

typedef struct edge {
    size_t n, o;
    double overlap; /* m², -1 when not computed */
    double share;   /* of the old parcel's figures going to the new one */
} edge;

typedef struct edges {
    size_t len, cap;
    edge *e;
} edges;

static int edge_add(edges *E, size_t n, size_t o, double overlap)
{
    for (size_t i = 0; i < E->len; i++)
        if (E->e[i].n == n && E->e[i].o == o)
            return 0;
    if (E->len == E->cap) {
        size_t cap = E->cap ? E->cap * 2 : 64;
        edge *e = realloc(E->e, cap * sizeof(*e));
        if (!e)
            return -1;
        E->e = e;
        E->cap = cap;
    }
    E->e[E->len++] = (edge){n, o, overlap, 1.0};
    return 0;
}

static int cmp_edge(const void *a, const void *b)
{
    const edge *x = a, *y = b;
    if (x->n != y->n)
        return x->n < y->n ? -1 : 1;
    return x->o < y->o ? -1 : x->o > y->o;
}

typedef struct idref {
    const char *id;
    size_t ix;
} idref;

static int cmp_idref(const void *a, const void *b)
{
    const idref *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    return c ? c : (x->ix < y->ix ? -1 : x->ix > y->ix);
}

typedef struct hits {
    size_t len, cap;
    size_t *ix;
    int failed;
} hits;

static void tree_hit(void *item, void *userdata)
{
    hits *h = userdata;
    if (h->len == h->cap) {
        size_t cap = h->cap ? h->cap * 2 : 16;
        size_t *ix = realloc(h->ix, cap * sizeof(*ix));
        if (!ix) {
            h->failed = 1;
            return;
        }
        h->ix = ix;
        h->cap = cap;
    }
    h->ix[h->len++] = *(const size_t *)item;
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

static size_t uf_find(size_t *parent, size_t i)
{
    while (parent[i] != i) {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    return i;
}

static long find_block(const ls__dataset *ds, const char *id)
{
    for (size_t i = 0; id && i < ds->nblocks; i++)
        if (ds->blocks[i].id && strcmp(ds->blocks[i].id, id) == 0)
            return (long)i;
    return -1;
}

static long find_district(const ls__dataset *ds, const char *name)
{
    for (size_t i = 0; name && i < ds->ndistricts; i++)
        if (ds->districts[i].name && strcmp(ds->districts[i].name, name) == 0)
            return (long)i;
    return -1;
}

static long find_town(const ls__dataset *ds, const char *district, const char *town)
{
    for (size_t i = 0; district && town && i < ds->ntowns; i++)
        if (ds->towns[i].name && ds->towns[i].town && strcmp(ds->towns[i].name, district) == 0 &&
            strcmp(ds->towns[i].town, town) == 0)
            return (long)i;
    return -1;
}

static int cmp_resolved(const void *a, const void *b)
{
    return strcmp(((const ls__resolved *)a)->parcel_id, ((const ls__resolved *)b)->parcel_id);
}

static int resolved_add(ls__dataset *ds, size_t *cap, ls__resolved r)
{
    if (ds->nresolved == *cap) {
        size_t c = *cap ? *cap * 2 : 16;
        ls__resolved *a = realloc(ds->resolved, c * sizeof(*a));
        if (!a)
            return -1;
        ds->resolved = a;
        *cap = c;
    }
    ds->resolved[ds->nresolved++] = r;
    return 0;
}

int ls__ledger_match(ls_context *ctx, ls__dataset *ds, ls__ledger_old *old, size_t nold,
                     int have_prev, const char *reference_date, double overlap_min)
{
    GEOSContextHandle_t g = ds->geos;
    int error = LS_OK;
    size_t nn = ds->nparcels;
    edges E = {0};
    idref *ids = NULL;
    char *id_new = NULL, *id_old = NULL;
    size_t *tree_ix = NULL, *parent = NULL, *cnt_old = NULL, *cnt_new = NULL, *deg = NULL;
    double *sum = NULL;
    GEOSSTRtree *tree = NULL;
    hits h = {0};
    size_t rcap = ds->nresolved;

    if (!have_prev) {
        for (size_t i = 0; i < nn; i++) {
            ls__parcel *p = &ds->parcels[i];
            p->change = p->listed ? LS_CHANGE_NEW : LS_CHANGE_UNCHANGED;
            p->listed_runs = p->listed;
            if (p->listed && !(p->first_listed = ls__strdup(reference_date)))
                return ls__error_set(ctx, LS_ENOMEM, "out of memory");
        }
        return LS_OK;
    }
    ids = malloc((nold ? nold : 1) * sizeof(*ids));
    id_new = calloc(nn ? nn : 1, 1);
    id_old = calloc(nold ? nold : 1, 1);
    tree_ix = malloc((nn ? nn : 1) * sizeof(*tree_ix));
    parent = malloc((nn + nold + 1) * sizeof(*parent));
    cnt_old = calloc(nn + nold + 1, sizeof(*cnt_old));
    cnt_new = calloc(nn + nold + 1, sizeof(*cnt_new));
    deg = calloc(nold ? nold : 1, sizeof(*deg));
    sum = calloc(nold ? nold : 1, sizeof(*sum));
    if (!ids || !id_new || !id_old || !tree_ix || !parent || !cnt_old || !cnt_new || !deg || !sum) {
        error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
        goto cleanup;
    }

    /* 1. same id */
    for (size_t o = 0; o < nold; o++)
        ids[o] = (idref){old[o].parcel_id ? old[o].parcel_id : "", o};
    if (nold > 1)
        qsort(ids, nold, sizeof(*ids), cmp_idref);
    for (size_t n = 0; n < nn; n++) {
        const char *pid = ds->parcels[n].parcel_id ? ds->parcels[n].parcel_id : "";
        size_t lo = 0, hi = nold;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (strcmp(ids[mid].id, pid) < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        for (size_t k = lo; k < nold && strcmp(ids[k].id, pid) == 0; k++) {
            if (edge_add(&E, n, ids[k].ix, -1.0)) {
                error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
                goto cleanup;
            }
            id_new[n] = 1;
            id_old[ids[k].ix] = 1;
        }
    }

    /* 2. overlap, for pairs not both matched by id */
    if (!isnan(overlap_min) && nn > 0 && nold > 0) {
        if (!(tree = GEOSSTRtree_create_r(g, 10))) {
            error = ls__error_set(ctx, LS_EGEOM, "ledger: GEOS could not build an index");
            goto cleanup;
        }
        for (size_t n = 0; n < nn; n++) {
            tree_ix[n] = n;
            if (ds->parcels[n].geom)
                GEOSSTRtree_insert_r(g, tree, ds->parcels[n].geom, &tree_ix[n]);
        }
        for (size_t o = 0; o < nold && error == LS_OK; o++) {
            if (!old[o].geom)
                continue;
            h.len = 0;
            GEOSSTRtree_query_r(g, tree, old[o].geom, tree_hit, &h);
            if (h.failed) {
                error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
                break;
            }
            if (h.len > 1)
                qsort(h.ix, h.len, sizeof(*h.ix), cmp_size);
            double area_o = 0;
            GEOSArea_r(g, old[o].geom, &area_o);
            for (size_t k = 0; k < h.len; k++) {
                size_t n = h.ix[k];
                if (id_new[n] && id_old[o])
                    continue;
                double inter = ls__geos_overlap_area(g, ds->parcels[n].geom, old[o].geom);
                if (inter < 0) {
                    error = ls__error_set(ctx, LS_EGEOM,
                                          "ledger: cannot intersect parcel %s with parcel %s of "
                                          "the previous run",
                                          ds->parcels[n].parcel_id, old[o].parcel_id);
                    break;
                }
                double least = fmin(ds->parcels[n].area_m2, area_o);
                if (inter > 0 && inter >= overlap_min * least - 1e-9 * least &&
                    edge_add(&E, n, o, inter)) {
                    error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
                    break;
                }
            }
        }
        if (error)
            goto cleanup;
    }
    if (E.len > 1)
        qsort(E.e, E.len, sizeof(*E.e), cmp_edge);

    /* 3. shares of each old parcel among its successors, by overlap */
    for (size_t i = 0; i < E.len; i++)
        deg[E.e[i].o]++;
    for (size_t i = 0; i < E.len; i++) {
        edge *e = &E.e[i];
        if (deg[e->o] > 1 && e->overlap < 0 && old[e->o].geom && ds->parcels[e->n].geom)
            e->overlap = ls__geos_overlap_area(g, ds->parcels[e->n].geom, old[e->o].geom);
    }
    for (size_t i = 0; i < E.len; i++)
        sum[E.e[i].o] += E.e[i].overlap > 0 ? E.e[i].overlap : 0;
    for (size_t i = 0; i < E.len; i++) {
        edge *e = &E.e[i];
        if (deg[e->o] <= 1)
            e->share = 1.0;
        else if (sum[e->o] > 0)
            e->share = (e->overlap > 0 ? e->overlap : 0) / sum[e->o];
        else
            e->share = 1.0 / (double)deg[e->o];
    }

    /* 4. groups */
    for (size_t i = 0; i < nn + nold; i++)
        parent[i] = i;
    for (size_t i = 0; i < E.len; i++) {
        size_t a = uf_find(parent, E.e[i].n), b = uf_find(parent, nn + E.e[i].o);
        if (a != b)
            parent[a] = b;
    }
    for (size_t n = 0; n < nn; n++)
        cnt_new[uf_find(parent, n)]++;
    for (size_t o = 0; o < nold; o++)
        cnt_old[uf_find(parent, nn + o)]++;

    /* 5. per current parcel */
    for (size_t i = 0, n = 0; n < nn && error == LS_OK; n++) {
        ls__parcel *p = &ds->parcels[n];
        size_t first = i;
        while (i < E.len && E.e[i].n == n)
            i++;
        int was_listed = 0, prev_runs = 0;
        const char *first_listed = NULL;
        double best_share = -1, old_reclaim = 0, old_area = 0;
        const char *old_status = NULL;
        ls__buf from = {0};
        for (size_t k = first; k < i; k++) {
            const ls__ledger_old *o = &old[E.e[k].o];
            if (o->first_listed && (!first_listed || strcmp(o->first_listed, first_listed) < 0))
                first_listed = o->first_listed;
            if (o->listed_runs > prev_runs)
                prev_runs = o->listed_runs;
            ls__buf_addf(&from, "%s%s", from.len ? ";" : "", o->parcel_id);
            if (!o->listed)
                continue;
            was_listed = 1;
            old_reclaim += (isnan(o->reclaimable_mu) ? 0 : o->reclaimable_mu) * E.e[k].share;
            old_area += (isnan(o->area_mu) ? 0 : o->area_mu) * E.e[k].share;
            if (E.e[k].share > best_share) {
                best_share = E.e[k].share;
                old_status = o->status;
            }
        }
        if (first < i) {
            size_t root = uf_find(parent, n);
            size_t co = cnt_old[root], cn = cnt_new[root];
            if (co == 1 && cn == 1)
                p->match = id_new[n] ? "same_id" : "resurvey";
            else if (co == 1)
                p->match = "split";
            else if (cn == 1)
                p->match = "merge";
            else
                p->match = "split_merge";
        }
        char *from_text = ls__buf_take(&from);
        if (p->match && strcmp(p->match, "same_id") != 0) {
            p->matched_from = from_text;
            from_text = NULL;
        }
        free(from_text);
        p->change = p->listed ? (was_listed ? LS_CHANGE_PERSISTING : LS_CHANGE_NEW)
                              : (was_listed ? LS_CHANGE_RESOLVED : LS_CHANGE_UNCHANGED);
        p->listed_runs = prev_runs + p->listed;
        if (first_listed || p->listed) {
            p->first_listed = ls__strdup(first_listed ? first_listed : reference_date);
            if (!p->first_listed)
                error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
        }
        if (error == LS_OK && p->change == LS_CHANGE_RESOLVED) {
            ls__resolved r = {ls__strdup(p->parcel_id),
                              ls__strdup(old_status),
                              ls__strdup(ls__status_name(p->status)),
                              old_reclaim,
                              old_area,
                              p->block_ix,
                              p->district_ix,
                              p->town_ix,
                              p->geom ? GEOSGeom_clone_r(g, p->geom) : NULL};
            if (!r.parcel_id || !r.old_status || !r.new_status || resolved_add(ds, &rcap, r)) {
                free(r.parcel_id);
                free(r.old_status);
                free(r.new_status);
                if (r.geom)
                    GEOSGeom_destroy_r(g, r.geom);
                error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
            }
        }
    }

    /* 6. listed parcels of the previous run that match nothing now */
    for (size_t o = 0; o < nold && error == LS_OK; o++) {
        ls__ledger_old *op = &old[o];
        if (deg[o] > 0 || !op->listed)
            continue;
        long d = find_district(ds, op->district);
        ls__resolved r = {ls__strdup(op->parcel_id),
                          ls__strdup(op->status),
                          ls__strdup("removed"),
                          isnan(op->reclaimable_mu) ? 0 : op->reclaimable_mu,
                          isnan(op->area_mu) ? 0 : op->area_mu,
                          find_block(ds, op->block_id),
                          d,
                          find_town(ds, op->district, op->town),
                          op->geom};
        op->geom = NULL;
        if (!r.parcel_id || !r.old_status || !r.new_status || resolved_add(ds, &rcap, r)) {
            free(r.parcel_id);
            free(r.old_status);
            free(r.new_status);
            if (r.geom)
                GEOSGeom_destroy_r(g, r.geom);
            error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
        }
    }
    if (error == LS_OK && ds->nresolved > 1)
        qsort(ds->resolved, ds->nresolved, sizeof(*ds->resolved), cmp_resolved);

cleanup:
    if (tree)
        GEOSSTRtree_destroy_r(g, tree);
    free(h.ix);
    free(E.e);
    free(ids);
    free(id_new);
    free(id_old);
    free(tree_ix);
    free(parent);
    free(cnt_old);
    free(cnt_new);
    free(deg);
    free(sum);
    return error;
}

/* ---- prepare (before writing) ------------------------------------------------------------ */

static void free_old(GEOSContextHandle_t g, ls__ledger_old *old, size_t n)
{
    for (size_t i = 0; old && i < n; i++) {
        free(old[i].parcel_id);
        free(old[i].status);
        free(old[i].first_listed);
        free(old[i].block_id);
        free(old[i].district);
        free(old[i].town);
        if (old[i].geom)
            GEOSGeom_destroy_r(g, old[i].geom);
    }
    free(old);
}

/* The previous run of cfg->name's series (same name, years aside) and its parcels (with geometry
 * when same_crs). */
static int load_previous(ldb *L, const ls_config *cfg, const char *district, ls__dataset *ds,
                         long *prev_id, ls__ledger_old **out, size_t *nout)
{
    sqlite3_stmt *st = NULL;
    GEOSWKBReader *rd = NULL;
    ls__ledger_old *old = NULL;
    size_t n = 0, cap = 0;
    int same_crs = 0;
    int error = db_prepare(
        L,
        "SELECT run_id, crs_wkt, srid FROM runs WHERE ls_series(name) = ls_series(?1) AND "
        "reference_date < ?2 ORDER BY reference_date DESC, run_id DESC LIMIT 1",
        &st);
    if (error)
        return error;
    bind_text(st, 1, cfg->name ? cfg->name : "");
    bind_text(st, 2, cfg->reference_date ? cfg->reference_date : "");
    int rc = sqlite3_step(st);
    *prev_id = 0;
    if (rc == SQLITE_ROW) {
        const char *wkt = (const char *)sqlite3_column_text(st, 1);
        long srid = (long)sqlite3_column_int64(st, 2);
        *prev_id = (long)sqlite3_column_int64(st, 0);
        same_crs = (wkt && ds->crs_wkt && strcmp(wkt, ds->crs_wkt) == 0) ||
                   (srid > 0 && srid == ds->crs_epsg);
    } else if (rc != SQLITE_DONE) {
        error = db_error(L, "cannot read the ledger");
    }
    sqlite3_finalize(st);
    st = NULL;
    if (error || *prev_id == 0)
        return error;
    if (!same_crs)
        ls__notice(L->ctx, LS_NOTICE_WARNING,
                   "%s: the previous run (%ld) is in another CRS; parcels are matched by id only",
                   L->path, *prev_id);
    if ((error = db_prepare(L,
                            "SELECT parcel_id, status, listed, first_listed, listed_runs, area_mu,"
                            " reclaimable_mu, block_id, district, town, AsBinary(geom)"
                            " FROM run_parcels WHERE run_id = ?1 AND (?2 IS NULL OR district = ?2)"
                            " ORDER BY rowid",
                            &st)))
        return error;
    sqlite3_bind_int64(st, 1, *prev_id);
    bind_text(st, 2, district);
    if (!(rd = GEOSWKBReader_create_r(ds->geos))) {
        error = ls__error_set(L->ctx, LS_EGEOM, "ledger: GEOS WKB reader failed");
        goto cleanup;
    }
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == cap) {
            size_t c = cap ? cap * 2 : 256;
            ls__ledger_old *a = realloc(old, c * sizeof(*a));
            if (!a) {
                error = ls__error_set(L->ctx, LS_ENOMEM, "out of memory");
                goto cleanup;
            }
            old = a;
            cap = c;
        }
        ls__ledger_old *o = &old[n++];
        memset(o, 0, sizeof(*o));
        o->parcel_id = col_text(st, 0);
        o->status = col_text(st, 1);
        o->listed = sqlite3_column_int(st, 2);
        o->first_listed = col_text(st, 3);
        o->listed_runs = sqlite3_column_int(st, 4);
        o->area_mu = col_real(st, 5);
        o->reclaimable_mu = col_real(st, 6);
        o->block_id = col_text(st, 7);
        o->district = col_text(st, 8);
        o->town = col_text(st, 9);
        const void *blob = sqlite3_column_blob(st, 10);
        int len = sqlite3_column_bytes(st, 10);
        if (same_crs && blob && len > 0)
            o->geom = GEOSWKBReader_read_r(ds->geos, rd, blob, (size_t)len);
        if (!o->parcel_id || !o->status) {
            error =
                ls__error_set(L->ctx, LS_EINVAL, "%s: run %ld has a parcel without id or status",
                              L->path, *prev_id);
            goto cleanup;
        }
    }
    if (rc != SQLITE_DONE)
        error = db_error(L, "cannot read the previous run");

cleanup:
    if (rd)
        GEOSWKBReader_destroy_r(ds->geos, rd);
    sqlite3_finalize(st);
    if (error) {
        free_old(ds->geos, old, n);
        return error;
    }
    *out = old;
    *nout = n;
    return LS_OK;
}

int ls__ledger_prepare(ls_context *ctx, const char *path, const ls_config *cfg,
                       const ls_rules *rules, const char *district, ls__dataset *ds,
                       ls__ledger **out)
{
    int error = LS_OK, exists = 0, version = 0;
    ldb L = {0};
    ls__ledger *lg = calloc(1, sizeof(*lg));
    ls__ledger_old *old = NULL;
    size_t nold = 0;
    if (!lg || !(lg->path = ls__strdup(path)) ||
        (district && !(lg->district = ls__strdup(district)))) {
        error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
        goto cleanup;
    }
    if ((error = ls__ledger_assign_lists(ctx, ds, rules)) ||
        (error = probe_file(ctx, path, &exists)))
        goto cleanup;
    if (exists) {
        if ((error = db_open(ctx, path, 0, &L)) || (error = check_ledger(&L, &version)))
            goto cleanup;
        if (version > 0 &&
            (error = load_previous(&L, cfg, district, ds, &lg->prev_run_id, &old, &nold)))
            goto cleanup;
        db_close(&L);
    }
    if ((error = ls__ledger_match(ctx, ds, old, nold, lg->prev_run_id > 0, cfg->reference_date,
                                  rules->match_overlap_min)))
        goto cleanup;
    ds->has_ledger = 1;

cleanup:
    db_close(&L);
    free_old(ds->geos, old, nold);
    if (error) {
        ls__ledger_free(lg);
        return error;
    }
    *out = lg;
    return LS_OK;
}

void ls__ledger_free(ls__ledger *lg)
{
    if (!lg)
        return;
    free(lg->path);
    free(lg->district);
    free(lg);
}

/* ---- record (after the outputs are in place) -------------------------------------------- */

static char *sha256_hex(const char *text)
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (!text || !EVP_Digest(text, strlen(text), md, &len, EVP_sha256(), NULL))
        return NULL;
    char *hex = malloc(len * 2 + 1);
    for (unsigned int i = 0; hex && i < len; i++)
        snprintf(hex + 2 * i, 3, "%02x", md[i]);
    return hex;
}

static double listed_mu_of(const ls__totals *t)
{
    return t->status_mu[LS_STATUS_IDLE] + t->status_mu[LS_STATUS_RELOCATABLE] +
           t->status_mu[LS_STATUS_LOW_EFFICIENCY];
}

/* Everything of one run, inside the caller's transaction. */
static int insert_run(ldb *L, ls__ledger *lg, const ls_config *cfg, const ls_rules *rules,
                      const ls__dataset *ds, const ls__kv *info, const char *out_dir, long srid)
{
    int error = LS_OK;
    sqlite3_stmt *st = NULL;
    GEOSWKBWriter *wr = NULL;
    char *rules_json = NULL, *rules_hash = NULL;
    char stamp[64];
    time_t now = time(NULL);
    struct tm tmv;
    gmtime_r(&now, &tmv);
    strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tmv);
    long listed = 0;
    double listed_mu = 0, new_mu = 0, resolved_mu = 0;
    for (size_t i = 0; i < ds->nparcels; i++) {
        const ls__parcel *p = &ds->parcels[i];
        listed += p->listed;
        listed_mu += p->listed ? p->area_mu : 0;
        new_mu += p->change == LS_CHANGE_NEW ? p->area_mu : 0;
    }
    for (size_t i = 0; i < ds->nresolved; i++)
        resolved_mu += ds->resolved[i].old_area_mu;
    if ((error = ls_rules_to_json(L->ctx, rules, &rules_json)))
        goto cleanup;
    rules_hash = sha256_hex(rules_json);

    if ((error =
             db_prepare(L,
                        "INSERT INTO runs (name, reference_date, recorded_at, version, run_file,"
                        " run_file_sha256, output_dir, district_filter, crs, crs_wkt, srid, rules,"
                        " rules_chain, rules_json, rules_sha256, previous_run_id, parcel_count,"
                        " listed_count, listed_mu, new_listed_mu, resolved_mu) VALUES"
                        " (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                        &st)))
        goto cleanup;
    bind_text(st, 1, cfg->name ? cfg->name : "");
    bind_text(st, 2, cfg->reference_date ? cfg->reference_date : "");
    bind_text(st, 3, stamp);
    bind_text(st, 4, ls_version());
    bind_text(st, 5, cfg->path);
    bind_text(st, 6, ls__kv_get(info, "run_file_sha256"));
    bind_text(st, 7, out_dir);
    bind_text(st, 8, lg->district);
    bind_text(st, 9, ds->crs_name);
    bind_text(st, 10, ds->crs_wkt);
    sqlite3_bind_int64(st, 11, ds->crs_epsg);
    bind_text(st, 12, rules->name);
    bind_text(st, 13, rules->extends_chain);
    bind_text(st, 14, rules_json);
    bind_text(st, 15, rules_hash);
    if (lg->prev_run_id > 0)
        sqlite3_bind_int64(st, 16, lg->prev_run_id);
    else
        sqlite3_bind_null(st, 16);
    sqlite3_bind_int64(st, 17, (sqlite3_int64)ds->nparcels);
    sqlite3_bind_int64(st, 18, listed);
    sqlite3_bind_double(st, 19, listed_mu);
    sqlite3_bind_double(st, 20, new_mu);
    sqlite3_bind_double(st, 21, resolved_mu);
    if (sqlite3_step(st) != SQLITE_DONE) {
        error = db_error(L, "cannot record the run");
        goto cleanup;
    }
    sqlite3_finalize(st);
    st = NULL;
    sqlite3_int64 run_id = sqlite3_last_insert_rowid(L->db);

    if ((error = db_prepare(L, "INSERT INTO run_info VALUES (?, ?, ?)", &st)))
        goto cleanup;
    for (size_t i = 0; info && i < info->n && !error; i++) {
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, run_id);
        bind_text(st, 2, info->keys[i]);
        bind_text(st, 3, info->values[i]);
        if (sqlite3_step(st) != SQLITE_DONE)
            error = db_error(L, "cannot record the run");
    }
    sqlite3_finalize(st);
    st = NULL;
    if (error)
        goto cleanup;

    char sql[512];
    snprintf(sql, sizeof(sql),
             "INSERT INTO run_parcels (run_id, parcel_id, block_id, district, town, status, action,"
             " reasons, area_mu, reclaimable_mu, listed, lists, change, first_listed, listed_runs,"
             " match, matched_from, geom) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,"
             " CastToMulti(GeomFromWKB(?, %ld)))",
             srid);
    int with_geom = srid == ds->crs_epsg;
    if (!with_geom)
        ls__notice(L->ctx, LS_NOTICE_WARNING,
                   "%s: the ledger holds geometry in EPSG:%ld, this run is in %s; the run is "
                   "recorded without geometry",
                   L->path, srid, ds->crs_name ? ds->crs_name : "another CRS");
    if (!(wr = GEOSWKBWriter_create_r(ds->geos))) {
        error = ls__error_set(L->ctx, LS_EGEOM, "ledger: GEOS WKB writer failed");
        goto cleanup;
    }
    GEOSWKBWriter_setOutputDimension_r(ds->geos, wr, 2);
    if ((error = db_prepare(L, sql, &st)))
        goto cleanup;
    for (size_t i = 0; i < ds->nparcels && !error; i++) {
        const ls__parcel *p = &ds->parcels[i];
        size_t len = 0;
        unsigned char *wkb =
            with_geom && p->geom ? GEOSWKBWriter_write_r(ds->geos, wr, p->geom, &len) : NULL;
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, run_id);
        bind_text(st, 2, p->parcel_id ? p->parcel_id : "");
        bind_text(st, 3, p->block_id);
        bind_text(st, 4, p->district);
        bind_text(st, 5, p->town);
        bind_text(st, 6, ls__status_name(p->status));
        bind_text(st, 7, ls__action_name(p->action));
        bind_text(st, 8, p->reasons ? p->reasons : "");
        sqlite3_bind_double(st, 9, p->area_mu);
        bind_real(st, 10, p->reclaimable_mu);
        sqlite3_bind_int(st, 11, p->listed);
        bind_text(st, 12, p->lists ? p->lists : "");
        bind_text(st, 13, ls__change_name(p->change));
        bind_text(st, 14, p->first_listed);
        sqlite3_bind_int(st, 15, p->listed_runs);
        bind_text(st, 16, p->match);
        bind_text(st, 17, p->matched_from);
        if (wkb)
            sqlite3_bind_blob(st, 18, wkb, (int)len, SQLITE_TRANSIENT);
        else
            sqlite3_bind_null(st, 18);
        if (sqlite3_step(st) != SQLITE_DONE)
            error = db_error(L, "cannot record the run's parcels");
        if (wkb)
            GEOSFree_r(ds->geos, wkb);
    }
    sqlite3_finalize(st);
    st = NULL;
    if (error)
        goto cleanup;

    if ((error = db_prepare(L, "INSERT INTO list_members VALUES (?, ?, ?)", &st)))
        goto cleanup;
    for (size_t i = 0; i < ds->nparcels && !error; i++) {
        const ls__parcel *p = &ds->parcels[i];
        for (const char *s = p->lists; s && *s && !error;) {
            const char *e = strchr(s, ';');
            size_t len = e ? (size_t)(e - s) : strlen(s);
            sqlite3_reset(st);
            sqlite3_bind_int64(st, 1, run_id);
            sqlite3_bind_text(st, 2, s, (int)len, SQLITE_TRANSIENT);
            bind_text(st, 3, p->parcel_id ? p->parcel_id : "");
            if (sqlite3_step(st) != SQLITE_DONE)
                error = db_error(L, "cannot record the run's lists");
            s = e ? e + 1 : s + len;
        }
    }
    sqlite3_finalize(st);
    st = NULL;
    if (error)
        goto cleanup;

    if ((error = db_prepare(L, "INSERT INTO resolved VALUES (?, ?, ?, ?, ?, ?)", &st)))
        goto cleanup;
    for (size_t i = 0; i < ds->nresolved && !error; i++) {
        const ls__resolved *r = &ds->resolved[i];
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, run_id);
        bind_text(st, 2, r->parcel_id);
        bind_text(st, 3, r->old_status);
        bind_text(st, 4, r->new_status);
        sqlite3_bind_double(st, 5, r->old_reclaimable_mu);
        sqlite3_bind_double(st, 6, r->old_area_mu);
        if (sqlite3_step(st) != SQLITE_DONE)
            error = db_error(L, "cannot record the run's resolved parcels");
    }
    sqlite3_finalize(st);
    st = NULL;
    if (error)
        goto cleanup;

    if ((error = db_prepare(L, "INSERT INTO area_totals VALUES (?, ?, ?, ?, ?, ?, ?)", &st)))
        goto cleanup;
    for (int kind = 0; kind < 3 && !error; kind++) {
        static const char *const kinds[] = {"block", "district", "town"};
        size_t n = kind == 0 ? ds->nblocks : kind == 1 ? ds->ndistricts : ds->ntowns;
        const ls__area *a = kind == 0 ? ds->blocks : kind == 1 ? ds->districts : ds->towns;
        const ls__totals *t = kind == 0   ? ds->block_totals
                              : kind == 1 ? ds->district_totals
                                          : ds->town_totals;
        for (size_t i = 0; t && i < n && !error; i++) {
            char *key = kind == 0   ? ls__strdup(a[i].id ? a[i].id : "")
                        : kind == 1 ? ls__strdup(a[i].name ? a[i].name : "")
                                    : ls__sprintf("%s/%s", a[i].name ? a[i].name : "",
                                                  a[i].town ? a[i].town : "");
            if (!key) {
                error = ls__error_set(L->ctx, LS_ENOMEM, "out of memory");
                break;
            }
            sqlite3_reset(st);
            sqlite3_bind_int64(st, 1, run_id);
            bind_text(st, 2, kinds[kind]);
            bind_text(st, 3, key);
            sqlite3_bind_double(st, 4, listed_mu_of(&t[i]));
            sqlite3_bind_double(st, 5, t[i].new_listed_mu);
            sqlite3_bind_double(st, 6, t[i].resolved_mu);
            sqlite3_bind_double(st, 7, t[i].net_listed_mu);
            if (sqlite3_step(st) != SQLITE_DONE)
                error = db_error(L, "cannot record the run's totals");
            free(key);
        }
    }

cleanup:
    sqlite3_finalize(st);
    if (wr)
        GEOSWKBWriter_destroy_r(ds->geos, wr);
    free(rules_json);
    free(rules_hash);
    return error;
}

int ls__ledger_record(ls_context *ctx, ls__ledger *lg, const ls_config *cfg, const ls_rules *rules,
                      const ls__dataset *ds, const ls__kv *run_info, const char *out_dir)
{
    ldb L = {0};
    int error, exists = 0, version = 0, began = 0;
    long srid = 0;
    if ((error = probe_file(ctx, lg->path, &exists)) || (error = db_open(ctx, lg->path, 1, &L)))
        goto cleanup;
    if ((error = db_exec(&L, "BEGIN IMMEDIATE")))
        goto cleanup;
    began = 1;
    if ((error = check_ledger(&L, &version)))
        goto cleanup;
    if (version == 0)
        error = create_schema(&L, ds->crs_epsg);
    else if (version < LS_LEDGER_SCHEMA_VERSION)
        error = upgrade_schema(&L, version);
    if (error ||
        (error =
             db_long(&L, "SELECT value FROM landscan_meta WHERE key = 'geometry_srid'", &srid)) ||
        (error = insert_run(&L, lg, cfg, rules, ds, run_info, out_dir, srid)))
        goto cleanup;
    if ((error = db_exec(&L, "COMMIT")))
        goto cleanup;
    began = 0;

cleanup:
    if (began)
        sqlite3_exec(L.db, "ROLLBACK", NULL, NULL, NULL);
    db_close(&L);
    if (error) {
        char msg[1024];
        snprintf(msg, sizeof(msg), "%s", ls_context_error(ctx));
        ls__error_set(ctx, error, "%s (the outputs are written, the run is not recorded)", msg);
    }
    return error;
}

/* ---- public: list, show, diff ------------------------------------------------------------ */

/* Open an existing ledger read-only for the CLI verbs; *empty when it holds no ledger yet. */
static int open_existing(ls_context *ctx, const char *path, ldb *L, int *empty)
{
    int exists = 0, version = 0, error;
    ls__error_clear(ctx);
    if (!path)
        return ls__error_set(ctx, LS_EINVAL, "no ledger path given");
    if ((error = probe_file(ctx, path, &exists)))
        return error;
    if (!exists) {
        struct stat st;
        if (stat(path, &st) != 0)
            return ls__error_set(ctx, LS_ENOTFOUND, "%s: no such ledger", path);
    }
    if ((error = db_open(ctx, path, 0, L)))
        return error;
    if ((error = check_ledger(L, &version))) {
        db_close(L);
        return error;
    }
    *empty = version == 0;
    return LS_OK;
}

static const char run_columns[] =
    "SELECT run_id, name, reference_date, recorded_at, version, rules, rules_sha256, output_dir,"
    " district_filter, previous_run_id, parcel_count, listed_count, listed_mu, new_listed_mu,"
    " resolved_mu FROM runs";

static void read_run(sqlite3_stmt *st, ls_ledger_run *r)
{
    r->run_id = (long)sqlite3_column_int64(st, 0);
    r->name = col_text(st, 1);
    r->reference_date = col_text(st, 2);
    r->recorded_at = col_text(st, 3);
    r->version = col_text(st, 4);
    r->rules = col_text(st, 5);
    r->rules_sha256 = col_text(st, 6);
    r->output_dir = col_text(st, 7);
    r->district_filter = col_text(st, 8);
    r->previous_run_id = (long)sqlite3_column_int64(st, 9);
    r->parcel_count = (long)sqlite3_column_int64(st, 10);
    r->listed_count = (long)sqlite3_column_int64(st, 11);
    r->listed_mu = sqlite3_column_double(st, 12);
    r->new_listed_mu = sqlite3_column_double(st, 13);
    r->resolved_mu = sqlite3_column_double(st, 14);
}

static void run_fields_free(ls_ledger_run *r)
{
    free(r->name);
    free(r->reference_date);
    free(r->recorded_at);
    free(r->version);
    free(r->rules);
    free(r->rules_sha256);
    free(r->output_dir);
    free(r->district_filter);
}

void ls_ledger_runs_free(ls_ledger_run *runs, size_t n)
{
    for (size_t i = 0; runs && i < n; i++)
        run_fields_free(&runs[i]);
    free(runs);
}

int ls_ledger_list(ls_context *ctx, const char *path, ls_ledger_run **out, size_t *n)
{
    ldb L = {0};
    sqlite3_stmt *st = NULL;
    ls_ledger_run *runs = NULL;
    size_t count = 0, cap = 0;
    int empty = 0, rc;
    int error = open_existing(ctx, path, &L, &empty);
    if (error)
        return error;
    if (!empty) {
        char sql[512];
        snprintf(sql, sizeof(sql), "%s ORDER BY run_id", run_columns);
        if ((error = db_prepare(&L, sql, &st)))
            goto cleanup;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            if (count == cap) {
                size_t c = cap ? cap * 2 : 16;
                ls_ledger_run *a = realloc(runs, c * sizeof(*a));
                if (!a) {
                    error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
                    goto cleanup;
                }
                runs = a;
                cap = c;
            }
            memset(&runs[count], 0, sizeof(*runs));
            read_run(st, &runs[count++]);
        }
        if (rc != SQLITE_DONE)
            error = db_error(&L, "cannot read the runs");
    }
cleanup:
    sqlite3_finalize(st);
    db_close(&L);
    if (error) {
        ls_ledger_runs_free(runs, count);
        return error;
    }
    *out = runs;
    *n = count;
    return LS_OK;
}

/* One run by id into *r (fields owned by r). */
static int get_run(ldb *L, long run_id, ls_ledger_run *r, char **crs_wkt)
{
    sqlite3_stmt *st = NULL;
    char sql[600];
    snprintf(sql, sizeof(sql), "%s WHERE run_id = ?1", run_columns);
    char *p = strstr(sql, " FROM runs");
    /* also fetch crs_wkt: insert the column before FROM */
    char with_crs[700];
    snprintf(with_crs, sizeof(with_crs), "%.*s, crs_wkt%s", (int)(p - sql), sql, p);
    int error = db_prepare(L, with_crs, &st);
    if (error)
        return error;
    sqlite3_bind_int64(st, 1, run_id);
    int rc = sqlite3_step(st);
    memset(r, 0, sizeof(*r));
    if (rc == SQLITE_ROW) {
        read_run(st, r);
        if (crs_wkt)
            *crs_wkt = col_text(st, 15);
    } else if (rc == SQLITE_DONE) {
        error =
            ls__error_set(L->ctx, LS_ENOTFOUND, "%s: no run %ld in the ledger", L->path, run_id);
    } else {
        error = db_error(L, "cannot read the run");
    }
    sqlite3_finalize(st);
    return error;
}

/* Append the rows of a query as lines: each row's columns formatted by fmt letters
 * (s text, f number %.2f, d integer), separated by two spaces. */
static int add_rows(ldb *L, ls__buf *b, const char *sql, long run_id, const char *fmt,
                    const char *indent)
{
    sqlite3_stmt *st = NULL;
    int error = db_prepare(L, sql, &st), rc;
    if (error)
        return error;
    sqlite3_bind_int64(st, 1, run_id);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        ls__buf_add(b, indent);
        for (int i = 0; fmt[i]; i++) {
            if (i)
                ls__buf_add(b, "  ");
            if (sqlite3_column_type(st, i) == SQLITE_NULL)
                ls__buf_add(b, "-");
            else if (fmt[i] == 'f')
                ls__buf_addf(b, "%.2f", sqlite3_column_double(st, i));
            else if (fmt[i] == 'd')
                ls__buf_addf(b, "%lld", (long long)sqlite3_column_int64(st, i));
            else
                ls__buf_add(b, (const char *)sqlite3_column_text(st, i));
        }
        ls__buf_add(b, "\n");
    }
    if (rc != SQLITE_DONE)
        error = db_error(L, "cannot read the run");
    sqlite3_finalize(st);
    return error;
}

int ls_ledger_show(ls_context *ctx, const char *path, long run_id, char **out)
{
    ldb L = {0};
    ls_ledger_run r;
    memset(&r, 0, sizeof(r));
    ls__buf b = {0};
    int empty = 0;
    int error = open_existing(ctx, path, &L, &empty);
    if (error)
        return error;
    if (empty) {
        error = ls__error_set(ctx, LS_ENOTFOUND, "%s: no run %ld in the ledger", path, run_id);
        goto cleanup;
    }
    if ((error = get_run(&L, run_id, &r, NULL)))
        goto cleanup;
    ls__buf_addf(&b, "run %ld: %s\n", r.run_id, r.name ? r.name : "");
    ls__buf_addf(&b, "  reference_date   %s\n", r.reference_date ? r.reference_date : "-");
    ls__buf_addf(&b, "  recorded_at      %s\n", r.recorded_at ? r.recorded_at : "-");
    ls__buf_addf(&b, "  version          landscan %s\n", r.version ? r.version : "-");
    ls__buf_addf(&b, "  rules            %s (sha256 %s)\n", r.rules ? r.rules : "-",
                 r.rules_sha256 ? r.rules_sha256 : "-");
    ls__buf_addf(&b, "  output           %s\n", r.output_dir ? r.output_dir : "-");
    if (r.district_filter)
        ls__buf_addf(&b, "  district         %s\n", r.district_filter);
    if (r.previous_run_id > 0)
        ls__buf_addf(&b, "  previous run     %ld\n", r.previous_run_id);
    else
        ls__buf_add(&b, "  previous run     none (first run of this name)\n");
    ls__buf_addf(&b, "  parcels          %ld, listed %ld (%.2f mu)\n", r.parcel_count,
                 r.listed_count, r.listed_mu);
    ls__buf_addf(&b, "  new_listed_mu    %.2f\n  resolved_mu      %.2f\n  net_listed_mu    %.2f\n",
                 r.new_listed_mu, r.resolved_mu, r.new_listed_mu - r.resolved_mu);
    ls__buf_add(&b, "change (change  parcels  mu):\n");
    if (!error)
        error = add_rows(&L, &b,
                         "SELECT change, count(*), sum(area_mu) FROM run_parcels WHERE run_id = ?1"
                         " GROUP BY change ORDER BY change",
                         run_id, "sdf", "  ");
    ls__buf_add(&b, "lists (list  parcels  mu):\n");
    if (!error)
        error = add_rows(&L, &b,
                         "SELECT m.list, count(*), sum(p.area_mu) FROM list_members m JOIN"
                         " run_parcels p ON p.run_id = m.run_id AND p.parcel_id = m.parcel_id"
                         " WHERE m.run_id = ?1 GROUP BY m.list ORDER BY m.list",
                         run_id, "sdf", "  ");
    ls__buf_add(&b,
                "districts (district  listed_mu  new_listed_mu  resolved_mu  net_listed_mu):\n");
    if (!error)
        error = add_rows(&L, &b,
                         "SELECT area, listed_mu, new_listed_mu, resolved_mu, net_listed_mu FROM"
                         " area_totals WHERE run_id = ?1 AND kind = 'district' ORDER BY area",
                         run_id, "sffff", "  ");
    ls__buf_add(&b, "resolved (parcel_id  old_status  new_status  old_reclaimable_mu):\n");
    if (!error)
        error =
            add_rows(&L, &b,
                     "SELECT parcel_id, old_status, new_status, old_reclaimable_mu FROM resolved"
                     " WHERE run_id = ?1 ORDER BY parcel_id",
                     run_id, "sssf", "  ");
    ls__buf_add(&b, "inputs and timings:\n");
    if (!error)
        error = add_rows(
            &L, &b,
            "SELECT key, value FROM run_info WHERE run_id = ?1 AND (key LIKE 'input_%_path'"
            " OR key LIKE 'input_%_sha256' OR key LIKE 'time_%'"
            " OR key = 'run_file_sha256') ORDER BY rowid",
            run_id, "ss", "  ");
    if (error)
        goto cleanup;
    if (!(*out = ls__buf_take(&b)))
        error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
cleanup:
    ls__buf_free(&b);
    run_fields_free(&r);
    db_close(&L);
    return error;
}

/* A parcel row of one run for the diff. */
typedef struct drow {
    char *id, *status, *lists, *change, *match, *from;
    double area_mu, reclaimable_mu;
    unsigned char *wkb;
    int wkb_len;
} drow;

static void drows_free(drow *r, size_t n)
{
    for (size_t i = 0; r && i < n; i++) {
        free(r[i].id);
        free(r[i].status);
        free(r[i].lists);
        free(r[i].change);
        free(r[i].match);
        free(r[i].from);
        free(r[i].wkb);
    }
    free(r);
}

static int load_rows(ldb *L, long run_id, drow **out, size_t *nout)
{
    sqlite3_stmt *st = NULL;
    drow *rows = NULL;
    size_t n = 0, cap = 0;
    int rc, error = db_prepare(L,
                               "SELECT parcel_id, status, lists, area_mu, reclaimable_mu, change,"
                               " match, matched_from, AsBinary(geom) FROM run_parcels"
                               " WHERE run_id = ?1 ORDER BY parcel_id, rowid",
                               &st);
    if (error)
        return error;
    sqlite3_bind_int64(st, 1, run_id);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *id = (const char *)sqlite3_column_text(st, 0);
        if (n > 0 && id && strcmp(rows[n - 1].id, id) == 0)
            continue; /* a duplicate id: the first row stands for it */
        if (n == cap) {
            size_t c = cap ? cap * 2 : 256;
            drow *a = realloc(rows, c * sizeof(*a));
            if (!a) {
                error = ls__error_set(L->ctx, LS_ENOMEM, "out of memory");
                goto cleanup;
            }
            rows = a;
            cap = c;
        }
        drow *r = &rows[n++];
        memset(r, 0, sizeof(*r));
        r->id = col_text(st, 0);
        r->status = col_text(st, 1);
        r->lists = col_text(st, 2);
        r->area_mu = col_real(st, 3);
        r->reclaimable_mu = col_real(st, 4);
        r->change = col_text(st, 5);
        r->match = col_text(st, 6);
        r->from = col_text(st, 7);
        int len = sqlite3_column_bytes(st, 8);
        const void *blob = sqlite3_column_blob(st, 8);
        if (blob && len > 0 && (r->wkb = malloc((size_t)len))) {
            memcpy(r->wkb, blob, (size_t)len);
            r->wkb_len = len;
        }
        if (!r->id) {
            error = ls__error_set(L->ctx, LS_EINVAL, "%s: run %ld has a parcel without id", L->path,
                                  run_id);
            goto cleanup;
        }
    }
    if (rc != SQLITE_DONE)
        error = db_error(L, "cannot read the run's parcels");
cleanup:
    sqlite3_finalize(st);
    if (error) {
        drows_free(rows, n);
        return error;
    }
    *out = rows;
    *nout = n;
    return LS_OK;
}

static int same_text(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") == 0;
}

static void set_opt_text(OGRFeatureH f, int i, const char *s)
{
    if (s)
        OGR_F_SetFieldString(f, i, s);
    else
        OGR_F_SetFieldNull(f, i);
}

static void set_opt_real(OGRFeatureH f, int i, const drow *r, int reclaim)
{
    double v = r ? (reclaim ? r->reclaimable_mu : r->area_mu) : NAN;
    if (isnan(v))
        OGR_F_SetFieldNull(f, i);
    else
        OGR_F_SetFieldDouble(f, i, v);
}

/* Write the differing rows into a new GeoPackage at path. */
static int write_diff(ls_context *ctx, const char *path, const char *crs_wkt, const drow *a,
                      size_t na, const drow *b, size_t nb, ls_ledger_diff_summary *sum)
{
    static const struct {
        const char *name;
        OGRFieldType type;
    } fields[] = {
        {"parcel_id", OFTString},      {"kind", OFTString},     {"status_a", OFTString},
        {"status_b", OFTString},       {"lists_a", OFTString},  {"lists_b", OFTString},
        {"area_mu_a", OFTReal},        {"area_mu_b", OFTReal},  {"reclaimable_mu_a", OFTReal},
        {"reclaimable_mu_b", OFTReal}, {"change_b", OFTString}, {"match_b", OFTString},
        {"matched_from_b", OFTString}};
    int error = LS_OK;
    GDALDatasetH gds = NULL;
    OGRSpatialReferenceH srs = NULL;
    OGRLayerH layer = NULL;
    char **opts = NULL;
    GDALAllRegister();
    GDALDriverH drv = GDALGetDriverByName("GPKG");
    if (!drv)
        return ls__error_set(ctx, LS_EDEP, "GDAL has no GPKG driver");
    CPLPushErrorHandler(CPLQuietErrorHandler);
    if (crs_wkt && *crs_wkt) {
        srs = OSRNewSpatialReference(NULL);
        if (srs && OSRSetFromUserInput(srs, crs_wkt) != OGRERR_NONE) {
            OSRDestroySpatialReference(srs);
            srs = NULL;
        }
        if (srs)
            OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
    }
    if (!(gds = GDALCreate(drv, path, 0, 0, 0, GDT_Unknown, NULL))) {
        error = ls__error_set(ctx, LS_EIO, "%s: cannot create the GeoPackage (%s)", path,
                              CPLGetLastErrorMsg());
        goto cleanup;
    }
    opts = CSLSetNameValue(opts, "FID", "fid");
    opts = CSLSetNameValue(opts, "GEOMETRY_NAME", "geom");
    opts = CSLSetNameValue(opts, "DESCRIPTION", "清单变化");
    if (!(layer = GDALDatasetCreateLayer(gds, "diff", srs, wkbMultiPolygon, opts))) {
        error = ls__error_set(ctx, LS_EIO, "%s: cannot create layer diff (%s)", path,
                              CPLGetLastErrorMsg());
        goto cleanup;
    }
    for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]) && !error; i++) {
        OGRFieldDefnH fd = OGR_Fld_Create(fields[i].name, fields[i].type);
        if (OGR_L_CreateField(layer, fd, TRUE) != OGRERR_NONE)
            error = ls__error_set(ctx, LS_EIO, "%s: cannot create field %s", path, fields[i].name);
        OGR_Fld_Destroy(fd);
    }
    if (error)
        goto cleanup;
    GDALDatasetStartTransaction(gds, FALSE);
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    size_t i = 0, j = 0;
    while ((i < na || j < nb) && !error) {
        int c = i >= na ? 1 : j >= nb ? -1 : strcmp(a[i].id, b[j].id);
        const drow *ra = c <= 0 ? &a[i] : NULL;
        const drow *rb = c >= 0 ? &b[j] : NULL;
        if (c <= 0)
            i++;
        if (c >= 0)
            j++;
        const char *kind;
        if (!rb) {
            kind = "removed";
            sum->removed++;
        } else if (!ra) {
            kind = "added";
            sum->added++;
        } else if (!same_text(ra->status, rb->status)) {
            kind = "status";
            sum->status_changed++;
        } else if (!same_text(ra->lists, rb->lists)) {
            kind = "lists";
            sum->lists_changed++;
        } else {
            sum->same++;
            continue;
        }
        OGRFeatureH f = OGR_F_Create(defn);
        OGR_F_SetFieldString(f, 0, rb ? rb->id : ra->id);
        OGR_F_SetFieldString(f, 1, kind);
        set_opt_text(f, 2, ra ? ra->status : NULL);
        set_opt_text(f, 3, rb ? rb->status : NULL);
        set_opt_text(f, 4, ra ? ra->lists : NULL);
        set_opt_text(f, 5, rb ? rb->lists : NULL);
        set_opt_real(f, 6, ra, 0);
        set_opt_real(f, 7, rb, 0);
        set_opt_real(f, 8, ra, 1);
        set_opt_real(f, 9, rb, 1);
        set_opt_text(f, 10, rb ? rb->change : NULL);
        set_opt_text(f, 11, rb ? rb->match : NULL);
        set_opt_text(f, 12, rb ? rb->from : NULL);
        const drow *gsrc = rb && rb->wkb ? rb : ra;
        if (gsrc && gsrc->wkb) {
            OGRGeometryH og = NULL;
            if (OGR_G_CreateFromWkb(gsrc->wkb, srs, &og, gsrc->wkb_len) == OGRERR_NONE && og)
                OGR_F_SetGeometryDirectly(f, OGR_G_ForceToMultiPolygon(og));
        }
        if (OGR_L_CreateFeature(layer, f) != OGRERR_NONE)
            error = ls__error_set(ctx, LS_EIO, "%s: cannot write a feature (%s)", path,
                                  CPLGetLastErrorMsg());
        OGR_F_Destroy(f);
    }
    if (!error && GDALDatasetCommitTransaction(gds) != OGRERR_NONE)
        error = ls__error_set(ctx, LS_EIO, "%s: cannot commit (%s)", path, CPLGetLastErrorMsg());
cleanup:
    CSLDestroy(opts);
    if (gds)
        GDALClose(gds);
    CPLPopErrorHandler();
    if (srs)
        OSRDestroySpatialReference(srs);
    return error;
}

int ls_ledger_diff(ls_context *ctx, const char *path, long run_a, long run_b, const char *out_dir,
                   int force, ls_ledger_diff_summary *out)
{
    ldb L = {0};
    ls_ledger_run ra, rb;
    memset(&ra, 0, sizeof(ra));
    memset(&rb, 0, sizeof(rb));
    char *wkt_a = NULL, *wkt_b = NULL, *target = NULL, *tmp = NULL;
    drow *a = NULL, *b = NULL;
    size_t na = 0, nb = 0;
    ls_ledger_diff_summary sum;
    memset(&sum, 0, sizeof(sum));
    int empty = 0;
    int error = open_existing(ctx, path, &L, &empty);
    if (error)
        return error;
    if (empty) {
        error = ls__error_set(ctx, LS_ENOTFOUND, "%s: no run %ld in the ledger", path, run_a);
        goto cleanup;
    }
    if ((error = get_run(&L, run_a, &ra, &wkt_a)) || (error = get_run(&L, run_b, &rb, &wkt_b)) ||
        (error = load_rows(&L, run_a, &a, &na)) || (error = load_rows(&L, run_b, &b, &nb)))
        goto cleanup;
    db_close(&L);
    target = ls__path_join(out_dir ? out_dir : ".", "ledger-diff.gpkg");
    tmp = target ? ls__sprintf("%s.tmp-%ld", target, (long)getpid()) : NULL;
    if (!target || !tmp) {
        error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
        goto cleanup;
    }
    struct stat st;
    if (stat(target, &st) == 0 && !force) {
        error = ls__error_set(ctx, LS_EEXIST,
                              "%s: output exists; use --force to overwrite or -o to choose another "
                              "folder",
                              target);
        goto cleanup;
    }
    unlink(tmp);
    if ((error = write_diff(ctx, tmp, wkt_b ? wkt_b : wkt_a, a, na, b, nb, &sum)))
        goto cleanup;
    if (rename(tmp, target) != 0) {
        error = ls__error_set(ctx, LS_EIO, "%s: cannot move the GeoPackage into place (%s)", target,
                              strerror(errno));
        goto cleanup;
    }
    sum.gpkg_path = target;
    target = NULL;
    *out = sum;

cleanup:
    if (error && tmp)
        unlink(tmp);
    db_close(&L);
    run_fields_free(&ra);
    run_fields_free(&rb);
    free(wkt_a);
    free(wkt_b);
    free(target);
    free(tmp);
    drows_free(a, na);
    drows_free(b, nb);
    return error;
}

void ls_ledger_diff_summary_free(ls_ledger_diff_summary *summary)
{
    if (!summary)
        return;
    free(summary->gpkg_path);
    summary->gpkg_path = NULL;
}
