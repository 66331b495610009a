/*
 * explain.h — why a parcel got its status: `landscan explain OUT.gpkg PARCEL_ID`.
 *
 * ls_explain() reads only a finished landscan GeoPackage (no inputs, no recomputation): the
 * parcel's row of the `parcels` layer, its rows of the `rule_checks` table (every rule
 * evaluated, with the input values, the comparison, the threshold and the outcome) and the
 * run's `run_info` (rules preset and chain, reference date). It returns a bilingual
 * (Chinese / English) plain-text explanation, UTF-8, lines ending in '\n'.
 *
 * Ownership: *out_text belongs to the caller, free it with free().
 */
#ifndef LANDSCAN_EXPLAIN_H
#define LANDSCAN_EXPLAIN_H

#include "landscan/context.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Explain one parcel of a finished run. Errors: LS_ENOTFOUND (no such file, or no parcel
 * with that parcel_id: the message names the id and the file), LS_EINVAL (the file is not a
 * landscan GeoPackage, or was written without a rule_checks table), LS_ENOMEM. */
int ls_explain(ls_context *ctx, const char *gpkg_path, const char *parcel_id, char **out_text);

#ifdef __cplusplus
}
#endif
#endif
