/*
 * ledger.h — the year-on-year ledger (清单 → 整治 → 销号): read access for the tool's
 * `landscan ledger list | show | diff` verbs.
 *
 * The ledger is a SpatiaLite database (RUN.yaml `ledger:`, default landscan-ledger.sqlite
 * beside the run file) that ls_run() fills: one record per finished run (name, reference
 * date, resolved rules and their hash, input hashes, version, timings) and per run and
 * parcel its status, action, reason codes, mu, list memberships, change against the
 * previous run of the same name and geometry. These calls only read it: they never create,
 * upgrade or repair a ledger, and refuse a file that is not one (foreign or corrupt).
 *
 * Ownership: arrays and strings returned through out parameters belong to the caller; free
 * them with the matching _free function (or free() for plain strings).
 */
#ifndef LANDSCAN_LEDGER_H
#define LANDSCAN_LEDGER_H

#include <stddef.h>

#include "landscan/context.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The ledger file name used when RUN.yaml has no `ledger:` key (beside the run file). */
#define LS_LEDGER_DEFAULT_NAME "landscan-ledger.sqlite"

/* One recorded run. */
typedef struct ls_ledger_run {
    long run_id;
    char *name;
    char *reference_date; /* ISO yyyy-mm-dd */
    char *recorded_at;    /* UTC, ISO 8601 */
    char *version;        /* landscan version that recorded it */
    char *rules;          /* rules name or path */
    char *rules_sha256;   /* SHA-256 of the resolved rules (JSON) */
    char *output_dir;
    char *district_filter; /* --district of the run, NULL when all */
    long previous_run_id;  /* the run it was compared with, 0 when none */
    long parcel_count, listed_count;
    double listed_mu, new_listed_mu, resolved_mu;
} ls_ledger_run;

/* Every run in the ledger, oldest first. Errors: LS_ENOTFOUND (no such file), LS_EINVAL
 * (not a landscan ledger, corrupt, or written by a newer landscan), LS_EIO. */
int ls_ledger_list(ls_context *ctx, const char *path, ls_ledger_run **out, size_t *n);
void ls_ledger_runs_free(ls_ledger_run *runs, size_t n);

/* One run as readable text (several lines, UTF-8): its record, inputs and hashes, timings,
 * list memberships, change counts, per-district new / resolved mu and the resolved parcels.
 * Errors as ls_ledger_list, and LS_ENOTFOUND for an unknown run id. */
int ls_ledger_show(ls_context *ctx, const char *path, long run_id, char **out);

/* What ls_ledger_diff found and wrote. */
typedef struct ls_ledger_diff_summary {
    char *gpkg_path;     /* the GeoPackage written (caller frees) */
    long added, removed; /* parcel ids only in run B / only in run A */
    long status_changed; /* in both, status differs */
    long lists_changed;  /* in both, same status, list memberships differ */
    long same;           /* in both, nothing of the above differs (not written) */
} ls_ledger_diff_summary;

/* Compare two runs by parcel id and write out_dir/ledger-diff.gpkg with one layer `diff`
 * (parcel_id, kind ∈ {added, removed, status, lists}, status_a, status_b, lists_a, lists_b,
 * area_mu_a, area_mu_b, reclaimable_mu_a, reclaimable_mu_b, change_b, match_b,
 * matched_from_b; geometry of run B, else of run A). An existing file is refused unless
 * force. out_dir NULL = the current folder; a missing out_dir is created. */
int ls_ledger_diff(ls_context *ctx, const char *path, long run_a, long run_b, const char *out_dir,
                   int force, ls_ledger_diff_summary *out);
void ls_ledger_diff_summary_free(ls_ledger_diff_summary *summary);

#ifdef __cplusplus
}
#endif
#endif
