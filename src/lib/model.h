/*
 * model.h — the in-memory dataset of one run, shared by the pipeline stages.
 *
 * read.c fills it (features in the working CRS, canonical attributes), overlay.c and
 * measure.c add per-parcel measures, evaluate.c and classify.c add classes, status and
 * reasons, aggregate.c builds per-area totals, write_gpkg.c writes it out.
 *
 * Conventions: numbers that may be absent are NAN (written as NULL); dates are days since
 * 1970-01-01 or LS_NO_DATE; tri-state flags are -1 unknown, 0 false, 1 true. All strings and
 * geometries are owned by the dataset and freed by ls__dataset_free(). GEOS geometries are
 * created with the dataset's main GEOS context; worker threads only read them.
 */
#ifndef LANDSCAN_MODEL_H
#define LANDSCAN_MODEL_H

#include <geos_c.h>
#include <stddef.h>

#include "codes.h"
#include "internal.h"

/* 1 mu (亩) = 1/15 hectare = 666.67 m². Areas in mu are computed as m² × 15 / 10000, in that
 * order, by every stage (LS_M2_TO_MU), so the same area gives the same mu everywhere. */
#define LS_MU_PER_HA 15.0
#define LS_M2_PER_HA 10000.0
#define LS_M2_PER_MU (LS_M2_PER_HA / LS_MU_PER_HA)
#define LS_M2_TO_MU(m2) ((m2)*LS_MU_PER_HA / LS_M2_PER_HA)

/* One data-quality row. */
typedef struct ls__dq_row {
    char *layer;
    char *feature; /* feature id (parcel id, fid, CSV row) */
    char *problem;
    char *action; /* what was done */
} ls__dq_row;

typedef struct ls__dq {
    size_t n, cap;
    ls__dq_row *rows;
} ls__dq;

/* Append a row (strings copied). Returns LS_OK or LS_ENOMEM. */
int ls__dq_add(ls__dq *dq, const char *layer, const char *feature, const char *problem,
               const char *action);
/* The rows of src appended to dst (moved: src is left empty); LS_ENOMEM leaves both as they
 * were. */
int ls__dq_move(ls__dq *dst, ls__dq *src);
/* Free the rows (the list is left empty). */
void ls__dq_free(ls__dq *dq);

/* A polygon feature of an area layer: control line, block, district or town polygon. */
typedef struct ls__area {
    long fid;
    char *id;   /* block_id; control polygon fid as text */
    char *name; /* block name; district name */
    char *town; /* town name (district polygons with `town`) */
    char *tier; /* control tier: "1", "2", "transition" */
    int date;   /* approvals: approval_date; LS_NO_DATE when absent (and for other layers) */
    GEOSGeometry *geom;
    double area_m2;
} ls__area;

typedef struct ls__building {
    long fid;
    char *building_id; /* canonical building_id when mapped, else NULL */
    GEOSGeometry *geom;
    double area_m2;
    double floors;         /* NAN when absent */
    double height_m;       /* NAN when absent */
    double given_floor_m2; /* NAN when absent */
    double floor_area_m2;  /* the building's floor area by the domain rule; NAN = unknown
                              (neither floors nor floor area given) */
    char *use;             /* `use` as given (trimmed), NULL when absent */
    int use_class;         /* ls__use_class (building_use.h) */
} ls__building;

typedef struct ls__enterprise {
    long row; /* source feature id / CSV row */
    char *enterprise_id;
    char *name;
    char *parcel_id; /* key to the parcel, NULL when absent */
    char *role;      /* owner | tenant | NULL */
    char *scale;     /* above | below | NULL */
    double tax_10k, value_added_10k, revenue_10k, energy_tce, employees, rd_10k,
        electricity_10k_kwh;
    char *status;     /* producing | halted | partial | NULL */
    int halted_since; /* date or LS_NO_DATE */
    double land_tax_arrears_years;
    int land_tax_arrears_since; /* date or LS_NO_DATE: in land-tax arrears since */
    int mortgaged;              /* tri-state */
    char *eval_class;           /* given class A–D, NULL when absent */
    int founded;                /* date or LS_NO_DATE */
    int veto;                   /* tri-state */
    int has_point;
    double x, y; /* working CRS when has_point */
    /* joins and evaluation */
    size_t nparcels;
    size_t *parcels; /* indexes into dataset parcels */
    double land_mu;  /* total mu of the parcels it is on */
    double tax_per_mu, va_per_mu, va_per_energy, labour_productivity, rd_share, tax_per_electricity;
    double eval_score;     /* NAN when not scored */
    char *class_final;     /* class used for rules (given, scored, inherited), NULL none */
    char *eval_note;       /* EVAL_OUT_OF_SCOPE, EVAL_NEW, EVAL_GIVEN, EVAL_SCORED ... */
    int supply_restricted; /* class_final in no_new_land_classes (domain.md §10), 0/1 */
} ls__enterprise;

/* What an enterprise's records state about one of its parcels (domain.md §1: a record's
 * status, halt date, arrears and mortgage belong to the parcel it names). */
typedef struct ls__ent_facts {
    char *status;     /* producing | halted | partial | NULL; owned */
    int halted_since; /* date or LS_NO_DATE */
    double land_tax_arrears_years;
    int land_tax_arrears_since; /* date or LS_NO_DATE */
    int mortgaged;              /* tri-state */
} ls__ent_facts;

typedef struct ls__parcel {
    long fid;
    char *parcel_id;
    char *landuse, *owner, *enterprise_id, *industry_code;
    int grant_date, agreed_start_date, agreed_finish_date;
    int started;             /* tri-state */
    int approved_unsupplied; /* tri-state */
    /* 标准地 commitments (flags.h: one per LS_COMMIT_*), NAN when absent; the actual
     * fixed-asset investment on the parcel (万元), NAN when absent */
    double committed[5];
    double investment_10k;
    GEOSGeometry *geom; /* valid polygonal geometry, working CRS */

    /* overlay */
    const char *block_id, *block_name, *district, *town; /* borrowed from area arrays */
    long block_ix, district_ix, town_ix; /* indexes into blocks / districts / towns, -1 none */
    double area_m2, area_mu;
    double area_ellipsoidal_m2; /* geodesic area on the working CRS's ellipsoid; NAN unknown */
    double masked_m2;           /* area under the union of the exclusion masks, 0 none */
    double inside_control_m2, control_share; /* tiers 1 and 2 */
    double transition_m2, transition_share;  /* transition zones outside tiers 1 and 2 */
    const char *control_tier;                /* borrowed, NULL when none */
    double footprint_m2, floor_area_m2, far, coverage, far_floor;
    /* floor area and FAR counting each building of unknown floor area as one storey: the
     * lower bound LE_FAR may use to decide that it cannot fire (floor_area_m2 / far are NAN
     * then; equal to them when every building is known) */
    double floor_lower_m2, far_lower;
    /* buildings by use (building_use.h; flags.c CHK_ADMIN): footprint and floor area of the
     * administrative and living buildings on the parcel (floor NAN when one is unknown), and
     * the footprint and floor area of buildings whose use is absent or unknown */
    double admin_footprint_m2, admin_floor_m2, use_unknown_m2, use_unknown_floor_m2;
    int building_count;
    int overlapping_buildings; /* buildings on it overlap each other */

    /* enterprises on the parcel */
    size_t nent;
    size_t *ents;         /* indexes into dataset enterprises */
    ls__ent_facts *facts; /* parallel to ents: that enterprise's facts on this parcel */
    double tax_10k, value_added_10k, revenue_10k, energy_tce; /* NAN when no data */
    double tax_per_mu, value_added_per_mu, energy_per_va;     /* NAN when no data */
    double eval_score;                                        /* owner's score, NAN when none */
    const char *eval_class; /* owner's class, borrowed, NULL when none */

    /* classification */
    int industrial;
    ls__status status;
    ls__action action;
    char *reasons;
    char *no_data; /* ";"-separated tests that could not be evaluated */
    char *flags;   /* compliance flags (flags.c), ";"-separated like reasons, "" none */
    /* Every test evaluated on the parcel, for `explain` (classify.c, explain.c), NULL when
     * not recorded. One record per line ('\n'-terminated), six tab-separated fields:
     * code, value (text with units), comparison, threshold (text with units), outcome
     * (fired | not_fired | no_data | off | not_applicable), note. Fields never hold a tab
     * or a newline. ls__classify then stores it compacted (rule_checks.c: code, outcome,
     * text id in ds->check_texts, value). */
    char *checks;
    double reclaimable_mu, far_uplift_m2;
    int site_id;   /* 0 = none */
    int corrected; /* a correction touched the parcel, its enterprises or buildings */

    /* year-on-year ledger (ledger_match.c), set only when ds->has_ledger */
    char *lists;        /* ";"-separated names of the rules' lists it is on, "" none */
    int listed;         /* status idle, relocatable or low_efficiency */
    int change;         /* ls__change */
    char *first_listed; /* ISO date of the first run that listed it, NULL never */
    int listed_runs;    /* runs of this name that listed it (this one included) */
    char *matched_from; /* old ids when matched by overlap (";"), NULL otherwise */
    const char *match;  /* same_id | resurvey | split | merge | split_merge | NULL */
} ls__parcel;

/* A parcel that left a list since the previous run (layer `resolved`): a current parcel
 * with change resolved, or a listed parcel of the previous run that no longer exists. */
typedef struct ls__resolved {
    char *parcel_id;
    char *old_status;
    char *new_status;                    /* current status, or "removed" */
    double old_reclaimable_mu;           /* share of the predecessors' reclaimable mu */
    double old_area_mu;                  /* share of the predecessors' listed area (resolved_mu) */
    long block_ix, district_ix, town_ix; /* where it counts in the totals, -1 none */
    GEOSGeometry *geom;                  /* the old geometry (dataset GEOS context), NULL unknown */
} ls__resolved;

/* Per-area aggregate (block, district, town). */
typedef struct ls__totals {
    int parcel_count, industrial_count;
    double industrial_mu;
    int status_count[LS_STATUS_COUNT];
    double status_mu[LS_STATUS_COUNT];
    int action_count[LS_ACTION_COUNT];
    double action_mu[LS_ACTION_COUNT];
    double reclaimable_mu, far_uplift_m2, inside_control_mu;
    double masked_mu;                      /* industrial land under the masks */
    double far;                            /* area-weighted over industrial parcels */
    double tax_per_mu, value_added_per_mu; /* Σtax / Σmu over parcels with data; NAN none */
    /* accumulators */
    double floor_sum_m2, area_sum_m2, tax_sum, tax_mu, va_sum, va_mu;
    int site_count;
    double site_mu;
    double unsupplied_mu; /* 批而未供 land (unsupplied.c), 0 none */
    /* ledger (appended): mu of parcels newly listed / resolved since the previous run */
    double new_listed_mu, resolved_mu, net_listed_mu;
} ls__totals;

/* One feature of the layer `unsupplied` (unsupplied.c): an approval batch minus the parcels. */
typedef struct ls__unsupplied {
    const char *approval_id;             /* borrowed from ds->approvals */
    int approval_date;                   /* LS_NO_DATE when absent */
    GEOSGeometry *geom;                  /* the remaining pieces (dataset GEOS context) */
    double area_m2, area_mu;             /* on the run's area basis */
    int age_years;                       /* completed calendar years; -1 unknown (NULL) */
    long block_ix, district_ix, town_ix; /* largest overlap, -1 none */
} ls__unsupplied;

typedef struct ls__site {
    int site_id;
    GEOSGeometry *geom;
    double area_mu;
    size_t nparcels;
    size_t *parcels;
    const char *block_id, *district;
} ls__site;

typedef struct ls__layer_info {
    int present;
    char *path;
    char *crs;
    char *encoding;
    long features, skipped, repaired;
    char *sha256;
} ls__layer_info;

struct ls__geod;

/* One exclusion mask (masks.c; layer `masks`): the union of one mask file's polygons. */
typedef struct ls__mask {
    char *name, *path, *sha256;
    GEOSGeometry *geom; /* working CRS */
    double area_m2;
} ls__mask;

/* One applied line of the corrections CSV (corrections.c; table `corrections`). */
typedef struct ls__correction {
    int line; /* CSV line */
    char *target, *id, *field, *old_value, *new_value, *reason, *document, *date;
    char *parcel_ids; /* ";"-separated parcels it touched (after ls__corrections_link) */
} ls__correction;

typedef struct ls__check_texts ls__check_texts; /* rule_checks.c */

typedef struct ls__dataset {
    GEOSContextHandle_t geos;
    char *crs_wkt;  /* working CRS as WKT2 */
    char *crs_name; /* "EPSG:4549" or the CRS name */
    int crs_epsg;   /* 0 when unknown */

    ls__layer_info layers[LS_INPUT_COUNT];

    size_t nparcels;
    ls__parcel *parcels;
    size_t ncontrols;
    ls__area *controls;
    size_t nblocks;
    ls__area *blocks;
    size_t ndistrict_polys;
    ls__area *district_polys; /* as given: districts or towns */
    size_t ndistricts;
    ls__area *districts; /* dissolved by name, sorted by name */
    size_t ntowns;
    ls__area *towns; /* one per town polygon (name = district, town = town) */
    int has_towns;
    size_t nbuildings;
    ls__building *buildings;
    size_t nenterprises;
    ls__enterprise *enterprises;
    int enterprise_fields; /* bitmask of mapped enterprise fields, see read.c */
    int parcel_fields;     /* bitmask of mapped parcel fields */

    ls__totals *block_totals, *district_totals, *town_totals;
    size_t nsites;
    ls__site *sites;

    ls__dq dq;

    /* approval batches (read.c) and what the parcels leave of them (unsupplied.c) */
    size_t napprovals;
    ls__area *approvals; /* id = approval_id, date = approval_date */
    size_t nunsupplied;
    ls__unsupplied *unsupplied;

    /* exclusion masks (masks.c) */
    size_t nmasks;
    ls__mask *masks;
    GEOSGeometry *mask_union;                  /* all masks unioned, NULL without masks */
    const GEOSPreparedGeometry *mask_prepared; /* prepared mask_union */

    /* corrections (corrections.c) */
    size_t ncorrections;
    ls__correction *corrections;
    int has_building_ids; /* buildings carry the canonical building_id */
    int has_building_use; /* buildings carry the canonical `use` (CHK_ADMIN) */

    /* area basis (geodesic_area.c): area_mu from the ellipsoidal area when area_ellipsoidal */
    int area_ellipsoidal;
    struct ls__geod *geod;    /* created by ls__geod_measure_parcels, NULL before */
    double area_max_rel_diff; /* largest |ellipsoidal − planar| / planar over the parcels */
    const char *area_max_rel_parcel; /* the parcel it was found on (borrowed), NULL none */

    /* the comparison / threshold / note texts of the parcels' compacted checks
     * (rule_checks.c), NULL before classify */
    ls__check_texts *check_texts;
    /* threads for the per-parcel assessment stages (classify, flags: check_batch.c); the
     * run sets ls__run_jobs(); 0 or 1: one. Results do not depend on it. */
    int jobs;

    /* year-on-year ledger (ledger_match.c): set when the run uses a ledger */
    int has_ledger;
    size_t nresolved;
    ls__resolved *resolved;

    /* campaign targets (targets.h): the ledger series of the run's name (ledger_series.c;
     * NULL without a ledger) and the rows of table `targets` */
    struct ls__series *series;
    size_t ntargets;
    struct ls__target_row *targets;
} ls__dataset;

/* Frees p->facts (and the status strings it owns); p->ents is left alone. */
void ls__parcel_facts_free(ls__parcel *p);
/* The strings and parcel list of one enterprise record (not the record itself). */
void ls__enterprise_free(ls__enterprise *e);
void ls__dataset_free(ls__dataset *ds);
/* Drop what evaluate → classify → sites → aggregate added, so they can run again on the same
 * read and overlay (landscan whatif): sites, parcel site ids, per-area totals, and the
 * data-quality rows after the first dq_keep. */
void ls__dataset_clear_results(ls__dataset *ds, size_t dq_keep);

/* Bits for ls__dataset.parcel_fields / enterprise_fields: which canonical fields are mapped. */
enum {
    LS_PF_STARTED = 1 << 0,
    LS_PF_AGREED_START = 1 << 1,
    LS_PF_UNSUPPLIED = 1 << 2,
    LS_PF_INDUSTRY = 1 << 3,
    LS_PF_LANDUSE = 1 << 4,
    LS_PF_GRANT = 1 << 5
};
enum {
    LS_EF_TAX = 1 << 0,
    LS_EF_VA = 1 << 1,
    LS_EF_ENERGY = 1 << 2,
    LS_EF_STATUS = 1 << 3,
    LS_EF_HALTED = 1 << 4,
    LS_EF_ARREARS = 1 << 5,
    LS_EF_MORTGAGED = 1 << 6,
    LS_EF_CLASS = 1 << 7,
    LS_EF_FOUNDED = 1 << 8,
    LS_EF_VETO = 1 << 9,
    LS_EF_SCALE = 1 << 10,
    LS_EF_ROLE = 1 << 11
};

#endif
