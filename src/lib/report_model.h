/*
 * report_model.h — the report model: what a finished run's GeoPackage says (ls__rdata) and
 * one district's view of it (ls__report), shared by the reader (report_read.c), the model
 * (report_model.c) and the writers (report_xlsx.c, report_html.c, report_csv.c), which
 * depend on nothing else of the report code.
 *
 * ls__rdata holds the GeoPackage's contents, read once with OGR: parcels (attributes and
 * rings for the map), sites, enterprises, data-quality rows, district / town / block
 * outlines and run_info. ls__report is one district's view of it: borrowed pointers to its
 * parcels, sites, enterprises and data-quality rows, plus totals per town and per block
 * counted with aggregate.c's ls__totals_add_item(), so that the rows of a report always add
 * up to the district's total and mean what the GeoPackage's totals mean.
 *
 * Year-on-year ledger. When the parcels layer has the ledger's `change` field (has_ledger),
 * parcels also carry change / first_listed / listed_runs / lists, the `resolved` layer is
 * read, and each report gets the district's resolved rows: a row whose parcel still exists
 * belongs where that parcel is (joined by parcel_id); a removed parcel (new_status removed)
 * where the resolved layer's district / block_id / town put it (the ledger's attribution,
 * the same that districts.resolved_mu uses). A removed parcel whose district is not known
 * is shown in the district's report when the run has at most one district and the layer
 * has no district field (a GeoPackage written before that field existed), and otherwise in
 * a separate list that every district's report shows with a note (it counts nowhere).
 * Totals then also carry new_listed_mu (Σ area of parcels whose change is new),
 * resolved_mu (Σ old_area_mu of the resolved rows) and net_listed_mu = new − resolved.
 *
 * Adding a section (e.g. a new layer of the run shown per district): a row type and its
 * array in ls__rdata, one entry in report_read.c's layer table, a filtered list in
 * ls__report filled by ls__report_build(), and a section function in each writer.
 *
 * Ownership: ls__report_read() (report_read.h) and ls__report_from_dataset()
 * (report_from_dataset.h) give the caller an ls__rdata to free with ls__report_data_free().
 * No item owns a string: each points into the model's string store (ls__rstr(): what was read
 * from a GeoPackage, and what the dataset builder had to compose, e.g. parcel_ids lists) or,
 * in a model built from the dataset (borrowed), into the dataset itself, which must then
 * outlive the model and not change while it is used. Geometries likewise: own rings (read) or
 * the dataset's GEOS geometry (borrowed), read through the model's own GEOS handle, so the
 * model can be used on another thread than the dataset's. ls__report_build() fills an
 * ls__report to release with ls__report_clear(); a report borrows from its data, which must
 * outlive it. Every string returned by a function here that is not const belongs to the
 * caller (free()).
 */
#ifndef LANDSCAN_REPORT_MODEL_H
#define LANDSCAN_REPORT_MODEL_H

#include <stddef.h>

#include "codes.h"
#include "kv.h"
#include "model.h"

/* A polygonal geometry in the working CRS, held one of two ways: read from a GeoPackage, as
 * rings of its own (ring r has ring_len[r] points, consecutive in xy; src NULL), or borrowed
 * from the dataset the model was built from (src, read through the model's own GEOS handle
 * with ls__rgeom_rings(); ring_len / xy NULL). nrings counts the rings with points either
 * way; the bounding box is always filled. */
typedef struct ls__rgeom {
    size_t nrings, npts;
    size_t *ring_len;
    double *xy;
    const GEOSGeometry *src;       /* borrowed (report_from_dataset.c), NULL when own rings */
    double minx, miny, maxx, maxy; /* bounding box; minx > maxx when empty */
    double label_x, label_y;       /* a point on the surface (for labels; areas only) */
} ls__rgeom;

/* The rings of a geometry, whichever way it is held: ls__rgeom_rings() points ring_len / xy
 * at the geometry's own rings or fills them (in the buffer's own arrays) from the borrowed
 * GEOS geometry. One buffer per thread; ls__rrings_free() releases it. */
typedef struct ls__rrings {
    GEOSContextHandle_t geos; /* the model's handle (ls__rdata.geos), NULL for own rings */
    size_t nrings;
    const size_t *ring_len;
    const double *xy;
    size_t *len_buf, cap_r;
    double *xy_buf;
    size_t cap_p;
} ls__rrings;
int ls__rgeom_rings(ls__rrings *rr, const ls__rgeom *g); /* LS_OK or LS_ENOMEM */
/* Widen g's bounding box by the n points xy (x, y pairs). */
void ls__rgeom_extend(ls__rgeom *g, const double *xy, size_t n);
void ls__rrings_free(ls__rrings *rr);

typedef struct ls__rparcel {
    const char *parcel_id, *block_id, *block_name, *district, *town, *owner, *landuse, *eval_class,
        *reasons, *enterprise_ids;
    const char *flags;                         /* compliance flags (CHK_*), NULL or "" when none */
    int industrial, enterprise_count, site_id; /* site_id 0 = none */
    const char *change, *first_listed, *lists; /* ledger; NULL without one */
    int listed_runs;
    ls__status status;
    ls__action action;
    double area_m2, area_mu, inside_control_m2, control_share, floor_area_m2, far, coverage,
        tax_10k, value_added_10k, tax_per_mu, value_added_per_mu, eval_score, reclaimable_mu,
        far_uplift_m2, masked_m2; /* NAN when NULL (masked_m2, area_m2 and the sums: 0) */
    ls__rgeom geom;
} ls__rparcel;

typedef struct ls__rsite {
    int site_id, parcel_count;
    double area_mu;
    const char *parcel_ids, *block_id, *district;
    ls__rgeom geom;
} ls__rsite;

typedef struct ls__rent {
    const char *enterprise_id, *name, *parcel_ids, *role, *scale, *status, *eval_class, *eval_note;
    int parcel_count;
    int supply_restricted; /* enterprises.supply_restricted (no new land, seed 004); 0 absent */
    double land_mu, tax_10k, value_added_10k, tax_per_mu, va_per_mu, va_per_energy,
        labour_productivity, rd_share, tax_per_electricity, eval_score; /* NAN when NULL */
} ls__rent;

/* One row of the `resolved` layer (ledger). */
typedef struct ls__rres {
    const char *parcel_id, *old_status, *new_status; /* new_status "removed": the parcel is gone */
    const char *block_id, *district, *town;          /* as stored; NULL when absent */
    double old_reclaimable_mu, old_area_mu;          /* 0 when NULL */
    int removed;
    const struct ls__rparcel *parcel; /* the current parcel of that id, NULL when none */
} ls__rres;

/* One row of table `targets` (campaign targets, domain.md §10). */
typedef struct ls__rtarget {
    const char *district; /* "" for the whole run */
    const char *indicator;
    int year;
    double target, achieved, share; /* achieved / share NAN when NULL */
    const char *note;               /* NULL when none */
} ls__rtarget;
/* One feature of the `unsupplied` layer (批而未供). */
typedef struct ls__runsup {
    const char *approval_id, *approval_date, *block_id, *district; /* NULL when absent */
    double area_mu;                                                /* 0 when NULL */
    int age_years;                                                 /* -1 when NULL */
    ls__rgeom geom;
} ls__runsup;

typedef struct ls__rdq {
    const char *layer, *feature, *problem, *action;
} ls__rdq;

/* A district, town, block or exclusion-mask polygon (outline for the map, stored totals for
 * checks). */
typedef struct ls__rarea {
    const char *name;                                   /* district name; town name; block id */
    const char *district;                               /* towns: their district */
    const char *label;                                  /* blocks: block name */
    double stored_industrial_mu, stored_reclaimable_mu; /* districts: as stored, NAN if absent */
    double stored_new_listed_mu, stored_resolved_mu, stored_net_listed_mu; /* ledger, or NAN */
    ls__rgeom geom;
} ls__rarea;

typedef struct ls__rstrings ls__rstrings; /* report_model.c: the model's own strings */

typedef struct ls__rdata {
    ls__kv info; /* run_info key → value, in stored order (always a copy) */
    size_t nparcels, nsites, nents, ndq, ndistricts, ntowns, nblocks;
    ls__rparcel *parcels;
    ls__rsite *sites;
    ls__rent *ents;
    ls__rdq *dq;
    ls__rarea *districts, *towns, *blocks;
    int has_ledger;         /* parcels carry the ledger's fields */
    int resolved_has_place; /* the resolved layer has a district field */
    size_t nresolved;
    ls__rres *resolved; /* sorted by parcel id */
    size_t nmasks;
    ls__rarea *masks; /* exclusion masks (inputs.masks), name only; none without masks */
    int has_targets;  /* the GeoPackage has table `targets` (runs of landscan with targets) */
    size_t ntargets;
    ls__rtarget *targets; /* in stored order: the whole run's rows, then each district's */
    size_t nunsupplied;
    ls__runsup *unsupplied; /* 批而未供 (inputs.approvals); none without approvals */
    int has_unsupplied;     /* the run had approvals (the layer exists, maybe empty) */
    /* ownership: the items' strings point into `strings` or, for a model built from the
     * dataset (borrowed), into the dataset; geometries are own rings or borrowed (src) */
    ls__rstrings *strings;
    int borrowed;             /* built by ls__report_from_dataset(): the dataset must outlive it */
    GEOSContextHandle_t geos; /* the model's own GEOS handle (borrowed geometries), or NULL */
} ls__rdata;

/* A copy of s[0..n) (n = strlen(s) when (size_t)-1) kept by d until ls__report_data_free();
 * NULL on out of memory. */
const char *ls__rstr(ls__rdata *d, const char *s, size_t n);

/* One row of the per-town or per-block summary. */
typedef struct ls__rgroup {
    const char *key;   /* town name or block id; a placeholder label when none */
    const char *label; /* district of the town, or block name ("" when none) */
    int unassigned;    /* 1 for the row of parcels with no town / block */
    ls__totals t;
} ls__rgroup;

typedef struct ls__report {
    const ls__rdata *data;
    const char *district; /* NULL for a whole-run report */
    const char *title;    /* district name, or the run's name */
    const char *run_name, *reference_date, *version, *rules, *rules_chain, *crs;
    size_t nparcels, nsites, nents, ndq, ntowns, nblocks;
    const ls__rparcel **parcels; /* sorted by block id, then parcel id */
    const ls__rsite **sites;
    const ls__rent **ents;
    const ls__rdq **dq;
    ls__rgroup *towns, *blocks; /* sorted by key; an unassigned row last */
    ls__totals total;           /* over all parcels of the report */
    const ls__rarea *outline;   /* the district polygon, NULL when none */
    int has_towns;              /* the run has a towns layer */
    /* ledger (data->has_ledger): the district's resolved rows (still existing parcels first,
     * then removed ones, each by parcel id) and removed parcels of unknown district */
    size_t nresolved, nresolved_unplaced;
    const ls__rres **resolved, **resolved_unplaced;
    /* campaign (report_campaign.c): the report's target rows (its district's, the whole run's
     * for a report without district) and its supply-restricted firms, largest land first */
    size_t ntargets, nrestricted;
    const ls__rtarget **targets;
    const ls__rent **restricted;
    /* compliance flags and 批而未供 (report_flags.c): the district's parcels with flags (in
     * the parcels' order) and its unsupplied batches (by approval id); total.unsupplied_mu
     * and each block group's unsupplied_mu count them */
    size_t nflagged, nunsupplied;
    const ls__rparcel **flagged;
    const ls__runsup **unsupplied;
} ls__report;

void ls__report_data_free(ls__rdata *data);
/* Sort data->resolved by parcel id and point each row at its current parcel, if any (both
 * builders; report_data.c). LS_OK or LS_ENOMEM. */
int ls__report_join_resolved(ls__rdata *data);

/* Build the view of one district (NULL: every parcel, for a run without districts). */
int ls__report_build(ls_context *ctx, const ls__rdata *data, const char *district, ls__report *out);
void ls__report_clear(ls__report *rep);

/* The campaign part of a report (report_campaign.c), called by ls__report_build() once
 * rep->ents is filled: rep->targets and rep->restricted. LS_OK or LS_ENOMEM. */
int ls__report_build_campaign(const ls__rdata *data, ls__report *rep);

/* A run_info value, or NULL. Borrowed. */
const char *ls__report_info(const ls__rdata *data, const char *key);

/* Where a resolved row belongs: its current parcel's block / town, else the stored ones. */
const char *ls__report_res_block(const ls__rres *r);
const char *ls__report_res_town(const ls__rres *r);
/* The name of a block id from the blocks layer ("" when unknown). Borrowed. */
const char *ls__report_block_name(const ls__rdata *data, const char *block_id);

/* Fill rep->flagged / rep->unsupplied and the unsupplied mu of the totals (report_flags.c,
 * called by ls__report_build; LS_ENOMEM). Freed by ls__report_clear. */
int ls__report_build_flags(ls__report *rep);
/* Flags in Chinese, e.g.
 * "行政办公及生活服务设施超标(land:0.080>0.070)；未达标准地承诺容积率(0.50<1.20)"; NULL on ENOMEM.
 */
char *ls__report_flags_zh(const char *flags);

/* ---- labels (report_labels.c) ---- */

/* The per-parcel list sheets: status of each list and its Chinese title. */
extern const ls__status ls__report_list_status[3];
extern const char *const ls__report_list_title[3];

/* Status, action, project category and reason labels are codes.h's (ls__status_label(),
 * ls__action_label(), ls__action_category(), ls__code_find()). */
/* A status name as stored ("idle", …, "removed") in Chinese (已灭失 for removed). */
const char *ls__report_status_name_label(const char *name);
/* Reason codes in Chinese, e.g. "亩均税收低于标准(万元/亩):3.20<5.00；容积率低于下限:0.62<0.80";
 * NO_DATA_<code> entries as "缺少数据:…" when with_no_data, else left out. NULL on ENOMEM. */
char *ls__report_reasons_zh(const char *reasons, int with_no_data);

/* ---- the rules table (report_rules.c) ---- */

/* The resolved rules (run_info rules_resolved JSON) as rows "label", "key", "value" for the
 * report's rules table; *n rows, 3 strings each, owned by the caller (ls__report_rows_free). */
int ls__report_rules_rows(const ls__rdata *data, char ***rows, size_t *n);
void ls__report_rows_free(char **rows, size_t n);

#endif
