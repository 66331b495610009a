/*
 * targets.c — campaign targets (domain.md §10): what the run and the ledger series achieved
 * against each target of the rules, per district and for the whole run (table `targets`).
 *
 * Cumulative indicators read the ledger series (ds->series, filled by ledger_series.c): for
 * a target year Y the runs of the run's name dated from targets_base_year (any year when
 * null) to Y, the current run included when its year is ≤ Y. Each run counts what left the
 * lists since the run before it, so the first run of a name counts nothing: with no run in
 * that window that had a predecessor, achieved is NULL and the note says why.
 *   reclaimed_mu          Σ resolved_mu (the ledger's listed area that left the lists);
 *   renovated_mu          Σ of it whose parcel is still industrial (工改工);
 *   halted_firms_cleared  distinct firms whose halted listed parcels all left the lists.
 * Level indicators are the current run's, for 规上 firms (enterprises `scale` = above) only,
 * each firm's figure shared among its industrial parcels by area (as parcels' tax_10k is)
 * and summed per district: tax_per_mu = Σ tax / Σ mu, va_per_mu = Σ value added / Σ mu,
 * labour_productivity = Σ value added / Σ employees, rd_share = Σ R&D / Σ revenue, over the
 * firms carrying both figures. Indicators landscan has no data for (investment, output) are
 * listed with their note. share = achieved / target (1.0 = met).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "targets.h"

/* ---- the series ------------------------------------------------------------------------ */

ls__series_run *ls__series_add_run(ls__series *s)
{
    ls__series_run *runs = realloc(s->runs, (s->nruns + 1) * sizeof(*runs));
    if (!runs)
        return NULL;
    s->runs = runs;
    memset(&runs[s->nruns], 0, sizeof(*runs));
    runs[s->nruns].firms_known = 1;
    return &runs[s->nruns++];
}

int ls__series_add_area(ls__series_run *r, const char *district, double resolved_mu,
                        double renovated_mu)
{
    if (!district)
        return LS_OK;
    for (size_t i = 0; i < r->nareas; i++)
        if (strcmp(r->areas[i].district, district) == 0) {
            r->areas[i].resolved_mu += resolved_mu;
            r->areas[i].renovated_mu += renovated_mu;
            return LS_OK;
        }
    ls__series_area *a = realloc(r->areas, (r->nareas + 1) * sizeof(*a));
    if (!a)
        return LS_ENOMEM;
    r->areas = a;
    if (!(a[r->nareas].district = ls__strdup(district)))
        return LS_ENOMEM;
    a[r->nareas].resolved_mu = resolved_mu;
    a[r->nareas].renovated_mu = renovated_mu;
    r->nareas++;
    return LS_OK;
}

int ls__series_add_firm(ls__series_run *r, const char *enterprise_id, const char *district)
{
    ls__series_firm *f = realloc(r->firms, (r->nfirms + 1) * sizeof(*f));
    if (!f)
        return LS_ENOMEM;
    r->firms = f;
    f[r->nfirms].enterprise_id = ls__strdup(enterprise_id);
    f[r->nfirms].district = district ? ls__strdup(district) : NULL;
    if (!f[r->nfirms].enterprise_id || (district && !f[r->nfirms].district)) {
        free(f[r->nfirms].enterprise_id);
        free(f[r->nfirms].district);
        return LS_ENOMEM;
    }
    r->nfirms++;
    return LS_OK;
}

void ls__series_free(ls__series *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->nruns; i++) {
        ls__series_run *r = &s->runs[i];
        free(r->reference_date);
        for (size_t k = 0; k < r->nareas; k++)
            free(r->areas[k].district);
        free(r->areas);
        for (size_t k = 0; k < r->nfirms; k++) {
            free(r->firms[k].enterprise_id);
            free(r->firms[k].district);
        }
        free(r->firms);
    }
    free(s->runs);
    free(s->name);
    memset(s, 0, sizeof(*s));
}

void ls__targets_free(ls__target_row *rows, size_t n)
{
    for (size_t i = 0; rows && i < n; i++) {
        free(rows[i].district);
        free(rows[i].note);
    }
    free(rows);
}

/* ---- cumulative indicators ------------------------------------------------------------- */

static int in_window(const ls__series_run *r, double base_year, int year)
{
    return (isnan(base_year) || r->year >= (int)base_year) && r->year <= year;
}

static int same_district(const char *a, const char *district)
{
    return !district || (a && strcmp(a, district) == 0);
}

/* Distinct firm ids cleared in the window (district NULL = anywhere). */
static size_t count_firms(const ls__series *s, double base_year, int year, const char *district)
{
    size_t count = 0;
    for (size_t i = 0; i < s->nruns; i++) {
        const ls__series_run *r = &s->runs[i];
        if (!r->measured || !in_window(r, base_year, year))
            continue;
        for (size_t k = 0; k < r->nfirms; k++) {
            const ls__series_firm *f = &r->firms[k];
            if (!same_district(f->district, district))
                continue;
            int seen = 0;
            /* counted already: earlier in this run or in an earlier run of the window */
            for (size_t j = 0; j <= i && !seen; j++) {
                const ls__series_run *q = &s->runs[j];
                if (!q->measured || !in_window(q, base_year, year))
                    continue;
                size_t end = j == i ? k : q->nfirms;
                for (size_t m = 0; m < end && !seen; m++)
                    seen = same_district(q->firms[m].district, district) &&
                           strcmp(q->firms[m].enterprise_id, f->enterprise_id) == 0;
            }
            count += !seen;
        }
    }
    return count;
}

/* achieved (NAN with *note) of a cumulative indicator for target year `year`. */
static double cumulative(const ls__series *s, int indicator, double base_year, int year,
                         const char *district, char **note)
{
    if (!s || s->nruns == 0) {
        *note = ls__strdup("无台账: 累计指标需要历年台账 (no ledger: cumulative figures come "
                           "from the ledger of earlier runs)");
        return NAN;
    }
    size_t inside = 0, measured = 0;
    const ls__series_run *unknown_firms = NULL;
    double sum = 0.0;
    for (size_t i = 0; i < s->nruns; i++) {
        const ls__series_run *r = &s->runs[i];
        if (!in_window(r, base_year, year))
            continue;
        inside++;
        if (!r->measured)
            continue;
        measured++;
        if (!r->firms_known && !unknown_firms)
            unknown_firms = r;
        if (!district) {
            sum += indicator == LS_TARGET_RENOVATED_MU ? r->renovated_mu : r->resolved_mu;
            continue;
        }
        for (size_t k = 0; k < r->nareas; k++)
            if (strcmp(r->areas[k].district, district) == 0)
                sum += indicator == LS_TARGET_RENOVATED_MU ? r->areas[k].renovated_mu
                                                           : r->areas[k].resolved_mu;
    }
    char from[32];
    if (isnan(base_year))
        snprintf(from, sizeof(from), "%s", "");
    else
        snprintf(from, sizeof(from), "%d", (int)base_year);
    if (inside == 0) {
        *note = ls__sprintf("%s–%d 年无台账记录 (no ledger run %s–%d)", from, year, from, year);
        return NAN;
    }
    if (measured == 0) {
        *note = ls__sprintf("无台账历史: %s–%d 年无可比较的上一期 (no ledger history: no run "
                            "%s–%d had an earlier run to compare with)",
                            from, year, from, year);
        return NAN;
    }
    if (indicator == LS_TARGET_HALTED_FIRMS_CLEARED) {
        if (unknown_firms) {
            *note = ls__sprintf("台账未记录企业 (the ledger's run before %s recorded no firm "
                                "ids: written by an older landscan)",
                                unknown_firms->reference_date ? unknown_firms->reference_date : "");
            return NAN;
        }
        return (double)count_firms(s, base_year, year, district);
    }
    return sum;
}

/* ---- level indicators (规上 firms) ----------------------------------------------------- */

typedef struct level_sum {
    double num, den;
    long firms; /* 规上 firm-parcel pairs carrying both figures */
} level_sum;

/* The figures of one indicator: numerator, denominator of a firm (NAN when absent). */
static void firm_figures(const ls__enterprise *e, int indicator, double *num, double *den)
{
    *num = *den = NAN;
    switch (indicator) {
    case LS_TARGET_TAX_PER_MU:
        *num = e->tax_10k;
        *den = 1.0; /* land: added per parcel */
        break;
    case LS_TARGET_VA_PER_MU:
        *num = e->value_added_10k;
        *den = 1.0;
        break;
    case LS_TARGET_LABOUR_PRODUCTIVITY:
        *num = e->value_added_10k;
        *den = e->employees;
        break;
    case LS_TARGET_RD_SHARE:
        *num = e->rd_10k;
        *den = e->revenue_10k;
        break;
    default:
        break;
    }
}

static int is_above(const ls__enterprise *e)
{
    return e->scale && strcmp(e->scale, "above") == 0;
}

/* Σ per district (index) and for the run (last entry), over 规上 firms' industrial parcels. */
static void level_sums(const ls__dataset *ds, int indicator, level_sum *sums)
{
    int per_mu = indicator == LS_TARGET_TAX_PER_MU || indicator == LS_TARGET_VA_PER_MU;
    for (size_t i = 0; i < ds->nenterprises; i++) {
        const ls__enterprise *e = &ds->enterprises[i];
        double num, den;
        if (!is_above(e) || e->nparcels == 0)
            continue;
        firm_figures(e, indicator, &num, &den);
        if (isnan(num) || isnan(den) || (!per_mu && !(den > 0)))
            continue;
        double total = 0.0;
        for (size_t k = 0; k < e->nparcels; k++)
            total += ds->parcels[e->parcels[k]].area_m2;
        for (size_t k = 0; k < e->nparcels; k++) {
            const ls__parcel *p = &ds->parcels[e->parcels[k]];
            if (!p->industrial)
                continue;
            double share =
                e->nparcels == 1 || !(total > 0) ? 1.0 / (double)e->nparcels : p->area_m2 / total;
            double n = num * share, d = per_mu ? p->area_mu : den * share;
            level_sum *run = &sums[ds->ndistricts];
            run->num += n;
            run->den += d;
            run->firms++;
            if (p->district_ix >= 0) {
                sums[p->district_ix].num += n;
                sums[p->district_ix].den += d;
                sums[p->district_ix].firms++;
            }
        }
    }
}

static double level(const ls__dataset *ds, int indicator, const level_sum *sum, char **note)
{
    const ls__target_info *t = ls__target((ls__target_id)indicator);
    if (t->unmeasured) {
        *note = ls__sprintf("无数据 (%s)", t->unmeasured);
        return NAN;
    }
    if (ds->nenterprises == 0) {
        *note = ls__strdup("无企业数据 (no enterprises input)");
        return NAN;
    }
    if (!(ds->enterprise_fields & LS_EF_SCALE)) {
        *note = ls__strdup("企业无规模字段, 无法区分规上企业 (enterprises have no scale field: "
                           "规上 firms unknown)");
        return NAN;
    }
    if (sum->firms == 0 || !(sum->den > 0)) {
        *note =
            ls__sprintf("无规上企业%s数据 (no 规上 firm with %s data)",
                        indicator == LS_TARGET_RD_SHARE              ? "研发和营业收入"
                        : indicator == LS_TARGET_LABOUR_PRODUCTIVITY ? "增加值和从业人员"
                        : indicator == LS_TARGET_VA_PER_MU           ? "增加值"
                                                                     : "税收",
                        indicator == LS_TARGET_RD_SHARE              ? "R&D and revenue"
                        : indicator == LS_TARGET_LABOUR_PRODUCTIVITY ? "value added and employees"
                        : indicator == LS_TARGET_VA_PER_MU           ? "value added"
                                                                     : "tax");
        return NAN;
    }
    return sum->num / sum->den;
}

/* ---- check ----------------------------------------------------------------------------- */

int ls__targets_check(ls_context *ctx, const ls_rules *rules, ls__dataset *ds)
{
    for (size_t i = 0; i < rules->ntargets; i++) {
        const ls__target_info *t = ls__target((ls__target_id)rules->targets[i].indicator);
        char feature[64];
        const char *problem = NULL;
        snprintf(feature, sizeof(feature), "targets.%s", t->name);
        if (t->cumulative)
            continue;
        if (t->unmeasured)
            problem = t->unmeasured;
        else if (ds->nenterprises == 0)
            problem = "no enterprises input: 规上 figures cannot be measured";
        else if (!(ds->enterprise_fields & LS_EF_SCALE))
            problem = "enterprises have no scale field (规上 above / 规下 below): 规上 figures "
                      "cannot be measured";
        if (problem && ls__dq_add(&ds->dq, "rules", feature, problem,
                                  "target listed without achieved figure") != LS_OK)
            return ls__error_set(ctx, LS_ENOMEM, "out of memory");
    }
    return LS_OK;
}

/* ---- rows ------------------------------------------------------------------------------ */

int ls__targets_compute(ls_context *ctx, const ls_rules *rules, ls__dataset *ds)
{
    size_t nyears = 0;
    for (size_t i = 0; i < rules->ntargets; i++)
        nyears += rules->targets[i].nyears;
    size_t nrows = nyears * (ds->ndistricts + 1);
    ls__target_row *rows = calloc(nrows ? nrows : 1, sizeof(*rows));
    level_sum *sums = calloc(ds->ndistricts + 1, sizeof(*sums));
    int error = LS_OK;
    size_t n = 0;
    if (!rows || !sums) {
        error = LS_ENOMEM;
        goto done;
    }
    /* the whole run first (district ""), then each district in name order */
    for (size_t a = 0; a <= ds->ndistricts && !error; a++) {
        size_t area = a == 0 ? ds->ndistricts : a - 1;
        const char *district = a == 0 ? NULL : ds->districts[area].name;
        for (size_t i = 0; i < rules->ntargets && !error; i++) {
            const ls_target_rule *t = &rules->targets[i];
            const ls__target_info *info = ls__target((ls__target_id)t->indicator);
            if (!info->cumulative) {
                memset(sums, 0, (ds->ndistricts + 1) * sizeof(*sums));
                level_sums(ds, t->indicator, sums);
            }
            for (size_t y = 0; y < t->nyears; y++) {
                ls__target_row *r = &rows[n++];
                r->indicator = t->indicator;
                r->year = t->years[y].year;
                r->target = t->years[y].value;
                if (!(r->district = ls__strdup(district ? district : ""))) {
                    error = LS_ENOMEM;
                    break;
                }
                r->achieved = info->cumulative
                                  ? cumulative(ds->series, t->indicator, rules->targets_base_year,
                                               r->year, district, &r->note)
                                  : level(ds, t->indicator, &sums[area], &r->note);
                r->share = isnan(r->achieved) ? NAN : r->achieved / r->target;
                if (isnan(r->achieved) && !r->note) {
                    error = LS_ENOMEM;
                    break;
                }
            }
        }
    }
done:
    free(sums);
    if (error) {
        ls__targets_free(rows, n);
        return ls__error_set(ctx, error, "targets: out of memory");
    }
    ls__targets_free(ds->targets, ds->ntargets);
    ds->targets = rows;
    ds->ntargets = n;
    return LS_OK;
}
