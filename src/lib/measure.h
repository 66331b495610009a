/*
 * measure.h — the measure stage (domain.md §1): building floor areas before the overlay;
 * after it, enterprises joined to parcels and the per-parcel measures (FAR, coverage,
 * sums and per-mu figures).
 */
#ifndef LANDSCAN_MEASURE_H
#define LANDSCAN_MEASURE_H
#include "model.h"

/* Floor area of every building: given floor_area_m2 as is, else area × floors, floors
 * doubled when height / floors > tall_storey_m. */
int ls__measure_buildings(ls_context *ctx, ls__dataset *ds, const ls_rules *rules);

/* Join enterprises to parcels (by parcel_id, else parcels' enterprise_id, else location),
 * then per parcel: far, coverage, sums of tax / VA / revenue / energy, per-mu figures. */
int ls__measure_parcels(ls_context *ctx, ls__dataset *ds);

#endif
