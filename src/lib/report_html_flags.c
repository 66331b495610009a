/*
 * report_html_flags.c — two sections of the HTML report (report_html.c): 合规提示, the
 * district's parcels with compliance flags (CHK_ADMIN, CHK_CONTRACT_*; domain.md §10): a
 * count and mu per flag code, then the first 6 flagged parcels (block, parcel id order) with
 * the flags in Chinese and their numbers (the workbook's 合规提示 sheet lists them all), and
 * 批而未供土地, the district's approval batches with land the parcels leave (layer `unsupplied`)
 * and their total, which equals the district's unsupplied_mu. Flags never change a parcel's status:
 * the section says so. Same markup conventions as report_html.c (class n for numbers, id / k / s
 * cells that never wrap), so the print CSS applies.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report_html_flags.h"
#include "report_write.h"
#include "textout.h"

static void cell(ls__buf *b, const char *cls, const char *s)
{
    ls__buf_addf(b, "<td class=\"%s\">", cls);
    ls__html_esc(b, s);
    ls__buf_add(b, "</td>");
}

/* Per flag code: parcels and mu (a parcel counts once per code it carries). */
static void flag_summary(ls__buf *b, const ls__report *rep)
{
    ls__buf_add(b, "<table class=\"sum flagsum\"><thead><tr><th>合规提示</th><th>代码</th>"
                   "<th>地块数</th><th>面积(亩)</th></tr></thead><tbody>\n");
    for (int c = LS_CODE_CHK_ADMIN; c < LS_CODE_COUNT; c++) {
        const ls__code_info *ci = ls__code((ls__code_id)c);
        size_t n = 0, len = strlen(ci->code);
        double mu = 0;
        for (size_t i = 0; i < rep->nflagged; i++) {
            const char *f = rep->flagged[i]->flags;
            for (const char *hit = strstr(f, ci->code); hit; hit = strstr(hit + len, ci->code))
                if ((hit == f || hit[-1] == ';') &&
                    (hit[len] == '(' || hit[len] == ';' || !hit[len])) {
                    n++;
                    mu += rep->flagged[i]->area_mu;
                    break;
                }
        }
        if (n == 0)
            continue;
        ls__buf_add(b, "<tr>");
        cell(b, "", ci->zh);
        cell(b, "id", ci->code);
        ls__html_td_num(b, (double)n, 0);
        ls__html_td_num(b, mu, 2);
        ls__buf_add(b, "</tr>\n");
    }
    ls__buf_add(b, "</tbody></table>\n");
}

int ls__report_html_flags(ls__buf *b, const ls__report *rep)
{
    const size_t top = 6;
    if (rep->nflagged == 0) {
        ls__buf_add(b, "<p class=\"empty\">本区无合规提示地块。</p>\n");
        return LS_OK;
    }
    flag_summary(b, rep);
    ls__buf_add(b, "<table class=\"top flags\"><thead><tr><th>序号</th><th>地块编号</th>"
                   "<th>区块</th><th>权利人</th><th>状态</th><th>面积<br/>(亩)</th>"
                   "<th>合规提示</th></tr></thead><tbody>\n");
    for (size_t i = 0; i < rep->nflagged && i < top; i++) {
        const ls__rparcel *p = rep->flagged[i];
        char *why = ls__report_flags_zh(p->flags);
        if (!why)
            return LS_ENOMEM;
        ls__buf_addf(b, "<tr><td class=\"n\">%zu</td>", i + 1);
        cell(b, "id", p->parcel_id);
        cell(b, "k", p->block_name ? p->block_name : p->block_id);
        cell(b, "", p->owner);
        cell(b, "s", ls__status_label(p->status));
        ls__html_td_num(b, p->area_mu, 2);
        cell(b, "why", why);
        ls__buf_add(b, "</tr>\n");
        free(why);
    }
    ls__buf_addf(b,
                 "</tbody></table>\n<p class=\"note\">共 %zu 宗地块有合规提示(行政办公及生活服务"
                 "设施占比、标准地履约);合规提示不改变地块的认定状态。",
                 rep->nflagged);
    if (rep->nflagged > top)
        ls__buf_addf(b,
                     "此处列出前 %zu 宗(按区块、地块编号);完整清单见同名 Excel 工作簿"
                     "“合规提示”工作表。",
                     top);
    ls__buf_add(b, "</p>\n");
    return LS_OK;
}

int ls__report_html_unsupplied(ls__buf *b, const ls__report *rep)
{
    if (!rep->data->has_unsupplied) {
        ls__buf_add(b, "<p class=\"empty\">本次评价未提供批次(批而未供)数据。</p>\n");
        return LS_OK;
    }
    if (rep->nunsupplied == 0) {
        ls__buf_add(b, "<p class=\"empty\">本区无批而未供土地。</p>\n");
        return LS_OK;
    }
    ls__buf_add(b, "<p class=\"note\">批而未供 = 批次范围扣除全部宗地后的剩余土地(不计 "
                   "overlap_tolerance_m2 以内的碎片);批准年限为批准日至评价基准日的整年数。</p>\n");
    ls__buf_add(b, "<table class=\"sum unsupplied\"><thead><tr><th>批次编号</th><th>批准日期</th>"
                   "<th>批准年限<br/>(年)</th><th>区块</th><th>未供面积<br/>(亩)</th></tr>"
                   "</thead><tbody>\n");
    for (size_t i = 0; i < rep->nunsupplied; i++) {
        const ls__runsup *u = rep->unsupplied[i];
        ls__buf_add(b, "<tr>");
        cell(b, "id", u->approval_id);
        cell(b, "k", u->approval_date ? u->approval_date : "—");
        ls__html_td_num(b, u->age_years >= 0 ? u->age_years : NAN, 0);
        const char *name = ls__report_block_name(rep->data, u->block_id);
        cell(b, "k", name && *name ? name : u->block_id ? u->block_id : "—");
        ls__html_td_num(b, u->area_mu, 2);
        ls__buf_add(b, "</tr>\n");
    }
    ls__buf_addf(b,
                 "</tbody><tfoot><tr><td class=\"s\">合计</td><td></td><td></td><td></td>"
                 "<td class=\"n\">%.2f</td></tr></tfoot></table>\n",
                 rep->total.unsupplied_mu);
    return LS_OK;
}
