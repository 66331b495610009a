/*
 * run_stages.h — the run pipeline in three steps, shared by ls_run() (run.c) and
 * ls_whatif() (whatif.c), which reads and overlays once and assesses many times.
 *
 *   ls__run_read     open every input (read.c) into a zeroed dataset;
 *   ls__run_overlay  building floor areas, overlay, --district restriction, per-parcel
 *                    measures: everything that does not depend on the thresholds being
 *                    varied (tall_storey_m excepted: see whatif.c);
 *   ls__run_assess   evaluate → classify → sites: everything a threshold can change. Run it
 *                    again after ls__dataset_clear_results(); aggregate follows it.
 * Each fills t[] with the monotonic clock after each of its stages (NULL: no timings).
 */
#ifndef LANDSCAN_RUN_STAGES_H
#define LANDSCAN_RUN_STAGES_H
#include "model.h"
/* Seconds on the monotonic clock. */
double ls__run_clock(void);
/* Worker threads for a requested count (<= 0: all cores; at least 1). */
int ls__run_jobs(int requested);
int ls__run_read(ls_context *ctx, const ls_config *cfg, ls__dataset *ds);
/* t[0] after the overlay, t[1] after the measures. */
int ls__run_overlay(ls_context *ctx, const ls_config *cfg, const ls_rules *rules,
                    const char *district, int jobs, ls__dataset *ds, double *t);
/* t[0] after evaluate, t[1] after classify, t[2] after sites. */
int ls__run_assess(ls_context *ctx, const ls_config *cfg, const ls_rules *rules, ls__dataset *ds,
                   double *t);
#endif
