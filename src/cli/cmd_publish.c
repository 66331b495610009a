/*
 * cmd_publish.c — `landscan publish OUT.gpkg --to PG:CONNINFO [--schema NAME]`: copies a
 * finished run into one PostGIS schema (ls_publish, publish.h) and prints one summary line.
 * The connection string is shown only with its password redacted (the library's messages are
 * redacted already).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void publish_usage(FILE *f)
{
    fputs("usage: landscan publish OUT.gpkg --to PG:CONNINFO [--schema NAME] [--quiet]\n"
          "\n"
          "Copies every layer and table of a finished run into one schema of a PostGIS\n"
          "database, in one transaction: geometry types and SRID, a primary key and a spatial\n"
          "index on every table, the Chinese aliases as column comments, the QGIS styles into\n"
          "public.layer_styles (QGIS then opens the layers styled). Publishing again replaces\n"
          "the schema atomically (readers never see half a copy); only a schema landscan\n"
          "published is ever replaced.\n"
          "\n"
          "  --to PG:CONNINFO  the database: PG:host=… dbname=… user=… (a password is better\n"
          "                    kept in ~/.pgpass or PGPASSWORD), or postgresql://…\n"
          "  --schema NAME     the schema (default: a slug of the run name and reference date,\n"
          "                    e.g. haishu_2025_20251231)\n"
          "  --quiet           no summary line\n"
          "\n"
          "exit codes: 0 published, 1 bad run file, connection, schema or SQL failure,\n"
          "2 usage, 3 internal error, 130 interrupted\n",
          f);
}

int cmd_publish(int argc, char **argv)
{
    const char *gpkg = NULL, *target = NULL;
    ls_publish_options opts = LS_PUBLISH_OPTIONS_INIT;
    int quiet = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            publish_usage(stdout);
            return EXIT_OK;
        } else if ((strcmp(a, "--to") == 0 || strcmp(a, "--schema") == 0) && i + 1 < argc) {
            if (strcmp(a, "--to") == 0)
                target = argv[++i];
            else
                opts.schema = argv[++i];
        } else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) {
            quiet = 1;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "landscan publish: unknown option or missing value '%s'\n", a);
            publish_usage(stderr);
            return EXIT_USAGE;
        } else if (!gpkg) {
            gpkg = a;
        } else {
            fprintf(stderr, "landscan publish: unexpected argument '%s'\n", a);
            return EXIT_USAGE;
        }
    }
    if (!gpkg || !target) {
        publish_usage(stderr);
        return EXIT_USAGE;
    }
    ls_context *ctx = cli_context_new(quiet, 0);
    if (!ctx)
        return EXIT_INTERNAL;
    ls_publish_summary *sum = NULL;
    int rc = ls_publish(ctx, gpkg, target, &opts, &sum);
    cli_progress_done();
    int code = EXIT_OK;
    if (rc != LS_OK)
        code = cli_fail(ctx, rc);
    else if (!quiet)
        printf("published %zu tables (%ld rows) and %zu styles into schema %s of database %s%s\n",
               sum->tables, sum->rows, sum->styles, sum->schema, sum->database,
               sum->replaced ? " (earlier copy replaced)" : "");
    ls_publish_summary_free(sum);
    ls_context_free(ctx);
    return code;
}
