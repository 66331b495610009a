/*
 * common.c — exit codes, error printing and SIGINT handling shared by the verbs.
 */
#include <signal.h>
#include <stdio.h>
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
