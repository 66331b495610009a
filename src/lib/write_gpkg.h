/*
 * write_gpkg.h — the GeoPackage writer: layers parcels, blocks, districts, towns, sites,
 * control_lines and tables data_quality, run_info, enterprises (product.md, outputs).
 */
#ifndef LANDSCAN_WRITE_GPKG_H
#define LANDSCAN_WRITE_GPKG_H
#include "kv.h"
#include "model.h"

/* Write the whole GeoPackage to path (which must not exist). */
int ls__write_gpkg(ls_context *ctx, const ls__dataset *ds, const ls__kv *run_info,
                   const char *path);

/* Joined distinct enterprise ids of a parcel ("a;b"), caller frees; *count gets how many. */
char *ls__parcel_enterprise_ids(const ls__dataset *ds, const ls__parcel *p, int *count);


#endif
