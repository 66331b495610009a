/*
 * report.h — ls_report_write() (landscan/report.h) in two steps, and the same plan made from
 * memory for `landscan run`, which builds and writes its reports on another thread while it
 * writes the GeoPackage, the project and the CSVs. The model is report_model.h, the reader
 * report_read.h, the builder from memory report_from_dataset.h, the writers report_write.h.
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
/* _from_dataset: the same plan for the run's dataset (report_from_dataset.h: ds must outlive
 * the plan and not change meanwhile; info is copied); opts->output_dir is required. */
int ls__report_plan_from_dataset(ls_context *ctx, const ls__dataset *ds, const ls__kv *info,
                                 const ls_report_options *opts, ls__report_plan **out);
int ls__report_plan_run(ls_context *ctx, const ls__report_plan *plan);
void ls__report_plan_free(ls__report_plan *plan);

#endif
