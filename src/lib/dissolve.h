/*
 * dissolve.h — district and town areas from the district polygons (dissolve.c).
 */
#ifndef LANDSCAN_DISSOLVE_H
#define LANDSCAN_DISSOLVE_H

#include "model.h"

/* Dissolve ds->district_polys by name (with_town = 0) or by (name, town) into *out (sorted
 * by name, then town; fid 1..n; id = name, or town when with_town). Errors: LS_ENOMEM,
 * LS_EGEOM (a union that cannot be cleaned). */
int ls__dissolve_areas(ls_context *ctx, ls__dataset *ds, int with_town, ls__area **out,
                       size_t *nout);

#endif
