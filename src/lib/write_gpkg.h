/*
 * write_gpkg.h — the GeoPackage writer: layers parcels, blocks, districts, towns, sites,
 * control_lines and tables data_quality, run_info, enterprises (product.md, outputs).
 */
#ifndef LANDSCAN_WRITE_GPKG_H
#define LANDSCAN_WRITE_GPKG_H
#include "kv.h"
#include "model.h"

/* An empty GeoPackage at path (which must not exist): the run writes its rule_checks tables
 * into it first (SQLite, rule_checks.c) so that the parcels' check lists, the largest thing
 * a run holds, are freed before the layers are written. */
int ls__write_gpkg_create(ls_context *ctx, const char *path);
/* Write every layer into the GeoPackage at path that ls__write_gpkg_create made. */
int ls__write_gpkg(ls_context *ctx, const ls__dataset *ds, const ls__kv *run_info,
                   const char *path);

/* Joined distinct enterprise ids of a parcel ("a;b"), caller frees; *count gets how many. */
char *ls__parcel_enterprise_ids(const ls__dataset *ds, const ls__parcel *p, int *count);
/* The same text into b (emptied first, reused across parcels; b->failed on no memory);
 * returns how many. */
int ls__parcel_enterprise_ids_into(const ls__dataset *ds, const ls__parcel *p, ls__buf *b);

#endif
