/*
 * report_write.h — the report writers: one district's view (ls__report, report_model.h)
 * as an Excel workbook (report_xlsx.c), a printable HTML page (report_html.c) or a CSV of
 * the listed parcels (report_csv.c). They read the model only: no file other than the one
 * they write, no OGR.
 */
#ifndef LANDSCAN_REPORT_WRITE_H
#define LANDSCAN_REPORT_WRITE_H

#include "report_model.h"

/* Write rep to path (as given: the caller stages and renames it into place). Errors:
 * LS_EIO (path names the file), LS_ENOMEM, LS_EINTERRUPTED (xlsx, on long sheets). */
int ls__report_write_xlsx(ls_context *ctx, const ls__report *rep, const char *path);
int ls__report_write_html(ls_context *ctx, const ls__report *rep, const char *path);
int ls__report_write_csv(ls_context *ctx, const ls__report *rep, const char *path);

/* A number with dec decimals or "—" for NAN (no negative zero), bare / as a numeric <td>,
 * shared by the HTML page's parts (report_html.c). */
void ls__html_num(ls__buf *b, double v, int dec);
void ls__html_td_num(ls__buf *b, double v, int dec);

/* A summary table by town or block (report_html_groups.c): key column k1 (and label column
 * k2 when not NULL), one row per group and the total; more than max_rows groups: the max_rows
 * with the most reclaimable land, with a line saying so. LS_OK or LS_ENOMEM. */
int ls__html_groups(ls__buf *b, const char *k1, const char *k2, const ls__rgroup *g, size_t n,
                    const ls__totals *total, int ledger, size_t max_rows);

/* The campaign sections of the HTML page (report_html_campaign.c): targets with progress
 * bars, and the supply-restricted firms (the largest `top`); their style sheet. */
int ls__report_html_targets(ls__buf *b, const ls__report *rep);
int ls__report_html_restricted(ls__buf *b, const ls__report *rep, size_t top);
extern const char *const ls__report_html_campaign_css;

#endif
