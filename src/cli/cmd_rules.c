/*
 * cmd_rules.c — `landscan rules [PRESET]`: lists the shipped presets, or prints one fully
 * resolved as YAML to start a rules file from.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int cmd_rules(int argc, char **argv)
{
    const char *name = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            puts("usage: landscan rules [PRESET]\n\n"
                 "Without PRESET: list the shipped presets. With PRESET (a name or a rules\n"
                 "file): print it fully resolved as YAML, a starting point for a rules file.");
            return EXIT_OK;
        } else if (argv[i][0] == '-' || name) {
            fprintf(stderr, "landscan rules: unexpected argument '%s'\n", argv[i]);
            return EXIT_USAGE;
        }
        name = argv[i];
    }
    ls_context *ctx = NULL;
    if (ls_context_new(&ctx) != LS_OK)
        return EXIT_INTERNAL;
    int code = EXIT_OK;
    if (!name) {
        char **names = NULL;
        int rc = ls_rules_list_presets(ctx, &names);
        if (rc != LS_OK) {
            code = cli_fail(ctx, rc);
        } else {
            for (size_t i = 0; names[i]; i++)
                puts(names[i]);
            ls_strings_free(names);
        }
    } else {
        ls_rules *rules = NULL;
        char *yaml = NULL;
        int rc = ls_rules_load(ctx, name, ".", &rules);
        if (rc == LS_OK)
            rc = ls_rules_to_yaml(ctx, rules, &yaml);
        if (rc != LS_OK)
            code = cli_fail(ctx, rc);
        else
            fputs(yaml, stdout);
        free(yaml);
        ls_rules_free(rules);
    }
    ls_context_free(ctx);
    return code;
}
