/*
 * ledger_record.c — recording a finished run in the ledger, after the outputs are in place:
 * one BEGIN IMMEDIATE … COMMIT (the schema created or upgraded inside it, ledger_store.c)
 * that inserts the run with its resolved rules and their SHA-256, its run_info pairs, its
 * parcels (with geometry when the ledger's SRID is the run's), list members, resolved
 * parcels and per-area totals. A failure rolls back and says the outputs are written but the
 * run is not recorded.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <geos_c.h>
#include <sqlite3.h>

#include "hash.h"
#include "ledger_store.h"

/* ---- record (after the outputs are in place) -------------------------------------------- */

static double listed_mu_of(const ls__totals *t)
{
    return t->status_mu[LS_STATUS_IDLE] + t->status_mu[LS_STATUS_RELOCATABLE] +
           t->status_mu[LS_STATUS_LOW_EFFICIENCY];
}

/* Everything of one run, inside the caller's transaction. */
static int insert_run(ls__ldb *L, ls__ledger *lg, const ls_config *cfg, const ls_rules *rules,
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
    rules_hash = ls__hash_bytes(rules_json, strlen(rules_json));

    if ((error = ls__ldb_prepare(
             L,
             "INSERT INTO runs (name, reference_date, recorded_at, version, run_file,"
             " run_file_sha256, output_dir, district_filter, crs, crs_wkt, srid, rules,"
             " rules_chain, rules_json, rules_sha256, previous_run_id, parcel_count,"
             " listed_count, listed_mu, new_listed_mu, resolved_mu) VALUES"
             " (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
             &st)))
        goto cleanup;
    ls__ldb_bind_text(st, 1, cfg->name ? cfg->name : "");
    ls__ldb_bind_text(st, 2, cfg->reference_date ? cfg->reference_date : "");
    ls__ldb_bind_text(st, 3, stamp);
    ls__ldb_bind_text(st, 4, ls_version());
    ls__ldb_bind_text(st, 5, cfg->path);
    ls__ldb_bind_text(st, 6, ls__kv_get(info, "run_file_sha256"));
    ls__ldb_bind_text(st, 7, out_dir);
    ls__ldb_bind_text(st, 8, lg->district);
    ls__ldb_bind_text(st, 9, ds->crs_name);
    ls__ldb_bind_text(st, 10, ds->crs_wkt);
    sqlite3_bind_int64(st, 11, ds->crs_epsg);
    ls__ldb_bind_text(st, 12, rules->name);
    ls__ldb_bind_text(st, 13, rules->extends_chain);
    ls__ldb_bind_text(st, 14, rules_json);
    ls__ldb_bind_text(st, 15, rules_hash);
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
        error = ls__ldb_error(L, "cannot record the run");
        goto cleanup;
    }
    sqlite3_finalize(st);
    st = NULL;
    sqlite3_int64 run_id = sqlite3_last_insert_rowid(L->db);

    if ((error = ls__ldb_prepare(L, "INSERT INTO run_info VALUES (?, ?, ?)", &st)))
        goto cleanup;
    for (size_t i = 0; info && i < info->n && !error; i++) {
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, run_id);
        ls__ldb_bind_text(st, 2, info->keys[i]);
        ls__ldb_bind_text(st, 3, info->values[i]);
        if (sqlite3_step(st) != SQLITE_DONE)
            error = ls__ldb_error(L, "cannot record the run");
    }
    sqlite3_finalize(st);
    st = NULL;
    if (error)
        goto cleanup;

    char sql[512];
    snprintf(
        sql, sizeof(sql),
        "INSERT INTO run_parcels (run_id, parcel_id, block_id, district, town, status, action,"
        " reasons, area_mu, reclaimable_mu, listed, lists, change, first_listed, listed_runs,"
        " match, matched_from, enterprise_ids, geom) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,"
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
    if ((error = ls__ldb_prepare(L, sql, &st)))
        goto cleanup;
    for (size_t i = 0; i < ds->nparcels && !error; i++) {
        const ls__parcel *p = &ds->parcels[i];
        size_t len = 0;
        unsigned char *wkb =
            with_geom && p->geom ? GEOSWKBWriter_write_r(ds->geos, wr, p->geom, &len) : NULL;
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, run_id);
        ls__ldb_bind_text(st, 2, p->parcel_id ? p->parcel_id : "");
        ls__ldb_bind_text(st, 3, p->block_id);
        ls__ldb_bind_text(st, 4, p->district);
        ls__ldb_bind_text(st, 5, p->town);
        ls__ldb_bind_text(st, 6, ls__status_name(p->status));
        ls__ldb_bind_text(st, 7, ls__action_name(p->action));
        ls__ldb_bind_text(st, 8, p->reasons ? p->reasons : "");
        sqlite3_bind_double(st, 9, p->area_mu);
        ls__ldb_bind_real(st, 10, p->reclaimable_mu);
        sqlite3_bind_int(st, 11, p->listed);
        ls__ldb_bind_text(st, 12, p->lists ? p->lists : "");
        ls__ldb_bind_text(st, 13, ls__change_name(p->change));
        ls__ldb_bind_text(st, 14, p->first_listed);
        sqlite3_bind_int(st, 15, p->listed_runs);
        ls__ldb_bind_text(st, 16, p->match);
        ls__ldb_bind_text(st, 17, p->matched_from);
        int nids = 0;
        char *ids = ls__parcel_enterprise_ids(ds, p, &nids);
        if (!ids) {
            if (wkb)
                GEOSFree_r(ds->geos, wkb);
            error = ls__error_set(L->ctx, LS_ENOMEM, "out of memory");
            break;
        }
        ls__ldb_bind_text(st, 18, ids);
        free(ids);
        if (wkb)
            sqlite3_bind_blob(st, 19, wkb, (int)len, SQLITE_TRANSIENT);
        else
            sqlite3_bind_null(st, 19);
        if (sqlite3_step(st) != SQLITE_DONE)
            error = ls__ldb_error(L, "cannot record the run's parcels");
        if (wkb)
            GEOSFree_r(ds->geos, wkb);
    }
    sqlite3_finalize(st);
    st = NULL;
    if (error)
        goto cleanup;

    if ((error = ls__ldb_prepare(L, "INSERT INTO list_members VALUES (?, ?, ?)", &st)))
        goto cleanup;
    for (size_t i = 0; i < ds->nparcels && !error; i++) {
        const ls__parcel *p = &ds->parcels[i];
        for (const char *s = p->lists; s && *s && !error;) {
            const char *e = strchr(s, ';');
            size_t len = e ? (size_t)(e - s) : strlen(s);
            sqlite3_reset(st);
            sqlite3_bind_int64(st, 1, run_id);
            sqlite3_bind_text(st, 2, s, (int)len, SQLITE_TRANSIENT);
            ls__ldb_bind_text(st, 3, p->parcel_id ? p->parcel_id : "");
            if (sqlite3_step(st) != SQLITE_DONE)
                error = ls__ldb_error(L, "cannot record the run's lists");
            s = e ? e + 1 : s + len;
        }
    }
    sqlite3_finalize(st);
    st = NULL;
    if (error)
        goto cleanup;

    if ((error = ls__ldb_prepare(L, "INSERT INTO resolved VALUES (?, ?, ?, ?, ?, ?)", &st)))
        goto cleanup;
    for (size_t i = 0; i < ds->nresolved && !error; i++) {
        const ls__resolved *r = &ds->resolved[i];
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, run_id);
        ls__ldb_bind_text(st, 2, r->parcel_id);
        ls__ldb_bind_text(st, 3, r->old_status);
        ls__ldb_bind_text(st, 4, r->new_status);
        sqlite3_bind_double(st, 5, r->old_reclaimable_mu);
        sqlite3_bind_double(st, 6, r->old_area_mu);
        if (sqlite3_step(st) != SQLITE_DONE)
            error = ls__ldb_error(L, "cannot record the run's resolved parcels");
    }
    sqlite3_finalize(st);
    st = NULL;
    if (error)
        goto cleanup;

    if ((error = ls__ldb_prepare(L, "INSERT INTO area_totals VALUES (?, ?, ?, ?, ?, ?, ?)", &st)))
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
            ls__ldb_bind_text(st, 2, kinds[kind]);
            ls__ldb_bind_text(st, 3, key);
            sqlite3_bind_double(st, 4, listed_mu_of(&t[i]));
            sqlite3_bind_double(st, 5, t[i].new_listed_mu);
            sqlite3_bind_double(st, 6, t[i].resolved_mu);
            sqlite3_bind_double(st, 7, t[i].net_listed_mu);
            if (sqlite3_step(st) != SQLITE_DONE)
                error = ls__ldb_error(L, "cannot record the run's totals");
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
    ls__ldb L = {0};
    int error, exists = 0, version = 0, began = 0;
    long srid = 0;
    if ((error = ls__ldb_probe(ctx, lg->path, &exists)) ||
        (error = ls__ldb_open(ctx, lg->path, 1, &L)))
        goto cleanup;
    if ((error = ls__ldb_exec(&L, "BEGIN IMMEDIATE")))
        goto cleanup;
    began = 1;
    if ((error = ls__ldb_check(&L, &version)))
        goto cleanup;
    if (version == 0)
        error = ls__ldb_create_schema(&L, ds->crs_epsg);
    else if (version < LS_LEDGER_SCHEMA_VERSION)
        error = ls__ldb_upgrade_schema(&L, version);
    if (error ||
        (error = ls__ldb_long(&L, "SELECT value FROM landscan_meta WHERE key = 'geometry_srid'",
                              &srid)) ||
        (error = insert_run(&L, lg, cfg, rules, ds, run_info, out_dir, srid)))
        goto cleanup;
    if ((error = ls__ldb_exec(&L, "COMMIT")))
        goto cleanup;
    began = 0;

cleanup:
    if (began)
        sqlite3_exec(L.db, "ROLLBACK", NULL, NULL, NULL);
    ls__ldb_close(&L);
    if (error) {
        char msg[1024];
        snprintf(msg, sizeof(msg), "%s", ls_context_error(ctx));
        ls__error_set(ctx, error, "%s (the outputs are written, the run is not recorded)", msg);
    }
    return error;
}
