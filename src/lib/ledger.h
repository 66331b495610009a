/*
 * ledger.h (internal) — the year-on-year ledger inside a run: list memberships, matching
 * against the previous run of the same name, and recording the finished run.
 *
 * ls_run() calls, in this order:
 *   ls__ledger_prepare()  after classify and sites, before aggregate: validates an existing
 *                         ledger read-only (a foreign or corrupt file is refused before any
 *                         output is written), loads the previous run of the same name,
 *                         matches parcels and fills the ledger fields of the dataset;
 *   ls__ledger_record_start()  once run_info is built, before the outputs are written: the
 *                         run's rows are inserted on a thread of its own (own SQLite
 *                         connection, own GEOS context) in one open write transaction;
 *   ls__ledger_record_finish() after the outputs are in place: run_info (with the write
 *                         times) last, then COMMIT. ls__ledger_free() of a record still
 *                         open (a failed or interrupted run) rolls it back.
 * The matching itself (ls__ledger_match) is pure and unit-tested on hand-made datasets.
 */
#ifndef LANDSCAN_LEDGER_INTERNAL_H
#define LANDSCAN_LEDGER_INTERNAL_H

#include "model.h"
#include "write_gpkg.h"

/* The ledger schema version this build writes (landscan_meta.schema_version). */
#define LS_LEDGER_SCHEMA_VERSION 3
/* PRAGMA application_id of a landscan ledger: 'LSLD'. */
#define LS_LEDGER_APPLICATION_ID 0x4C534C44

/* A parcel of the previous run, as loaded from the ledger. */
typedef struct ls__ledger_old {
    char *parcel_id;
    char *status;
    int listed;
    char *first_listed; /* NULL when never listed */
    int listed_runs;
    double area_mu, reclaimable_mu;
    char *block_id, *district, *town;
    GEOSGeometry *geom; /* dataset GEOS context; NULL when not comparable (other CRS) */
} ls__ledger_old;

/* State carried from prepare to record (opaque). */
typedef struct ls__ledger ls__ledger;

/* Set p->lists and p->listed of every parcel from rules->lists and its status / reasons. */
int ls__ledger_assign_lists(ls_context *ctx, ls__dataset *ds, const ls_rules *rules);

/* Match the dataset's parcels to the previous run's (old, nold; have_prev 0 = first run of
 * the name) and set change, first_listed, listed_runs, match, matched_from on every parcel
 * and ds->resolved. Same id first; then, unless overlap_min is NAN, parcels not both
 * matched by id link when their overlap ≥ overlap_min × either area. Linked groups are
 * same_id / resurvey (1:1), split (1 old : n new), merge (n : 1), split_merge. Takes the
 * old geometries of removed listed parcels (sets them NULL in old). Needs p->listed. */
int ls__ledger_match(ls_context *ctx, ls__dataset *ds, ls__ledger_old *old, size_t nold,
                     int have_prev, const char *reference_date, double overlap_min);

/* Validate and read the ledger at path (missing = first run), match, fill the dataset
 * (ds->has_ledger = 1). district: the run's --district, NULL for all. */
int ls__ledger_prepare(ls_context *ctx, const char *path, const ls_config *cfg,
                       const ls_rules *rules, const char *district, ls__dataset *ds,
                       ls__ledger **out);

/* Start recording the run (see above). ds, cfg and rules are only read, and must stay as
 * they are until ls__ledger_record_finish() (the outputs' writers only read them too);
 * run_info is read here for the run file's hash and again at finish. Never fails: an error
 * is kept for finish. */
void ls__ledger_record_start(ls_context *ctx, ls__ledger *lg, const ls_config *cfg,
                             const ls_rules *rules, const ls__dataset *ds, const ls__kv *run_info,
                             const char *out_dir);
/* The outputs are in place: wait for the inserts, add run_info, COMMIT. An error says the
 * outputs are written but the run is not recorded, and leaves the ledger as it was. */
int ls__ledger_record_finish(ls_context *ctx, ls__ledger *lg, const ls__kv *run_info);

void ls__ledger_free(ls__ledger *lg);

#endif
