/*
 * cmd_explain.c — `landscan explain OUT.gpkg PARCEL_ID`: why a parcel got its status, rule
 * by rule, with the numbers, in Chinese and English. Reads only the finished GeoPackage
 * (ls_explain); the explanation goes to stdout, errors to stderr.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void explain_usage(FILE *f)
{
    fputs("usage: landscan explain OUT.gpkg PARCEL_ID\n"
          "\n"
          "Prints, in Chinese and English, every rule evaluated for the parcel: the input\n"
          "values, the comparison, the threshold, fired or not, then its status, action,\n"
          "reclaimable mu and FAR uplift, and the rules preset of the run. Reads only the\n"
          "GeoPackage written by `landscan run` (no inputs needed).\n"
          "\n"
          "exit codes: 0 printed, 1 no such file or parcel, or not a landscan GeoPackage,\n"
          "2 usage, 3 internal error\n",
          f);
}

int cmd_explain(int argc, char **argv)
{
    const char *gpkg = NULL, *parcel_id = NULL;
    int options = 1; /* after "--" every argument is positional (ids starting with '-') */
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (options && (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)) {
            explain_usage(stdout);
            return EXIT_OK;
        } else if (options && strcmp(a, "--") == 0) {
            options = 0;
        } else if (options && a[0] == '-' && a[1]) {
            fprintf(stderr, "landscan explain: unknown option '%s'\n", a);
            explain_usage(stderr);
            return EXIT_USAGE;
        } else if (!gpkg) {
            gpkg = a;
        } else if (!parcel_id) {
            parcel_id = a;
        } else {
            fprintf(stderr, "landscan explain: unexpected argument '%s'\n", a);
            return EXIT_USAGE;
        }
    }
    if (!gpkg || !parcel_id) {
        explain_usage(stderr);
        return EXIT_USAGE;
    }
    ls_context *ctx = NULL;
    if (ls_context_new(&ctx) != LS_OK) {
        fprintf(stderr, "landscan: out of memory\n");
        return EXIT_INTERNAL;
    }
    char *text = NULL;
    int rc = ls_explain(ctx, gpkg, parcel_id, &text);
    int code = EXIT_OK;
    if (rc != LS_OK)
        code = cli_fail(ctx, rc);
    else
        fputs(text, stdout);
    free(text);
    ls_context_free(ctx);
    return code;
}
