/*
 * report.c — ls_report_write(): per-district reports of a finished run, and the two-step
 * plan (report.h) that `landscan run` uses to write them on a second thread.
 *
 * Which reports: one per district of the districts layer (or the one named), or one named
 * after the run when it has none. Where: <output_dir>/reports/<stem>.<ext>, the stem made
 * safe for file systems (ls_report_file_stem(); two names with the same safe form are
 * numbered). The plan reads the GeoPackage (report_read.c) — or, for `landscan run`, builds
 * the same model from the run's dataset (report_from_dataset.c) — and checks everything
 * before a file is written; running it builds each district's view (report_model.c) and hands it to
 * the writers (report_xlsx.c, report_html.c, report_csv.c).
 *
 * Output safety: ls_report_write() stages the reports in a temporary folder inside
 * reports/ and moves them into place only when all are complete (stage.c), so an
 * interrupted or failed call leaves the folder as it was; `landscan run` writes them into
 * its own staged output folder.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "report.h"
#include "report_from_dataset.h"
#include "report_read.h"
#include "report_write.h"
#include "stage.h"

char *ls_report_file_stem(const char *district)
{
    const char *s = district && *district ? district : "未命名";
    ls__buf b = {0};
    ls__buf_add(&b, "");
    for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
        if (*c < 0x20 || *c == 0x7f || strchr("/\\:*?\"<>|", *c))
            ls__buf_add(&b, "_");
        else
            ls__buf_addn(&b, (const char *)c, 1);
    }
    char *stem = ls__buf_take(&b);
    if (stem && (strcmp(stem, ".") == 0 || strcmp(stem, "..") == 0 || stem[0] == '.')) {
        char *fixed = ls__sprintf("_%s", stem);
        free(stem);
        stem = fixed;
    }
    return stem;
}

static int mkdir_1(const char *path)
{
    return mkdir(path, 0777) == 0 || errno == EEXIST ? 0 : -1;
}

typedef struct job {
    const char *district; /* NULL = whole run */
    char *stem;
} job;

static const char *const fmt_ext[3] = {"xlsx", "html", "csv"};

/* The reports of one district, written into dir. */
static int write_one(ls_context *ctx, const ls__rdata *d, const job *jb, const char *dir,
                     int formats)
{
    ls__report rep;
    int error = ls__report_build(ctx, d, jb->district, &rep);
    if (error != LS_OK)
        return error;
    for (int k = 0; k < 3 && error == LS_OK; k++) {
        if (!(formats & (1 << k)))
            continue;
        char *path = ls__sprintf("%s/%s.%s", dir, jb->stem, fmt_ext[k]);
        if (!path)
            error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
        else
            error = k == 0   ? ls__report_write_xlsx(ctx, &rep, path)
                    : k == 1 ? ls__report_write_html(ctx, &rep, path)
                             : ls__report_write_csv(ctx, &rep, path);
        free(path);
    }
    ls__report_clear(&rep);
    return error;
}

struct ls__report_plan {
    ls__rdata *d;
    job *jobs;
    size_t njobs;
    char *dir;
    int formats;
};

void ls__report_plan_free(ls__report_plan *plan)
{
    if (!plan)
        return;
    for (size_t i = 0; plan->jobs && i < plan->njobs; i++)
        free(plan->jobs[i].stem);
    free(plan->jobs);
    free(plan->dir);
    ls__report_data_free(plan->d);
    free(plan);
}

static int check_options(ls_context *ctx, const ls_report_options *opts)
{
    if (opts->version != LS_REPORT_OPTIONS_VERSION ||
        (opts->formats & ~(LS_REPORT_XLSX | LS_REPORT_HTML | LS_REPORT_CSV)))
        return ls__error_set(ctx, LS_EINVAL, "report: bad options (version %d, formats %d)",
                             opts->version, opts->formats);
    return LS_OK;
}

/* The plan for the model d (taken: freed on failure too), read from gpkg_path (named in
 * messages) or built from memory; the reports go to <base>/reports. */
static int plan_make(ls_context *ctx, ls__rdata *d, const char *gpkg_path, char *base,
                     const ls_report_options *opts, ls__report_plan **out)
{
    int error = LS_OK;
    job *jobs = NULL;
    size_t njobs = 0;
    char *dir = NULL;
    int formats = opts->formats ? opts->formats : LS_REPORT_DEFAULT_FORMATS;

    /* which reports */
    jobs = calloc(d->ndistricts + 1, sizeof(*jobs));
    if (!jobs) {
        error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
        goto cleanup;
    }
    if (d->ndistricts == 0) {
        if (opts->district) {
            error = ls__error_set(ctx, LS_EINVAL,
                                  "--district %s: %s has no districts (one report covers the run)",
                                  opts->district, gpkg_path);
            goto cleanup;
        }
        const char *name = ls__report_info(d, "name");
        jobs[njobs].district = NULL;
        jobs[njobs++].stem = ls_report_file_stem(name ? name : "landscan");
    } else {
        for (size_t i = 0; i < d->ndistricts; i++) {
            const char *name = d->districts[i].name;
            if (opts->district && strcmp(opts->district, name) != 0)
                continue;
            jobs[njobs].district = name;
            jobs[njobs].stem = ls_report_file_stem(name);
            if (!jobs[njobs].stem) {
                error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
                goto cleanup;
            }
            /* two names with the same safe form get numbered */
            for (size_t k = 0; k < njobs; k++) {
                if (strcmp(jobs[k].stem, jobs[njobs].stem) == 0) {
                    char *s = ls__sprintf("%s_%zu", jobs[njobs].stem, njobs + 1);
                    free(jobs[njobs].stem);
                    jobs[njobs].stem = s;
                    break;
                }
            }
            njobs++;
        }
        if (njobs == 0) {
            ls__buf names = {0};
            for (size_t i = 0; i < d->ndistricts; i++)
                ls__buf_addf(&names, "%s%s", i ? ", " : "", d->districts[i].name);
            char *list = ls__buf_take(&names);
            error = ls__error_set(ctx, LS_EINVAL,
                                  "--district %s: no such district in %s (districts: %s)",
                                  opts->district, gpkg_path, list ? list : "");
            free(list);
            goto cleanup;
        }
    }
    for (size_t i = 0; i < njobs; i++)
        if (!jobs[i].stem) {
            error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
            goto cleanup;
        }

    /* where */
    dir = base ? ls__path_join(base, "reports") : NULL;
    if (!dir) {
        error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
        goto cleanup;
    }
    if (mkdir_1(base) != 0 || mkdir_1(dir) != 0) {
        error = ls__error_set(ctx, LS_EIO, "%s: cannot create the reports folder (%s)", dir,
                              strerror(errno));
        goto cleanup;
    }
    for (size_t i = 0; i < njobs && !opts->force; i++) {
        for (int k = 0; k < 3; k++) {
            if (!(formats & (1 << k)))
                continue;
            char *f = ls__sprintf("%s/%s.%s", dir, jobs[i].stem, fmt_ext[k]);
            struct stat st;
            int exists = f && stat(f, &st) == 0;
            if (exists)
                error =
                    ls__error_set(ctx, LS_EEXIST, "%s: report exists; use --force to overwrite", f);
            free(f);
            if (error != LS_OK)
                goto cleanup;
        }
    }
    ls__report_plan *plan = calloc(1, sizeof(*plan));
    if (!plan) {
        error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
        goto cleanup;
    }
    *plan = (ls__report_plan){d, jobs, njobs, dir, formats};
    d = NULL;
    jobs = NULL;
    njobs = 0;
    dir = NULL;
    *out = plan;
cleanup:
    for (size_t i = 0; jobs && i < njobs; i++)
        free(jobs[i].stem);
    free(jobs);
    free(base);
    free(dir);
    ls__report_data_free(d);
    return error;
}

int ls__report_plan_make(ls_context *ctx, const char *gpkg_path, const ls_report_options *opts,
                         ls__report_plan **out)
{
    ls_report_options defaults = LS_REPORT_OPTIONS_INIT;
    if (!opts)
        opts = &defaults;
    if (!gpkg_path)
        return ls__error_set(ctx, LS_EINVAL, "report: no GeoPackage given");
    ls__rdata *d = NULL;
    int error = check_options(ctx, opts);
    if (error == LS_OK)
        error = ls__report_read(ctx, gpkg_path, &d);
    if (error != LS_OK)
        return error;
    char *base = opts->output_dir ? ls__strdup(opts->output_dir) : ls__path_dir(gpkg_path);
    return plan_make(ctx, d, gpkg_path, base, opts, out);
}

int ls__report_plan_from_dataset(ls_context *ctx, const ls__dataset *ds, const ls__kv *info,
                                 const ls_report_options *opts, ls__report_plan **out)
{
    if (!opts->output_dir)
        return ls__error_set(ctx, LS_EINVAL, "report: no output folder given");
    ls__rdata *d = NULL;
    int error = check_options(ctx, opts);
    if (error == LS_OK)
        error = ls__report_from_dataset(ctx, ds, info, &d);
    if (error != LS_OK)
        return error;
    return plan_make(ctx, d, opts->output_dir, ls__strdup(opts->output_dir), opts, out);
}

/* Every report of the plan, written into dir. */
static int write_all(ls_context *ctx, const ls__report_plan *plan, const char *dir)
{
    int error = LS_OK;
    for (size_t i = 0; i < plan->njobs && error == LS_OK; i++) {
        ls__progress(ctx, "reports", (double)i / (double)plan->njobs);
        if (ls_context_interrupted(ctx)) {
            error = ls__error_set(ctx, LS_EINTERRUPTED, "interrupted");
            break;
        }
        error = write_one(ctx, plan->d, &plan->jobs[i], dir, plan->formats);
    }
    if (error == LS_OK)
        ls__progress(ctx, "reports", 1.0);
    return error;
}

int ls__report_plan_run(ls_context *ctx, const ls__report_plan *plan)
{
    return write_all(ctx, plan, plan->dir);
}

int ls_report_write(ls_context *ctx, const char *gpkg_path, const ls_report_options *opts)
{
    ls__report_plan *plan = NULL;
    ls__stage stage = {NULL, NULL, 0};
    int error = ls__report_plan_make(ctx, gpkg_path, opts, &plan);
    if (error == LS_OK)
        error = ls__stage_begin(ctx, plan->dir, &stage);
    if (error == LS_OK)
        error = write_all(ctx, plan, stage.tmp);
    if (error == LS_OK)
        error = ls__stage_commit(ctx, &stage);
    ls__stage_end(&stage, error != LS_OK);
    ls__report_plan_free(plan);
    return error;
}
