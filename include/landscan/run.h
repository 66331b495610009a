/*
 * run.h — one landscan run: read, overlay, measure, classify, aggregate, write.
 *
 * ls_run() executes the whole pipeline of product.md for a loaded run file and rules and
 * writes DIR/landscan.gpkg, DIR/parcels.csv and DIR/blocks.csv. Outputs are built in a
 * temporary folder inside DIR and renamed into place only when complete; inputs are opened
 * read-only. The summary returned describes the per-district totals for the caller to show.
 * Unless no_ledger, the run is compared with the previous run of the same name in the
 * year-on-year ledger (ledger.h; RUN.yaml `ledger:`, default landscan-ledger.sqlite beside
 * the run file) and recorded there once its outputs are in place.
 *
 * Ownership: *out belongs to the caller, free with ls_run_summary_free().
 */
#ifndef LANDSCAN_RUN_H
#define LANDSCAN_RUN_H

#include "landscan/config.h"
#include "landscan/rules.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ls_run_options {
    int version;            /* LS_RUN_OPTIONS_VERSION */
    const char *output_dir; /* overrides the run file's `output`; NULL = run file / "out" */
    const char *district;   /* restrict to one district name; NULL = all */
    int jobs;               /* worker threads; <= 0 = all cores */
    int force;              /* overwrite existing outputs */
    int check_only;         /* read, overlay and classify, write nothing (landscan check) */
    int no_ledger;          /* do not read or record the year-on-year ledger (--no-ledger) */
} ls_run_options;

#define LS_RUN_OPTIONS_VERSION 1
#define LS_RUN_OPTIONS_INIT                                                                        \
    {                                                                                              \
        LS_RUN_OPTIONS_VERSION, NULL, NULL, 0, 0, 0, 0                                             \
    }

typedef struct ls_district_summary {
    char *district;
    int parcel_count, industrial_count;
    double industrial_mu;
    int idle_count, relocatable_count, low_efficiency_count, efficient_count;
    double idle_mu, relocatable_mu, low_efficiency_mu, efficient_mu;
    double reclaimable_mu, far_uplift_m2;
} ls_district_summary;

/* One mapped field of an input layer, as seen by `landscan check`. */
typedef struct ls_field_summary {
    char *canonical; /* e.g. "parcel_id" (or "x" / "y" for enterprise point columns) */
    char *source;    /* the user's field name, e.g. "ZDDM" */
    long missing;    /* features where the value is NULL or blank */
    long invalid;    /* features where a number, date or yes/no value does not parse */
} ls_field_summary;

typedef struct ls_layer_summary {
    char *role; /* parcels, control_lines, ... */
    char *path;
    char *crs;      /* source CRS description */
    char *encoding; /* attribute encoding used */
    long features;  /* features read */
    long skipped;   /* features dropped */
    long repaired;  /* geometries repaired */
    /* check only (landscan check): per mapped field, in the order of the run file */
    size_t nfields;
    ls_field_summary *fields;
} ls_layer_summary;

/* One campaign target of the whole run (table `targets`, district ""). */
typedef struct ls_target_summary {
    char *indicator; /* reclaimed_mu, renovated_mu, halted_firms_cleared, tax_per_mu, … */
    char *unit;      /* 亩, 家, 万元/亩, … ("" for a ratio) */
    int year;
    double target;
    double achieved, share; /* NAN when it cannot be measured (then note says why) */
    char *note;             /* NULL when none */
} ls_target_summary;

typedef struct ls_run_summary {
    char *output_dir; /* where the outputs were written (NULL for check) */
    char *gpkg_path;
    size_t ndistricts;
    ls_district_summary *districts; /* sorted by name; the last entry is the total ("合计") */
    size_t nlayers;
    ls_layer_summary *layers;
    long data_quality_rows;
    size_t nproblems; /* data-quality rows, "layer\tfeature\tproblem\taction" */
    char **problems;
    double seconds;
    /* check only: enterprise ↔ parcel join coverage (the join rules of the run: the
     * record's parcel id, else the parcels' enterprise id, else its point); all 0 when no
     * enterprises are given */
    long enterprise_records;
    long joined_by_parcel_id, joined_by_enterprise_id, joined_by_location, unjoined;
    long parcels_with_enterprise; /* parcels that at least one record joins */
    /* the campaign targets of the whole run (rules `targets:`), none without targets */
    size_t ntargets;
    ls_target_summary *targets;
    /* check only: what the compliance flags can use (domain.md §10). Buildings by their
     * `use` class — admin, living, production, storage, other, unknown value, no value —
     * (all 0 without `use`); parcels with at least one 标准地 commitment, and of those the
     * ones with an agreed_finish_date (the review needs it) */
    long buildings_by_use[7];
    long parcels_with_commitment, commitments_with_finish_date;
} ls_run_summary;

int ls_run(ls_context *ctx, const ls_config *cfg, const ls_rules *rules, const ls_run_options *opts,
           ls_run_summary **out);
void ls_run_summary_free(ls_run_summary *summary);

#ifdef __cplusplus
}
#endif
#endif
