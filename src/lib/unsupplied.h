/*
 * unsupplied.h — approved but unsupplied land (批而未供, domain.md §10): approval batches minus
 * the union of the parcels, as the layer `unsupplied` and unsupplied_mu per block, district
 * and town (unsupplied.c explains the rules).
 */
#ifndef LANDSCAN_UNSUPPLIED_H
#define LANDSCAN_UNSUPPLIED_H
#include "model.h"

/* Fill ds->unsupplied from ds->approvals (nothing without approvals). After the overlay and
 * the geodesic measure (ds->geod); district: run --district (NULL: all). */
int ls__unsupplied_build(ls_context *ctx, ls__dataset *ds, const ls_rules *rules,
                         int reference_days, const char *district);
/* Add each feature's area_mu to its block, district and town totals (inside ls__aggregate,
 * after the totals are allocated). */
void ls__unsupplied_aggregate(ls__dataset *ds);
void ls__unsupplied_free(ls__dataset *ds);
#endif
