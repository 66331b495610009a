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
          "      [--no-ledger]\n"
          "                    evaluate every parcel and write DIR/landscan.gpkg and CSVs\n"
          "  check RUN.yaml    validate the inputs and print a data-quality report\n"
          "  init DIR          guess roles and field mappings of the files in DIR and write\n"
          "                    a commented DIR/RUN.yaml to edit\n"
          "  rules [PRESET]    list the rules presets, or print one as YAML\n"
          "  report OUT.gpkg [--district NAME] [--format xlsx|html|csv] [-o DIR]\n"
          "                    rebuild the per-district reports (Excel, HTML) of a run\n"
          "  explain OUT.gpkg PARCEL_ID\n"
          "                    why a parcel got its status, rule by rule (中文 / English)\n"
          "  ledger list | show RUN | diff RUN_A RUN_B [-o DIR] [--ledger PATH]\n"
          "                    the year-on-year ledger of runs (清单 → 整治 → 销号)\n"
          "  whatif RUN.yaml --vary KEY=V1,V2,... [-o DIR]\n"
          "                    classify under every combination of rules values\n"
          "  diff A.gpkg B.gpkg [-o DIR]\n"
          "                    two runs side by side: what changed per parcel, and why\n"
          "  publish OUT.gpkg --to PG:CONNINFO [--schema NAME]\n"
          "                    copy a finished run into one PostGIS schema, styled for QGIS\n"
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
    if (strcmp(verb, "init") == 0)
        return cmd_init(argc - 1, argv + 1);
    if (strcmp(verb, "rules") == 0)
        return cmd_rules(argc - 1, argv + 1);
    if (strcmp(verb, "report") == 0)
        return cmd_report(argc - 1, argv + 1);
    if (strcmp(verb, "explain") == 0)
        return cmd_explain(argc - 1, argv + 1);
    if (strcmp(verb, "ledger") == 0)
        return cmd_ledger(argc - 1, argv + 1);
    if (strcmp(verb, "diff") == 0)
        return cmd_diff(argc - 1, argv + 1);
    if (strcmp(verb, "whatif") == 0)
        return cmd_whatif(argc - 1, argv + 1);
    if (strcmp(verb, "publish") == 0)
        return cmd_publish(argc - 1, argv + 1);
    fprintf(stderr, "landscan: unknown command '%s'\n", verb);
    usage(stderr);
    return EXIT_USAGE;
}
