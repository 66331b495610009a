/*
 * cmd_init.c — `landscan init DIR [--print]`: guess the roles and field mappings of the data
 * files in DIR and write a commented DIR/RUN.yaml to edit (never over an existing one), or
 * print it to stdout with --print. A summary of the guesses goes to stderr.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static void init_usage(FILE *f)
{
    fputs("usage: landscan init DIR [--print] [--quiet]\n"
          "\n"
          "Looks at the data files in DIR (not sub-folders: .shp, .gpkg, .geojson, .json, .csv,\n"
          ".xlsx, .dbf, FileGDB .gdb folders and .gdb.zip), guesses each file's role from its\n"
          "geometry, field names and file name\n"
          "(zd/宗地 parcels, kzx/控制线 control lines, qk/区块 blocks, xzq/行政区/镇街 districts,\n"
          "jzw/建筑 buildings, qy/企业 enterprises) and the field mapping from common Chinese\n"
          "cadastral names (ZDDM, TDYT, QLR, TYSHXYDM, JZMJ, CS, …), and writes DIR/RUN.yaml\n"
          "with every guess and its alternatives in comments. An existing RUN.yaml is never\n"
          "overwritten (exit 1).\n"
          "\n"
          "  --print            write the run file to stdout instead of DIR/RUN.yaml\n"
          "  -q, --quiet        no summary on stderr\n",
          f);
}

int cmd_init(int argc, char **argv)
{
    const char *dir = NULL;
    int print = 0, quiet = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            init_usage(stdout);
            return EXIT_OK;
        } else if (strcmp(a, "--print") == 0) {
            print = 1;
        } else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) {
            quiet = 1;
        } else if ((a[0] == '-' && a[1]) || dir) {
            fprintf(stderr, "landscan init: unexpected argument '%s'\n", a);
            init_usage(stderr);
            return EXIT_USAGE;
        } else {
            dir = a;
        }
    }
    if (!dir) {
        init_usage(stderr);
        return EXIT_USAGE;
    }
    ls_context *ctx = NULL;
    ls_init_result *res = NULL;
    if (ls_context_new(&ctx) != LS_OK) {
        fprintf(stderr, "landscan: out of memory\n");
        return EXIT_INTERNAL;
    }
    int rc = ls_init_scan(ctx, dir, &res);
    if (rc == LS_OK && !print)
        rc = ls_init_write(ctx, res);
    int code = EXIT_OK;
    if (rc != LS_OK) {
        code = cli_fail(ctx, rc);
    } else {
        if (print)
            fputs(res->yaml, stdout);
        if (!quiet) {
            for (size_t i = 0; i < res->nlayers; i++) {
                const ls_init_layer *l = &res->layers[i];
                char name[512];
                snprintf(name, sizeof name, "%s%s%s", l->path, l->layer ? ":" : "",
                         l->layer ? l->layer : "");
                fputs("  ", stderr);
                cli_print_padded(stderr, name, 28); /* display width: Chinese file names */
                if (l->role)
                    fprintf(stderr, " → %-14s %zu fields mapped%s%s\n", l->role, l->nmapped,
                            l->encoding ? ", encoding " : "", l->encoding ? l->encoding : "");
                else
                    fprintf(stderr, "   (not used)\n");
            }
            if (!print)
                fprintf(stderr, "wrote %s: check the guesses, then landscan check %s\n",
                        res->run_path, res->run_path);
        }
    }
    ls_init_result_free(res);
    ls_context_free(ctx);
    return code;
}
