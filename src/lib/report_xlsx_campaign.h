/*
 * report_xlsx_campaign.h — the campaign sheets of the district workbook (report_xlsx.c adds
 * them; report_xlsx_campaign.c writes them): 目标完成情况 and 限制新增用地企业.
 */
#ifndef LANDSCAN_REPORT_XLSX_CAMPAIGN_H
#define LANDSCAN_REPORT_XLSX_CAMPAIGN_H

#include <xlsxwriter.h>

#include "report_model.h"

/* The workbook's formats the sheets use: header cells, 0.00 numbers, integers, notes. */
typedef struct ls__xlsx_campaign_fmts {
    lxw_format *head, *num2, *num3, *integer, *percent, *note, *wrap;
} ls__xlsx_campaign_fmts;

/* A cell of the workbook (report_xlsx.c): a number (NAN blank, no negative zero) or text
 * (NULL or empty blank), in format f. */
void ls__xlsx_put_num(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, double v, lxw_format *f);
void ls__xlsx_put_str(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s, lxw_format *f);

void ls__report_xlsx_targets(lxw_workbook *wb, const ls__xlsx_campaign_fmts *f,
                             const ls__report *rep);
void ls__report_xlsx_restricted(lxw_workbook *wb, const ls__xlsx_campaign_fmts *f,
                                const ls__report *rep);

#endif
