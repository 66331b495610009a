/*
 * cmd_ledger.c — `landscan ledger list | show RUN | diff RUN_A RUN_B [-o DIR]`, each with
 * `--ledger PATH`: the year-on-year ledger (清单 → 整治 → 销号) that `landscan run` fills.
 *
 * Without --ledger the verbs use landscan-ledger.sqlite in the current folder. They only
 * read the ledger (diff writes its own GeoPackage); a file that is not a landscan ledger is
 * refused by the library with a one-line message.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void ledger_usage(FILE *f)
{
    fputs("usage: landscan ledger list [--ledger PATH]\n"
          "       landscan ledger show RUN [--ledger PATH]\n"
          "       landscan ledger diff RUN_A RUN_B [-o DIR] [--force] [--ledger PATH]\n"
          "\n"
          "The year-on-year ledger (清单 → 整治 → 销号) that every `landscan run` records\n"
          "(RUN.yaml `ledger:`, default landscan-ledger.sqlite beside the run file).\n"
          "\n"
          "  list               every recorded run: id, name, reference date, listed and\n"
          "                     newly listed / resolved mu\n"
          "  show RUN           one run (by id): rules and input hashes, timings, lists,\n"
          "                     change counts, per-district totals, resolved parcels\n"
          "  diff RUN_A RUN_B   parcels that differ between two runs (by parcel id), written\n"
          "                     to DIR/ledger-diff.gpkg (layer diff)\n"
          "\n"
          "  --ledger PATH      the ledger (default: ./landscan-ledger.sqlite)\n"
          "  -o, --output DIR   folder for ledger-diff.gpkg (default: current folder)\n"
          "  -f, --force        overwrite an existing ledger-diff.gpkg\n",
          f);
}

static int parse_run_id(const char *text, long *out)
{
    char *end;
    long v = strtol(text, &end, 10);
    if (!*text || *end || v < 1) {
        fprintf(stderr, "landscan ledger: '%s' is not a run id (see landscan ledger list)\n", text);
        return -1;
    }
    *out = v;
    return 0;
}

static int do_list(ls_context *ctx, const char *path)
{
    ls_ledger_run *runs = NULL;
    size_t n = 0;
    int rc = ls_ledger_list(ctx, path, &runs, &n);
    if (rc != LS_OK)
        return cli_fail(ctx, rc);
    printf("%6s  %-10s  %8s  %7s  %10s  %10s  %10s  %6s  %s\n", "run", "date", "parcels", "listed",
           "listed mu", "new mu", "resolved mu", "prev", "name");
    for (size_t i = 0; i < n; i++) {
        const ls_ledger_run *r = &runs[i];
        char prev[32] = "-";
        if (r->previous_run_id > 0)
            snprintf(prev, sizeof(prev), "%ld", r->previous_run_id);
        printf("%6ld  %-10s  %8ld  %7ld  %10.2f  %10.2f  %10.2f  %6s  %s%s%s\n", r->run_id,
               r->reference_date ? r->reference_date : "", r->parcel_count, r->listed_count,
               r->listed_mu, r->new_listed_mu, r->resolved_mu, prev, r->name ? r->name : "",
               r->district_filter ? " --district " : "",
               r->district_filter ? r->district_filter : "");
    }
    if (n == 0)
        printf("(no runs recorded)\n");
    ls_ledger_runs_free(runs, n);
    return EXIT_OK;
}

int cmd_ledger(int argc, char **argv)
{
    const char *path = NULL, *out_dir = NULL, *sub = NULL;
    const char *args[2] = {NULL, NULL};
    int nargs = 0, force = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            ledger_usage(stdout);
            return EXIT_OK;
        } else if (strcmp(a, "--ledger") == 0 && i + 1 < argc) {
            path = argv[++i];
        } else if ((strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) && i + 1 < argc) {
            out_dir = argv[++i];
        } else if (strcmp(a, "--force") == 0 || strcmp(a, "-f") == 0) {
            force = 1;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "landscan ledger: unknown or incomplete option '%s'\n", a);
            ledger_usage(stderr);
            return EXIT_USAGE;
        } else if (!sub) {
            sub = a;
        } else if (nargs < 2) {
            args[nargs++] = a;
        } else {
            fprintf(stderr, "landscan ledger: too many arguments ('%s' is extra)\n", a);
            return EXIT_USAGE;
        }
    }
    if (!sub) {
        ledger_usage(stderr);
        return EXIT_USAGE;
    }
    int want = strcmp(sub, "list") == 0   ? 0
               : strcmp(sub, "show") == 0 ? 1
               : strcmp(sub, "diff") == 0 ? 2
                                          : -1;
    if (want < 0) {
        fprintf(stderr, "landscan ledger: unknown subcommand '%s' (list, show, diff)\n", sub);
        return EXIT_USAGE;
    }
    if (nargs != want) {
        fprintf(stderr, "landscan ledger %s: needs %s\n", sub,
                want == 0   ? "no run id"
                : want == 1 ? "one run id"
                            : "two run ids");
        return EXIT_USAGE;
    }
    if (out_dir && want != 2) {
        fprintf(stderr, "landscan ledger %s: -o is only for diff\n", sub);
        return EXIT_USAGE;
    }
    long ids[2] = {0, 0};
    for (int i = 0; i < nargs; i++)
        if (parse_run_id(args[i], &ids[i]) != 0)
            return EXIT_USAGE;
    if (!path)
        path = LS_LEDGER_DEFAULT_NAME;

    ls_context *ctx = NULL;
    if (ls_context_new(&ctx) != LS_OK) {
        fprintf(stderr, "landscan: out of memory\n");
        return EXIT_INTERNAL;
    }
    int code = EXIT_OK, rc;
    if (want == 0) {
        code = do_list(ctx, path);
    } else if (want == 1) {
        char *text = NULL;
        rc = ls_ledger_show(ctx, path, ids[0], &text);
        if (rc != LS_OK)
            code = cli_fail(ctx, rc);
        else
            fputs(text, stdout);
        free(text);
    } else {
        ls_ledger_diff_summary sum;
        memset(&sum, 0, sizeof(sum));
        rc = ls_ledger_diff(ctx, path, ids[0], ids[1], out_dir, force, &sum);
        if (rc != LS_OK) {
            code = cli_fail(ctx, rc);
        } else {
            printf("runs %ld → %ld: %ld added, %ld removed, %ld status changed, %ld lists "
                   "changed, %ld the same\nwritten: %s\n",
                   ids[0], ids[1], sum.added, sum.removed, sum.status_changed, sum.lists_changed,
                   sum.same, sum.gpkg_path);
        }
        ls_ledger_diff_summary_free(&sum);
    }
    ls_context_free(ctx);
    return code;
}
