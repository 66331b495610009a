/*
 * ledger_record.c — recording a run in the ledger, beside the writing of its outputs.
 *
 * ls__ledger_record_start() starts a thread with its own SQLite connection and GEOS context
 * that opens one BEGIN IMMEDIATE transaction (the schema created or upgraded inside it,
 * ledger_store.c) and inserts the run with its resolved rules and their SHA-256, its parcels
 * (with their lists), resolved parcels and per-area totals, while the run's own thread writes the
 * outputs. ls__ledger_record_finish(), once the outputs are in place, waits for it, inserts
 * the run_info pairs (the write times are known only then) and commits; a failed output or an
 * interrupt rolls the transaction back instead (ls__ledger_free), so the ledger only ever
 * holds runs whose outputs exist. A failure of the record itself says the outputs are written
 * but the run is not recorded.
 *
 * Parcel geometry (ledger_geom.c): written as a SpatiaLite BLOB from the GEOS coordinates; a
 * geometry equal to one of the previous run of the series (same BLOB hash) is not stored
 * again, the parcel refers to that row of `geometries`. Rows of `geometries` go in without
 * SpatiaLite's per-row insert triggers (constraint check, timestamp, and the spatial index
 * when a user added one: a parsed SQL statement per row): they are dropped inside the
 * transaction, index entries (if any) are inserted from the box computed with the BLOB, and
 * the triggers are created again as they were before COMMIT. The BLOB is always a MULTIPOLYGON in
 * the ledger's SRID, which is what the constraint trigger checks.
 *
 * Locking: the write lock is taken when the thread starts and held until COMMIT. A second
 * run recording into the same ledger waits while the first writes its outputs, and gives up
 * 30 s after its own outputs are written (ledger_store.c's message).
 */
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <geos_c.h>
#include <sqlite3.h>

#include "hash.h"
#include "ledger_geom.h"
#include "ledger_store.h"
#include "write_gpkg.h"

#define BUSY_AFTER_OUTPUTS_S 30.0

struct ls__lrec {
    ls_context *ctx; /* child of the run's context: the thread's errors, interrupts */
    ls__ledger *lg;
    const ls_config *cfg;
    const ls_rules *rules;
    const ls__dataset *ds;
    char *out_dir, *run_file_sha256;
    ls__ldb L;
    int began, error, moved_geometry, no_geometry;
    long srid;
    sqlite3_int64 run_id;
    size_t geometries_added, geometries_reused;
    pthread_t thread;
    int threaded;
    atomic_llong outputs_done_ms; /* monotonic ms when the outputs were in place, 0 before */
};

static long long monotonic_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Wait for another writer while this run's outputs are being written, and up to 30 s once
 * they are (an interrupt stops the wait). */
static int busy_wait(void *arg, int count)
{
    ls__lrec *r = arg;
    (void)count;
    if (ls_context_interrupted(r->ctx))
        return 0;
    long long done = atomic_load(&r->outputs_done_ms);
    if (done > 0 && (double)(monotonic_ms() - done) > BUSY_AFTER_OUTPUTS_S * 1000.0)
        return 0;
    sqlite3_sleep(20);
    return 1;
}

static double listed_mu_of(const ls__totals *t)
{
    return t->status_mu[LS_STATUS_IDLE] + t->status_mu[LS_STATUS_RELOCATABLE] +
           t->status_mu[LS_STATUS_LOW_EFFICIENCY];
}

/* Bind text that outlives the statement's step (no copy); NULL binds NULL. */
static void bind_static(sqlite3_stmt *st, int i, const char *s)
{
    if (s)
        sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, i);
}

/* ---- the run row ------------------------------------------------------------------------ */

static int insert_run_row(ls__lrec *r)
{
    ls__ldb *L = &r->L;
    const ls__dataset *ds = r->ds;
    const ls_config *cfg = r->cfg;
    sqlite3_stmt *st = NULL;
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
    int error = ls_rules_to_json(L->ctx, r->rules, &rules_json);
    if (error)
        goto cleanup;
    if (!(rules_hash = ls__hash_bytes(rules_json, strlen(rules_json)))) {
        error = ls__error_set(L->ctx, LS_ENOMEM, "out of memory");
        goto cleanup;
    }
    if ((error = ls__ldb_prepare(
             L,
             "INSERT INTO runs (name, reference_date, recorded_at, version, run_file,"
             " run_file_sha256, output_dir, district_filter, crs, crs_wkt, srid, rules,"
             " rules_chain, rules_json, rules_sha256, previous_run_id, parcel_count,"
             " listed_count, listed_mu, new_listed_mu, resolved_mu) VALUES"
             " (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
             &st)))
        goto cleanup;
    bind_static(st, 1, cfg->name ? cfg->name : "");
    bind_static(st, 2, cfg->reference_date ? cfg->reference_date : "");
    bind_static(st, 3, stamp);
    bind_static(st, 4, ls_version());
    bind_static(st, 5, cfg->path);
    bind_static(st, 6, r->run_file_sha256);
    bind_static(st, 7, r->out_dir);
    bind_static(st, 8, r->lg->district);
    bind_static(st, 9, ds->crs_name);
    bind_static(st, 10, ds->crs_wkt);
    sqlite3_bind_int64(st, 11, ds->crs_epsg);
    bind_static(st, 12, r->rules->name);
    bind_static(st, 13, r->rules->extends_chain);
    bind_static(st, 14, rules_json);
    bind_static(st, 15, rules_hash);
    if (r->lg->prev_run_id > 0)
        sqlite3_bind_int64(st, 16, r->lg->prev_run_id);
    else
        sqlite3_bind_null(st, 16);
    sqlite3_bind_int64(st, 17, (sqlite3_int64)ds->nparcels);
    sqlite3_bind_int64(st, 18, listed);
    sqlite3_bind_double(st, 19, listed_mu);
    sqlite3_bind_double(st, 20, new_mu);
    sqlite3_bind_double(st, 21, resolved_mu);
    if (sqlite3_step(st) != SQLITE_DONE)
        error = ls__ldb_error(L, "cannot record the run");
    else
        r->run_id = sqlite3_last_insert_rowid(L->db);

cleanup:
    sqlite3_finalize(st);
    free(rules_json);
    free(rules_hash);
    return error;
}

/* ---- geometries ------------------------------------------------------------------------- */

typedef struct known_geom {
    ls__lgeom_hash hash;
    sqlite3_int64 geom_id;
} known_geom;

static int cmp_known(const void *a, const void *b)
{
    const known_geom *x = a, *y = b;
    int c = ls__lgeom_hash_cmp(&x->hash, &y->hash);
    return c ? c : (x->geom_id < y->geom_id ? -1 : x->geom_id > y->geom_id);
}

/* The geometries of the previous run of the series, by hash (sorted, one per hash). */
static int load_known(ls__lrec *r, known_geom **out, size_t *nout)
{
    ls__ldb *L = &r->L;
    sqlite3_stmt *st = NULL;
    known_geom *k = NULL;
    size_t n = 0, cap = 0;
    int rc, error;
    *out = NULL;
    *nout = 0;
    if (r->lg->prev_run_id <= 0)
        return LS_OK;
    if ((error = ls__ldb_prepare(L,
                                 "SELECT DISTINCT g.geom_id, g.geom FROM run_parcels p JOIN"
                                 " geometries g ON g.geom_id = p.geom_id WHERE p.run_id = ?1",
                                 &st)))
        return error;
    sqlite3_bind_int64(st, 1, r->lg->prev_run_id);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const unsigned char *blob = sqlite3_column_blob(st, 1);
        int len = sqlite3_column_bytes(st, 1);
        if (!blob || len <= 0)
            continue;
        if (n == cap) {
            size_t c = cap ? cap * 2 : 1024;
            known_geom *a = realloc(k, c * sizeof(*a));
            if (!a) {
                error = ls__error_set(L->ctx, LS_ENOMEM, "out of memory");
                break;
            }
            k = a;
            cap = c;
        }
        k[n].hash = ls__lgeom_hash_of(blob, (size_t)len);
        k[n++].geom_id = sqlite3_column_int64(st, 0);
    }
    if (!error && rc != SQLITE_DONE)
        error = ls__ldb_error(L, "cannot read the previous run's geometries");
    sqlite3_finalize(st);
    if (error) {
        free(k);
        return error;
    }
    if (n > 1)
        qsort(k, n, sizeof(*k), cmp_known);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (m == 0 || ls__lgeom_hash_cmp(&k[m - 1].hash, &k[i].hash) != 0)
            k[m++] = k[i];
    *out = k;
    *nout = m;
    return LS_OK;
}

static sqlite3_int64 find_known(const known_geom *k, size_t n, const ls__lgeom_hash *h)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = ls__lgeom_hash_cmp(&k[mid].hash, h);
        if (c == 0)
            return k[mid].geom_id;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

/* SpatiaLite's INSERT triggers on geometries, kept to be created again. */
typedef struct saved_triggers {
    char **sql;
    size_t n;
} saved_triggers;

static void triggers_free(saved_triggers *t)
{
    for (size_t i = 0; i < t->n; i++)
        free(t->sql[i]);
    free(t->sql);
    t->sql = NULL;
    t->n = 0;
}

static int triggers_drop(ls__ldb *L, saved_triggers *t)
{
    sqlite3_stmt *st = NULL;
    char **names = NULL;
    size_t nn = 0;
    int rc, error = ls__ldb_prepare(L,
                                    "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
                                    " AND tbl_name = 'geometries' AND upper(sql) LIKE"
                                    " '% INSERT ON %' ORDER BY rowid",
                                    &st);
    if (error)
        return error;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        char **a = realloc(t->sql, (t->n + 1) * sizeof(*a));
        char **b = a ? realloc(names, (nn + 1) * sizeof(*b)) : NULL;
        if (a)
            t->sql = a;
        if (b)
            names = b;
        if (!a || !b || !(t->sql[t->n] = ls__ldb_col_text(st, 1))) {
            error = ls__error_set(L->ctx, LS_ENOMEM, "out of memory");
            break;
        }
        t->n++;
        if (!(names[nn] = ls__sprintf("DROP TRIGGER \"%s\"", sqlite3_column_text(st, 0)))) {
            error = ls__error_set(L->ctx, LS_ENOMEM, "out of memory");
            break;
        }
        nn++;
    }
    if (!error && rc != SQLITE_DONE)
        error = ls__ldb_error(L, "cannot read the ledger's triggers");
    sqlite3_finalize(st);
    for (size_t i = 0; i < nn; i++) {
        if (!error)
            error = ls__ldb_exec(L, names[i]);
        free(names[i]);
    }
    free(names);
    return error;
}

static int triggers_restore(ls__ldb *L, saved_triggers *t)
{
    for (size_t i = 0; i < t->n; i++) {
        int error = ls__ldb_exec(L, t->sql[i]);
        if (error)
            return error;
    }
    return LS_OK;
}

/* ---- parcels ---------------------------------------------------------------------------- */

/* The parcel's distinct firm ids (the GeoPackage's parcels.enterprise_ids) in the reused b. */
static const char *firm_ids(const ls__dataset *ds, const ls__parcel *p, ls__buf *b)
{
    ls__parcel_enterprise_ids_into(ds, p, b);
    return b->failed ? NULL : b->data ? b->data : "";
}

static int insert_parcels(ls__lrec *r, GEOSContextHandle_t h)
{
    ls__ldb *L = &r->L;
    const ls__dataset *ds = r->ds;
    sqlite3_stmt *st = NULL, *gst = NULL, *ist = NULL;
    known_geom *known = NULL;
    size_t nknown = 0;
    saved_triggers trig = {NULL, 0};
    ls__lgeom blob = {0};
    ls__buf ids = {0};
    int with_geom = r->srid == ds->crs_epsg, error;
    long indexed = 0;
    r->no_geometry = !with_geom;
    if (with_geom &&
        ((error = load_known(r, &known, &nknown)) ||
         (error = ls__ldb_long(L,
                               "SELECT spatial_index_enabled FROM geometry_columns WHERE"
                               " f_table_name = 'geometries' AND f_geometry_column = 'geom'",
                               &indexed)) ||
         (error = triggers_drop(L, &trig))))
        goto cleanup;
    if ((error = ls__ldb_prepare(
             L,
             "INSERT INTO run_parcels (run_id, parcel_id, block_id, district, town, status,"
             " action, reasons, area_mu, reclaimable_mu, listed, lists, change, first_listed,"
             " listed_runs, match, matched_from, enterprise_ids, geom_id) VALUES"
             " (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
             &st)) ||
        (with_geom &&
         ((error = ls__ldb_prepare(L, "INSERT INTO geometries (geom) VALUES (?)", &gst)) ||
          (indexed == 1 &&
           (error = ls__ldb_prepare(L,
                                    "INSERT INTO idx_geometries_geom (pkid, xmin, xmax, ymin,"
                                    " ymax) VALUES (?, ?, ?, ?, ?)",
                                    &ist))))))
        goto cleanup;
    sqlite3_bind_int64(st, 1, r->run_id);
    for (size_t i = 0; i < ds->nparcels && !error; i++) {
        const ls__parcel *p = &ds->parcels[i];
        if ((i & 1023) == 0 && ls_context_interrupted(r->ctx)) {
            error = ls__error_set(L->ctx, LS_EINTERRUPTED, "interrupted");
            break;
        }
        sqlite3_int64 geom_id = 0;
        int w = with_geom ? ls__lgeom_write(h, p->geom, (int)r->srid, &blob) : 0;
        if (w < 0) {
            error =
                ls__error_set(L->ctx, LS_EGEOM, "ledger: cannot write the geometry of parcel %s",
                              p->parcel_id ? p->parcel_id : "");
            break;
        }
        if (w > 0) {
            ls__lgeom_hash hv = ls__lgeom_hash_of(blob.data, blob.len);
            if ((geom_id = find_known(known, nknown, &hv)) > 0) {
                r->geometries_reused++;
            } else {
                sqlite3_reset(gst);
                sqlite3_bind_blob(gst, 1, blob.data, (int)blob.len, SQLITE_STATIC);
                if (sqlite3_step(gst) != SQLITE_DONE) {
                    error = ls__ldb_error(L, "cannot record the run's geometries");
                    break;
                }
                geom_id = sqlite3_last_insert_rowid(L->db);
                r->geometries_added++;
                if (ist) { /* a spatial index the user added: kept up to date */
                    sqlite3_reset(ist);
                    sqlite3_bind_int64(ist, 1, geom_id);
                    sqlite3_bind_double(ist, 2, blob.minx);
                    sqlite3_bind_double(ist, 3, blob.maxx);
                    sqlite3_bind_double(ist, 4, blob.miny);
                    sqlite3_bind_double(ist, 5, blob.maxy);
                    if (sqlite3_step(ist) != SQLITE_DONE) {
                        error = ls__ldb_error(L, "cannot record the run's spatial index");
                        break;
                    }
                }
            }
        }
        const char *firms = firm_ids(ds, p, &ids);
        if (!firms) {
            error = ls__error_set(L->ctx, LS_ENOMEM, "out of memory");
            break;
        }
        sqlite3_reset(st);
        bind_static(st, 2, p->parcel_id ? p->parcel_id : "");
        bind_static(st, 3, p->block_id);
        bind_static(st, 4, p->district);
        bind_static(st, 5, p->town);
        bind_static(st, 6, ls__status_name(p->status));
        bind_static(st, 7, ls__action_name(p->action));
        bind_static(st, 8, p->reasons ? p->reasons : "");
        sqlite3_bind_double(st, 9, p->area_mu);
        ls__ldb_bind_real(st, 10, p->reclaimable_mu);
        sqlite3_bind_int(st, 11, p->listed);
        bind_static(st, 12, p->lists ? p->lists : "");
        bind_static(st, 13, ls__change_name(p->change));
        bind_static(st, 14, p->first_listed);
        sqlite3_bind_int(st, 15, p->listed_runs);
        bind_static(st, 16, p->match);
        bind_static(st, 17, p->matched_from);
        bind_static(st, 18, firms);
        if (geom_id > 0)
            sqlite3_bind_int64(st, 19, geom_id);
        else
            sqlite3_bind_null(st, 19);
        if (sqlite3_step(st) != SQLITE_DONE)
            error = ls__ldb_error(L, "cannot record the run's parcels");
    }
    if (!error && with_geom) {
        error = triggers_restore(L, &trig);
        if (!error && r->geometries_added > 0)
            error = ls__ldb_exec(L, "UPDATE geometry_columns_time SET last_insert ="
                                    " strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE"
                                    " lower(f_table_name) = 'geometries' AND"
                                    " lower(f_geometry_column) = 'geom'");
    }

cleanup:
    sqlite3_finalize(st);
    sqlite3_finalize(gst);
    sqlite3_finalize(ist);
    triggers_free(&trig);
    free(known);
    ls__lgeom_free(&blob);
    ls__buf_free(&ids);
    return error;
}

/* ---- resolved, totals (the lists are run_parcels.lists: list_members is a view) --------- */

static int insert_resolved_totals(ls__lrec *r)
{
    ls__ldb *L = &r->L;
    const ls__dataset *ds = r->ds;
    sqlite3_stmt *st = NULL;
    int error = ls__ldb_prepare(L, "INSERT INTO resolved VALUES (?, ?, ?, ?, ?, ?)", &st);
    if (error)
        return error;
    for (size_t i = 0; i < ds->nresolved && !error; i++) {
        const ls__resolved *x = &ds->resolved[i];
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, r->run_id);
        bind_static(st, 2, x->parcel_id);
        bind_static(st, 3, x->old_status);
        bind_static(st, 4, x->new_status);
        sqlite3_bind_double(st, 5, x->old_reclaimable_mu);
        sqlite3_bind_double(st, 6, x->old_area_mu);
        if (sqlite3_step(st) != SQLITE_DONE)
            error = ls__ldb_error(L, "cannot record the run's resolved parcels");
    }
    sqlite3_finalize(st);
    st = NULL;
    if (error ||
        (error = ls__ldb_prepare(L, "INSERT INTO area_totals VALUES (?, ?, ?, ?, ?, ?, ?)", &st)))
        return error;
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
            sqlite3_bind_int64(st, 1, r->run_id);
            bind_static(st, 2, kinds[kind]);
            bind_static(st, 3, key);
            sqlite3_bind_double(st, 4, listed_mu_of(&t[i]));
            sqlite3_bind_double(st, 5, t[i].new_listed_mu);
            sqlite3_bind_double(st, 6, t[i].resolved_mu);
            sqlite3_bind_double(st, 7, t[i].net_listed_mu);
            if (sqlite3_step(st) != SQLITE_DONE)
                error = ls__ldb_error(L, "cannot record the run's totals");
            free(key);
        }
    }
    sqlite3_finalize(st);
    return error;
}

/* ---- the thread ------------------------------------------------------------------------- */

/* Everything but run_info, in an open transaction (r->began). */
static int record_rows(ls__lrec *r)
{
    ls__ldb *L = &r->L;
    int error, exists = 0, version = 0;
    if ((error = ls__ldb_probe(r->ctx, r->lg->path, &exists)) ||
        (error = ls__ldb_open(r->ctx, r->lg->path, 1, L)))
        return error;
    sqlite3_busy_handler(L->db, busy_wait, r);
    if ((error = ls__ldb_exec(L, "PRAGMA cache_size = -32768")) ||
        (error = ls__ldb_exec(L, "BEGIN IMMEDIATE")))
        return error;
    r->began = 1;
    if ((error = ls__ldb_check(L, &version)))
        return error;
    if (version == 0)
        error = ls__ldb_create_schema(L, r->ds->crs_epsg);
    else if (version < LS_LEDGER_SCHEMA_VERSION)
        error = ls__ldb_upgrade_schema(L, version, &r->moved_geometry);
    if (error ||
        (error = ls__ldb_long(L, "SELECT value FROM landscan_meta WHERE key = 'geometry_srid'",
                              &r->srid)) ||
        (error = insert_run_row(r)))
        return error;
    GEOSContextHandle_t h = GEOS_init_r();
    if (!h)
        return ls__error_set(r->ctx, LS_ENOMEM, "out of memory");
    error = insert_parcels(r, h);
    GEOS_finish_r(h);
    return error ? error : insert_resolved_totals(r);
}

static void *record_thread(void *arg)
{
    ls__lrec *r = arg;
    r->error = record_rows(r);
    return NULL;
}

static void rec_free(ls__lrec *r)
{
    if (r->began)
        sqlite3_exec(r->L.db, "ROLLBACK", NULL, NULL, NULL);
    ls__ldb_close(&r->L);
    ls_context_free(r->ctx);
    free(r->out_dir);
    free(r->run_file_sha256);
    free(r);
}

/* Wait for the inserts (started on a thread, or run here when none could be started). */
static void rec_join(ls__lrec *r)
{
    atomic_store(&r->outputs_done_ms, monotonic_ms());
    if (r->threaded) {
        pthread_join(r->thread, NULL);
        r->threaded = 0;
    } else if (r->error == LS_OK && !r->began && r->run_id == 0) {
        r->error = record_rows(r);
    }
}

void ls__ledger_record_start(ls_context *ctx, ls__ledger *lg, const ls_config *cfg,
                             const ls_rules *rules, const ls__dataset *ds, const ls__kv *run_info,
                             const char *out_dir)
{
    const char *sha = ls__kv_get(run_info, "run_file_sha256");
    ls__lrec *r = calloc(1, sizeof(*r));
    if (!r)
        return; /* finish reports it */
    lg->rec = r;
    r->lg = lg;
    r->cfg = cfg;
    r->rules = rules;
    r->ds = ds;
    atomic_init(&r->outputs_done_ms, 0);
    if (ls__context_child(ctx, &r->ctx) != LS_OK ||
        (out_dir && !(r->out_dir = ls__strdup(out_dir))) ||
        (sha && !(r->run_file_sha256 = ls__strdup(sha)))) {
        r->error = LS_ENOMEM;
        return;
    }
    r->threaded = pthread_create(&r->thread, NULL, record_thread, r) == 0;
}

int ls__ledger_record_finish(ls_context *ctx, ls__ledger *lg, const ls__kv *info)
{
    ls__lrec *r = lg->rec;
    int error = LS_OK;
    if (!r || !r->ctx)
        error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
    if (!error) {
        rec_join(r);
        if ((error = r->error) != LS_OK)
            ls__error_set(ctx, error, "%s", ls_context_error(r->ctx));
    }
    if (!error) {
        /* run_info last, with the write times */
        ls__ldb *L = &r->L;
        L->ctx = ctx;
        sqlite3_stmt *st = NULL;
        if (!(error = ls__ldb_prepare(L, "INSERT INTO run_info VALUES (?, ?, ?)", &st))) {
            sqlite3_bind_int64(st, 1, r->run_id);
            for (size_t i = 0; info && i < info->n && !error; i++) {
                sqlite3_reset(st);
                bind_static(st, 2, info->keys[i]);
                bind_static(st, 3, info->values[i]);
                if (sqlite3_step(st) != SQLITE_DONE)
                    error = ls__ldb_error(L, "cannot record the run");
            }
        }
        sqlite3_finalize(st);
        if (!error && !(error = ls__ldb_exec(L, "COMMIT"))) {
            r->began = 0;
            if (r->no_geometry)
                ls__notice(ctx, LS_NOTICE_WARNING,
                           "%s: the ledger holds geometry in EPSG:%ld, this run is in %s; the run "
                           "is recorded without geometry",
                           L->path, r->srid, r->ds->crs_name ? r->ds->crs_name : "another CRS");
            /* an upgrade moved every run's geometry out of run_parcels: give the space back
             * once (the run is recorded whatever VACUUM does) */
            if (r->moved_geometry)
                sqlite3_exec(L->db, "VACUUM", NULL, NULL, NULL);
        }
    }
    if (lg->rec) {
        rec_free(lg->rec);
        lg->rec = NULL;
    }
    if (error) {
        char msg[1024];
        snprintf(msg, sizeof(msg), "%s", ls_context_error(ctx));
        ls__error_set(ctx, error, "%s (the outputs are written, the run is not recorded)", msg);
    }
    return error;
}

void ls__ledger_record_abort(ls__ledger *lg)
{
    ls__lrec *r = lg->rec;
    if (!r)
        return;
    if (r->ctx)
        ls_context_interrupt(r->ctx);
    if (r->threaded) {
        atomic_store(&r->outputs_done_ms, monotonic_ms());
        pthread_join(r->thread, NULL);
    }
    rec_free(r);
    lg->rec = NULL;
}
