/*
 * policy_fixtures.c — builders for the policy unit tests; see policy_fixtures.h. Allocation
 * failures abort the test process (these are test helpers, not library code).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy_fixtures.h"

static void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size);
    if (!p)
        abort();
    return p;
}

static char *xstrdup(const char *s)
{
    if (!s)
        return NULL;
    char *d = strdup(s);
    if (!d)
        abort();
    return d;
}

void ls_test_set(char **field, const char *value)
{
    free(*field);
    *field = xstrdup(value);
}

static ls_weight *weights_new(const char *const *names, const double *w, size_t n)
{
    ls_weight *out = xcalloc(n, sizeof(*out));
    for (size_t i = 0; i < n; i++) {
        out[i].indicator = xstrdup(names[i]);
        out[i].weight = w[i];
    }
    return out;
}

static void weights_free(ls_weight *w, size_t n)
{
    for (size_t i = 0; w && i < n; i++)
        free(w[i].indicator);
    free(w);
}

void ls_test_rules_set_weights(ls_rules *rules, int above, const char *const *names,
                               const double *weights, size_t n)
{
    ls_eval_rules *ev = &rules->evaluation;
    if (above) {
        weights_free(ev->weights_above, ev->nweights_above);
        ev->weights_above = weights_new(names, weights, n);
        ev->nweights_above = n;
    } else {
        weights_free(ev->weights_below, ev->nweights_below);
        ev->weights_below = weights_new(names, weights, n);
        ev->nweights_below = n;
    }
}

ls_rules *ls_test_rules_new(void)
{
    static const char *const above[] = {"tax_per_mu", "va_per_mu",           "va_per_energy",
                                        "emission",   "labour_productivity", "rd_share"};
    static const double above_w[] = {30, 20, 20, 10, 10, 10};
    static const char *const below[] = {"tax_per_mu", "tax_per_electricity"};
    static const double below_w[] = {50, 50};
    ls_rules *r = xcalloc(1, sizeof(*r));
    r->name = xstrdup("test");
    r->nindustrial_codes = 2;
    r->industrial_codes = xcalloc(2, sizeof(char *));
    r->industrial_codes[0] = xstrdup("0601");
    r->industrial_codes[1] = xstrdup("M1");
    r->inside_share_min = 0.5;
    r->retain_ab_min_mu = 50;
    r->started_coverage_min = 0.05;
    r->unstarted_years = 1;
    r->stalled_share = 1.0 / 3.0;
    r->stalled_years = 1;
    r->halted_years = 2;
    r->idle_vacant = 1;
    r->idle_unsupplied = 1;
    r->arrears_years = 2;
    r->mortgaged_idle = 1;
    r->tax_per_mu_min = 5;
    r->va_per_mu_min = NAN;
    r->far_min = 0.7;
    r->far_table = NULL;
    r->industry_code_standard = xstrdup("gbt4754-2017");
    r->far_target = NAN;
    r->far_target_from = LS_NO_DATE;
    r->coverage_min = 0.30;
    r->energy_per_va_max = NAN;
    r->nlow_classes = 1;
    r->low_classes = xcalloc(1, sizeof(char *));
    r->low_classes[0] = xstrdup("D");
    r->nno_new_land_classes = 2; /* national-2008: [C, D] */
    r->no_new_land_classes = xcalloc(2, sizeof(char *));
    r->no_new_land_classes[0] = xstrdup("C");
    r->no_new_land_classes[1] = xstrdup("D");
    r->tall_storey_m = 8;
    r->site_min_mu = 10;
    r->site_gap_m = 5;
    r->overlap_tolerance_m2 = 1;
    r->ntransition_retain_classes = 2; /* zhejiang-ningbo */
    r->transition_retain_classes = xcalloc(2, sizeof(char *));
    r->transition_retain_classes[0] = xstrdup("A");
    r->transition_retain_classes[1] = xstrdup("B");
    ls_eval_rules *ev = &r->evaluation;
    ev->benchmark = xstrdup("mean");
    ev->cap = 2.0;
    ev->class_method = xstrdup("percentile");
    ev->class_share[0] = 0.25;
    ev->class_share[1] = 0.45;
    ev->class_share[2] = 0.25;
    ev->class_share[3] = 0.05;
    ev->class_cutoff[0] = ev->class_cutoff[1] = ev->class_cutoff[2] = NAN;
    ev->below_min_mu = 3;
    ev->new_years = 2;
    ev->tenants = xstrdup("inherit");
    ls_test_rules_set_weights(r, 1, above, above_w, 6);
    ls_test_rules_set_weights(r, 0, below, below_w, 2);
    r->targets_base_year = NAN;
    return r;
}

void ls_test_rules_free(ls_rules *r)
{
    if (!r)
        return;
    free(r->name);
    free(r->extends_chain);
    for (size_t i = 0; i < r->nindustrial_codes; i++)
        free(r->industrial_codes[i]);
    free(r->industrial_codes);
    for (size_t i = 0; i < r->nwarehouse_codes; i++)
        free(r->warehouse_codes[i]);
    free(r->warehouse_codes);
    free(r->far_table);
    free(r->industry_code_standard);
    for (size_t i = 0; i < r->nlow_classes; i++)
        free(r->low_classes[i]);
    free(r->low_classes);
    for (size_t i = 0; i < r->nno_new_land_classes; i++)
        free(r->no_new_land_classes[i]);
    free(r->no_new_land_classes);
    for (size_t i = 0; i < r->ntransition_retain_classes; i++)
        free(r->transition_retain_classes[i]);
    free(r->transition_retain_classes);
    ls_eval_rules *ev = &r->evaluation;
    free(ev->benchmark);
    weights_free(ev->benchmarks, ev->nbenchmarks);
    free(ev->class_method);
    free(ev->tenants);
    weights_free(ev->weights_above, ev->nweights_above);
    weights_free(ev->weights_below, ev->nweights_below);
    ls__rules_free_targets(r->targets, r->ntargets);
    free(r);
}

void ls_test_parcel_init(ls__parcel *p, const char *parcel_id, double area_mu)
{
    memset(p, 0, sizeof(*p));
    p->parcel_id = xstrdup(parcel_id);
    p->landuse = xstrdup("0601");
    p->grant_date = LS_NO_DATE;
    p->agreed_start_date = LS_NO_DATE;
    p->agreed_finish_date = LS_NO_DATE;
    p->started = 1;
    p->approved_unsupplied = 0;
    p->area_mu = area_mu;
    p->area_m2 = area_mu * 10000.0 / 15.0;
    p->inside_control_m2 = p->area_m2;
    p->control_share = 1.0;
    p->coverage = 0.50;
    p->footprint_m2 = 0.50 * p->area_m2;
    p->far = 1.50;
    p->floor_area_m2 = 1.50 * p->area_m2;
    p->floor_lower_m2 = p->floor_area_m2;
    p->far_lower = p->far;
    p->far_floor = NAN;
    p->building_count = 1;
    p->tax_10k = NAN;
    p->value_added_10k = NAN;
    p->revenue_10k = NAN;
    p->energy_tce = NAN;
    p->tax_per_mu = 10.0;
    p->value_added_per_mu = NAN;
    p->energy_per_va = NAN;
    p->eval_score = NAN;
    p->eval_class = NULL;
    for (int c = 0; c < LS_COMMIT_COUNT; c++) /* no 标准地 commitment */
        p->committed[c] = NAN;
    p->investment_10k = NAN;
}

void ls_test_parcel_clear(ls__parcel *p)
{
    free(p->parcel_id);
    free(p->landuse);
    free(p->owner);
    free(p->enterprise_id);
    free(p->industry_code);
    free(p->ents);
    free(p->reasons);
    free(p->no_data);
    memset(p, 0, sizeof(*p));
}

void ls_test_parcel_add_ent(ls__parcel *p, size_t ent)
{
    size_t *e = realloc(p->ents, (p->nent + 1) * sizeof(*e));
    if (!e)
        abort();
    e[p->nent++] = ent;
    p->ents = e;
}

void ls_test_enterprise_init(ls__enterprise *e, const char *enterprise_id)
{
    memset(e, 0, sizeof(*e));
    e->enterprise_id = xstrdup(enterprise_id);
    e->role = xstrdup("owner");
    e->scale = xstrdup("above");
    e->status = xstrdup("producing");
    e->tax_10k = e->value_added_10k = e->revenue_10k = e->energy_tce = NAN;
    e->employees = e->rd_10k = e->electricity_10k_kwh = NAN;
    e->halted_since = LS_NO_DATE;
    e->land_tax_arrears_years = 0;
    e->land_tax_arrears_since = LS_NO_DATE;
    e->mortgaged = 0;
    e->founded = LS_NO_DATE;
    e->veto = 0;
    e->land_mu = NAN;
    e->tax_per_mu = e->va_per_mu = e->va_per_energy = NAN;
    e->labour_productivity = e->rd_share = e->tax_per_electricity = NAN;
    e->eval_score = NAN;
}

void ls_test_enterprise_clear(ls__enterprise *e)
{
    ls__enterprise_free(e);
    memset(e, 0, sizeof(*e));
}

int ls_test_days_before(int days)
{
    return LS_TEST_REF_DAYS - days;
}

void ls_test_dataset_init(ls__dataset *ds, size_t nparcels, size_t nenterprises)
{
    char id[32];
    memset(ds, 0, sizeof(*ds));
    ds->geos = GEOS_init_r();
    if (!ds->geos)
        abort();
    ds->nparcels = nparcels;
    ds->parcels = xcalloc(nparcels, sizeof(*ds->parcels));
    for (size_t i = 0; i < nparcels; i++) {
        snprintf(id, sizeof(id), "P%zu", i + 1);
        ls_test_parcel_init(&ds->parcels[i], id, 10.0);
        ds->parcels[i].fid = (long)i + 1;
    }
    ds->nenterprises = nenterprises;
    ds->enterprises = xcalloc(nenterprises, sizeof(*ds->enterprises));
    for (size_t i = 0; i < nenterprises; i++) {
        snprintf(id, sizeof(id), "E%zu", i + 1);
        ls_test_enterprise_init(&ds->enterprises[i], id);
        ds->enterprises[i].row = (long)i + 1;
    }
    ds->layers[LS_INPUT_PARCELS].present = 1;
    ds->layers[LS_INPUT_BUILDINGS].present = 1;
    ds->layers[LS_INPUT_ENTERPRISES].present = 1;
}

GEOSGeometry *ls_test_rect(ls__dataset *ds, double x0, double y0, double x1, double y1)
{
    GEOSGeometry *g = GEOSGeom_createRectangle_r(ds->geos, x0, y0, x1, y1);
    if (!g)
        abort();
    return g;
}
