/*
 * report.h — ls_report_write() (landscan/report.h) in two steps, for `landscan run`: it
 * reads its GeoPackage first and writes the reports on another thread while it adds
 * further tables to the GeoPackage. The model is report_model.h, the reader report_read.h,
 * the writers report_write.h.
 *
 * Ownership: the plan owns the data it read; ls__report_plan_free() accepts NULL.
 */
#ifndef LANDSCAN_REPORT_INTERNAL_H
#define LANDSCAN_REPORT_INTERNAL_H

#include "landscan/report.h"
#include "report_model.h"

/* _make reads everything (the file is closed afterwards), checks the options and existing
 * reports and creates the folder; _run writes every report from memory straight into the
 * plan's folder (the caller stages it: run.c's folder is its temporary one). */
typedef struct ls__report_plan ls__report_plan;
int ls__report_plan_make(ls_context *ctx, const char *gpkg_path, const ls_report_options *opts,
                         ls__report_plan **out);
int ls__report_plan_run(ls_context *ctx, const ls__report_plan *plan);
void ls__report_plan_free(ls__report_plan *plan);

#endif
