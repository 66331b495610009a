/*
 * cmd_check.c — `landscan check RUN.yaml`: reads the run file, the rules and every input
 * (nothing is written) and prints a data-quality report. Exit 1 when the run would fail.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

int cmd_check(int argc, char **argv)
{
    const char *run_path = NULL;
    int quiet = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            puts("usage: landscan check RUN.yaml [--quiet]\n\n"
                 "Validates the run file, the rules and every input; prints per layer the\n"
                 "features read, CRS, encoding, repairs and the data-quality rows. Writes nothing.");
            return EXIT_OK;
        } else if (strcmp(argv[i], "--quiet") == 0 || strcmp(argv[i], "-q") == 0) {
            quiet = 1;
        } else if (argv[i][0] == '-' || run_path) {
            fprintf(stderr, "landscan check: unexpected argument '%s'\n", argv[i]);
            return EXIT_USAGE;
        } else {
            run_path = argv[i];
        }
    }
    if (!run_path) {
        fputs("usage: landscan check RUN.yaml\n", stderr);
        return EXIT_USAGE;
    }
    ls_context *ctx = NULL;
    ls_config *cfg = NULL;
    ls_rules *rules = NULL;
    ls_run_summary *sum = NULL;
    if (ls_context_new(&ctx) != LS_OK)
        return EXIT_INTERNAL;
    cli_progress_setup(ctx, quiet, 0);
    cli_signals_install(ctx);
    ls_run_options opts = LS_RUN_OPTIONS_INIT;
    opts.check_only = 1;
    int rc = cli_load(ctx, run_path, &cfg, &rules);
    if (rc == LS_OK)
        rc = ls_run(ctx, cfg, rules, &opts, &sum);
    int code = EXIT_OK;
    if (rc != LS_OK) {
        code = cli_fail(ctx, rc);
    } else {
        cli_progress_done();
        printf("run file: %s (%s, reference date %s, rules %s)\n", cfg->path, cfg->name,
               cfg->reference_date, rules->name);
        printf("%-14s %9s %8s %8s  %-12s %-10s %s\n", "layer", "features", "skipped", "repaired",
               "crs", "encoding", "path");
        for (size_t i = 0; i < sum->nlayers; i++) {
            const ls_layer_summary *l = &sum->layers[i];
            printf("%-14s %9ld %8ld %8ld  %-12s %-10s %s\n", l->role, l->features, l->skipped,
                   l->repaired, l->crs, l->encoding, l->path);
        }
        printf("\n%ld data-quality rows\n", sum->data_quality_rows);
        for (size_t i = 0; i < sum->nproblems; i++)
            printf("  %s\n", sum->problems[i]);
    }
    ls_run_summary_free(sum);
    ls_rules_free(rules);
    ls_config_free(cfg);
    ls_context_free(ctx);
    return code;
}
