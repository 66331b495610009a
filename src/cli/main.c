/*
 * main.c — entry point of the landscan tool: dispatches the verb (run, check, rules, …),
 * prints --help and --version. Every verb lives in its own cmd_<verb>.c.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static void usage(FILE *f)
{
    fputs("usage: landscan <command> [options]\n"
          "\n"
          "Industrial land evaluation (闲置 / 低效 / 控制线外工业用地) for district planners.\n"
          "\n"
          "commands:\n"
          "  run RUN.yaml [-o DIR] [--district NAME] [--jobs N] [--force] [--quiet|--verbose]\n"
          "                    evaluate every parcel and write DIR/landscan.gpkg and CSVs\n"
          "  check RUN.yaml    validate the inputs and print a data-quality report\n"
          "  rules [PRESET]    list the rules presets, or print one as YAML\n"
          "\n"
          "  --help            help for a command: landscan <command> --help\n"
          "  --version         print the version\n"
          "\n"
          "exit codes: 0 success, 1 bad input or configuration, 2 usage, 3 internal error,\n"
          "130 interrupted\n",
          f);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    const char *verb = argv[1];
    if (strcmp(verb, "--help") == 0 || strcmp(verb, "-h") == 0 || strcmp(verb, "help") == 0) {
        usage(stdout);
        return EXIT_OK;
    }
    if (strcmp(verb, "--version") == 0 || strcmp(verb, "-V") == 0) {
        printf("landscan %s\n", ls_version());
        return EXIT_OK;
    }
    if (strcmp(verb, "run") == 0)
        return cmd_run(argc - 1, argv + 1);
    if (strcmp(verb, "check") == 0)
        return cmd_check(argc - 1, argv + 1);
    if (strcmp(verb, "rules") == 0)
        return cmd_rules(argc - 1, argv + 1);
    fprintf(stderr, "landscan: unknown command '%s'\n", verb);
    usage(stderr);
    return EXIT_USAGE;
}
