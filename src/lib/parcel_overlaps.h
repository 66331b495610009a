/*
 * parcel_overlaps.h — parcels that overlap each other (domain.md §1): every pair whose
 * overlap is larger than overlap_tolerance_m2 becomes one data_quality row naming both ids
 * and the overlap in m². Nothing else changes: sums still add parcels as the cadastre gives
 * them, and derived polygons (sites) take their area from their own union.
 */
#ifndef LANDSCAN_PARCEL_OVERLAPS_H
#define LANDSCAN_PARCEL_OVERLAPS_H
#include "model.h"

/* Adds one data_quality row per overlapping pair (layer parcels, feature "A / B"), in parcel
 * order. tolerance_m2 NAN = off. Returns LS_OK, LS_ENOMEM or LS_EDEP (GEOS tree failure). */
int ls__parcel_overlaps_report(ls_context *ctx, ls__dataset *ds, double tolerance_m2);

#endif
