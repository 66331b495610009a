/*
 * targets.h — campaign targets against what the run and the ledger series achieved
 * (domain.md §10; table `targets`).
 *
 * The rules carry targets by indicator and year (rules `targets:`, `targets_base_year`).
 * Cumulative indicators (reclaimed_mu, renovated_mu, halted_firms_cleared) add up the ledger
 * series: every run of the run's name from targets_base_year to the target year (the current
 * run included), each counting what left the lists since the run before it. Level indicators
 * (tax_per_mu, va_per_mu, labour_productivity, rd_share) are the current run's figures of the
 * 规上 firms (enterprises `scale` = above) on industrial parcels. One row per indicator and
 * target year for the whole run (district "") and the same rows for every district. A row
 * whose figure cannot be measured has achieved and share NULL and a note saying why; an
 * achieved 0 with data is 0.
 */
#ifndef LANDSCAN_TARGETS_H
#define LANDSCAN_TARGETS_H

#include "model.h"
#include "rules.h"

/* A firm cleared in one run of the series: one of its halted listed parcels of the run before
 * lay in `district`, and none of them (nor their successors) is listed now. */
typedef struct ls__series_firm {
    char *enterprise_id;
    char *district; /* NULL when the parcel had none */
} ls__series_firm;

typedef struct ls__series_area {
    char *district;
    double resolved_mu, renovated_mu;
} ls__series_area;

/* One run of the ledger series (a recorded one, or the current run last). */
typedef struct ls__series_run {
    char *reference_date; /* ISO */
    int year;
    int measured;        /* it had a previous run to compare with (else nothing is counted) */
    double resolved_mu;  /* run totals (parcels in no district included) */
    double renovated_mu; /* resolved parcels whose new status is industrial */
    size_t nareas;
    ls__series_area *areas;
    int firms_known; /* 0: the run before it recorded no firm ids (older ledger) */
    size_t nfirms;
    ls__series_firm *firms;
} ls__series_run;

/* The runs of one name, oldest first; the current run is the last. */
typedef struct ls__series {
    char *name;
    size_t nruns;
    ls__series_run *runs;
} ls__series;

/* One row of table `targets`. */
typedef struct ls__target_row {
    char *district; /* "" for the whole run */
    int year;
    int indicator; /* ls__target_id */
    double target;
    double achieved, share; /* NAN = NULL (then note says why) */
    char *note;             /* NULL when none */
} ls__target_row;

/* Append an empty run to the series (zeroed; caller fills it). NULL on out of memory. */
ls__series_run *ls__series_add_run(ls__series *s);
/* Add mu to the run's area `district` (created on first use). LS_OK or LS_ENOMEM. */
int ls__series_add_area(ls__series_run *r, const char *district, double resolved_mu,
                        double renovated_mu);
/* Add a cleared firm (copied). LS_OK or LS_ENOMEM. */
int ls__series_add_firm(ls__series_run *r, const char *enterprise_id, const char *district);
void ls__series_free(ls__series *s);

/* Fill ds->targets from rules->targets, ds->series (NULL without a ledger) and the current
 * figures of ds (after aggregate). */
int ls__targets_compute(ls_context *ctx, const ls_rules *rules, ls__dataset *ds);
void ls__targets_free(ls__target_row *rows, size_t n);
/* One data_quality row (layer "rules", feature "targets.<indicator>") per target the inputs
 * cannot measure: no enterprises, no `scale` field, an indicator landscan has no data for.
 * After read; `landscan check` shows them too. */
int ls__targets_check(ls_context *ctx, const ls_rules *rules, ls__dataset *ds);

#endif
