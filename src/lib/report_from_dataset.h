/*
 * report_from_dataset.h — the report model (report_model.h) built from the run's in-memory
 * dataset, as `landscan run` writes its reports without reading its GeoPackage back
 * (report_from_dataset.c).
 */
#ifndef LANDSCAN_REPORT_FROM_DATASET_H
#define LANDSCAN_REPORT_FROM_DATASET_H

#include "kv.h"
#include "model.h"
#include "report_model.h"

/* The model the GeoPackage that ls__write_gpkg(ctx, ds, info, …) writes would read back as
 * (report_read.c), field for field. info is copied; everything else is borrowed: ds must
 * outlive *out and must not change while it is used (the run's writers only read it). *out
 * has its own GEOS handle, so it may be built and used on another thread than ds's.
 * *out belongs to the caller (ls__report_data_free()). Errors: LS_ENOMEM, LS_EINTERRUPTED. */
int ls__report_from_dataset(ls_context *ctx, const ls__dataset *ds, const ls__kv *info,
                            ls__rdata **out);

#endif
