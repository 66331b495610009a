/*
 * diff.h — two finished runs side by side (`landscan diff A.gpkg B.gpkg`).
 *
 * ls_diff_compute() reads the parcels, sites, run_info and corrections of two GeoPackages
 * written by `landscan run` (read-only) and lists, parcel by parcel (matched by parcel_id),
 * what changed in status, action, reasons, reclaimable mu and site membership, the parcels
 * added and removed, and per-district totals before and after. Each changed parcel carries
 * its likely causes: a correction (a row of the `corrections` table that one run has and
 * the other has not, touching that parcel, with its document), a rules change (the keys of
 * run_info `rules_resolved` whose values differ), a new reference date, or changed input
 * data (run_info input hashes). It never re-runs anything: causes are what the two records
 * say, not a re-computation.
 *
 * ls_diff_write() writes DIR/diff.csv (UTF-8 with BOM, one row per changed, added or removed
 * parcel) and DIR/diff.html (a printable page: causes, district totals, parcel tables).
 *
 * Ownership: *out belongs to the caller (ls_diff_free()); every string in it is owned by it.
 */
#ifndef LANDSCAN_DIFF_H
#define LANDSCAN_DIFF_H

#include <stddef.h>

#include "landscan/context.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ls_diff_parcel {
    char *parcel_id;
    char *district;                                /* B's, else A's; "" when none */
    char *change;                                  /* changed | added | removed */
    char *what;                                    /* "status;action;reasons;reclaimable_mu;site" */
    char *old_status, *new_status;                 /* NULL when the parcel is absent */
    char *old_action, *new_action;                 /* NULL when absent */
    char *old_reasons, *new_reasons;               /* NULL when absent */
    double old_reclaimable_mu, new_reclaimable_mu; /* NAN when absent */
    int old_site_id, new_site_id;                  /* 0 = in no site */
    char *cause;                                   /* ";"-separated: correction, rules,
                                                      reference_date, input; "" unknown */
    char *cause_detail; /* the corrections (with documents), rule keys… */
} ls_diff_parcel;

/* Totals of one district before ([0], run A) and after ([1], run B); the last is "合计". */
typedef struct ls_diff_district {
    char *district;
    int parcel_count[2], listed_count[2];
    double idle_mu[2], relocatable_mu[2], low_efficiency_mu[2], listed_mu[2], reclaimable_mu[2];
} ls_diff_district;

typedef struct ls_diff {
    char *name[2], *reference_date[2], *path[2];
    size_t nrules;
    char **rules_changes; /* "tax_per_mu_min: 5 → 4" */
    size_t ninputs;
    char **input_changes; /* input roles whose data changed: "enterprises" */
    size_t ncorrections;
    char **correction_changes; /* "+ 2: enterprise E1 tax_10k 3 → 6 (文件 …)", "- …" withdrawn */
    size_t nparcels;
    ls_diff_parcel *parcels; /* changed, added, removed; by district, then parcel id */
    size_t nchanged, nadded, nremoved, nunchanged;
    size_t ndistricts;
    ls_diff_district *districts; /* by name; the total ("合计") last */
} ls_diff;

/* Compare two GeoPackages. Errors: LS_ENOTFOUND (a file or its parcels / run_info layer is
 * missing), LS_EIO, LS_ENOMEM. */
int ls_diff_compute(ls_context *ctx, const char *gpkg_a, const char *gpkg_b, ls_diff **out);
/* Write DIR/diff.csv and DIR/diff.html (DIR is created; existing files are refused with
 * LS_EEXIST unless force). Each file is written under a temporary name and renamed. */
int ls_diff_write(ls_context *ctx, const ls_diff *diff, const char *dir, int force);
void ls_diff_free(ls_diff *diff);

#ifdef __cplusplus
}
#endif
#endif
