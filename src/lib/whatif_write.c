/*
 * whatif_write.c — the outputs of `landscan whatif` (whatif_data.h): whatif.csv,
 * whatif_parcels.csv (UTF-8 with BOM, RFC 4180) and whatif.html (one printable page).
 *
 * The chart is an inline SVG drawn here: x = the combinations in order (labelled with their
 * values), y = mu from 0 to the largest listed or reclaimable figure rounded up to a "nice"
 * step; two polylines with a dot per combination. No script, no network. Same figures →
 * byte-identical files (fixed decimals, parcels in input order within each district, districts
 * by name).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "textout.h"
#include "whatif_data.h"

static void combo_label(ls__buf *b, const ls_whatif_result *r, size_t c)
{
    for (size_t k = 0; k < r->nkeys; k++)
        ls__buf_addf(b, "%s%s=%g", k ? " " : "", r->keys[k], r->rows[c].values[k]);
}

static void write_summary_csv(const ls_whatif_result *r, ls__buf *b)
{
    for (size_t k = 0; k < r->nkeys; k++)
        ls__csv_text(b, r->keys[k], 0);
    for (int s = 0; s < LS_WHATIF_NSTATUS; s++)
        ls__buf_addf(b, "%s_count,%s_mu,", ls_whatif_status_name(s), ls_whatif_status_name(s));
    ls__buf_add(b, "reclaimable_mu,listed_mu,sites,site_mu,flipping_parcels\r\n");
    for (size_t c = 0; c < r->nrows; c++) {
        const ls_whatif_row *w = &r->rows[c];
        for (size_t k = 0; k < r->nkeys; k++)
            ls__buf_addf(b, "%g,", w->values[k]);
        for (int s = 0; s < LS_WHATIF_NSTATUS; s++) {
            ls__buf_addf(b, "%d,", w->status_count[s]);
            ls__csv_num(b, w->status_mu[s], 2, 0);
        }
        ls__csv_num(b, w->reclaimable_mu, 2, 0);
        ls__csv_num(b, w->listed_mu, 2, 0);
        ls__buf_addf(b, "%d,", w->sites);
        ls__csv_num(b, w->site_mu, 2, 0);
        ls__buf_addf(b, "%zu\r\n", w->flips);
    }
}

static const ls__whatif_data *sort_d;

static int cmp_flip(const void *x, const void *y)
{
    size_t a = *(const size_t *)x, b = *(const size_t *)y;
    int c = strcmp(sort_d->district[a], sort_d->district[b]);
    return c ? c : (a > b) - (a < b);
}

/* Indexes of the flipping parcels, by district then input order. Caller frees. */
static size_t *flipping(const ls__whatif_data *d, size_t *n)
{
    size_t *ix = malloc((d->nparcels + 1) * sizeof(size_t));
    *n = 0;
    if (!ix)
        return NULL;
    for (size_t i = 0; i < d->nparcels; i++)
        if (d->flips[i])
            ix[(*n)++] = i;
    sort_d = d;
    qsort(ix, *n, sizeof(size_t), cmp_flip);
    return ix;
}

static void write_parcels_csv(const ls__whatif_data *d, const size_t *ix, size_t n, ls__buf *b)
{
    const ls_whatif_result *r = d->res;
    ls__buf_add(b, r->nrows ? "parcel_id,district," : "parcel_id,district\r\n");
    for (size_t c = 0; c < r->nrows; c++) {
        ls__buf label = {0};
        combo_label(&label, r, c);
        char *l = ls__buf_take(&label);
        char *st = ls__sprintf("status@%s", l ? l : "");
        char *ac = ls__sprintf("action@%s", l ? l : "");
        ls__csv_text(b, st, 0);
        ls__csv_text(b, ac, c + 1 == r->nrows);
        free(st);
        free(ac);
        free(l);
    }
    for (size_t k = 0; k < n; k++) {
        size_t i = ix[k];
        ls__csv_text(b, d->parcel_id[i], 0);
        ls__csv_text(b, d->district[i], r->nrows == 0);
        for (size_t c = 0; c < r->nrows; c++) {
            ls__buf_addf(b, "%s,%s%s", ls__status_name((ls__status)d->status[i * r->nrows + c]),
                         ls__action_name((ls__action)d->action[i * r->nrows + c]),
                         c + 1 == r->nrows ? "\r\n" : ",");
        }
    }
}

/* A step of 1, 2 or 5 × 10^k giving about 5 grid lines up to max. */
static double nice_step(double max)
{
    if (!(max > 0))
        return 1;
    double raw = max / 5, p = pow(10, floor(log10(raw)));
    double m = raw / p;
    return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}

static void chart(const ls_whatif_result *r, ls__buf *b)
{
    const double W = 760, H = 300, L = 70, R = 20, T = 20, B = 70;
    double max = 0;
    for (size_t c = 0; c < r->nrows; c++) {
        if (r->rows[c].listed_mu > max)
            max = r->rows[c].listed_mu;
        if (r->rows[c].reclaimable_mu > max)
            max = r->rows[c].reclaimable_mu;
    }
    double step = nice_step(max), top = step * ceil(max / step);
    if (!(top > 0))
        top = step;
    double pw = W - L - R, ph = H - T - B;
    ls__buf_addf(b,
                 "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
                 "viewBox=\"0 0 %.0f %.0f\" role=\"img\" aria-label=\"listed and reclaimable mu "
                 "per combination\">\n",
                 W, H, W, H);
    for (double y = 0; y <= top + step * 1e-9; y += step) {
        double py = T + ph - y / top * ph;
        ls__buf_addf(b,
                     "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                     "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">%g</text>\n",
                     L, py, W - R, py, L - 6, py + 4, y);
    }
    ls__buf_addf(b,
                 "<text x=\"14\" y=\"%.1f\" font-size=\"11\" transform=\"rotate(-90 14 %.1f)\" "
                 "text-anchor=\"middle\">亩 (mu)</text>\n",
                 T + ph / 2, T + ph / 2);
    double dx = r->nrows > 1 ? pw / (double)(r->nrows - 1) : 0;
    static const char *const colour[2] = {"#c0392b", "#2471a3"};
    static const char *const name[2] = {"列入清单 listed_mu", "可盘活 reclaimable_mu"};
    for (int s = 0; s < 2; s++) {
        ls__buf_addf(b, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"",
                     colour[s]);
        for (size_t c = 0; c < r->nrows; c++) {
            double v = s == 0 ? r->rows[c].listed_mu : r->rows[c].reclaimable_mu;
            ls__buf_addf(b, "%s%.1f,%.1f", c ? " " : "",
                         L + (r->nrows > 1 ? dx * (double)c : pw / 2), T + ph - v / top * ph);
        }
        ls__buf_add(b, "\"/>\n");
        for (size_t c = 0; c < r->nrows; c++) {
            double v = s == 0 ? r->rows[c].listed_mu : r->rows[c].reclaimable_mu;
            ls__buf_addf(b,
                         "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"><title>%.2f</title>"
                         "</circle>\n",
                         L + (r->nrows > 1 ? dx * (double)c : pw / 2), T + ph - v / top * ph,
                         colour[s], v);
        }
        ls__buf_addf(b,
                     "<rect x=\"%.1f\" y=\"%.1f\" width=\"12\" height=\"3\" fill=\"%s\"/>"
                     "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\">%s</text>\n",
                     L + 10 + 200 * s, H - 14, colour[s], L + 26 + 200 * s, H - 10, name[s]);
    }
    for (size_t c = 0; c < r->nrows; c++) {
        ls__buf label = {0};
        for (size_t k = 0; k < r->nkeys; k++)
            ls__buf_addf(&label, "%s%g", k ? "/" : "", r->rows[c].values[k]);
        char *l = ls__buf_take(&label);
        double px = L + (r->nrows > 1 ? dx * (double)c : pw / 2);
        ls__buf_addf(b, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" text-anchor=\"middle\">", px,
                     T + ph + 16);
        ls__html_esc(b, l);
        ls__buf_add(b, "</text>\n");
        free(l);
    }
    ls__buf_addf(b, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"middle\">",
                 L + pw / 2, T + ph + 34);
    for (size_t k = 0; k < r->nkeys; k++) {
        ls__buf_add(b, k ? " / " : "");
        ls__html_esc(b, r->keys[k]);
    }
    ls__buf_add(b, "</text>\n</svg>\n");
}

static void write_html(const ls__whatif_data *d, const size_t *ix, size_t n, ls__buf *b)
{
    const ls_whatif_result *r = d->res;
    ls__buf_add(b, "<!DOCTYPE html>\n<html lang=zh-CN><head><meta charset=utf-8>"
                   "<title>landscan whatif</title><style>"
                   "body{font-family:sans-serif;font-size:12px;margin:16px}"
                   "table{border-collapse:collapse;margin:6px 0 14px}"
                   "td,th{border:1px solid #999;padding:2px 5px}th{background:#eee}"
                   "td.n{text-align:right}h1{font-size:18px}h2{font-size:14px}"
                   "@page{size:A4 landscape;margin:12mm}@media print{body{margin:0}}"
                   "</style></head><body>\n<h1>阈值敏感性分析 (landscan whatif): ");
    ls__html_esc(b, d->run_name);
    ls__buf_add(b, "</h1>\n<p>");
    ls__html_esc(b, d->reference_date);
    ls__buf_add(b, " · rules ");
    ls__html_esc(b, d->rules_name);
    ls__buf_addf(b, " · %zu combinations · %zu parcels change status or action</p>\n", r->nrows,
                 r->nflipping);
    chart(r, b);
    ls__buf_add(b, "<h2>各组合汇总 (per combination)</h2><table><tr>");
    for (size_t k = 0; k < r->nkeys; k++) {
        ls__buf_add(b, "<th>");
        ls__html_esc(b, r->keys[k]);
        ls__buf_add(b, "</th>");
    }
    for (int s = 0; s < LS_WHATIF_NSTATUS; s++)
        ls__buf_addf(b, "<th>%s count</th><th>%s mu</th>", ls_whatif_status_name(s),
                     ls_whatif_status_name(s));
    ls__buf_add(b, "<th>reclaimable mu</th><th>listed mu</th><th>sites</th><th>site mu</th>"
                   "<th>flips</th></tr>\n");
    for (size_t c = 0; c < r->nrows; c++) {
        const ls_whatif_row *w = &r->rows[c];
        ls__buf_add(b, "<tr>");
        for (size_t k = 0; k < r->nkeys; k++)
            ls__buf_addf(b, "<td class=n>%g</td>", w->values[k]);
        for (int s = 0; s < LS_WHATIF_NSTATUS; s++)
            ls__buf_addf(b, "<td class=n>%d</td><td class=n>%.2f</td>", w->status_count[s],
                         w->status_mu[s]);
        ls__buf_addf(b,
                     "<td class=n>%.2f</td><td class=n>%.2f</td><td class=n>%d</td>"
                     "<td class=n>%.2f</td><td class=n>%zu</td></tr>\n",
                     w->reclaimable_mu, w->listed_mu, w->sites, w->site_mu, w->flips);
    }
    ls__buf_add(b, "</table>\n<h2>状态或处置变化的地块 (parcels that flip), by district</h2>\n");
    if (n == 0)
        ls__buf_add(b, "<p>无 (none)</p>\n");
    for (size_t k = 0; k < n; k++) {
        size_t i = ix[k];
        if (k == 0 || strcmp(d->district[i], d->district[ix[k - 1]]) != 0) {
            if (k)
                ls__buf_add(b, "</table>\n");
            ls__buf_add(b, "<h2>");
            ls__html_esc(b, *d->district[i] ? d->district[i] : "(no district)");
            ls__buf_add(b, "</h2><table><tr><th>parcel</th>");
            for (size_t c = 0; c < r->nrows; c++) {
                ls__buf label = {0};
                combo_label(&label, r, c);
                char *l = ls__buf_take(&label);
                ls__buf_add(b, "<th>");
                ls__html_esc(b, l);
                ls__buf_add(b, "</th>");
                free(l);
            }
            ls__buf_add(b, "</tr>\n");
        }
        ls__buf_add(b, "<tr><td>");
        ls__html_esc(b, d->parcel_id[i]);
        ls__buf_add(b, "</td>");
        for (size_t c = 0; c < r->nrows; c++)
            ls__buf_addf(b, "<td>%s / %s</td>",
                         ls__status_name((ls__status)d->status[i * r->nrows + c]),
                         ls__action_name((ls__action)d->action[i * r->nrows + c]));
        ls__buf_add(b, "</tr>\n");
        if (k + 1 == n)
            ls__buf_add(b, "</table>\n");
    }
    ls__buf_add(b, "</body></html>\n");
}

int ls__whatif_write(ls_context *ctx, const ls__whatif_data *d, const char *dir)
{
    int error = LS_OK;
    size_t n = 0;
    size_t *ix = flipping(d, &n);
    ls__buf b[3] = {{0}, {0}, {0}};
    static const char *const names[3] = {"whatif.csv", "whatif_parcels.csv", "whatif.html"};
    if (!ix)
        return ls__error_set(ctx, LS_ENOMEM, "out of memory");
    write_summary_csv(d->res, &b[0]);
    write_parcels_csv(d, ix, n, &b[1]);
    write_html(d, ix, n, &b[2]);
    for (int k = 0; k < 3 && error == LS_OK; k++) {
        char *path = ls__path_join(dir, names[k]);
        error = path ? ls__buf_write_file(ctx, &b[k], path, k < 2)
                     : ls__error_set(ctx, LS_ENOMEM, "out of memory");
        free(path);
    }
    for (int k = 0; k < 3; k++)
        ls__buf_free(&b[k]);
    free(ix);
    return error;
}
