/*
 * cmd_whatif.c — `landscan whatif RUN.yaml --vary KEY=V1,V2,… [--vary …] [-o DIR]`: threshold
 * sensitivity (ls_whatif). Prints one line per combination (listed and reclaimable mu,
 * sites) and where whatif.csv, whatif_parcels.csv and whatif.html were written.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void whatif_usage(FILE *f)
{
    fputs("usage: landscan whatif RUN.yaml --vary KEY=V1,V2,... [--vary KEY2=FROM:TO:STEP]\n"
          "                       [-o DIR] [--district NAME] [--jobs N] [--force] [--quiet]\n"
          "\n"
          "Reads and overlays the inputs once, then classifies, builds sites and totals under\n"
          "every combination of the varied rules keys (any numeric key of the rules; nested\n"
          "keys dotted, e.g. evaluation.classes.D; at most 200 combinations). Each\n"
          "combination gives the figures of a full `landscan run` with those rules values.\n"
          "Writes DIR/whatif.csv, DIR/whatif_parcels.csv and DIR/whatif.html (DIR: -o, else\n"
          "`output:` of the run file, else out/ beside it); the run's own outputs are not\n"
          "written.\n"
          "\n"
          "  --vary KEY=VALUES  values as a list (4,5,6) or a range FROM:TO:STEP (4:6:0.5)\n"
          "  -o, --output DIR   output folder\n"
          "  --district NAME    only the parcels of this district\n"
          "  -j, --jobs N       overlay threads (default: all cores)\n"
          "  -f, --force        overwrite existing whatif.* files\n"
          "  -q, --quiet        no progress on stderr\n"
          "\n"
          "exit codes: 0 written, 1 bad key, value, run file or input, 2 usage, 130 interrupted\n",
          f);
}

int cmd_whatif(int argc, char **argv)
{
    ls_whatif_options opts = LS_WHATIF_OPTIONS_INIT;
    const char *run_path = NULL;
    const char **vary = calloc((size_t)argc + 1, sizeof(char *));
    size_t nvary = 0;
    int quiet = 0, code = EXIT_OK;
    if (!vary) {
        fprintf(stderr, "landscan: out of memory\n");
        return EXIT_INTERNAL;
    }
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            whatif_usage(stdout);
            free(vary);
            return EXIT_OK;
        } else if (strcmp(a, "--vary") == 0 && i + 1 < argc) {
            vary[nvary++] = argv[++i];
        } else if (strncmp(a, "--vary=", 7) == 0) {
            vary[nvary++] = a + 7;
        } else if ((strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) && i + 1 < argc) {
            opts.output_dir = argv[++i];
        } else if (strcmp(a, "--district") == 0 && i + 1 < argc) {
            opts.district = argv[++i];
        } else if ((strcmp(a, "--jobs") == 0 || strcmp(a, "-j") == 0) && i + 1 < argc) {
            if (cli_parse_jobs("whatif", argv[++i], &opts.jobs) != 0) {
                free(vary);
                return EXIT_USAGE;
            }
        } else if (strcmp(a, "--force") == 0 || strcmp(a, "-f") == 0) {
            opts.force = 1;
        } else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) {
            quiet = 1;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "landscan whatif: unknown or incomplete option '%s'\n", a);
            whatif_usage(stderr);
            free(vary);
            return EXIT_USAGE;
        } else if (!run_path) {
            run_path = a;
        } else {
            fprintf(stderr, "landscan whatif: one run file only ('%s' is extra)\n", a);
            free(vary);
            return EXIT_USAGE;
        }
    }
    if (!run_path || nvary == 0) {
        whatif_usage(stderr);
        free(vary);
        return EXIT_USAGE;
    }
    opts.vary = vary;
    opts.nvary = nvary;
    ls_context *ctx = NULL;
    ls_config *cfg = NULL;
    ls_rules *rules = NULL;
    ls_whatif_result *res = NULL;
    if (!(ctx = cli_context_new(quiet, 0))) {
        free(vary);
        return EXIT_INTERNAL;
    }
    int rc = ls_run_file_load(ctx, run_path, &cfg, &rules);
    if (rc == LS_OK)
        rc = ls_whatif(ctx, cfg, rules, &opts, &res);
    if (rc != LS_OK) {
        code = cli_fail(ctx, rc);
    } else {
        cli_progress_done();
        for (size_t k = 0; k < res->nkeys; k++)
            printf("%-24s ", res->keys[k]);
        printf("%12s %14s %6s %10s %6s\n", "listed mu", "reclaimable mu", "sites", "site mu",
               "flips");
        for (size_t c = 0; c < res->nrows; c++) {
            const ls_whatif_row *w = &res->rows[c];
            for (size_t k = 0; k < res->nkeys; k++)
                printf("%-24g ", w->values[k]);
            printf("%12.2f %14.2f %6d %10.2f %6zu\n", w->listed_mu, w->reclaimable_mu, w->sites,
                   w->site_mu, w->flips);
        }
        printf("\n%zu combinations, %zu parcels flip; read + overlay %.1f s once, assessments "
               "%.1f s; outputs in %s\n",
               res->nrows, res->nflipping, res->seconds_prepare, res->seconds_assess,
               res->output_dir);
    }
    ls_whatif_result_free(res);
    ls_rules_free(rules);
    ls_config_free(cfg);
    ls_context_free(ctx);
    free(vary);
    return code;
}
