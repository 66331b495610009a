/*
 * cmd_report.c — `landscan report OUT.gpkg [--district NAME] [--format xlsx|html|csv]
 * [-o DIR] [--force]`: rebuild the per-district reports of a finished run from its
 * GeoPackage, without recomputing anything.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void report_usage(FILE *f)
{
    fputs("usage: landscan report OUT.gpkg [--district NAME] [--format xlsx|html|csv] [-o DIR]\n"
          "                       [--force] [--quiet|--verbose]\n"
          "\n"
          "Rebuilds the per-district reports of a finished run from its GeoPackage, without\n"
          "recomputing the overlay: DIR/reports/<district>.xlsx (Excel workbook) and\n"
          "DIR/reports/<district>.html (printable page with a map); with --format csv the\n"
          "parcel lists as DIR/reports/<district>.csv. DIR: -o, else the GeoPackage's folder.\n"
          "\n"
          "  --district NAME    only this district (default: every district)\n"
          "  --format F         xlsx, html or csv; repeat or separate with commas\n"
          "                     (default: xlsx,html)\n"
          "  -o, --output DIR   output folder (reports go to DIR/reports/)\n"
          "  -f, --force        overwrite existing reports\n"
          "  -q, --quiet        no progress or warnings on stderr\n"
          "  -v, --verbose      progress even when stderr is not a terminal\n",
          f);
}

/* "xlsx,html" → bits; -1 on an unknown name. */
static int parse_formats(const char *text)
{
    int bits = 0;
    const char *s = text;
    while (*s) {
        const char *end = strchr(s, ',');
        size_t n = end ? (size_t)(end - s) : strlen(s);
        if (n == 4 && strncmp(s, "xlsx", 4) == 0)
            bits |= LS_REPORT_XLSX;
        else if (n == 4 && strncmp(s, "html", 4) == 0)
            bits |= LS_REPORT_HTML;
        else if (n == 3 && strncmp(s, "csv", 3) == 0)
            bits |= LS_REPORT_CSV;
        else
            return -1;
        s += n + (end ? 1 : 0);
    }
    return bits ? bits : -1;
}

int cmd_report(int argc, char **argv)
{
    ls_report_options opts = LS_REPORT_OPTIONS_INIT;
    const char *gpkg = NULL;
    int quiet = 0, verbose = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            report_usage(stdout);
            return EXIT_OK;
        } else if ((strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) && i + 1 < argc) {
            opts.output_dir = argv[++i];
        } else if (strcmp(a, "--district") == 0 && i + 1 < argc) {
            opts.district = argv[++i];
        } else if (strcmp(a, "--format") == 0 && i + 1 < argc) {
            int bits = parse_formats(argv[++i]);
            if (bits < 0) {
                fprintf(stderr, "landscan report: --format takes xlsx, html or csv ('%s')\n",
                        argv[i]);
                return EXIT_USAGE;
            }
            opts.formats |= bits;
        } else if (strcmp(a, "--force") == 0 || strcmp(a, "-f") == 0) {
            opts.force = 1;
        } else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) {
            quiet = 1;
        } else if (strcmp(a, "--verbose") == 0 || strcmp(a, "-v") == 0) {
            verbose = 1;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "landscan report: unknown or incomplete option '%s'\n", a);
            report_usage(stderr);
            return EXIT_USAGE;
        } else if (!gpkg) {
            gpkg = a;
        } else {
            fprintf(stderr, "landscan report: one GeoPackage only ('%s' is extra)\n", a);
            return EXIT_USAGE;
        }
    }
    if (!gpkg) {
        report_usage(stderr);
        return EXIT_USAGE;
    }
    if (quiet && verbose) {
        fprintf(stderr, "landscan report: --quiet and --verbose exclude each other\n");
        return EXIT_USAGE;
    }
    ls_context *ctx = cli_context_new(quiet, verbose);
    if (!ctx)
        return EXIT_INTERNAL;
    int rc = ls_report_write(ctx, gpkg, &opts);
    int code = rc == LS_OK ? EXIT_OK : cli_fail(ctx, rc);
    if (rc == LS_OK)
        cli_progress_done();
    ls_context_free(ctx);
    return code;
}
