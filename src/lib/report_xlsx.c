/*
 * report_xlsx.c — one district's Excel workbook, written with libxlsxwriter.
 *
 * Sheets: 汇总 (per town and per block: counts and mu per status and per action, reclaimable
 * mu, area-weighted FAR, per-mu tax and value added, FAR uplift; each table closed by a 合计
 * row of Excel formulas), 闲置地块 / 可腾退地块 / 低效地块 (one row per parcel), with a
 * ledger 新增清单 and 销号清单 (below), 连片地块, 合规提示 and 批而未供 (report_xlsx_flags.c),
 * 企业评价, 数据质量 and 说明 (run, reference date, rules with thresholds, version, input
 * hashes); the campaign sheets 目标完成情况 (after 汇总) and 限制新增用地企业 (after 企业评价)
 * are report_xlsx_campaign.c's. Chinese headers, frozen header rows, column widths, number formats
 * (mu, ratios and money 0.00), autofilters; every number is stored as a number, a NULL as an empty
 * cell.
 *
 * The 合计 formulas recompute what report.c computed (and store their result, so readers
 * that do not calculate see the same figure): sums for counts, mu, money and m²; FAR as
 * SUMPRODUCT(FAR, industrial mu) / SUM(industrial mu) — equal to Σ floor area / Σ area
 * because every row's FAR is its own floor / area ratio; per-mu figures as Σ figure / Σ mu
 * of the land carrying the figure (columns shown next to them).
 *
 * Ledger (only when the GeoPackage has the ledger's fields; without them the workbook is
 * exactly what it was before): 汇总 gets 新增列入(亩), 销号(亩), 净变化(亩) per town and block;
 * 新增清单 lists the district's parcels whose change is new, closed by a 合计 row whose
 * SUM(面积) is districts.new_listed_mu; 销号清单 lists its resolved rows (parcels that still
 * exist, then the group 已灭失), closed by a 合计 row whose SUM(销号面积) is
 * districts.resolved_mu, then the districts layer's figures; removed parcels that no
 * district can claim follow in a separate section with a note (report.h).
 *
 * Memory: libxlsxwriter's constant-memory mode (rows are flushed in order, strings stored
 * inline rather than in a shared-string table).
 *
 * Determinism: the document's creation time is the reference date, so the same GeoPackage
 * gives the same workbook content.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "report_write.h"
#include "report_xlsx_campaign.h"
#include "report_xlsx_flags.h"

typedef struct fmts {
    lxw_format *title, *sub, *head, *text, *wrap, *integer, *mu, *ratio, *money, *m2, *section,
        *note, *t_text, *t_int, *t_mu, *t_ratio, *t_money, *t_m2;
    const ls_context *ctx; /* for the interrupt flag: long sheets stop early on Ctrl-C */
} fmts;

/* Every 1024 rows: has the run been interrupted? (the workbook is then discarded) */
static int stop_at(const fmts *f, size_t i)
{
    return (i & 1023) == 0 && f->ctx && ls_context_interrupted(f->ctx);
}

enum { K_INT, K_MU, K_RATIO, K_MONEY, K_M2, K_TEXT };

static lxw_format *num_fmt(const fmts *f, int kind, int total)
{
    switch (kind) {
    case K_INT:
        return total ? f->t_int : f->integer;
    case K_MU:
        return total ? f->t_mu : f->mu;
    case K_RATIO:
        return total ? f->t_ratio : f->ratio;
    case K_MONEY:
        return total ? f->t_money : f->money;
    case K_M2:
        return total ? f->t_m2 : f->m2;
    default:
        return total ? f->t_text : f->text;
    }
}

static void make_formats(lxw_workbook *wb, fmts *f)
{
    f->title = workbook_add_format(wb);
    format_set_bold(f->title);
    format_set_font_size(f->title, 14);
    f->sub = workbook_add_format(wb);
    format_set_font_color(f->sub, 0x404040);
    f->section = workbook_add_format(wb);
    format_set_bold(f->section);
    format_set_font_size(f->section, 12);
    f->note = workbook_add_format(wb);
    format_set_bold(f->note);
    format_set_font_color(f->note, 0xC00000);
    f->head = workbook_add_format(wb);
    format_set_bold(f->head);
    format_set_text_wrap(f->head);
    format_set_align(f->head, LXW_ALIGN_CENTER);
    format_set_align(f->head, LXW_ALIGN_VERTICAL_CENTER);
    format_set_bg_color(f->head, 0xDDEBF7);
    format_set_border(f->head, LXW_BORDER_THIN);
    /* plain text uses the default format (NULL), and formats with equal properties are one
     * object: libxlsxwriter does not cache the index of a format that duplicates another, so
     * a duplicate is hashed again for every cell it is used on */
    f->text = NULL;
    f->wrap = workbook_add_format(wb);
    format_set_text_wrap(f->wrap);
    format_set_align(f->wrap, LXW_ALIGN_VERTICAL_TOP);
    f->integer = workbook_add_format(wb);
    format_set_num_format(f->integer, "0");
    f->mu = workbook_add_format(wb);
    format_set_num_format(f->mu, "0.00");
    f->ratio = f->mu;
    f->money = f->mu;
    f->m2 = workbook_add_format(wb);
    format_set_num_format(f->m2, "#,##0");
    lxw_format **tot[] = {&f->t_text, &f->t_int, &f->t_mu, &f->t_ratio, &f->t_money, &f->t_m2};
    const char *nf[] = {NULL, "0", "0.00", "0.00", "0.00", "#,##0"};
    for (int i = 0; i < 6; i++) {
        *tot[i] = workbook_add_format(wb);
        format_set_bold(*tot[i]);
        format_set_top(*tot[i], LXW_BORDER_THIN);
        format_set_bg_color(*tot[i], 0xF2F2F2);
        if (nf[i])
            format_set_num_format(*tot[i], nf[i]);
    }
}

void ls__xlsx_put_num(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, double v, lxw_format *f)
{
    if (isnan(v))
        worksheet_write_blank(ws, r, c, f);
    else
        worksheet_write_number(ws, r, c, v == 0 ? 0.0 : v, f);
}

void ls__xlsx_put_str(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s, lxw_format *f)
{
    if (s && *s)
        worksheet_write_string(ws, r, c, s, f);
    else
        worksheet_write_blank(ws, r, c, f);
}

static void col_name(char *out, lxw_col_t c)
{
    lxw_col_to_name(out, c, 0);
}

static void print_setup(lxw_worksheet *ws, lxw_row_t head_row)
{
    worksheet_set_paper(ws, 9); /* A4 */
    worksheet_set_landscape(ws);
    worksheet_fit_to_pages(ws, 1, 0);
    worksheet_repeat_rows(ws, head_row, head_row);
}

/* ---- 汇总 ---------------------------------------------------------------------------- */

/* The summary columns after the two key columns. */
typedef enum {
    SC_KIND_SUM,  /* Σ */
    SC_KIND_FARW, /* SUMPRODUCT(col, industrial mu) / SUM(industrial mu) */
    SC_KIND_RATIO /* SUM(numerator) / SUM(denominator): the two columns before */
} sc_kind;

typedef struct scol {
    char head[96];
    int fmt;
    sc_kind kind;
    int width;
} scol;

#define NSC (3 + 2 * LS_STATUS_COUNT + 2 * LS_ACTION_COUNT + 10 + 3)
#define SC_INDUSTRIAL_MU 2

/* ledger: the three year-on-year columns are appended */
static size_t summary_cols(scol *c, int ledger)
{
    size_t n = 0;
#define ADD(h, f, k, w)                                                                            \
    do {                                                                                           \
        snprintf(c[n].head, sizeof(c[n].head), "%s", h);                                           \
        c[n].fmt = f;                                                                              \
        c[n].kind = k;                                                                             \
        c[n].width = w;                                                                            \
        n++;                                                                                       \
    } while (0)
    ADD("地块数", K_INT, SC_KIND_SUM, 7);
    ADD("工业地块数", K_INT, SC_KIND_SUM, 7);
    ADD("工业用地(亩)", K_MU, SC_KIND_SUM, 10);
    for (int s = 0; s < LS_STATUS_COUNT; s++) {
        ADD(ls__status_totals((ls__status)s)->count_zh, K_INT, SC_KIND_SUM, 7);
        ADD(ls__status_totals((ls__status)s)->mu_zh, K_MU, SC_KIND_SUM, 10);
    }
    for (int a = 0; a < LS_ACTION_COUNT; a++) {
        ADD(ls__action_totals((ls__action)a)->count_zh, K_INT, SC_KIND_SUM, 8);
        ADD(ls__action_totals((ls__action)a)->mu_zh, K_MU, SC_KIND_SUM, 10);
    }
    ADD("可盘活(亩)", K_MU, SC_KIND_SUM, 10);
    ADD("控制线内工业用地(亩)", K_MU, SC_KIND_SUM, 10);
    ADD("容积率(面积加权)", K_RATIO, SC_KIND_FARW, 9);
    ADD("税收(万元)", K_MONEY, SC_KIND_SUM, 11);
    ADD("有税收数据的工业用地(亩)", K_MU, SC_KIND_SUM, 11);
    ADD("亩均税收(万元/亩)", K_MONEY, SC_KIND_RATIO, 10);
    ADD("增加值(万元)", K_MONEY, SC_KIND_SUM, 11);
    ADD("有增加值数据的工业用地(亩)", K_MU, SC_KIND_SUM, 11);
    ADD("亩均增加值(万元/亩)", K_MONEY, SC_KIND_RATIO, 10);
    ADD("提容潜力(平方米)", K_M2, SC_KIND_SUM, 12);
    if (ledger) {
        ADD("新增列入(亩)", K_MU, SC_KIND_SUM, 10);
        ADD("销号(亩)", K_MU, SC_KIND_SUM, 10);
        ADD("净变化(亩)", K_MU, SC_KIND_SUM, 10);
    }
#undef ADD
    return n;
}

/* The value of summary column i for totals t (NAN = empty cell). */
static double summary_value(const ls__totals *t, size_t i)
{
    if (i == 0)
        return t->parcel_count;
    if (i == 1)
        return t->industrial_count;
    if (i == 2)
        return t->industrial_mu;
    i -= 3;
    if (i < 2 * LS_STATUS_COUNT)
        return i % 2 ? t->status_mu[i / 2] : t->status_count[i / 2];
    i -= 2 * LS_STATUS_COUNT;
    if (i < 2 * LS_ACTION_COUNT)
        return i % 2 ? t->action_mu[i / 2] : t->action_count[i / 2];
    i -= 2 * LS_ACTION_COUNT;
    switch (i) {
    case 0:
        return t->reclaimable_mu;
    case 1:
        return t->inside_control_mu;
    case 2:
        return t->far;
    case 3:
        return t->tax_mu > 0 ? t->tax_sum : NAN;
    case 4:
        return t->tax_mu;
    case 5:
        return t->tax_per_mu;
    case 6:
        return t->va_mu > 0 ? t->va_sum : NAN;
    case 7:
        return t->va_mu;
    case 8:
        return t->value_added_per_mu;
    case 9:
        return t->far_uplift_m2;
    case 10:
        return t->new_listed_mu;
    case 11:
        return t->resolved_mu;
    default:
        return t->net_listed_mu;
    }
}

/* One table (towns or blocks) starting at row r; returns the row after it. */
static lxw_row_t summary_table(lxw_worksheet *ws, const fmts *f, lxw_row_t r, const char *k1,
                               const char *k2, const ls__rgroup *g, size_t n,
                               const ls__totals *total, int autofilter, int ledger)
{
    scol cols[NSC];
    size_t nc = summary_cols(cols, ledger);
    lxw_row_t head = r;
    worksheet_set_row(ws, r, 48, NULL);
    worksheet_write_string(ws, r, 0, k1, f->head);
    worksheet_write_string(ws, r, 1, k2, f->head);
    for (size_t i = 0; i < nc; i++)
        worksheet_write_string(ws, r, (lxw_col_t)(2 + i), cols[i].head, f->head);
    r++;
    lxw_row_t first = r;
    for (size_t k = 0; k < n; k++, r++) {
        ls__xlsx_put_str(ws, r, 0, g[k].key, f->text);
        ls__xlsx_put_str(ws, r, 1, g[k].label, f->text);
        for (size_t i = 0; i < nc; i++)
            ls__xlsx_put_num(ws, r, (lxw_col_t)(2 + i), summary_value(&g[k].t, i),
                             num_fmt(f, cols[i].fmt, 0));
    }
    lxw_row_t last = r - 1; /* last data row (first - 1 when none) */
    if (autofilter)         /* before the total row: constant-memory mode flushes rows in order */
        worksheet_autofilter(ws, head, 0, n ? last : head, (lxw_col_t)(1 + nc));
    worksheet_write_string(ws, r, 0, "合计", f->t_text);
    worksheet_write_blank(ws, r, 1, f->t_text);
    char mu_col[8];
    col_name(mu_col, 2 + SC_INDUSTRIAL_MU);
    for (size_t i = 0; i < nc; i++) {
        lxw_col_t c = (lxw_col_t)(2 + i);
        char cn[8], formula[256];
        col_name(cn, c);
        double v = summary_value(total, i);
        lxw_format *tf = num_fmt(f, cols[i].fmt, 1);
        /* an empty range (no rows) still gives a valid formula: SUM over the header cell
         * would be wrong, so the range is the empty table's own total row minus one */
        unsigned a = first + 1, b = (n ? last : first) + 1;
        if (cols[i].kind == SC_KIND_SUM) {
            snprintf(formula, sizeof(formula), n ? "=SUM(%s%u:%s%u)" : "=0", cn, a, cn, b);
            worksheet_write_formula_num(ws, r, c, formula, tf, isnan(v) ? 0.0 : v);
        } else if (cols[i].kind == SC_KIND_FARW) {
            if (n)
                snprintf(formula, sizeof(formula),
                         "=IF(SUM(%s%u:%s%u)=0,0,SUMPRODUCT(%s%u:%s%u,%s%u:%s%u)/SUM(%s%u:%s%u))",
                         mu_col, a, mu_col, b, cn, a, cn, b, mu_col, a, mu_col, b, mu_col, a,
                         mu_col, b);
            else
                snprintf(formula, sizeof(formula), "=0");
            worksheet_write_formula_num(ws, r, c, formula, tf, isnan(v) ? 0.0 : v);
        } else {
            char num[8], den[8];
            col_name(num, c - 2);
            col_name(den, c - 1);
            if (n)
                snprintf(formula, sizeof(formula),
                         "=IF(SUM(%s%u:%s%u)=0,\"\",SUM(%s%u:%s%u)/SUM(%s%u:%s%u))", den, a, den, b,
                         num, a, num, b, den, a, den, b);
            else
                snprintf(formula, sizeof(formula), "=\"\"");
            if (isnan(v))
                worksheet_write_formula_str(ws, r, c, formula, tf, "");
            else
                worksheet_write_formula_num(ws, r, c, formula, tf, v);
        }
    }
    return r + 1;
}

static void sheet_summary(lxw_workbook *wb, const fmts *f, const ls__report *rep)
{
    lxw_worksheet *ws = workbook_add_worksheet(wb, "汇总");
    int ledger = rep->data->has_ledger;
    scol cols[NSC];
    size_t nc = summary_cols(cols, ledger);
    worksheet_set_column(ws, 0, 0, 16, NULL);
    worksheet_set_column(ws, 1, 1, 16, NULL);
    for (size_t i = 0; i < nc; i++)
        worksheet_set_column(ws, (lxw_col_t)(2 + i), (lxw_col_t)(2 + i), cols[i].width, NULL);
    char line[1024];
    snprintf(line, sizeof(line), "%s 工业用地调查评价汇总", rep->title);
    worksheet_write_string(ws, 0, 0, line, f->title);
    snprintf(line, sizeof(line), "评价名称:%s    评价基准日:%s    评价规则:%s",
             rep->run_name ? rep->run_name : "", rep->reference_date ? rep->reference_date : "",
             rep->rules ? rep->rules : "");
    worksheet_write_string(ws, 1, 0, line, f->sub);
    worksheet_write_string(ws, 2, 0,
                           "单位:面积 亩(1亩=666.67平方米),税收和增加值 万元,提容潜力 平方米;"
                           "疑似闲置须经实地核查后依法认定",
                           f->sub);
    lxw_row_t r = 3;
    if (rep->total.industrial_count == 0) {
        snprintf(line, sizeof(line), "%s无工业用地地块(共 %d 宗地块,均非工业用地)。", rep->title,
                 rep->total.parcel_count);
        if (rep->total.parcel_count == 0)
            snprintf(line, sizeof(line), "%s无工业用地地块(没有地块落在本区)。", rep->title);
        worksheet_write_string(ws, r, 0, line, f->note);
    }
    r = 4;
    worksheet_write_string(ws, r++, 0, "一、按镇街汇总", f->section);
    lxw_row_t town_head = r;
    r = summary_table(ws, f, r, "镇街", "区县", rep->towns, rep->ntowns, &rep->total, 0, ledger);
    r++;
    worksheet_write_string(ws, r++, 0, "二、按工业区块汇总", f->section);
    summary_table(ws, f, r, "区块编号", "区块名称", rep->blocks, rep->nblocks, &rep->total, 1,
                  ledger);
    worksheet_freeze_panes(ws, town_head + 1, 2);
    worksheet_set_paper(ws, 9);
    worksheet_set_landscape(ws);
    worksheet_fit_to_pages(ws, 1, 0);
}

/* ---- parcel lists --------------------------------------------------------------------- */

/* The first columns of a parcel row: parcel id, block id and name, town; the next column. */
static lxw_col_t put_parcel_place(lxw_worksheet *ws, const fmts *f, lxw_row_t r,
                                  const ls__rparcel *p)
{
    lxw_col_t c = 0;
    ls__xlsx_put_str(ws, r, c++, p->parcel_id, f->text);
    ls__xlsx_put_str(ws, r, c++, p->block_id, f->text);
    ls__xlsx_put_str(ws, r, c++, p->block_name, f->text);
    ls__xlsx_put_str(ws, r, c++, p->town, f->text);
    return c;
}

/* A column of a list sheet: its head, number format (K_*) and width. */
typedef struct fcol {
    const char *head;
    int fmt;
    double width;
} fcol;

/* Row 0 of a list sheet: the heads, 32 high, and the column widths. */
static void table_head(lxw_worksheet *ws, const fmts *f, const fcol *cols, size_t n)
{
    worksheet_set_row(ws, 0, 32, NULL);
    for (size_t c = 0; c < n; c++) {
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, cols[c].width, NULL);
        worksheet_write_string(ws, 0, (lxw_col_t)c, cols[c].head, f->head);
    }
}

static const fcol list_cols[] = {
    {"地块编号", K_TEXT, 22},
    {"区块编号", K_TEXT, 10},
    {"区块名称", K_TEXT, 16},
    {"镇街", K_TEXT, 10},
    {"权利人", K_TEXT, 24},
    {"土地用途", K_TEXT, 8},
    {"面积(亩)", K_MU, 9},
    {"容积率", K_RATIO, 7},
    {"建筑系数", K_RATIO, 7},
    {"控制线内比例", K_RATIO, 8},
    {"亩均税收(万元/亩)", K_MONEY, 10},
    {"亩均增加值(万元/亩)", K_MONEY, 10},
    {"综合评价得分", K_RATIO, 8},
    {"评价类别", K_TEXT, 6},
    {"状态", K_TEXT, 8},
    {"处置方式", K_TEXT, 9},
    {"项目类别", K_TEXT, 16},
    {"可盘活(亩)", K_MU, 9},
    {"提容潜力(平方米)", K_M2, 11},
    {"连片地块编号", K_INT, 8},
    {"原因", K_TEXT, 60},
};
#define NLIST (sizeof(list_cols) / sizeof(list_cols[0]))

static int sheet_list(lxw_workbook *wb, const fmts *f, const ls__report *rep, int which)
{
    lxw_worksheet *ws = workbook_add_worksheet(wb, ls__report_list_title[which]);
    ls__status st = ls__report_list_status[which];
    table_head(ws, f, list_cols, NLIST);
    lxw_row_t r = 1;
    for (size_t i = 0; i < rep->nparcels; i++) {
        if (stop_at(f, i))
            break;
        const ls__rparcel *p = rep->parcels[i];
        if (p->status != st)
            continue;
        char *why = ls__report_reasons_zh(p->reasons, 1);
        if (!why)
            return LS_ENOMEM;
        lxw_col_t c = put_parcel_place(ws, f, r, p);
        ls__xlsx_put_str(ws, r, c++, p->owner, f->text);
        ls__xlsx_put_str(ws, r, c++, p->landuse, f->text);
        ls__xlsx_put_num(ws, r, c++, p->area_mu, f->mu);
        ls__xlsx_put_num(ws, r, c++, p->far, f->ratio);
        ls__xlsx_put_num(ws, r, c++, p->coverage, f->ratio);
        ls__xlsx_put_num(ws, r, c++, p->control_share, f->ratio);
        ls__xlsx_put_num(ws, r, c++, p->tax_per_mu, f->money);
        ls__xlsx_put_num(ws, r, c++, p->value_added_per_mu, f->money);
        ls__xlsx_put_num(ws, r, c++, p->eval_score, f->ratio);
        ls__xlsx_put_str(ws, r, c++, p->eval_class, f->text);
        ls__xlsx_put_str(ws, r, c++, ls__status_label(p->status), f->text);
        ls__xlsx_put_str(ws, r, c++, ls__action_label(p->action), f->text);
        ls__xlsx_put_str(ws, r, c++, ls__action_category(p->action), f->text);
        ls__xlsx_put_num(ws, r, c++, p->reclaimable_mu, f->mu);
        ls__xlsx_put_num(ws, r, c++, p->far_uplift_m2, f->m2);
        ls__xlsx_put_num(ws, r, c++, p->site_id > 0 ? p->site_id : NAN, f->integer);
        ls__xlsx_put_str(ws, r, c++, why, f->text);
        free(why);
        r++;
    }
    worksheet_freeze_panes(ws, 1, 1);
    worksheet_autofilter(ws, 0, 0, r > 1 ? r - 1 : 0, (lxw_col_t)(NLIST - 1));
    if (r == 1) {
        char line[256];
        snprintf(line, sizeof(line), "本区无%s。", ls__report_list_title[which]);
        worksheet_write_string(ws, 2, 0, line, f->note);
    }
    print_setup(ws, 0);
    return LS_OK;
}

/* ---- ledger: 新增清单 and 销号清单 --------------------------------------------------------- */

typedef struct lcol {
    const char *head;
    double width;
} lcol;

static void list_head(lxw_worksheet *ws, const fmts *f, lxw_row_t r, const lcol *cols, size_t n)
{
    worksheet_set_row(ws, r, 32, NULL);
    for (size_t c = 0; c < n; c++)
        worksheet_write_string(ws, r, (lxw_col_t)c, cols[c].head, f->head);
}

/* A 合计 row at r: "合计" in column 0, SUM over rows [first, r) of each column in sums[]. */
static void list_total(lxw_worksheet *ws, const fmts *f, lxw_row_t r, lxw_row_t first, size_t ncols,
                       const lxw_col_t *sums, const double *values, size_t nsums)
{
    worksheet_write_string(ws, r, 0, "合计", f->t_text);
    for (size_t c = 1; c < ncols; c++)
        worksheet_write_blank(ws, r, (lxw_col_t)c, f->t_text);
    for (size_t k = 0; k < nsums; k++) {
        char cn[8], formula[96];
        col_name(cn, sums[k]);
        if (r > first)
            snprintf(formula, sizeof(formula), "=SUM(%s%u:%s%u)", cn, (unsigned)first + 1, cn,
                     (unsigned)r);
        else
            snprintf(formula, sizeof(formula), "=0");
        worksheet_write_formula_num(ws, r, sums[k], formula, f->t_mu,
                                    values[k] == 0 ? 0.0 : values[k]);
    }
}

/* The district's year-on-year figure as the districts layer stores it (the report's own
 * total when the run has no districts layer). */
static double district_figure(const ls__report *rep, int which)
{
    const ls__rarea *o = rep->outline;
    double stored = !o           ? NAN
                    : which == 0 ? o->stored_new_listed_mu
                    : which == 1 ? o->stored_resolved_mu
                                 : o->stored_net_listed_mu;
    if (!isnan(stored))
        return stored;
    return which == 0   ? rep->total.new_listed_mu
           : which == 1 ? rep->total.resolved_mu
                        : rep->total.net_listed_mu;
}

static const lcol new_cols[] = {
    {"地块编号", 22}, {"区块编号", 10}, {"区块名称", 16}, {"镇街", 10},      {"状态", 8},
    {"原因", 60},     {"所属清单", 22}, {"面积(亩)", 9},  {"可盘活(亩)", 9}, {"首次列入日期", 12},
};
#define NNEW (sizeof(new_cols) / sizeof(new_cols[0]))
#define NEW_AREA_COL 7

static int sheet_new(lxw_workbook *wb, const fmts *f, const ls__report *rep)
{
    lxw_worksheet *ws = workbook_add_worksheet(wb, "新增清单");
    for (size_t c = 0; c < NNEW; c++)
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, new_cols[c].width, NULL);
    list_head(ws, f, 0, new_cols, NNEW);
    lxw_row_t r = 1;
    double area = 0, reclaim = 0;
    for (size_t i = 0; i < rep->nparcels; i++) {
        if (stop_at(f, i))
            break;
        const ls__rparcel *p = rep->parcels[i];
        if (!p->change || strcmp(p->change, "new") != 0)
            continue;
        char *why = ls__report_reasons_zh(p->reasons, 1);
        if (!why)
            return LS_ENOMEM;
        lxw_col_t c = put_parcel_place(ws, f, r, p);
        ls__xlsx_put_str(ws, r, c++, ls__status_label(p->status), f->text);
        ls__xlsx_put_str(ws, r, c++, why, f->text);
        ls__xlsx_put_str(ws, r, c++, p->lists, f->text);
        ls__xlsx_put_num(ws, r, c++, p->area_mu, f->mu);
        ls__xlsx_put_num(ws, r, c++, p->reclaimable_mu, f->mu);
        ls__xlsx_put_str(ws, r, c++, p->first_listed, f->text);
        area += p->area_mu;
        reclaim += p->reclaimable_mu;
        free(why);
        r++;
    }
    const lxw_col_t sums[] = {NEW_AREA_COL, NEW_AREA_COL + 1};
    const double values[] = {area, reclaim};
    /* the filter before the total row: constant-memory mode has flushed earlier rows */
    worksheet_freeze_panes(ws, 1, 1);
    worksheet_autofilter(ws, 0, 0, r > 1 ? r - 1 : 0, (lxw_col_t)(NNEW - 1));
    list_total(ws, f, r, 1, NNEW, sums, values, 2);
    lxw_row_t n = r + 2;
    if (r == 1)
        worksheet_write_string(ws, n++, 0, "本区无新增列入清单的地块。", f->note);
    worksheet_write_string(ws, n, 0, "本区新增列入(亩)", f->text);
    ls__xlsx_put_num(ws, n++, NEW_AREA_COL, district_figure(rep, 0), f->mu);
    worksheet_write_string(
        ws, n, 0, "新增列入:本次列入清单(疑似闲置、可腾退、低效)而上次评价未列入的地块", f->sub);
    print_setup(ws, 0);
    return LS_OK;
}

static const lcol res_cols[] = {
    {"地块编号", 22}, {"区块编号", 10},     {"区块名称", 16},     {"镇街", 10}, {"原状态", 8},
    {"现状态", 8},    {"原可盘活(亩)", 10}, {"销号面积(亩)", 10}, {"分组", 10},
};
#define NRES (sizeof(res_cols) / sizeof(res_cols[0]))
#define RES_RECLAIM_COL 6

static void res_row(lxw_worksheet *ws, const fmts *f, const ls__report *rep, lxw_row_t r,
                    const ls__rres *x)
{
    const char *block = ls__report_res_block(x);
    lxw_col_t c = 0;
    ls__xlsx_put_str(ws, r, c++, x->parcel_id, f->text);
    ls__xlsx_put_str(ws, r, c++, block, f->text);
    ls__xlsx_put_str(ws, r, c++,
                     x->parcel ? x->parcel->block_name : ls__report_block_name(rep->data, block),
                     f->text);
    ls__xlsx_put_str(ws, r, c++, ls__report_res_town(x), f->text);
    ls__xlsx_put_str(ws, r, c++, ls__report_status_name_label(x->old_status), f->text);
    ls__xlsx_put_str(ws, r, c++, ls__report_status_name_label(x->new_status), f->text);
    ls__xlsx_put_num(ws, r, c++, x->old_reclaimable_mu, f->mu);
    ls__xlsx_put_num(ws, r, c++, x->old_area_mu, f->mu);
    ls__xlsx_put_str(ws, r, c++, x->removed ? "已灭失" : "现存地块", f->text);
}

static void sheet_resolved(lxw_workbook *wb, const fmts *f, const ls__report *rep)
{
    lxw_worksheet *ws = workbook_add_worksheet(wb, "销号清单");
    for (size_t c = 0; c < NRES; c++)
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, res_cols[c].width, NULL);
    list_head(ws, f, 0, res_cols, NRES);
    lxw_row_t r = 1;
    double reclaim = 0, area = 0;
    for (size_t i = 0; i < rep->nresolved; i++, r++) {
        if (stop_at(f, i))
            break;
        res_row(ws, f, rep, r, rep->resolved[i]);
        reclaim += rep->resolved[i]->old_reclaimable_mu;
        area += rep->resolved[i]->old_area_mu;
    }
    const lxw_col_t sums[] = {RES_RECLAIM_COL, RES_RECLAIM_COL + 1};
    const double values[] = {reclaim, area};
    /* the filter before the total row: constant-memory mode has flushed earlier rows */
    worksheet_freeze_panes(ws, 1, 1);
    worksheet_autofilter(ws, 0, 0, r > 1 ? r - 1 : 0, (lxw_col_t)(NRES - 1));
    list_total(ws, f, r, 1, NRES, sums, values, 2);
    lxw_row_t n = r + 2;
    if (r == 1)
        worksheet_write_string(ws, n++, 0, "本区自上次评价以来无销号地块。", f->note);
    static const char *const labels[] = {"本区新增列入(亩)", "本区销号(亩)", "本区清单净变化(亩)"};
    for (int k = 0; k < 3; k++, n++) {
        worksheet_write_string(ws, n, 0, labels[k], f->text);
        ls__xlsx_put_num(ws, n, RES_RECLAIM_COL + 1, district_figure(rep, k), f->mu);
    }
    worksheet_write_string(
        ws, n++, 0,
        "销号:上次评价列入清单、本次不再列入的地块;已灭失:上次评价列入清单的地块本次已不存在,"
        "也没有分割、合并或重新测量后的地块与之对应;净变化 = 新增列入 − 销号",
        f->sub);
    if (rep->nresolved_unplaced > 0) {
        n++;
        worksheet_write_string(ws, n++, 0, "区县不明的已灭失地块", f->section);
        worksheet_write_string(ws, n++, 0,
                               "以下地块上次评价列入清单、本次已不存在,无法确定所属区县,"
                               "未计入本区销号面积,各区县报告均列出。",
                               f->note);
        list_head(ws, f, n++, res_cols, NRES);
        for (size_t i = 0; i < rep->nresolved_unplaced; i++, n++)
            res_row(ws, f, rep, n, rep->resolved_unplaced[i]);
    }
    print_setup(ws, 0);
}

static void sheet_sites(lxw_workbook *wb, const fmts *f, const ls__report *rep)
{
    static const char *const heads[] = {"连片地块编号", "面积(亩)", "地块数",
                                        "地块编号",     "区块编号", "区县"};
    static const double widths[] = {10, 10, 8, 60, 12, 12};
    lxw_worksheet *ws = workbook_add_worksheet(wb, "连片地块");
    worksheet_set_row(ws, 0, 32, NULL);
    for (lxw_col_t c = 0; c < 6; c++) {
        worksheet_set_column(ws, c, c, widths[c], NULL);
        worksheet_write_string(ws, 0, c, heads[c], f->head);
    }
    lxw_row_t r = 1;
    for (size_t i = 0; i < rep->nsites; i++, r++) {
        const ls__rsite *s = rep->sites[i];
        ls__xlsx_put_num(ws, r, 0, s->site_id, f->integer);
        ls__xlsx_put_num(ws, r, 1, s->area_mu, f->mu);
        ls__xlsx_put_num(ws, r, 2, s->parcel_count, f->integer);
        ls__xlsx_put_str(ws, r, 3, s->parcel_ids, f->text);
        ls__xlsx_put_str(ws, r, 4, s->block_id, f->text);
        ls__xlsx_put_str(ws, r, 5, s->district, f->text);
    }
    worksheet_freeze_panes(ws, 1, 1);
    worksheet_autofilter(ws, 0, 0, r > 1 ? r - 1 : 0, 5);
    if (r == 1)
        worksheet_write_string(ws, 2, 0, "本区无达到面积下限的连片地块。", f->note);
    print_setup(ws, 0);
}

static const char *zh_of(const char *v, const char *const *map)
{
    for (size_t i = 0; v && map[i]; i += 2)
        if (strcmp(v, map[i]) == 0)
            return map[i + 1];
    return v;
}

/* An evaluation note (EVAL_*) in Chinese (codes.c), or as stored when unknown. */
static const char *note_zh(const char *note)
{
    const ls__code_info *c = note ? ls__code_find(note, (size_t)-1) : NULL;
    return c && c->kind == LS_KIND_EVAL ? c->zh : note;
}

static void sheet_enterprises(lxw_workbook *wb, const fmts *f, const ls__report *rep)
{
    static const fcol cols[] = {
        {"统一社会信用代码", K_TEXT, 20},
        {"企业名称", K_TEXT, 26},
        {"地块编号", K_TEXT, 22},
        {"用地关系", K_TEXT, 8},
        {"规模", K_TEXT, 6},
        {"经营状态", K_TEXT, 8},
        {"用地(亩)", K_MU, 9},
        {"税收(万元)", K_MONEY, 10},
        {"增加值(万元)", K_MONEY, 10},
        {"亩均税收(万元/亩)", K_MONEY, 10},
        {"亩均增加值(万元/亩)", K_MONEY, 10},
        {"单位能耗增加值(万元/吨标煤)", K_MONEY, 12},
        {"全员劳动生产率(万元/人)", K_MONEY, 11},
        {"研发经费占比", K_RATIO, 8},
        {"单位电耗税收(万元/万千瓦时)", K_MONEY, 12},
        {"综合评价得分", K_RATIO, 8},
        {"评价类别", K_TEXT, 6},
        {"评价说明", K_TEXT, 16},
    };
    static const char *const roles[] = {"owner", "土地权利人", "tenant", "承租企业", NULL};
    static const char *const scales[] = {"above", "规上", "below", "规下", NULL};
    static const char *const states[] = {"producing", "正常生产", "halted", "停产",
                                         "partial",   "部分停产", NULL};
    const size_t nc = sizeof(cols) / sizeof(cols[0]);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "企业评价");
    table_head(ws, f, cols, nc);
    lxw_row_t r = 1;
    for (size_t i = 0; i < rep->nents; i++, r++) {
        if (stop_at(f, i))
            break;
        const ls__rent *e = rep->ents[i];
        lxw_col_t c = 0;
        ls__xlsx_put_str(ws, r, c++, e->enterprise_id, f->text);
        ls__xlsx_put_str(ws, r, c++, e->name, f->text);
        ls__xlsx_put_str(ws, r, c++, e->parcel_ids, f->text);
        ls__xlsx_put_str(ws, r, c++, zh_of(e->role, roles), f->text);
        ls__xlsx_put_str(ws, r, c++, zh_of(e->scale, scales), f->text);
        ls__xlsx_put_str(ws, r, c++, zh_of(e->status, states), f->text);
        ls__xlsx_put_num(ws, r, c++, e->land_mu, f->mu);
        ls__xlsx_put_num(ws, r, c++, e->tax_10k, f->money);
        ls__xlsx_put_num(ws, r, c++, e->value_added_10k, f->money);
        ls__xlsx_put_num(ws, r, c++, e->tax_per_mu, f->money);
        ls__xlsx_put_num(ws, r, c++, e->va_per_mu, f->money);
        ls__xlsx_put_num(ws, r, c++, e->va_per_energy, f->money);
        ls__xlsx_put_num(ws, r, c++, e->labour_productivity, f->money);
        ls__xlsx_put_num(ws, r, c++, e->rd_share, f->ratio);
        ls__xlsx_put_num(ws, r, c++, e->tax_per_electricity, f->money);
        ls__xlsx_put_num(ws, r, c++, e->eval_score, f->ratio);
        ls__xlsx_put_str(ws, r, c++, e->eval_class, f->text);
        ls__xlsx_put_str(ws, r, c++, note_zh(e->eval_note), f->text);
    }
    worksheet_freeze_panes(ws, 1, 2);
    worksheet_autofilter(ws, 0, 0, r > 1 ? r - 1 : 0, (lxw_col_t)(nc - 1));
    if (r == 1)
        worksheet_write_string(ws, 2, 0, "本区无企业评价记录。", f->note);
    print_setup(ws, 0);
}

static void sheet_dq(lxw_workbook *wb, const fmts *f, const ls__report *rep)
{
    static const char *const heads[] = {"图层", "要素", "问题", "处理"};
    static const double widths[] = {14, 24, 70, 40};
    lxw_worksheet *ws = workbook_add_worksheet(wb, "数据质量");
    for (lxw_col_t c = 0; c < 4; c++) {
        worksheet_set_column(ws, c, c, widths[c], NULL);
        worksheet_write_string(ws, 0, c, heads[c], f->head);
    }
    lxw_row_t r = 1;
    for (size_t i = 0; i < rep->ndq; i++, r++) {
        if (stop_at(f, i))
            break;
        ls__xlsx_put_str(ws, r, 0, rep->dq[i]->layer, f->text);
        ls__xlsx_put_str(ws, r, 1, rep->dq[i]->feature, f->text);
        ls__xlsx_put_str(ws, r, 2, rep->dq[i]->problem, f->text);
        ls__xlsx_put_str(ws, r, 3, rep->dq[i]->action, f->text);
    }
    worksheet_freeze_panes(ws, 1, 0);
    worksheet_autofilter(ws, 0, 0, r > 1 ? r - 1 : 0, 3);
    if (r == 1)
        worksheet_write_string(ws, 2, 0, "无数据质量问题。", f->note);
    print_setup(ws, 0);
}

static int sheet_notes(lxw_workbook *wb, const fmts *f, const ls__report *rep)
{
    lxw_worksheet *ws = workbook_add_worksheet(wb, "说明");
    worksheet_set_column(ws, 0, 0, 34, NULL);
    worksheet_set_column(ws, 1, 1, 30, NULL);
    worksheet_set_column(ws, 2, 2, 70, NULL);
    const ls__rdata *d = rep->data;
    lxw_row_t r = 0;
    worksheet_write_string(ws, r++, 0, "说明", f->title);
    worksheet_write_string(ws, r, 0, "项目", f->head);
    worksheet_write_string(ws, r, 1, "内容", f->head);
    worksheet_merge_range(ws, r, 1, r, 2, "内容", f->head);
    r++;
    const char *const kv[][2] = {
        {"评价名称", rep->run_name},
        {"报告范围", rep->district ? rep->district : "全部地块(运行未给出区县)"},
        {"评价基准日", rep->reference_date},
        {"评价规则", rep->rules},
        {"规则继承", rep->rules_chain},
        {"坐标系", rep->crs},
        {"landscan 版本", rep->version},
        {"运行文件", ls__report_info(d, "run_file")},
        {"运行文件 SHA-256", ls__report_info(d, "run_file_sha256")},
    };
    for (size_t i = 0; i < sizeof(kv) / sizeof(kv[0]); i++, r++) {
        worksheet_write_string(ws, r, 0, kv[i][0], f->text);
        ls__xlsx_put_str(ws, r, 1, kv[i][1], f->text);
    }
    const char *note = ls__report_info(d, "note_control_lines");
    if (note) {
        worksheet_write_string(ws, r, 0, "控制线", f->text);
        worksheet_write_string(ws, r++, 1, "未提供工业控制线:本次评价不认定可腾退地块", f->note);
    }
    r++;
    worksheet_write_string(ws, r++, 0, "评价规则与阈值", f->section);
    worksheet_write_string(ws, r, 0, "参数", f->head);
    worksheet_write_string(ws, r, 1, "键", f->head);
    worksheet_write_string(ws, r++, 2, "取值", f->head);
    char **rows = NULL;
    size_t nrows = 0;
    if (ls__report_rules_rows(d, &rows, &nrows) != LS_OK)
        return LS_ENOMEM;
    for (size_t i = 0; i < nrows; i++, r++) {
        ls__xlsx_put_str(ws, r, 0, rows[3 * i], f->text);
        ls__xlsx_put_str(ws, r, 1, rows[3 * i + 1], f->text);
        double v;
        if (ls__number_parse(rows[3 * i + 2], &v) == 0 && strchr(rows[3 * i + 2], ',') == NULL)
            worksheet_write_number(ws, r, 2, v, NULL);
        else
            ls__xlsx_put_str(ws, r, 2, rows[3 * i + 2], f->wrap);
    }
    ls__report_rows_free(rows, nrows);
    r++;
    worksheet_write_string(ws, r++, 0, "输入文件", f->section);
    worksheet_write_string(ws, r, 0, "图层", f->head);
    worksheet_write_string(ws, r, 1, "文件", f->head);
    worksheet_write_string(ws, r++, 2, "SHA-256", f->head);
    for (int role = 0; role < LS_INPUT_COUNT; role++) {
        const char *name = ls_input_role_name((ls_input_role)role);
        char key[96];
        snprintf(key, sizeof(key), "input_%s_path", name);
        const char *path = ls__report_info(d, key);
        if (!path)
            continue;
        snprintf(key, sizeof(key), "input_%s_sha256", name);
        worksheet_write_string(ws, r, 0, name, f->text);
        ls__xlsx_put_str(ws, r, 1, path, f->text);
        ls__xlsx_put_str(ws, r++, 2, ls__report_info(d, key), f->text);
    }
    r++;
    worksheet_write_string(ws, r++, 0, "分类说明", f->section);
    char rel[512], low[512];
    snprintf(rel, sizeof(rel),
             "位于工业控制线外(控制线内面积比例低于下限)的工业用地,处置方式%s(项目类别%s)",
             ls__action_label(LS_ACTION_RELOCATE), ls__action_category(LS_ACTION_RELOCATE));
    snprintf(low, sizeof(low),
             "亩均税收、亩均增加值、容积率、建筑系数、评价类别、能耗等任一项未达标准,"
             "处置方式%s(项目类别%s)",
             ls__action_label(LS_ACTION_UPGRADE), ls__action_category(LS_ACTION_UPGRADE));
    const char *const defs[][2] = {
        {ls__status_label(LS_STATUS_IDLE), "供而未用、停产满期、无企业无建筑、批而未供等情形;"
                                           "须经实地核查后依《闲置土地处置办法》认定"},
        {ls__status_label(LS_STATUS_RELOCATABLE), rel},
        {ls__status_label(LS_STATUS_LOW_EFFICIENCY), low},
        {ls__status_label(LS_STATUS_EFFICIENT), "各项指标达标的工业用地,保留"},
        {"可盘活(亩)", "闲置和可腾退地块的全部面积,加上低效地块按容积率差距折算的面积"},
        {"提容潜力(平方米)", "容积率提升到目标值可增加的建筑面积"},
    };
    for (size_t i = 0; i < sizeof(defs) / sizeof(defs[0]); i++, r++) {
        worksheet_write_string(ws, r, 0, defs[i][0], f->text);
        worksheet_merge_range(ws, r, 1, r, 2, defs[i][1], f->wrap);
    }
    worksheet_set_paper(ws, 9);
    worksheet_fit_to_pages(ws, 1, 0);
    return LS_OK;
}

int ls__report_write_xlsx(ls_context *ctx, const ls__report *rep, const char *path)
{
    int error = LS_OK;
    /* constant memory: each row goes to a temporary file (in the workbook's own folder) as
     * soon as the next starts, so a 10^6-parcel district costs no more memory than a small
     * one; every sheet writes its rows in order for that */
    char *dir = ls__path_dir(path);
    lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = dir, .use_zip64 = LXW_TRUE};
    lxw_workbook *wb = dir ? workbook_new_opt(path, &opt) : NULL;
    if (!wb) {
        free(dir);
        return ls__error_set(ctx, LS_EIO, "%s: cannot create the workbook", path);
    }
    lxw_doc_properties props;
    memset(&props, 0, sizeof(props));
    char title[512];
    snprintf(title, sizeof(title), "%s 工业用地调查评价", rep->title);
    props.title = title;
    props.author = "landscan";
    props.comments = "landscan report";
    int days = 0;
    props.created = rep->reference_date && ls__date_parse(rep->reference_date, &days) == 0
                        ? (time_t)days * 86400
                        : (time_t)86400;
    workbook_set_properties(wb, &props);
    fmts f;
    make_formats(wb, &f);
    f.ctx = ctx;
    ls__xlsx_campaign_fmts cf = {
        f.head, f.mu, workbook_add_format(wb), f.integer, workbook_add_format(wb), f.note, f.wrap};
    format_set_num_format(cf.num3, "0.000");
    format_set_num_format(cf.percent, "0.0%");
    sheet_summary(wb, &f, rep);
    ls__report_xlsx_targets(wb, &cf, rep);
    for (int k = 0; k < 3 && error == LS_OK; k++)
        error = sheet_list(wb, &f, rep, k);
    if (error == LS_OK && rep->data->has_ledger) {
        error = sheet_new(wb, &f, rep);
        if (error == LS_OK)
            sheet_resolved(wb, &f, rep);
    }
    if (error == LS_OK) {
        sheet_sites(wb, &f, rep);
        error = ls__report_xlsx_flags(wb, rep);
    }
    if (error == LS_OK) {
        sheet_enterprises(wb, &f, rep);
        ls__report_xlsx_restricted(wb, &cf, rep);
        sheet_dq(wb, &f, rep);
        error = sheet_notes(wb, &f, rep);
    }
    if (error == LS_OK && ls_context_interrupted(ctx))
        error = ls__error_set(ctx, LS_EINTERRUPTED, "interrupted");
    lxw_error le = workbook_close(wb);
    free(dir);
    if (error == LS_EINTERRUPTED)
        return error;
    if (error == LS_ENOMEM)
        return ls__error_set(ctx, LS_ENOMEM, "out of memory");
    if (le != LXW_NO_ERROR)
        return ls__error_set(ctx, LS_EIO, "%s: cannot write the workbook (%s)", path,
                             lxw_strerror(le));
    return error;
}
