/*
 * overlay.h — the overlay stage: parcel ∩ control lines, parcel → block / district / town by
 * largest overlap, building footprints → parcels, run in parallel over parcels.
 */
#ifndef LANDSCAN_OVERLAY_H
#define LANDSCAN_OVERLAY_H
#include "model.h"

/* Fill area_m2, area_mu, inside_control_m2, control_share, control_tier, block_id,
 * block_name, district, town, footprint_m2, floor_area_m2, building_count and
 * overlapping_buildings of every parcel. Building floor areas must be set (measure.h).
 * jobs <= 0 uses every core. Results do not depend on jobs. */
int ls__overlay_run(ls_context *ctx, ls__dataset *ds, int jobs);

/* Pick the index with the largest overlap; ties (within tol) go to the smallest key.
 * Helper shared with the tests. Returns -1 when every overlap is <= 0. */
int ls__overlay_pick(const double *overlap, const char *const *keys, int n, double tol);

#endif
