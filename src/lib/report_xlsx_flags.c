/*
 * report_xlsx_flags.c — two sheets of the district workbook (report_xlsx.c): 合规提示, the
 * district's parcels with compliance flags (codes and their Chinese reading), and 批而未供,
 * its approval batches with unsupplied land closed by a 合计 row whose SUM(未供面积) is the
 * district's unsupplied_mu (only when the run had approvals). Kept apart from report_xlsx.c
 * so the issue-18 sheets stay one concept per file; they use their own two formats and the
 * workbook's cell writers (ls__xlsx_put_num / _str).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <xlsxwriter.h>

#include "report_xlsx_campaign.h"
#include "report_xlsx_flags.h"

static void heads(lxw_worksheet *ws, lxw_format *head, const char *const *h, const double *w,
                  lxw_col_t n)
{
    worksheet_set_row(ws, 0, 32, NULL);
    for (lxw_col_t c = 0; c < n; c++) {
        worksheet_set_column(ws, c, c, w[c], NULL);
        worksheet_write_string(ws, 0, c, h[c], head);
    }
    worksheet_freeze_panes(ws, 1, 1);
    worksheet_set_paper(ws, 9); /* A4 */
    worksheet_set_landscape(ws);
    worksheet_fit_to_pages(ws, 1, 0);
    worksheet_repeat_rows(ws, 0, 0);
}

int ls__report_xlsx_flags(lxw_workbook *wb, const ls__report *rep)
{
    lxw_format *head = workbook_add_format(wb);
    format_set_bold(head);
    format_set_text_wrap(head);
    format_set_bg_color(head, 0xDDEBF7);
    format_set_border(head, LXW_BORDER_THIN);
    lxw_format *mu = workbook_add_format(wb);
    format_set_num_format(mu, "0.00");

    static const char *const fh[] = {"地块编号", "区块编号", "区块名称",     "权利人",
                                     "状态",     "面积(亩)", "合规提示代码", "合规提示"};
    static const double fw[] = {22, 10, 22, 30, 10, 10, 40, 60};
    lxw_worksheet *ws = workbook_add_worksheet(wb, "合规提示");
    heads(ws, head, fh, fw, 8);
    for (size_t i = 0; i < rep->nflagged; i++) {
        const ls__rparcel *p = rep->flagged[i];
        lxw_row_t r = (lxw_row_t)(i + 1);
        char *zh = ls__report_flags_zh(p->flags);
        if (!zh)
            return LS_ENOMEM;
        ls__xlsx_put_str(ws, r, 0, p->parcel_id, NULL);
        ls__xlsx_put_str(ws, r, 1, p->block_id, NULL);
        ls__xlsx_put_str(ws, r, 2, p->block_name, NULL);
        ls__xlsx_put_str(ws, r, 3, p->owner, NULL);
        ls__xlsx_put_str(ws, r, 4, ls__status_label(p->status), NULL);
        ls__xlsx_put_num(ws, r, 5, p->area_mu, mu);
        ls__xlsx_put_str(ws, r, 6, p->flags, NULL);
        ls__xlsx_put_str(ws, r, 7, zh, NULL);
        free(zh);
    }
    if (rep->nflagged)
        worksheet_autofilter(ws, 0, 0, (lxw_row_t)rep->nflagged, 7);
    else
        worksheet_write_string(ws, 2, 0, "本区无合规提示地块。", NULL);

    if (!rep->data->has_unsupplied)
        return LS_OK;
    static const char *const uh[] = {"批次编号", "批准日期", "批准年限(年)",
                                     "区块编号", "区块名称", "未供面积(亩)"};
    static const double uw[] = {18, 12, 12, 10, 22, 12};
    ws = workbook_add_worksheet(wb, "批而未供");
    heads(ws, head, uh, uw, 6);
    lxw_row_t r = 1;
    for (size_t i = 0; i < rep->nunsupplied; i++, r++) {
        const ls__runsup *u = rep->unsupplied[i];
        ls__xlsx_put_str(ws, r, 0, u->approval_id, NULL);
        ls__xlsx_put_str(ws, r, 1, u->approval_date, NULL);
        ls__xlsx_put_num(ws, r, 2, u->age_years >= 0 ? u->age_years : NAN, NULL);
        ls__xlsx_put_str(ws, r, 3, u->block_id, NULL);
        ls__xlsx_put_str(ws, r, 4, ls__report_block_name(rep->data, u->block_id), NULL);
        ls__xlsx_put_num(ws, r, 5, u->area_mu, mu);
    }
    worksheet_write_string(ws, r, 0, "合计", head);
    char formula[64];
    snprintf(formula, sizeof(formula), "=SUM(F2:F%u)", (unsigned)(r > 1 ? r : 2));
    worksheet_write_formula_num(ws, r, 5, formula, mu, rep->total.unsupplied_mu);
    return LS_OK;
}
