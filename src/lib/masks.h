/*
 * masks.h — exclusion masks (RUN.yaml inputs.masks): reading, masked_m2 per parcel, the
 * unmasked share of reclaimable land, sites minus the masks (masks.c explains the rules).
 */
#ifndef LANDSCAN_MASKS_H
#define LANDSCAN_MASKS_H
#include "model.h"
/* Read cfg->masks into ds->masks and ds->mask_union (nothing without masks). After read
 * (the working CRS is known). */
int ls__masks_read(ls_context *ctx, const ls_config *cfg, ls__dataset *ds);
/* masked_m2 of every parcel (after the overlay: area_m2 known). */
int ls__masks_measure(ls_context *ctx, ls__dataset *ds);
/* reclaimable_mu × (1 − masked_m2 / area_m2), after classify. */
void ls__masks_reclaimable(ls__dataset *ds);
/* Sites minus the masks, area from the polygon; sites below site_min_mu dropped, the rest
 * renumbered. After ls__sites_build. */
int ls__masks_sites(ls_context *ctx, ls__dataset *ds, const ls_rules *rules);
void ls__masks_free(ls__dataset *ds);
#endif
