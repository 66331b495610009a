/*
 * aggregate.h — per block, district and town totals (product.md, domain.md §6).
 */
#ifndef LANDSCAN_AGGREGATE_H
#define LANDSCAN_AGGREGATE_H
#include "model.h"

/* Fill ds->block_totals, district_totals and town_totals (one per area, same order). */
int ls__aggregate(ls_context *ctx, ls__dataset *ds);

/* Add one parcel to a totals record / finish the ratios (shared with the reports). */
void ls__totals_add(ls__totals *t, const ls__parcel *p);
void ls__totals_finish(ls__totals *t);

#endif
