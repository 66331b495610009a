/*
 * cmd_run.c — `landscan run RUN.yaml [-o DIR] [--district NAME] [--jobs N] [--force]
 * [--quiet|--verbose] [--no-ledger]`: the whole pipeline, then the per-district summary on stdout.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void run_usage(FILE *f)
{
    fputs("usage: landscan run RUN.yaml [-o DIR] [--district NAME] [--jobs N] [--force]\n"
          "                    [--quiet|--verbose] [--no-ledger]\n"
          "\n"
          "Reads the inputs named in RUN.yaml, evaluates every parcel and writes\n"
          "DIR/landscan.gpkg, DIR/parcels.csv and DIR/blocks.csv (DIR: -o, else `output:` of\n"
          "the run file, else out/ beside it).\n"
          "\n"
          "  -o, --output DIR   output folder\n"
          "  --district NAME    evaluate only the parcels of this district\n"
          "  -j, --jobs N       worker threads (default: all cores)\n"
          "  -f, --force        overwrite existing outputs\n"
          "  --no-ledger        do not read or record the year-on-year ledger (RUN.yaml\n"
          "                     `ledger:`, default landscan-ledger.sqlite beside it)\n"
          "  -q, --quiet        no progress or warnings on stderr\n"
          "  -v, --verbose      progress even when stderr is not a terminal\n",
          f);
}

static void print_summary(const ls_run_summary *s)
{
    printf("%-16s %8s %8s %10s %10s %10s %10s %10s %12s\n", "district", "parcels", "indust.",
           "indust.mu", "idle mu", "reloc. mu", "low-eff mu", "reclaim mu", "uplift m2");
    for (size_t i = 0; i < s->ndistricts; i++) {
        const ls_district_summary *d = &s->districts[i];
        printf("%-16s %8d %8d %10.2f %10.2f %10.2f %10.2f %10.2f %12.0f\n", d->district,
               d->parcel_count, d->industrial_count, d->industrial_mu, d->idle_mu,
               d->relocatable_mu, d->low_efficiency_mu, d->reclaimable_mu, d->far_uplift_m2);
    }
    if (s->ntargets > 0) { /* one line: every target of the whole run */
        printf("\ntargets:");
        for (size_t i = 0; i < s->ntargets; i++) {
            const ls_target_summary *t = &s->targets[i];
            printf("%s %s %d ", i ? ";" : "", t->indicator, t->year);
            if (isnan(t->achieved))
                printf("n/a of %g%s%s (%s)", t->target, *t->unit ? " " : "", t->unit,
                       t->note ? t->note : "");
            else
                printf("%.2f of %g%s%s (%.1f %%)", t->achieved, t->target, *t->unit ? " " : "",
                       t->unit, t->share * 100.0);
        }
        printf("\n");
    }
    printf("\n%ld data-quality rows; outputs in %s (%.1f s)\n", s->data_quality_rows,
           s->output_dir ? s->output_dir : "?", s->seconds);
}

int cmd_run(int argc, char **argv)
{
    ls_run_options opts = LS_RUN_OPTIONS_INIT;
    const char *run_path = NULL;
    int quiet = 0, verbose = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            run_usage(stdout);
            return EXIT_OK;
        } else if ((strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) && i + 1 < argc) {
            opts.output_dir = argv[++i];
        } else if (strcmp(a, "--district") == 0 && i + 1 < argc) {
            opts.district = argv[++i];
        } else if ((strcmp(a, "--jobs") == 0 || strcmp(a, "-j") == 0) && i + 1 < argc) {
            if (cli_parse_jobs("run", argv[++i], &opts.jobs) != 0) {
                return EXIT_USAGE;
            }
        } else if (strcmp(a, "--force") == 0 || strcmp(a, "-f") == 0) {
            opts.force = 1;
        } else if (strcmp(a, "--no-ledger") == 0) {
            opts.no_ledger = 1;
        } else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) {
            quiet = 1;
        } else if (strcmp(a, "--verbose") == 0 || strcmp(a, "-v") == 0) {
            verbose = 1;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "landscan run: unknown or incomplete option '%s'\n", a);
            run_usage(stderr);
            return EXIT_USAGE;
        } else if (!run_path) {
            run_path = a;
        } else {
            fprintf(stderr, "landscan run: one run file only ('%s' is extra)\n", a);
            return EXIT_USAGE;
        }
    }
    if (!run_path) {
        run_usage(stderr);
        return EXIT_USAGE;
    }
    if (quiet && verbose) {
        fprintf(stderr, "landscan run: --quiet and --verbose exclude each other\n");
        return EXIT_USAGE;
    }
    ls_context *ctx = NULL;
    ls_config *cfg = NULL;
    ls_rules *rules = NULL;
    ls_run_summary *sum = NULL;
    if (!(ctx = cli_context_new(quiet, verbose)))
        return EXIT_INTERNAL;
    int rc = ls_run_file_load(ctx, run_path, &cfg, &rules);
    if (rc == LS_OK)
        rc = ls_run(ctx, cfg, rules, &opts, &sum);
    int code;
    if (rc != LS_OK) {
        code = cli_fail(ctx, rc);
    } else {
        cli_progress_done();
        print_summary(sum);
        code = EXIT_OK;
    }
    ls_run_summary_free(sum);
    ls_rules_free(rules);
    ls_config_free(cfg);
    ls_context_free(ctx);
    return code;
}
