/*
 * progress.c — progress and notices on stderr. Progress only when stderr is a terminal
 * and not --quiet; notices (warnings) always unless --quiet.
 *
 * The progress line: "[k/N] stage  42%  0:12 elapsed, ~0:17 left in this stage", where k is
 * the stage's place among the stages a run goes through (run_stages below; an input that is
 * not given skips its number) and the time left is the stage's own elapsed time scaled by
 * what remains of it (shown once 5 % is done). At most 10 updates a second, except that a
 * new stage is always shown. The library may report from two threads at once (reports are
 * written beside the GeoPackage), so the line is guarded by a mutex.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

static int show_progress;
static int line_open;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static double t_start, t_stage, t_shown;
static char current[64];

/* The stages of `landscan run` in the order the library reports them. */
static const char *const run_stages[] = {
    "read parcels",     "read control_lines", "read blocks", "read districts",
    "read buildings",   "read enterprises",   "overlay",     "classify",
    "write GeoPackage", "write rule_checks",  "reports",
};
#define NSTAGES (int)(sizeof(run_stages) / sizeof(run_stages[0]))

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void clock_text(char *buf, size_t n, double s)
{
    long t = (long)(s + 0.5);
    if (t >= 3600)
        snprintf(buf, n, "%ld:%02ld:%02ld", t / 3600, t / 60 % 60, t % 60);
    else
        snprintf(buf, n, "%ld:%02ld", t / 60, t % 60);
}

static void on_progress(const char *stage, double fraction, void *userdata)
{
    (void)userdata;
    if (!show_progress || !stage)
        return;
    pthread_mutex_lock(&lock);
    double t = now();
    int fresh = strcmp(stage, current) != 0;
    if (fresh) {
        snprintf(current, sizeof(current), "%s", stage);
        t_stage = t;
    }
    if (fresh || t - t_shown >= 0.1 || fraction >= 1.0) {
        int k = 0;
        for (int i = 0; i < NSTAGES && !k; i++)
            if (strcmp(run_stages[i], stage) == 0)
                k = i + 1;
        char place[32] = "", el[32], left[64] = "";
        if (k)
            snprintf(place, sizeof(place), "[%d/%d] ", k, NSTAGES);
        clock_text(el, sizeof(el), t - t_start);
        if (fraction >= 0.05 && fraction < 1.0) {
            char l[32];
            clock_text(l, sizeof(l), (t - t_stage) * (1.0 - fraction) / fraction);
            snprintf(left, sizeof(left), ", ~%s left in this stage", l);
        }
        fprintf(stderr, "\r\033[K  %s%s %3.0f%%  %s elapsed%s", place, stage, fraction * 100.0, el,
                left);
        fflush(stderr);
        line_open = 1;
        t_shown = t;
    }
    pthread_mutex_unlock(&lock);
}

static void on_notice(int level, const char *message, void *userdata)
{
    int quiet = *(int *)userdata;
    if (quiet)
        return;
    pthread_mutex_lock(&lock);
    if (line_open) {
        fputs("\r\033[K", stderr);
        line_open = 0;
    }
    fprintf(stderr, "landscan: %s%s\n", level == LS_NOTICE_WARNING ? "warning: " : "", message);
    pthread_mutex_unlock(&lock);
}

static int quiet_flag;

void cli_progress_setup(ls_context *ctx, int quiet, int verbose)
{
    quiet_flag = quiet;
    show_progress = !quiet && (verbose || isatty(STDERR_FILENO));
    t_start = t_shown = now();
    current[0] = '\0';
    ls_context_set_progress(ctx, on_progress, NULL);
    ls_context_set_notice(ctx, on_notice, &quiet_flag);
}

void cli_progress_done(void)
{
    pthread_mutex_lock(&lock);
    if (line_open) {
        fputs("\r\033[K", stderr);
        line_open = 0;
    }
    pthread_mutex_unlock(&lock);
}
