/*
 * progress.c — progress and notices on stderr. Progress only when stderr is a terminal
 * and not --quiet; notices (warnings) always unless --quiet.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static int show_progress;
static int line_open;

static void on_progress(const char *stage, double fraction, void *userdata)
{
    (void)userdata;
    if (!show_progress)
        return;
    fprintf(stderr, "\r\033[K  %s %3.0f%%", stage, fraction * 100.0);
    fflush(stderr);
    line_open = 1;
}

static void on_notice(int level, const char *message, void *userdata)
{
    int quiet = *(int *)userdata;
    if (quiet)
        return;
    if (line_open) {
        fputs("\r\033[K", stderr);
        line_open = 0;
    }
    fprintf(stderr, "landscan: %s%s\n", level == LS_NOTICE_WARNING ? "warning: " : "", message);
}

static int quiet_flag;

void cli_progress_setup(ls_context *ctx, int quiet, int verbose)
{
    quiet_flag = quiet;
    show_progress = !quiet && (verbose || isatty(STDERR_FILENO));
    ls_context_set_progress(ctx, on_progress, NULL);
    ls_context_set_notice(ctx, on_notice, &quiet_flag);
}

void cli_progress_done(void)
{
    if (line_open) {
        fputs("\r\033[K", stderr);
        line_open = 0;
    }
}
