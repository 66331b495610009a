/*
 * cli.h — shared pieces of the landscan command-line tool: the verbs, option parsing,
 * exit codes, progress and notice printing, SIGINT handling. The tool uses only the public
 * library API (include/landscan/).
 */
#ifndef LANDSCAN_CLI_H
#define LANDSCAN_CLI_H

#include <stdio.h>

#include <landscan/landscan.h>

enum { EXIT_OK = 0, EXIT_INPUT = 1, EXIT_USAGE = 2, EXIT_INTERNAL = 3, EXIT_INTERRUPTED = 130 };

/* Exit code for a library return code. */
int cli_exit_code(int rc);
/* Print "landscan: <message>" for a failed call and return its exit code. */
int cli_fail(ls_context *ctx, int rc);

/* Progress on a terminal (stderr), silent in pipes or with --quiet. */
void cli_progress_setup(ls_context *ctx, int quiet, int verbose);
void cli_progress_done(void);

/* Terminal columns of UTF-8 text (CJK wide characters count two) and s printed left-aligned
 * in `width` columns (textwidth.c): tables line up with Chinese names. */
int cli_text_width(const char *s);
void cli_print_padded(FILE *f, const char *s, int width);

/* SIGINT or SIGTERM sets the context's interrupt flag; a second Ctrl-C kills. */
void cli_signals_install(ls_context *ctx);
/* A new context with progress (cli_progress_setup) and SIGINT/SIGTERM handling; NULL after
 * printing "out of memory". */
ls_context *cli_context_new(int quiet, int verbose);
/* --jobs N: 0 with *jobs set, or -1 after printing "landscan VERB: --jobs needs ...". */
int cli_parse_jobs(const char *verb, const char *arg, int *jobs);

int cmd_run(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_rules(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_ledger(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_whatif(int argc, char **argv);
int cmd_publish(int argc, char **argv);

#endif
