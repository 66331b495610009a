/*
 * common.c — exit codes, error printing, the context of a verb, --jobs and SIGINT handling
 * shared by the verbs.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int cli_exit_code(int rc)
{
    switch (rc) {
    case LS_OK:
        return EXIT_OK;
    case LS_EINVAL:
    case LS_ENOTFOUND:
    case LS_ECRS:
    case LS_EGEOM:
    case LS_EEXIST:
    case LS_EIO:
        return EXIT_INPUT;
    case LS_EINTERRUPTED:
        return EXIT_INTERRUPTED;
    default:
        return EXIT_INTERNAL;
    }
}

int cli_fail(ls_context *ctx, int rc)
{
    cli_progress_done();
    const char *msg = ctx ? ls_context_error(ctx) : "";
    fprintf(stderr, "landscan: %s\n", msg && *msg ? msg : "failed");
    return cli_exit_code(rc);
}

ls_context *cli_context_new(int quiet, int verbose)
{
    ls_context *ctx = NULL;
    if (ls_context_new(&ctx) != LS_OK) {
        fprintf(stderr, "landscan: out of memory\n");
        return NULL;
    }
    cli_progress_setup(ctx, quiet, verbose);
    cli_signals_install(ctx);
    return ctx;
}

int cli_parse_jobs(const char *verb, const char *arg, int *jobs)
{
    char *end;
    long n = strtol(arg, &end, 10);
    if (*end || n < 1 || n > 1024) {
        fprintf(stderr, "landscan %s: --jobs needs a number from 1 to 1024\n", verb);
        return -1;
    }
    *jobs = (int)n;
    return 0;
}

static ls_context *signal_ctx;

static void on_sigint(int sig)
{
    (void)sig;
    if (signal_ctx)
        ls_context_interrupt(signal_ctx);
    signal(SIGINT, SIG_DFL); /* a second Ctrl-C ends the process at once */
}

void cli_signals_install(ls_context *ctx)
{
    signal_ctx = ctx;
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}
