/*
 * report_html_campaign.c — the campaign sections of the HTML report page (report_html.c
 * places them; domain.md §10):
 *   目标完成情况  one row per target of the district (indicator, year, target, achieved,
 *                 share and a progress bar; a target that cannot be measured shows "—", no
 *                 bar, and the note saying why — never 0 %);
 *   限制新增用地企业  the district's supply-restricted firms (classes in no_new_land_classes,
 *                 seed 004): their count and land, the largest `top` by land (the workbook
 *                 lists them all).
 * The bar is a <span> whose width is the share (capped at 100 %; a met target is drawn
 * full and marked .met). Markup stays well-formed XML like the rest of the page.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report_write.h"
#include "textout.h"

const char *const ls__report_html_campaign_css =
    "table.targets td.bar { width: 32%; }\n"
    ".bar { position: relative; height: 3.2mm; background: #eef1f4; border: 1px solid #b8c2cc; "
    "}\n"
    ".bar span { position: absolute; left: 0; top: 0; bottom: 0; background: #3a7bd5; "
    "-webkit-print-color-adjust: exact; print-color-adjust: exact; }\n"
    ".bar.met span { background: #2e9d4f; }\n"
    "td.nodata { color: #8a5a00; font-size: 8pt; }\n";

static void td_text(ls__buf *b, const char *cls, const char *s)
{
    if (cls)
        ls__buf_addf(b, "<td class=\"%s\">", cls);
    else
        ls__buf_add(b, "<td>");
    ls__html_esc(b, s ? s : "");
    ls__buf_add(b, "</td>");
}

int ls__report_html_targets(ls__buf *b, const ls__report *rep)
{
    if (!rep->data->has_targets) {
        ls__buf_add(b, "<p class=\"empty\">本次评价结果无目标表(由早期版本生成)。</p>\n");
        return LS_OK;
    }
    if (rep->ntargets == 0) {
        ls__buf_add(b, "<p class=\"empty\" id=\"no-targets\">评价规则未设定目标"
                       "(规则文件 targets 为空)。</p>\n");
        return LS_OK;
    }
    ls__buf_add(b, "<table class=\"targets\"><thead><tr><th>指标</th><th>目标年份</th>"
                   "<th>目标值</th><th>完成值</th><th>完成率</th><th>进度</th><th>说明</th>"
                   "</tr></thead><tbody>\n");
    for (size_t i = 0; i < rep->ntargets; i++) {
        const ls__rtarget *t = rep->targets[i];
        int id = ls__target_from_name(t->indicator);
        const ls__target_info *info = id >= 0 ? ls__target((ls__target_id)id) : NULL;
        int dec = info ? info->decimals : 2;
        ls__buf_addf(b, "<tr data-indicator=\"%s\" data-year=\"%d\">",
                     info ? info->name : "unknown", t->year);
        ls__buf_add(b, "<td class=\"k\">");
        ls__html_esc(b, info ? info->zh : t->indicator);
        if (info && *info->unit) {
            ls__buf_add(b, "(");
            ls__html_esc(b, info->unit);
            ls__buf_add(b, ")");
        }
        ls__buf_add(b, "</td>");
        ls__buf_addf(b, "<td class=\"n\">%d</td>", t->year);
        ls__html_td_num(b, t->target, dec);
        ls__html_td_num(b, t->achieved, dec);
        if (isnan(t->share)) {
            ls__buf_add(b, "<td class=\"n\">—</td><td class=\"bar\"></td>");
            td_text(b, "nodata", t->note);
        } else {
            double pct = t->share * 100.0;
            double w = pct > 100.0 ? 100.0 : pct < 0.0 ? 0.0 : pct;
            ls__buf_addf(b,
                         "<td class=\"n\">%.1f%%</td><td class=\"bar\"><div class=\"bar%s\">"
                         "<span style=\"width:%.1f%%\"></span></div></td>",
                         pct, t->share >= 1.0 ? " met" : "", w);
            td_text(b, NULL, t->note);
        }
        ls__buf_add(b, "</tr>\n");
    }
    ls__buf_add(b, "</tbody></table>\n<p class=\"note\">累计指标(盘活低效工业用地、工改工、"
                   "出清长期停产企业)按历年台账自目标基准年起累计;亩均税收、亩均增加值等"
                   "仅计规上企业。完成率 = 完成值 ÷ 目标值。</p>\n");
    return LS_OK;
}

int ls__report_html_restricted(ls__buf *b, const ls__report *rep, size_t top)
{
    if (rep->nrestricted == 0) {
        ls__buf_add(b, "<p class=\"empty\" id=\"no-restricted\">本区无限制新增用地企业。</p>\n");
        return LS_OK;
    }
    double mu = 0.0;
    for (size_t i = 0; i < rep->nrestricted; i++)
        mu += rep->restricted[i]->land_mu;
    ls__buf_addf(b, "<p class=\"meta\"><span>限制新增用地企业:%zu 家</span><span>现有用地:",
                 rep->nrestricted);
    ls__html_num(b, mu, 2);
    ls__buf_add(b, " 亩</span></p>\n<table class=\"restricted\"><thead><tr><th>序号</th>"
                   "<th>企业名称</th><th>统一社会信用代码</th><th>规模</th><th>评价类别</th>"
                   "<th>综合得分</th><th>用地<br/>(亩)</th><th>亩均税收<br/>(万元/亩)</th>"
                   "<th>地块编号</th></tr></thead><tbody>\n");
    for (size_t i = 0; i < rep->nrestricted && i < top; i++) {
        const ls__rent *e = rep->restricted[i];
        ls__buf_addf(b, "<tr><td class=\"n\">%zu</td>", i + 1);
        td_text(b, NULL, e->name);
        td_text(b, "id", e->enterprise_id);
        td_text(b, "s",
                !e->scale                        ? ""
                : strcmp(e->scale, "above") == 0 ? "规上"
                : strcmp(e->scale, "below") == 0 ? "规下"
                                                 : e->scale);
        td_text(b, "s", e->eval_class);
        ls__html_td_num(b, e->eval_score, 1);
        ls__html_td_num(b, e->land_mu, 2);
        ls__html_td_num(b, e->tax_per_mu, 2);
        td_text(b, "id", e->parcel_ids);
        ls__buf_add(b, "</tr>\n");
    }
    ls__buf_add(b, "</tbody></table>\n");
    if (rep->nrestricted > top)
        ls__buf_addf(b,
                     "<p class=\"note\">共 %zu 家,此处列出用地最多的 %zu 家;完整名单见同名 "
                     "Excel 工作簿「限制新增用地企业」表。</p>\n",
                     rep->nrestricted, top);
    ls__buf_add(b, "<p class=\"note\">依据:限制、禁止综合评价落后类别企业新增用地(规则 "
                   "no_new_land_classes)。</p>\n");
    return LS_OK;
}
