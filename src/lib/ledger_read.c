/*
 * ledger_read.c — the public ledger API behind `landscan ledger list | show RUN | diff A B`
 * (include/landscan/ledger.h): the runs recorded, one run as text (totals, change codes,
 * lists, districts, resolved parcels, inputs and timings), and the parcels that differ
 * between two runs as a GeoPackage layer `diff` written to a temporary file and moved into
 * place. The ledger is opened read-only (ledger_store.c) and never written to.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cpl_error.h>
#include <cpl_string.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <sqlite3.h>

#include "landscan/ledger.h"
#include "ledger_store.h"
#include "stage.h"

/* ---- public: list, show, diff ------------------------------------------------------------ */

static const char run_columns[] =
    "SELECT run_id, name, reference_date, recorded_at, version, rules, rules_sha256, output_dir,"
    " district_filter, previous_run_id, parcel_count, listed_count, listed_mu, new_listed_mu,"
    " resolved_mu FROM runs";

static void read_run(sqlite3_stmt *st, ls_ledger_run *r)
{
    r->run_id = (long)sqlite3_column_int64(st, 0);
    r->name = ls__ldb_col_text(st, 1);
    r->reference_date = ls__ldb_col_text(st, 2);
    r->recorded_at = ls__ldb_col_text(st, 3);
    r->version = ls__ldb_col_text(st, 4);
    r->rules = ls__ldb_col_text(st, 5);
    r->rules_sha256 = ls__ldb_col_text(st, 6);
    r->output_dir = ls__ldb_col_text(st, 7);
    r->district_filter = ls__ldb_col_text(st, 8);
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
    ls__ldb L = {0};
    sqlite3_stmt *st = NULL;
    ls_ledger_run *runs = NULL;
    size_t count = 0, cap = 0;
    int empty = 0, rc;
    int error = ls__ldb_open_existing(ctx, path, &L, &empty);
    if (error)
        return error;
    if (!empty) {
        char sql[512];
        snprintf(sql, sizeof(sql), "%s ORDER BY run_id", run_columns);
        if ((error = ls__ldb_prepare(&L, sql, &st)))
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
            error = ls__ldb_error(&L, "cannot read the runs");
    }
cleanup:
    sqlite3_finalize(st);
    ls__ldb_close(&L);
    if (error) {
        ls_ledger_runs_free(runs, count);
        return error;
    }
    *out = runs;
    *n = count;
    return LS_OK;
}

/* One run by id into *r (fields owned by r). */
static int get_run(ls__ldb *L, long run_id, ls_ledger_run *r, char **crs_wkt)
{
    sqlite3_stmt *st = NULL;
    char sql[600];
    snprintf(sql, sizeof(sql), "%s WHERE run_id = ?1", run_columns);
    char *p = strstr(sql, " FROM runs");
    /* also fetch crs_wkt: insert the column before FROM */
    char with_crs[700];
    snprintf(with_crs, sizeof(with_crs), "%.*s, crs_wkt%s", (int)(p - sql), sql, p);
    int error = ls__ldb_prepare(L, with_crs, &st);
    if (error)
        return error;
    sqlite3_bind_int64(st, 1, run_id);
    int rc = sqlite3_step(st);
    memset(r, 0, sizeof(*r));
    if (rc == SQLITE_ROW) {
        read_run(st, r);
        if (crs_wkt)
            *crs_wkt = ls__ldb_col_text(st, 15);
    } else if (rc == SQLITE_DONE) {
        error =
            ls__error_set(L->ctx, LS_ENOTFOUND, "%s: no run %ld in the ledger", L->path, run_id);
    } else {
        error = ls__ldb_error(L, "cannot read the run");
    }
    sqlite3_finalize(st);
    return error;
}

/* Append the rows of a query as lines: each row's columns formatted by fmt letters
 * (s text, f number %.2f, d integer), separated by two spaces. */
static int add_rows(ls__ldb *L, ls__buf *b, const char *sql, long run_id, const char *fmt,
                    const char *indent)
{
    sqlite3_stmt *st = NULL;
    int error = ls__ldb_prepare(L, sql, &st), rc;
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
        error = ls__ldb_error(L, "cannot read the run");
    sqlite3_finalize(st);
    return error;
}

int ls_ledger_show(ls_context *ctx, const char *path, long run_id, char **out)
{
    ls__ldb L = {0};
    ls_ledger_run r;
    memset(&r, 0, sizeof(r));
    ls__buf b = {0};
    int empty = 0;
    int error = ls__ldb_open_existing(ctx, path, &L, &empty);
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
                         "WITH RECURSIVE s(list, rest, mu) AS (SELECT NULL, lists || ';',"
                         " area_mu FROM run_parcels WHERE run_id = ?1 AND lists <> '' UNION"
                         " ALL SELECT substr(rest, 1, instr(rest, ';') - 1), substr(rest,"
                         " instr(rest, ';') + 1), mu FROM s WHERE rest <> '') SELECT list,"
                         " count(*), sum(mu) FROM s WHERE list IS NOT NULL GROUP BY list"
                         " ORDER BY list",
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
    ls__ldb_close(&L);
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

static int load_rows(ls__ldb *L, long run_id, drow **out, size_t *nout)
{
    sqlite3_stmt *st = NULL;
    drow *rows = NULL;
    size_t n = 0, cap = 0;
    char sql[512];
    snprintf(sql, sizeof(sql),
             "SELECT p.parcel_id, p.status, p.lists, p.area_mu, p.reclaimable_mu, p.change,"
             " p.match, p.matched_from, AsBinary(%s) FROM %s WHERE p.run_id = ?1"
             " ORDER BY p.parcel_id, p.rowid",
             ls__ldb_parcel_geom(L), ls__ldb_parcels_from(L));
    int rc, error = ls__ldb_prepare(L, sql, &st);
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
        r->id = ls__ldb_col_text(st, 0);
        r->status = ls__ldb_col_text(st, 1);
        r->lists = ls__ldb_col_text(st, 2);
        r->area_mu = ls__ldb_col_real(st, 3);
        r->reclaimable_mu = ls__ldb_col_real(st, 4);
        r->change = ls__ldb_col_text(st, 5);
        r->match = ls__ldb_col_text(st, 6);
        r->from = ls__ldb_col_text(st, 7);
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
        error = ls__ldb_error(L, "cannot read the run's parcels");
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
    ls__ldb L = {0};
    ls_ledger_run ra, rb;
    memset(&ra, 0, sizeof(ra));
    memset(&rb, 0, sizeof(rb));
    char *wkt_a = NULL, *wkt_b = NULL, *target = NULL, *tmp = NULL;
    drow *a = NULL, *b = NULL;
    size_t na = 0, nb = 0;
    ls_ledger_diff_summary sum;
    memset(&sum, 0, sizeof(sum));
    int empty = 0;
    int error = ls__ldb_open_existing(ctx, path, &L, &empty);
    if (error)
        return error;
    if (empty) {
        error = ls__error_set(ctx, LS_ENOTFOUND, "%s: no run %ld in the ledger", path, run_a);
        goto cleanup;
    }
    if ((error = get_run(&L, run_a, &ra, &wkt_a)) || (error = get_run(&L, run_b, &rb, &wkt_b)) ||
        (error = load_rows(&L, run_a, &a, &na)) || (error = load_rows(&L, run_b, &b, &nb)))
        goto cleanup;
    ls__ldb_close(&L);
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
    if (out_dir && ls__mkdir_p(out_dir) != 0) {
        error = ls__error_set(ctx, LS_EIO, "%s: cannot create the output folder (%s)", out_dir,
                              strerror(errno));
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
    ls__ldb_close(&L);
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
