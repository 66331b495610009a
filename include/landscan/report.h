/*
 * report.h — per-district reports a bureau chief can sign, rebuilt from a finished run.
 *
 * ls_report_write() reads a run's GeoPackage (DIR/landscan.gpkg: layers parcels, towns,
 * blocks, districts, sites, enterprises, data_quality, run_info) with OGR — it never
 * recomputes the overlay — and writes, per district, into `output_dir`/reports/:
 *   <district>.xlsx  Excel workbook (汇总, 闲置地块, 可腾退地块, 低效地块, 连片地块, 企业评价,
 *                    数据质量, 说明), numbers stored as numbers, totals as Excel formulas;
 *   <district>.html  one self-contained printable page (A4) with an inline SVG map;
 *   <district>.csv   the listed parcels (idle, relocatable, low efficiency), UTF-8 with BOM.
 * <district> is the district name made safe for file systems (Chinese kept; / \ : * ? " < >
 * | and control characters replaced by '_'). A GeoPackage without districts gets one report
 * named after the run. Same GeoPackage → byte-identical HTML and CSV (no timestamps).
 *
 * `landscan run` calls the same code after writing the GeoPackage, so the reports of a run
 * and of `landscan report` are the same.
 *
 * Ownership: the options are borrowed for the duration of the call.
 */
#ifndef LANDSCAN_REPORT_H
#define LANDSCAN_REPORT_H

#include "landscan/context.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Formats (bitmask). */
enum { LS_REPORT_XLSX = 1 << 0, LS_REPORT_HTML = 1 << 1, LS_REPORT_CSV = 1 << 2 };
#define LS_REPORT_DEFAULT_FORMATS (LS_REPORT_XLSX | LS_REPORT_HTML)

typedef struct ls_report_options {
    int version;            /* LS_REPORT_OPTIONS_VERSION */
    const char *district;   /* one district by name; NULL = every district */
    int formats;            /* LS_REPORT_* bits; 0 = LS_REPORT_DEFAULT_FORMATS */
    const char *output_dir; /* reports go to output_dir/reports/; NULL = the GeoPackage's folder */
    int force;              /* overwrite existing report files */
} ls_report_options;

#define LS_REPORT_OPTIONS_VERSION 1
#define LS_REPORT_OPTIONS_INIT                                                                     \
    {                                                                                              \
        LS_REPORT_OPTIONS_VERSION, NULL, 0, NULL, 0                                                \
    }

/* Write the reports of a finished run. Errors: LS_ENOTFOUND (no GeoPackage, or a required
 * layer missing), LS_EINVAL (unknown district: the message lists the districts; bad
 * options), LS_EEXIST (a report exists and force is 0), LS_EIO (writing failed),
 * LS_EINTERRUPTED. The reports are written into a temporary folder inside reports/ and
 * moved into place only when all are complete: a failed call leaves no report behind. */
int ls_report_write(ls_context *ctx, const char *gpkg_path, const ls_report_options *opts);

/* The file-system-safe form of a district name (see above), owned by the caller (free()).
 * NULL when out of memory. */
char *ls_report_file_stem(const char *district);

#ifdef __cplusplus
}
#endif
#endif
