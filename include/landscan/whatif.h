/*
 * whatif.h — threshold sensitivity (`landscan whatif RUN.yaml --vary KEY=V1,V2,…`).
 *
 * ls_whatif() reads and overlays the run's inputs once, then evaluates, classifies, builds
 * sites and aggregates under every combination of the varied rules keys, each combination
 * exactly as a full `landscan run` whose rules file `extends:` the run's rules and sets those
 * keys. A key is any numeric key of the resolved rules (ls_rules_to_yaml), nested keys dotted
 * (`evaluation.classes.D`, `tax_per_mu_min_by_year.2025`); a threshold that is off (null) may be
 * varied too. Varying one percentile share of evaluation.classes takes the difference from C
 * (from B when C is varied too) so the shares still add up to 1. Values: a comma list
 * (`4,5,6`) or a range `FROM:TO:STEP` (`4:6:0.5` → 4, 4.5, 5, 5.5, 6).
 *
 * Outputs in output_dir (the run file's output folder when NULL): whatif.csv (one row per
 * combination: the values, count and mu per status, reclaimable_mu, listed_mu, sites,
 * site_mu), whatif_parcels.csv (the parcels whose status or action differs between
 * combinations: parcel_id, district, then status and action under each) and whatif.html (a
 * chart of listed and reclaimable mu per combination as inline SVG, the table, the flipping
 * parcels grouped by district). The base run's outputs are not written; inputs are only read.
 *
 * Errors: LS_EINVAL for an unknown or non-numeric key, a value that is not a number, a bad
 * range, a key varied twice, more than LS_WHATIF_MAX_COMBINATIONS combinations, or rules that
 * do not load with a combination's values (the message names the key and the value);
 * LS_EEXIST when an output exists and force is 0; the read / overlay errors of ls_run().
 *
 * Ownership: *out belongs to the caller, free with ls_whatif_result_free().
 */
#ifndef LANDSCAN_WHATIF_H
#define LANDSCAN_WHATIF_H

#include <stddef.h>

#include "landscan/config.h"
#include "landscan/rules.h"

#ifdef __cplusplus
extern "C" {
#endif

#define LS_WHATIF_MAX_COMBINATIONS 200

typedef struct ls_whatif_options {
    int version;             /* LS_WHATIF_OPTIONS_VERSION */
    size_t nvary;            /* number of --vary arguments */
    const char *const *vary; /* "KEY=V1,V2,…" or "KEY=FROM:TO:STEP" */
    const char *output_dir;  /* NULL = the run file's output folder (or out/ beside it) */
    const char *district;    /* restrict to one district; NULL = all */
    int jobs;                /* overlay threads; <= 0 = all cores */
    int force;               /* overwrite existing whatif.* files */
} ls_whatif_options;

#define LS_WHATIF_OPTIONS_VERSION 1
#define LS_WHATIF_OPTIONS_INIT                                                                     \
    {                                                                                              \
        LS_WHATIF_OPTIONS_VERSION, 0, NULL, NULL, NULL, 0, 0                                       \
    }

/* The statuses in the order of the count / mu arrays. */
#define LS_WHATIF_NSTATUS 5 /* idle, relocatable, low_efficiency, efficient, non_industrial */

typedef struct ls_whatif_row {
    double *values; /* one per key */
    int status_count[LS_WHATIF_NSTATUS];
    double status_mu[LS_WHATIF_NSTATUS];
    double reclaimable_mu, listed_mu; /* listed: idle + relocatable + low_efficiency */
    int sites;
    double site_mu;
    size_t flips; /* parcels whose status or action differs from the first combination */
} ls_whatif_row;

typedef struct ls_whatif_result {
    size_t nkeys;
    char **keys;
    size_t nrows;
    ls_whatif_row *rows; /* combinations, the last key varying fastest */
    size_t nflipping;    /* parcels in whatif_parcels.csv */
    char *output_dir;
    double seconds_prepare; /* read + overlay + measures (once) */
    double seconds_assess;  /* every combination together */
} ls_whatif_result;

int ls_whatif(ls_context *ctx, const ls_config *cfg, const ls_rules *rules,
              const ls_whatif_options *opts, ls_whatif_result **out);
void ls_whatif_result_free(ls_whatif_result *result);
/* The status names of the count / mu arrays ("idle", …). */
const char *ls_whatif_status_name(int i);

#ifdef __cplusplus
}
#endif
#endif
