/*
 * report_html_groups.c — the HTML page's summary tables by town and by block (ls__html_groups):
 * one row per group with its parcels, land by status, reclaimable land, FAR, per-mu figures
 * and uplift (and the ledger's new / resolved / net listed land), then the report's total.
 * A report with more groups than `max_rows` lists the max_rows with the most reclaimable land,
 * in the report's order, with a line saying so: a province's 50,000 blocks would be a 20 MB
 * table that no browser renders in time. The workbook and blocks.csv keep every block.
 */
#include <math.h>
#include <stdlib.h>

#include "report_write.h"
#include "textout.h"

static void td_key(ls__buf *b, const char *s)
{
    ls__buf_add(b, "<td class=\"k\">");
    ls__html_esc(b, s);
    ls__buf_add(b, "</td>");
}

/* The rows of g (n of them) in order, or the n rows of `rows` when given. */
static void table_groups(ls__buf *b, const char *k1, const char *k2, const ls__rgroup *g, size_t n,
                         const ls__rgroup *const *rows, const ls__totals *total, int ledger)
{
    ls__buf_add(b, "<table class=\"sum\"><thead><tr>");
    ls__buf_addf(b, "<th>%s</th>", k1);
    if (k2)
        ls__buf_addf(b, "<th>%s</th>", k2);
    ls__buf_add(b, "<th>地块数</th><th>工业用地<br/>(亩)</th><th>疑似闲置<br/>(亩)</th>"
                   "<th>可腾退<br/>(亩)</th><th>低效<br/>(亩)</th><th>高效<br/>(亩)</th>"
                   "<th>可盘活<br/>(亩)</th><th>容积率</th><th>亩均税收<br/>(万元/亩)</th>"
                   "<th>亩均增加值<br/>(万元/亩)</th><th>提容潜力<br/>(万平方米)</th>");
    if (ledger)
        ls__buf_add(b, "<th>新增列入<br/>(亩)</th><th>销号<br/>(亩)</th><th>净变化<br/>(亩)</th>");
    ls__buf_add(b, "</tr></thead><tbody>\n");
    for (size_t r = 0; r <= n; r++) {
        const ls__rgroup *row = r >= n ? NULL : rows ? rows[r] : &g[r];
        const ls__totals *t = row ? &row->t : total;
        ls__buf_add(b, row ? "<tr>" : "<tr class=\"total\">");
        td_key(b, row ? row->key : "合计");
        if (k2)
            td_key(b, row ? row->label : "");
        ls__html_td_num(b, t->parcel_count, 0);
        ls__html_td_num(b, t->industrial_mu, 2);
        ls__html_td_num(b, t->status_mu[LS_STATUS_IDLE], 2);
        ls__html_td_num(b, t->status_mu[LS_STATUS_RELOCATABLE], 2);
        ls__html_td_num(b, t->status_mu[LS_STATUS_LOW_EFFICIENCY], 2);
        ls__html_td_num(b, t->status_mu[LS_STATUS_EFFICIENT], 2);
        ls__html_td_num(b, t->reclaimable_mu, 2);
        ls__html_td_num(b, t->industrial_count ? t->far : NAN, 2);
        ls__html_td_num(b, t->tax_per_mu, 2);
        ls__html_td_num(b, t->value_added_per_mu, 2);
        ls__html_td_num(b, t->far_uplift_m2 / 10000, 2);
        if (ledger) {
            ls__html_td_num(b, t->new_listed_mu, 2);
            ls__html_td_num(b, t->resolved_mu, 2);
            ls__html_td_num(b, t->net_listed_mu, 2);
        }
        ls__buf_add(b, "</tr>\n");
    }
    ls__buf_add(b, "</tbody></table>\n");
}

/* Largest reclaimable land first, then the report's own order: the groups are one array, so
 * their addresses are that order. */
static int cmp_reclaim(const void *a, const void *b)
{
    const ls__rgroup *g = *(const ls__rgroup *const *)a, *h = *(const ls__rgroup *const *)b;
    if (g->t.reclaimable_mu != h->t.reclaimable_mu)
        return g->t.reclaimable_mu > h->t.reclaimable_mu ? -1 : 1;
    return g < h ? -1 : g > h;
}

static int cmp_order(const void *a, const void *b)
{
    const ls__rgroup *g = *(const ls__rgroup *const *)a, *h = *(const ls__rgroup *const *)b;
    return g < h ? -1 : g > h;
}

int ls__html_groups(ls__buf *b, const char *k1, const char *k2, const ls__rgroup *g, size_t n,
                    const ls__totals *total, int ledger, size_t max_rows)
{
    if (n <= max_rows) {
        table_groups(b, k1, k2, g, n, NULL, total, ledger);
        return LS_OK;
    }
    const ls__rgroup **rows = malloc(n * sizeof(*rows));
    if (!rows)
        return LS_ENOMEM;
    for (size_t i = 0; i < n; i++)
        rows[i] = &g[i];
    qsort(rows, n, sizeof(*rows), cmp_reclaim);
    qsort(rows, max_rows, sizeof(*rows), cmp_order); /* the rows shown in the report's order */
    ls__buf_addf(b,
                 "<p class=\"note\">本区共 %zu 个%s,此处列出可盘活面积最大的 %zu 个(按%s排列),"
                 "合计行为全部;全部见工作簿与 CSV。%zu rows: the %zu with the most reclaimable "
                 "land are listed; the total covers all.</p>\n",
                 n, k2 ? "工业区块" : "镇街", max_rows, k1, n, max_rows);
    table_groups(b, k1, k2, g, max_rows, rows, total, ledger);
    free(rows);
    return LS_OK;
}
