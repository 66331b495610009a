/*
 * cmd_diff.c — `landscan diff A.gpkg B.gpkg [-o DIR] [--force]`: two finished runs side by
 * side (ls_diff_compute). A text summary goes to stdout — what changed in the rules, the
 * inputs and the corrections, per-district totals before and after, the changed parcels
 * with their causes —; with -o, DIR/diff.csv and DIR/diff.html are written too.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static void diff_usage(FILE *f)
{
    fputs("usage: landscan diff A.gpkg B.gpkg [-o DIR] [--force]\n"
          "\n"
          "Compares two runs written by `landscan run`, parcel by parcel: status, action,\n"
          "reasons, reclaimable mu and site; added and removed parcels; per-district totals\n"
          "before (A) and after (B). Each change carries its cause when the runs' records\n"
          "tell it: a correction (with its document), a rules change (the keys), a new\n"
          "reference date, or changed input data.\n"
          "\n"
          "  -o, --output DIR   also write DIR/diff.csv and DIR/diff.html\n"
          "  -f, --force        overwrite existing diff.csv / diff.html\n"
          "\n"
          "exit codes: 0 compared, 1 a file is missing or not a landscan GeoPackage, 2 usage\n",
          f);
}

static void print_list(const char *title, char **items, size_t n)
{
    printf("%s:%s\n", title, n ? "" : " none");
    for (size_t i = 0; i < n; i++)
        printf("  %s\n", items[i]);
}

static void print_diff(const ls_diff *d)
{
    printf("A: %s (%s) %s\nB: %s (%s) %s\n", d->name[0], d->reference_date[0], d->path[0],
           d->name[1], d->reference_date[1], d->path[1]);
    print_list("rules changed", d->rules_changes, d->nrules);
    print_list("input data changed", d->input_changes, d->ninputs);
    print_list("corrections (+ new in B, - withdrawn)", d->correction_changes, d->ncorrections);
    printf("parcels: %zu changed, %zu added, %zu removed, %zu unchanged\n\n", d->nchanged,
           d->nadded, d->nremoved, d->nunchanged);
    printf("%-16s %21s %21s %21s\n", "district", "listed mu A -> B", "idle mu A -> B",
           "reclaim mu A -> B");
    for (size_t i = 0; i < d->ndistricts; i++) {
        const ls_diff_district *t = &d->districts[i];
        printf("%-16s %10.2f %10.2f %10.2f %10.2f %10.2f %10.2f\n",
               *t->district ? t->district : "(none)", t->listed_mu[0], t->listed_mu[1],
               t->idle_mu[0], t->idle_mu[1], t->reclaimable_mu[0], t->reclaimable_mu[1]);
    }
    if (d->nparcels)
        printf("\n");
    for (size_t i = 0; i < d->nparcels; i++) {
        const ls_diff_parcel *p = &d->parcels[i];
        printf("%-8s %s %s (%s): %s -> %s, %s -> %s", p->change, p->parcel_id,
               *p->district ? p->district : "-", *p->what ? p->what : p->change,
               p->old_status ? p->old_status : "-", p->new_status ? p->new_status : "-",
               p->old_action ? p->old_action : "-", p->new_action ? p->new_action : "-");
        if (!isnan(p->old_reclaimable_mu) || !isnan(p->new_reclaimable_mu))
            printf(", reclaimable %.2f -> %.2f",
                   isnan(p->old_reclaimable_mu) ? 0.0 : p->old_reclaimable_mu,
                   isnan(p->new_reclaimable_mu) ? 0.0 : p->new_reclaimable_mu);
        if (*p->cause_detail)
            printf("  [%s]", p->cause_detail);
        printf("\n");
    }
}

int cmd_diff(int argc, char **argv)
{
    const char *paths[2] = {NULL, NULL}, *out_dir = NULL;
    int force = 0, npaths = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            diff_usage(stdout);
            return EXIT_OK;
        } else if ((strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) && i + 1 < argc) {
            out_dir = argv[++i];
        } else if (strcmp(a, "--force") == 0 || strcmp(a, "-f") == 0) {
            force = 1;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "landscan diff: unknown or incomplete option '%s'\n", a);
            diff_usage(stderr);
            return EXIT_USAGE;
        } else if (npaths < 2) {
            paths[npaths++] = a;
        } else {
            fprintf(stderr, "landscan diff: two GeoPackages only ('%s' is extra)\n", a);
            return EXIT_USAGE;
        }
    }
    if (npaths != 2) {
        diff_usage(stderr);
        return EXIT_USAGE;
    }
    ls_context *ctx = NULL;
    if (ls_context_new(&ctx) != LS_OK) {
        fprintf(stderr, "landscan: out of memory\n");
        return EXIT_INTERNAL;
    }
    ls_diff *d = NULL;
    int rc = ls_diff_compute(ctx, paths[0], paths[1], &d);
    if (rc == LS_OK && out_dir)
        rc = ls_diff_write(ctx, d, out_dir, force);
    int code = EXIT_OK;
    if (rc != LS_OK)
        code = cli_fail(ctx, rc);
    else
        print_diff(d);
    ls_diff_free(d);
    ls_context_free(ctx);
    return code;
}
