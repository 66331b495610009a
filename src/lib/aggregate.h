/*
 * aggregate.h — per block, district and town totals (product.md, domain.md §6).
 */
#ifndef LANDSCAN_AGGREGATE_H
#define LANDSCAN_AGGREGATE_H
#include "model.h"

/* Fill ds->block_totals, district_totals and town_totals (one per area, same order). */
int ls__aggregate(ls_context *ctx, ls__dataset *ds);

/* What one parcel contributes to a totals record: the fields the definitions above use.
 * A run fills it from its ls__parcel; the reports from a parcel read back from the
 * GeoPackage (report_model.c), so both count with the same code. */
typedef struct ls__totals_item {
    ls__status status;
    ls__action action;
    int industrial, newly_listed; /* newly_listed: the ledger's change is `new` */
    double area_m2, area_mu, inside_control_m2, floor_area_m2, reclaimable_mu, far_uplift_m2;
    double masked_m2;                /* inside the exclusion masks (0 without) */
    double tax_10k, value_added_10k; /* NAN when the parcel carries no figure */
} ls__totals_item;

/* Add one parcel (or item) to a totals record / finish the ratios. */
void ls__totals_add(ls__totals *t, const ls__parcel *p);
void ls__totals_add_item(ls__totals *t, const ls__totals_item *p);
void ls__totals_finish(ls__totals *t);

#endif
