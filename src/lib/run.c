/*
 * run.c — ls_run(): the pipeline of product.md in data-flow order.
 *
 *   read → measure buildings → overlay → measure parcels → evaluate → classify → sites →
 *   aggregate → write (GeoPackage + CSV into a temporary folder, renamed into place).
 *
 * Output safety: an existing DIR/landscan.gpkg is refused unless `force`; everything is
 * written into DIR/.landscan-tmp-<pid>/ and each finished file renamed into DIR only when
 * all are complete; on any error or interrupt the temporary folder is removed and DIR is
 * left as it was. Inputs are only ever opened read-only.
 *
 * Ledger (ledger_match.c, ledger_record.c): unless --no-ledger, the year-on-year ledger is read
 * (read-only) after sites and before aggregate, so a foreign or corrupt ledger stops the run before
 * anything is written and the per-area totals can carry new / resolved mu; the run's rows go into
 * one open transaction on a thread of their own while the outputs are written, committed only
 * after the outputs are in place (a failed or interrupted run rolls it back in
 * ls__ledger_free).
 */
#include <gdal.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "aggregate.h"
#include "building_use.h"
#include "check.h"
#include "classify.h"
#include "corrections.h"
#include "evaluate.h"
#include "rule_checks.h"
#include "flags.h"
#include "geodesic_area.h"
#include "hash.h"
#include "ledger.h"
#include "masks.h"
#include "measure.h"
#include "overlay.h"
#include "parcel_overlaps.h"
#include "qgis_project.h"
#include "read.h"
#include "report.h"
#include "run_stages.h"
#include "sites.h"
#include "unsupplied.h"
#include "stage.h"
#include "styles.h"
#include "targets.h"
#include "write_csv.h"
#include "write_gpkg.h"

double ls__run_clock(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}
#define now_s ls__run_clock

int ls__run_jobs(int requested)
{
    int jobs = requested > 0 ? requested : (int)sysconf(_SC_NPROCESSORS_ONLN);
    return jobs > 0 ? jobs : 1;
}

static int file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* What a run puts into DIR (checked before the run so nothing is overwritten unasked). */
static const char *const output_names[] = {"landscan.gpkg", "landscan.qgs", "parcels.csv",
                                           "blocks.csv", "reports"};
#define NOUTPUTS (sizeof(output_names) / sizeof(output_names[0]))

/* Every output of the run, written into the temporary folder tmp. First rule_checks (into
 * the empty GeoPackage), then the parcels' `checks` are released (not part of the report
 * model), so a province's check lists and report model are never in memory together. The
 * reports are built from memory (report_from_dataset.c, borrowing the dataset) and written
 * on a second thread, started then, while this thread writes the GeoPackage's layers, the
 * styles and the project and the CSVs: every one of them only reads ds, and the report
 * thread uses its own
 * GEOS handle and context (interrupted with the run's). Both sides are always joined; the
 * first error is reported, and the caller removes the temporary folder on any error. */
typedef struct report_task {
    ls_context *ctx;
    const ls__dataset *ds;
    const ls__kv *info;
    const char *tmp, *district;
    int error;
    double seconds, model_seconds;
} report_task;

static void *report_thread(void *arg)
{
    report_task *t = arg;
    double t0 = now_s();
    ls__report_plan *plan = NULL;
    ls_report_options ro = LS_REPORT_OPTIONS_INIT;
    ro.district = t->district;
    ro.output_dir = t->tmp;
    ro.force = 1;
    t->error = ls__report_plan_from_dataset(t->ctx, t->ds, t->info, &ro, &plan);
    t->model_seconds = now_s() - t0;
    if (t->error == LS_OK)
        t->error = ls__report_plan_run(t->ctx, plan);
    ls__report_plan_free(plan);
    t->seconds = now_s() - t0;
    return NULL;
}

/* Seconds since *t0 under time_write_<name>_s in times; *t0 moves on. */
static void lap(ls__kv *times, const char *name, double *t0)
{
    double t = now_s();
    char key[64];
    snprintf(key, sizeof(key), "time_write_%s_s", name);
    ls__kv_addf(times, key, "%.3f", t - *t0);
    *t0 = t;
}

/* The write stages' times (known only once written) appended to run_info of the
 * GeoPackage and to info (the ledger records it). */
static int add_write_times(ls_context *ctx, const ls__kv *times, ls__kv *info, const char *gpkg)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *ins = NULL;
    int error = LS_OK;
    if (sqlite3_open_v2(gpkg, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK ||
        sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, "INSERT INTO run_info (key, value) VALUES (?, ?)", -1, &ins, NULL) !=
            SQLITE_OK)
        error = ls__error_set(ctx, LS_EIO, "%s: run_info: %s", gpkg,
                              db ? sqlite3_errmsg(db) : "out of memory");
    for (size_t i = 0; error == LS_OK && i < times->n; i++) {
        sqlite3_reset(ins);
        sqlite3_bind_text(ins, 1, times->keys[i], -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 2, times->values[i], -1, SQLITE_STATIC);
        if (sqlite3_step(ins) != SQLITE_DONE)
            error = ls__error_set(ctx, LS_EIO, "%s: run_info: %s", gpkg, sqlite3_errmsg(db));
        else if (ls__kv_add(info, times->keys[i], times->values[i]) != LS_OK)
            error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
    }
    sqlite3_finalize(ins);
    if (error == LS_OK && sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        error = ls__error_set(ctx, LS_EIO, "%s: run_info: %s", gpkg, sqlite3_errmsg(db));
    sqlite3_close(db);
    return error;
}

static int write_outputs(ls_context *ctx, const ls_config *cfg, const ls_rules *rules,
                         ls__dataset *ds, ls__kv *info, const char *tmp, const char *district)
{
    (void)rules;
    int error = LS_OK;
    ls__kv times = {0};
    double t0 = now_s(), t_start = t0;
    char *gpkg = ls__path_join(tmp, "landscan.gpkg");
    char *pc = ls__path_join(tmp, "parcels.csv");
    char *bc = ls__path_join(tmp, "blocks.csv");
    char *qgs = ls__path_join(tmp, "landscan.qgs");
    report_task task = {NULL, ds, info, tmp, district, LS_OK, 0.0, 0.0};
    pthread_t thread;
    int threaded = 0;
    if (!gpkg || !pc || !bc || !qgs || ls__context_child(ctx, &task.ctx) != LS_OK)
        error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
    /* rule_checks first, into the empty GeoPackage: the check lists (≈ 750 bytes a parcel)
     * are freed before the report model, the layers and the ledger are in memory */
    if (error == LS_OK)
        error = ls__write_gpkg_create(ctx, gpkg);
    if (error == LS_OK)
        error = ls__rule_checks_write(ctx, ds, gpkg);
    lap(&times, "rule_checks", &t0);
    for (size_t i = 0; i < ds->nparcels; i++) {
        free(ds->parcels[i].checks);
        ds->parcels[i].checks = NULL;
    }
#ifdef __GLIBC__
    /* the lists were made on the classify threads: their malloc arenas are not the ones
     * the writers allocate from, so give the freed pages back to the system */
    malloc_trim(0);
#endif
    if (error == LS_OK)
        threaded = pthread_create(&thread, NULL, report_thread, &task) == 0;
    if (error == LS_OK)
        error = ls__write_gpkg(ctx, ds, info, gpkg);
    lap(&times, "gpkg", &t0);
    if (error == LS_OK)
        error = ls__styles_write(ctx, ds, gpkg);
    if (error == LS_OK)
        error = ls__qgis_project_write(ctx, ds, cfg->name, cfg->reference_date, gpkg, qgs);
    lap(&times, "styles_project", &t0);
    if (error == LS_OK)
        error = ls__write_parcels_csv(ctx, ds, pc);
    if (error == LS_OK)
        error = ls__write_blocks_csv(ctx, ds, bc);
    lap(&times, "csv", &t0);
    if (threaded) {
        if (error != LS_OK)
            ls_context_interrupt(task.ctx); /* no point finishing the reports */
        pthread_join(thread, NULL);
    } else if (error == LS_OK && task.ctx) {
        report_thread(&task); /* no thread could be started: write them here */
    }
    lap(&times, "reports_wait", &t0);
    if (error == LS_OK && task.error != LS_OK)
        error = ls__error_set(ctx, task.error, "%s", ls_context_error(task.ctx));
    if (error == LS_OK) {
        ls__kv_addf(&times, "time_write_report_model_s", "%.3f", task.model_seconds);
        ls__kv_addf(&times, "time_write_reports_s", "%.3f", task.seconds);
        ls__kv_addf(&times, "time_write_s", "%.3f", now_s() - t_start);
        error = add_write_times(ctx, &times, info, gpkg);
    }
    ls__kv_free(&times);
    ls_context_free(task.ctx);
    free(gpkg);
    free(pc);
    free(bc);
    free(qgs);
    return error;
}

/* Keep only the parcels of one district (run --district). */
static int restrict_district(ls_context *ctx, ls__dataset *ds, const char *district)
{
    int found = 0;
    for (size_t i = 0; i < ds->ndistricts; i++)
        found |= strcmp(ds->districts[i].name, district) == 0;
    if (!found) {
        ls__buf names = {0};
        for (size_t i = 0; i < ds->ndistricts; i++)
            ls__buf_addf(&names, "%s%s", i ? ", " : "", ds->districts[i].name);
        char *list = ls__buf_take(&names);
        int rc = ls__error_set(ctx, LS_EINVAL, "--district %s: no such district (districts: %s)",
                               district, list && *list ? list : "none given");
        free(list);
        return rc;
    }
    size_t k = 0;
    for (size_t i = 0; i < ds->nparcels; i++) {
        ls__parcel *p = &ds->parcels[i];
        if (p->district && strcmp(p->district, district) == 0) {
            ds->parcels[k++] = *p;
            continue;
        }
        free(p->parcel_id);
        free(p->landuse);
        free(p->owner);
        free(p->enterprise_id);
        free(p->industry_code);
        free(p->ents);
        GEOSGeom_destroy_r(ds->geos, p->geom);
    }
    ds->nparcels = k;
    return LS_OK;
}

static int add_summary(ls_context *ctx, const ls__dataset *ds, const char *const *names,
                       const ls__totals *totals, size_t n, ls_run_summary *sum)
{
    sum->districts = calloc(n + 1, sizeof(ls_district_summary));
    if (!sum->districts)
        return ls__error_set(ctx, LS_ENOMEM, "out of memory");
    ls__totals all;
    memset(&all, 0, sizeof(all));
    for (size_t i = 0; i <= n; i++) {
        ls__totals t;
        if (i < n) {
            t = totals[i];
        } else {
            memset(&t, 0, sizeof(t));
            for (size_t j = 0; j < ds->nparcels; j++)
                ls__totals_add(&t, &ds->parcels[j]);
            ls__totals_finish(&t);
        }
        ls_district_summary *d = &sum->districts[i];
        d->district = ls__strdup(i < n ? names[i] : "合计");
        d->parcel_count = t.parcel_count;
        d->industrial_count = t.industrial_count;
        d->industrial_mu = t.industrial_mu;
        d->idle_count = t.status_count[LS_STATUS_IDLE];
        d->relocatable_count = t.status_count[LS_STATUS_RELOCATABLE];
        d->low_efficiency_count = t.status_count[LS_STATUS_LOW_EFFICIENCY];
        d->efficient_count = t.status_count[LS_STATUS_EFFICIENT];
        d->idle_mu = t.status_mu[LS_STATUS_IDLE];
        d->relocatable_mu = t.status_mu[LS_STATUS_RELOCATABLE];
        d->low_efficiency_mu = t.status_mu[LS_STATUS_LOW_EFFICIENCY];
        d->efficient_mu = t.status_mu[LS_STATUS_EFFICIENT];
        d->reclaimable_mu = t.reclaimable_mu;
        d->far_uplift_m2 = t.far_uplift_m2;
        sum->ndistricts++;
        if (!d->district)
            return ls__error_set(ctx, LS_ENOMEM, "out of memory");
    }
    return LS_OK;
}

/* The whole run's target rows (district "") into the summary. */
static int add_targets(ls_context *ctx, const ls__dataset *ds, ls_run_summary *sum)
{
    size_t n = 0;
    for (size_t i = 0; i < ds->ntargets; i++)
        n += ds->targets[i].district[0] == '\0';
    if (n == 0)
        return LS_OK;
    if (!(sum->targets = calloc(n, sizeof(*sum->targets))))
        return ls__error_set(ctx, LS_ENOMEM, "out of memory");
    for (size_t i = 0; i < ds->ntargets; i++) {
        const ls__target_row *r = &ds->targets[i];
        if (r->district[0] != '\0')
            continue;
        const ls__target_info *t = ls__target((ls__target_id)r->indicator);
        ls_target_summary *o = &sum->targets[sum->ntargets++];
        o->indicator = ls__strdup(t->name);
        o->unit = ls__strdup(t->unit);
        o->year = r->year;
        o->target = r->target;
        o->achieved = r->achieved;
        o->share = r->share;
        o->note = r->note ? ls__strdup(r->note) : NULL;
        if (!o->indicator || !o->unit || (r->note && !o->note))
            return ls__error_set(ctx, LS_ENOMEM, "out of memory");
    }
    return LS_OK;
}

static int fill_layers(ls_context *ctx, const ls__dataset *ds, ls_run_summary *sum)
{
    sum->layers = calloc(LS_INPUT_COUNT, sizeof(ls_layer_summary));
    sum->problems = calloc(ds->dq.n + 1, sizeof(char *));
    if (!sum->layers || !sum->problems)
        return ls__error_set(ctx, LS_ENOMEM, "out of memory");
    for (int r = 0; r < LS_INPUT_COUNT; r++) {
        const ls__layer_info *li = &ds->layers[r];
        if (!li->present)
            continue;
        ls_layer_summary *l = &sum->layers[sum->nlayers++];
        l->role = ls__strdup(ls_input_role_name((ls_input_role)r));
        l->path = ls__strdup(li->path);
        l->crs = ls__strdup(li->crs ? li->crs : "(table)");
        l->encoding = ls__strdup(li->encoding);
        l->features = li->features;
        l->skipped = li->skipped;
        l->repaired = li->repaired;
    }
    for (size_t i = 0; i < ds->dq.n; i++) {
        const ls__dq_row *r = &ds->dq.rows[i];
        sum->problems[sum->nproblems++] =
            ls__sprintf("%s\t%s\t%s\t%s", r->layer, r->feature, r->problem, r->action);
    }
    sum->data_quality_rows = (long)ds->dq.n;
    return LS_OK;
}

static int build_run_info(ls_context *ctx, const ls_config *cfg, const ls_rules *rules,
                          const ls__dataset *ds, const double *t, int jobs, ls__kv *kv)
{
    int rc = LS_OK;
    char *rules_json = NULL;
    char *run_hash = ls__hash_file(cfg->path);
    if ((rc = ls_rules_to_json(ctx, rules, &rules_json)) != LS_OK) {
        free(run_hash);
        return rc;
    }
    char stamp[64];
    time_t now = time(NULL);
    struct tm tmv;
    gmtime_r(&now, &tmv);
    strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tmv);
    size_t counts[LS_STATUS_COUNT] = {0};
    size_t industrial = 0;
    for (size_t i = 0; i < ds->nparcels; i++) {
        counts[ds->parcels[i].status]++;
        industrial += ds->parcels[i].industrial ? 1 : 0;
    }
    rc |= ls__kv_add(kv, "version", ls_version());
    rc |= ls__kv_add(kv, "name", cfg->name);
    rc |= ls__kv_add(kv, "reference_date", cfg->reference_date);
    rc |= ls__kv_add(kv, "run_file", cfg->path);
    rc |= ls__kv_add(kv, "run_file_sha256", run_hash);
    rc |= ls__kv_add(kv, "created_at", stamp);
    rc |= ls__kv_add(kv, "crs", ds->crs_name);
    rc |= ls__kv_add(kv, "crs_wkt", ds->crs_wkt);
    for (int r = 0; r < LS_INPUT_COUNT; r++) {
        const ls__layer_info *li = &ds->layers[r];
        const char *role = ls_input_role_name((ls_input_role)r);
        char key[96];
        if (!li->present) {
            snprintf(key, sizeof(key), "input_%s", role);
            rc |= ls__kv_add(kv, key, "(not given)");
            continue;
        }
        snprintf(key, sizeof(key), "input_%s_path", role);
        rc |= ls__kv_add(kv, key, li->path);
        snprintf(key, sizeof(key), "input_%s_sha256", role);
        rc |= ls__kv_add(kv, key, li->sha256);
        snprintf(key, sizeof(key), "input_%s_crs", role);
        rc |= ls__kv_add(kv, key, li->crs);
        snprintf(key, sizeof(key), "input_%s_encoding", role);
        rc |= ls__kv_add(kv, key, li->encoding);
        snprintf(key, sizeof(key), "input_%s_features", role);
        rc |= ls__kv_addf(kv, key, "%ld", li->features);
        snprintf(key, sizeof(key), "input_%s_skipped", role);
        rc |= ls__kv_addf(kv, key, "%ld", li->skipped);
        snprintf(key, sizeof(key), "input_%s_repaired", role);
        rc |= ls__kv_addf(kv, key, "%ld", li->repaired);
    }
    if (!ds->layers[LS_INPUT_CONTROL_LINES].present)
        rc |= ls__kv_add(
            kv, "note_control_lines",
            "no control lines given: no parcel is relocatable (REL_OUTSIDE not evaluated)");
    if (ds->nmasks) {
        ls__buf names = {0}, hashes = {0};
        for (size_t i = 0; i < ds->nmasks; i++) {
            ls__buf_addf(&names, "%s%s (%s)", i ? "; " : "", ds->masks[i].name, ds->masks[i].path);
            ls__buf_addf(&hashes, "%s%s", i ? ";" : "",
                         ds->masks[i].sha256 ? ds->masks[i].sha256 : "");
        }
        char *n = ls__buf_take(&names), *h = ls__buf_take(&hashes);
        rc |= ls__kv_add(kv, "input_masks", n);
        rc |= ls__kv_add(kv, "input_masks_sha256", h);
        free(n);
        free(h);
    }
    if (cfg->corrections) {
        char *h = ls__hash_file(cfg->corrections);
        rc |= ls__kv_add(kv, "corrections", cfg->corrections);
        rc |= ls__kv_add(kv, "corrections_sha256", h);
        rc |= ls__kv_addf(kv, "count_corrections", "%zu", ds->ncorrections);
        free(h);
    }
    rc |= ls__kv_add(kv, "area_basis", ds->area_ellipsoidal ? "ellipsoidal" : "planar");
    rc |= ls__kv_addf(kv, "area_max_relative_difference", "%.9f", ds->area_max_rel_diff);
    rc |= ls__kv_add(kv, "area_max_relative_difference_parcel",
                     ds->area_max_rel_parcel ? ds->area_max_rel_parcel : "");
    rc |= ls__kv_add(kv, "rules", rules->name);
    rc |= ls__kv_add(kv, "rules_chain", rules->extends_chain);
    rc |= ls__kv_add(kv, "rules_resolved", rules_json);
    rc |= ls__kv_addf(kv, "count_parcels", "%zu", ds->nparcels);
    rc |= ls__kv_addf(kv, "count_industrial", "%zu", industrial);
    for (int s = 0; s < LS_STATUS_COUNT; s++) {
        char key[64];
        snprintf(key, sizeof(key), "count_%s", ls__status_name((ls__status)s));
        rc |= ls__kv_addf(kv, key, "%zu", counts[s]);
    }
    rc |= ls__kv_addf(kv, "count_buildings", "%zu", ds->nbuildings);
    rc |= ls__kv_addf(kv, "count_enterprises", "%zu", ds->nenterprises);
    rc |= ls__kv_addf(kv, "count_sites", "%zu", ds->nsites);
    rc |= ls__kv_addf(kv, "count_data_quality", "%zu", ds->dq.n);
    rc |= ls__kv_addf(kv, "jobs", "%d", jobs);
    static const char *const stage[] = {"read",     "overlay", "measure",  "evaluate",
                                        "classify", "sites",   "aggregate"};
    for (int i = 0; i < 7; i++) {
        char key[64];
        snprintf(key, sizeof(key), "time_%s_s", stage[i]);
        rc |= ls__kv_addf(kv, key, "%.3f", i == 6 ? t[i + 1] - t[i] - t[8] : t[i + 1] - t[i]);
    }
    rc |= ls__kv_addf(kv, "time_ledger_prepare_s", "%.3f", t[8]);
    free(run_hash);
    free(rules_json);
    return rc != LS_OK ? ls__error_set(ctx, LS_ENOMEM, "out of memory") : LS_OK;
}

int ls__run_read(ls_context *ctx, const ls_config *cfg, ls__dataset *ds)
{
    GDALAllRegister();
    int error = ls__read_inputs(ctx, cfg, ds);
    if (error == LS_OK)
        error = ls__masks_read(ctx, cfg, ds);
    if (error == LS_OK)
        error = ls__corrections_apply(ctx, cfg, ds);
    if (error == LS_OK)
        error = ls__use_classify_buildings(ctx, ds);
    return error;
}

int ls__run_overlay(ls_context *ctx, const ls_config *cfg, const ls_rules *rules,
                    const char *district, int jobs, ls__dataset *ds, double *t)
{
    int error;
    ds->jobs = jobs; /* the assessment's per-parcel stages use them too */
    if ((error = ls__measure_buildings(ctx, ds, rules)) != LS_OK ||
        (error = ls__overlay_run(ctx, ds, jobs)) != LS_OK)
        return error;
    if (district && (error = restrict_district(ctx, ds, district)) != LS_OK)
        return error;
    if ((error = ls__parcel_overlaps_report(ctx, ds, rules->overlap_tolerance_m2)) != LS_OK)
        return error;
    ds->area_ellipsoidal = cfg->area_ellipsoidal;
    if ((error = ls__geod_measure_parcels(ctx, ds)) != LS_OK ||
        (error = ls__masks_measure(ctx, ds)) != LS_OK)
        return error;
    int ref_days = ls__date_from_ymd(cfg->reference_year, cfg->reference_month, cfg->reference_day);
    if ((error = ls__unsupplied_build(ctx, ds, rules, ref_days, district)) != LS_OK)
        return error;
    if (t)
        t[0] = now_s();
    if ((error = ls__measure_parcels(ctx, ds)) != LS_OK ||
        (error = ls__corrections_link(ctx, ds)) != LS_OK)
        return error;
    /* buildings are measured: their geometry is not needed again (the largest input) */
    for (size_t i = 0; i < ds->nbuildings; i++) {
        GEOSGeom_destroy_r(ds->geos, ds->buildings[i].geom);
        ds->buildings[i].geom = NULL;
    }
    if (t)
        t[1] = now_s();
    return LS_OK;
}

int ls__run_assess(ls_context *ctx, const ls_config *cfg, const ls_rules *rules, ls__dataset *ds,
                   double *t)
{
    int error;
    int ref_days = ls__date_from_ymd(cfg->reference_year, cfg->reference_month, cfg->reference_day);
    if ((error = ls__evaluate(ctx, ds, rules, ref_days)) != LS_OK)
        return error;
    if (t)
        t[0] = now_s();
    if ((error = ls__classify(ctx, ds, rules, ref_days,
                              ds->layers[LS_INPUT_CONTROL_LINES].present)) != LS_OK)
        return error;
    ls__masks_reclaimable(ds);
    if ((error = ls__flags_assess(ctx, ds, rules, ref_days)) != LS_OK)
        return error;
    if (t)
        t[1] = now_s();
    if ((error = ls__sites_build(ctx, ds, rules)) != LS_OK ||
        (error = ls__masks_sites(ctx, ds, rules)) != LS_OK)
        return error;
    if (t)
        t[2] = now_s();
    return LS_OK;
}

int ls_run(ls_context *ctx, const ls_config *cfg, const ls_rules *rules, const ls_run_options *opts,
           ls_run_summary **out)
{
    int error = LS_OK;
    ls__dataset ds;
    memset(&ds, 0, sizeof(ds));
    ls__kv info = {0};
    ls_run_summary *sum = NULL;
    char *out_dir = NULL;
    ls__stage stage = {NULL, NULL, 0}; /* the temporary folder inside the output folder */
    char *ledger_path = NULL;
    ls__ledger *ledger = NULL;
    double t[10] = {0};
    ls_run_options defaults = LS_RUN_OPTIONS_INIT;
    LS__ASSERT_ARG(ctx, ctx);
    LS__ASSERT_ARG(ctx, cfg);
    LS__ASSERT_ARG(ctx, rules);
    LS__ASSERT_ARG(ctx, out);
    if (!opts)
        opts = &defaults;
    ls__error_clear(ctx);
    int jobs = ls__run_jobs(opts->jobs);

    sum = calloc(1, sizeof(*sum));
    if (!sum)
        return ls__error_set(ctx, LS_ENOMEM, "out of memory");
    t[0] = now_s();

    if (!opts->check_only) {
        if (opts->output_dir)
            out_dir = ls__strdup(opts->output_dir);
        else if (cfg->output)
            out_dir = ls__strdup(cfg->output);
        else
            out_dir = ls__path_join(cfg->base_dir, "out");
        char *gpkg = out_dir ? ls__path_join(out_dir, "landscan.gpkg") : NULL;
        if (!gpkg) {
            error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
            goto cleanup;
        }
        int exists = 0;
        for (size_t i = 0; i < NOUTPUTS && !exists; i++) {
            char *f = ls__path_join(out_dir, output_names[i]);
            exists = f && file_exists(f);
            free(f);
        }
        if (exists && !opts->force) {
            error = ls__error_set(ctx, LS_EEXIST,
                                  "%s: output exists; use --force to overwrite or -o to choose "
                                  "another folder",
                                  gpkg);
            free(gpkg);
            goto cleanup;
        }
        sum->gpkg_path = gpkg;
    }

    if ((error = ls__run_read(ctx, cfg, &ds)) != LS_OK ||
        (error = ls__targets_check(ctx, rules, &ds)) != LS_OK)
        goto cleanup;
    t[1] = now_s();
    if (opts->check_only) {
        /* the join on the records as read; then the stages that add data_quality rows
         * (overlay, measure, classify: unmapped floors per building, overlaps, …), so that
         * check reports the rows run would write (issue 13 §7); nothing is written */
        if ((error = ls__check_join(ctx, &ds, sum)) == LS_OK &&
            (error = ls__run_overlay(ctx, cfg, rules, NULL, jobs, &ds, NULL)) == LS_OK &&
            (error = ls__run_assess(ctx, cfg, rules, &ds, NULL)) == LS_OK &&
            (error = fill_layers(ctx, &ds, sum)) == LS_OK)
            error = ls__check_fields(ctx, cfg, sum);
        if (error == LS_OK)
            ls__check_flags(&ds, sum);
        goto cleanup;
    }
    if ((error = ls__run_overlay(ctx, cfg, rules, opts->district, jobs, &ds, &t[2])) != LS_OK ||
        (error = ls__run_assess(ctx, cfg, rules, &ds, &t[4])) != LS_OK)
        goto cleanup;
    if (!opts->no_ledger) {
        ledger_path = cfg->ledger ? ls__strdup(cfg->ledger)
                                  : ls__path_join(cfg->base_dir ? cfg->base_dir : ".",
                                                  LS_LEDGER_DEFAULT_NAME);
        if (!ledger_path) {
            error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
            goto cleanup;
        }
        if ((error = ls__ledger_prepare(ctx, ledger_path, cfg, rules, opts->district, &ds,
                                        &ledger)) != LS_OK)
            goto cleanup;
    }
    t[8] = now_s() - t[6]; /* time_ledger_prepare_s: neither sites nor aggregate */
    if ((error = ls__aggregate(ctx, &ds)) != LS_OK ||
        (error = ls__targets_compute(ctx, rules, &ds)) != LS_OK)
        goto cleanup;
    t[7] = now_s();
    if (ls_context_interrupted(ctx)) {
        error = ls__error_set(ctx, LS_EINTERRUPTED, "interrupted");
        goto cleanup;
    }

    /* write into a temporary folder inside the output folder (stage.c) */
    if ((error = ls__stage_begin(ctx, out_dir, &stage)) != LS_OK)
        goto cleanup;
    if ((error = build_run_info(ctx, cfg, rules, &ds, t, jobs, &info)) != LS_OK)
        goto cleanup;
    if (ledger) /* its rows go in on a thread while the outputs are written, COMMIT below */
        ls__ledger_record_start(ctx, ledger, cfg, rules, &ds, &info, out_dir);
    if ((error = write_outputs(ctx, cfg, rules, &ds, &info, stage.tmp, opts->district)) != LS_OK) {
        error = ls__stage_failed(ctx, &stage, error); /* disk full, read-only: say so */
        goto cleanup;
    }
    if (ls_context_interrupted(ctx)) {
        error = ls__error_set(ctx, LS_EINTERRUPTED, "interrupted");
        goto cleanup;
    }
    if ((error = ls__stage_commit(ctx, &stage)) != LS_OK)
        goto cleanup;
    if (ledger && (error = ls__ledger_record_finish(ctx, ledger, &info)) != LS_OK)
        goto cleanup;
    sum->output_dir = ls__strdup(out_dir);
    {
        const char **names = calloc(ds.ndistricts + 1, sizeof(char *));
        if (!names) {
            error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
            goto cleanup;
        }
        for (size_t i = 0; i < ds.ndistricts; i++)
            names[i] = ds.districts[i].name;
        error = add_summary(ctx, &ds, names, ds.district_totals, ds.ndistricts, sum);
        free(names);
    }
    if (error == LS_OK)
        error = fill_layers(ctx, &ds, sum);
    if (error == LS_OK)
        error = add_targets(ctx, &ds, sum);

cleanup:
    ls__ledger_free(ledger);
    free(ledger_path);
    ls__stage_end(&stage, error != LS_OK); /* a created, still empty output folder goes too */
    free(out_dir);
    ls__kv_free(&info);
    ls__dataset_free(&ds);
    if (error != LS_OK) {
        ls_run_summary_free(sum);
        return error;
    }
    sum->seconds = now_s() - t[0];
    *out = sum;
    return LS_OK;
}

void ls_run_summary_free(ls_run_summary *sum)
{
    if (!sum)
        return;
    free(sum->output_dir);
    free(sum->gpkg_path);
    for (size_t i = 0; i < sum->ndistricts; i++)
        free(sum->districts[i].district);
    free(sum->districts);
    for (size_t i = 0; i < sum->nlayers; i++) {
        free(sum->layers[i].role);
        free(sum->layers[i].path);
        free(sum->layers[i].crs);
        free(sum->layers[i].encoding);
        for (size_t k = 0; k < sum->layers[i].nfields; k++) {
            free(sum->layers[i].fields[k].canonical);
            free(sum->layers[i].fields[k].source);
        }
        free(sum->layers[i].fields);
    }
    free(sum->layers);
    for (size_t i = 0; i < sum->nproblems; i++)
        free(sum->problems[i]);
    free(sum->problems);
    for (size_t i = 0; i < sum->ntargets; i++) {
        free(sum->targets[i].indicator);
        free(sum->targets[i].unit);
        free(sum->targets[i].note);
    }
    free(sum->targets);
    free(sum);
}
