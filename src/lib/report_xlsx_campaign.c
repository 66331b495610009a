/*
 * report_xlsx_campaign.c — the campaign sheets of the district workbook (domain.md §10):
 *   目标完成情况  one row per target of the district: indicator (code and Chinese name),
 *                unit, year, target, achieved, share (a number, 1.00 = met, shown as a
 *                percentage), note; a target without the data to measure it has empty
 *                achieved and share cells and the note saying why;
 *   限制新增用地企业  every supply-restricted firm of the district (classes in
 *                no_new_land_classes), largest land first, with a 合计 row of Excel formulas.
 * Numbers are stored as numbers, NULL as an empty cell, like the other sheets.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report_xlsx_campaign.h"

static void heads(lxw_worksheet *ws, const ls__xlsx_campaign_fmts *f, const char *const *h,
                  const double *widths, size_t n)
{
    worksheet_set_row(ws, 0, 32, NULL);
    for (size_t c = 0; c < n; c++) {
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, widths[c], NULL);
        worksheet_write_string(ws, 0, (lxw_col_t)c, h[c], f->head);
    }
    worksheet_freeze_panes(ws, 1, 0);
    worksheet_set_paper(ws, 9); /* A4 */
    worksheet_set_landscape(ws);
    worksheet_fit_to_pages(ws, 1, 0);
    worksheet_repeat_rows(ws, 0, 0);
}

void ls__report_xlsx_targets(lxw_workbook *wb, const ls__xlsx_campaign_fmts *f,
                             const ls__report *rep)
{
    static const char *const h[] = {"指标代码", "指标",   "单位",   "目标年份",
                                    "目标值",   "完成值", "完成率", "说明"};
    static const double w[] = {20, 26, 9, 9, 11, 11, 9, 60};
    lxw_worksheet *ws = workbook_add_worksheet(wb, "目标完成情况");
    heads(ws, f, h, w, sizeof(h) / sizeof(h[0]));
    lxw_row_t r = 1;
    for (size_t i = 0; i < rep->ntargets; i++, r++) {
        const ls__rtarget *t = rep->targets[i];
        int id = ls__target_from_name(t->indicator);
        const ls__target_info *info = id >= 0 ? ls__target((ls__target_id)id) : NULL;
        lxw_format *nf = info && info->decimals == 0   ? f->integer
                         : info && info->decimals == 3 ? f->num3
                                                       : f->num2;
        ls__xlsx_put_str(ws, r, 0, t->indicator, NULL);
        ls__xlsx_put_str(ws, r, 1, info ? info->zh : NULL, NULL);
        ls__xlsx_put_str(ws, r, 2, info ? info->unit : NULL, NULL);
        ls__xlsx_put_num(ws, r, 3, t->year, f->integer);
        ls__xlsx_put_num(ws, r, 4, t->target, nf);
        ls__xlsx_put_num(ws, r, 5, t->achieved, nf);
        ls__xlsx_put_num(ws, r, 6, t->share, f->percent);
        ls__xlsx_put_str(ws, r, 7, t->note, f->wrap);
    }
    if (r > 1)
        worksheet_autofilter(ws, 0, 0, r - 1, 7);
    else
        worksheet_write_string(ws, 2, 0,
                               rep->data->has_targets ? "评价规则未设定目标。"
                                                      : "本次评价结果无目标表(由早期版本生成)。",
                               f->note);
    worksheet_write_string(ws, r + 1, 0,
                           "累计指标按历年台账自目标基准年(targets_base_year)起累计;亩均指标"
                           "仅计规上企业;完成率 = 完成值 ÷ 目标值。",
                           NULL);
}

void ls__report_xlsx_restricted(lxw_workbook *wb, const ls__xlsx_campaign_fmts *f,
                                const ls__report *rep)
{
    static const char *const h[] = {"统一社会信用代码",  "企业名称",     "规模",
                                    "评价类别",          "综合评价得分", "用地(亩)",
                                    "亩均税收(万元/亩)", "地块编号"};
    static const double w[] = {20, 28, 6, 8, 10, 10, 12, 30};
    lxw_worksheet *ws = workbook_add_worksheet(wb, "限制新增用地企业");
    heads(ws, f, h, w, sizeof(h) / sizeof(h[0]));
    lxw_row_t r = 1;
    double mu = 0.0;
    for (size_t i = 0; i < rep->nrestricted; i++, r++) {
        const ls__rent *e = rep->restricted[i];
        ls__xlsx_put_str(ws, r, 0, e->enterprise_id, NULL);
        ls__xlsx_put_str(ws, r, 1, e->name, NULL);
        ls__xlsx_put_str(ws, r, 2,
                         !e->scale                        ? NULL
                         : strcmp(e->scale, "above") == 0 ? "规上"
                         : strcmp(e->scale, "below") == 0 ? "规下"
                                                          : e->scale,
                         NULL);
        ls__xlsx_put_str(ws, r, 3, e->eval_class, NULL);
        ls__xlsx_put_num(ws, r, 4, e->eval_score, f->num2);
        ls__xlsx_put_num(ws, r, 5, e->land_mu, f->num2);
        ls__xlsx_put_num(ws, r, 6, e->tax_per_mu, f->num2);
        ls__xlsx_put_str(ws, r, 7, e->parcel_ids, NULL);
        mu += e->land_mu;
    }
    if (r == 1) {
        worksheet_write_string(ws, 2, 0, "本区无限制新增用地企业。", f->note);
        return;
    }
    char formula[64];
    worksheet_autofilter(ws, 0, 0, r - 1, 7);
    worksheet_write_string(ws, r, 0, "合计", f->head);
    snprintf(formula, sizeof(formula), "=COUNTA(A2:A%u)", (unsigned)r);
    worksheet_write_formula_num(ws, r, 1, formula, f->integer, (double)rep->nrestricted);
    snprintf(formula, sizeof(formula), "=SUM(F2:F%u)", (unsigned)r);
    worksheet_write_formula_num(ws, r, 5, formula, f->num2, mu);
    worksheet_write_string(ws, r + 2, 0,
                           "依据:限制、禁止综合评价落后类别企业新增用地(规则 "
                           "no_new_land_classes)。",
                           NULL);
}
