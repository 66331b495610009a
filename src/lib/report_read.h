/*
 * report_read.h — a finished run's GeoPackage into the report model (report_read.c).
 */
#ifndef LANDSCAN_REPORT_READ_H
#define LANDSCAN_REPORT_READ_H

#include "report_model.h"

/* Read gpkg_path (read-only). *out belongs to the caller (ls__report_data_free()).
 * Errors: LS_ENOTFOUND (no file; layer parcels or run_info missing), LS_EINVAL (not a
 * GeoPackage), LS_ENOMEM, LS_EINTERRUPTED. */
int ls__report_read(ls_context *ctx, const char *gpkg_path, ls__rdata **out);

#endif
