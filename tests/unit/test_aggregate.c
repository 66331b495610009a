/*
 * test_aggregate.c — totals per block, district and town (src/lib/aggregate.c, product.md
 * outputs, domain.md §6): counts, mu per status and action, reclaimable mu summed once per
 * parcel, area-weighted FAR over industrial parcels, per-mu figures over the parcels that
 * carry the figure (NAN when none), inside-control mu and consolidation sites.
 *
 * The dataset is set up by hand with its classification already done; every expected total
 * is worked out in the comments.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "aggregate.h"
#include "geom_asserts.h"

typedef struct fixture {
    ls_context *ctx;
    ls__dataset ds;
} fixture;

static int teardown(void **state)
{
    fixture *fx = *state;
    ls__dataset_free(&fx->ds);
    ls_context_free(fx->ctx);
    free(fx);
    return 0;
}

/* A classified parcel: area in m² (mu = m² × 15 / 10000). */
static ls__parcel *add(ls__dataset *ds, const char *id, long block, long district, long town,
                       int industrial, ls__status status, ls__action action, double area_m2,
                       double floor_area_m2, double inside_m2)
{
    size_t i = tgeom_add_parcel(ds, id, "POLYGON ((0 0, 1 0, 1 1, 0 1, 0 0))");
    ls__parcel *p = &ds->parcels[i];
    p->block_ix = block;
    p->district_ix = district;
    p->town_ix = town;
    p->industrial = industrial;
    p->status = status;
    p->action = action;
    p->area_m2 = area_m2;
    p->area_mu = area_m2 * 15.0 / 10000.0;
    p->floor_area_m2 = floor_area_m2;
    p->inside_control_m2 = inside_m2;
    return p;
}

/*
 * Block 0 QK-1: P1 idle/reclaim 2000 m² (3 mu), reclaimable 3, no floor area, no tax,
 *                  inside 2000;
 *               P2 low_efficiency/upgrade 4000 m² (6 mu), floor 2000, reclaimable 3, uplift
 *                  2000, tax 12, VA 60, inside 4000;
 *               P3 efficient/retain 6000 m² (9 mu), floor 12000, tax 90, no VA, inside 3000;
 *               P4 non-industrial/none 1000 m² (1.5 mu), floor 5000, tax 100 (not counted in
 *                  the industrial ratios).
 * Block 1 QK-2: P5 relocatable/relocate 2000 m² (3 mu), reclaimable 3, no tax, inside 0.
 * No block:     P6 efficient/retain 1000 m² (1.5 mu), floor 1500, tax 3, town 0.
 * District 0 D1 holds all six; town 0 T1 holds P6 only.
 */
static int setup(void **state)
{
    fixture *fx = calloc(1, sizeof(*fx));
    if (!fx || ls_context_new(&fx->ctx) != LS_OK)
        return -1;
    ls__dataset *ds = &fx->ds;
    tgeom_ds_init(ds);
    const char *sq = "POLYGON ((0 0, 1 0, 1 1, 0 1, 0 0))";
    tgeom_add_area(ds, &ds->blocks, &ds->nblocks, "QK-1", "甲", NULL, NULL, sq);
    tgeom_add_area(ds, &ds->blocks, &ds->nblocks, "QK-2", "乙", NULL, NULL, sq);
    tgeom_add_area(ds, &ds->districts, &ds->ndistricts, "D1", "D1", NULL, NULL, sq);
    tgeom_add_area(ds, &ds->towns, &ds->ntowns, "T1", "D1", "T1", NULL, sq);
    ls__parcel *p;
    p = add(ds, "P1", 0, 0, -1, 1, LS_STATUS_IDLE, LS_ACTION_RECLAIM, 2000, 0, 2000);
    p->reclaimable_mu = 3.0;
    p = add(ds, "P2", 0, 0, -1, 1, LS_STATUS_LOW_EFFICIENCY, LS_ACTION_UPGRADE, 4000, 2000, 4000);
    p->reclaimable_mu = 3.0;
    p->far_uplift_m2 = 2000.0;
    p->tax_10k = 12.0;
    p->value_added_10k = 60.0;
    p = add(ds, "P3", 0, 0, -1, 1, LS_STATUS_EFFICIENT, LS_ACTION_RETAIN, 6000, 12000, 3000);
    p->tax_10k = 90.0;
    p = add(ds, "P4", 0, 0, -1, 0, LS_STATUS_NON_INDUSTRIAL, LS_ACTION_NONE, 1000, 5000, 0);
    p->tax_10k = 100.0;
    p = add(ds, "P5", 1, 0, -1, 1, LS_STATUS_RELOCATABLE, LS_ACTION_RELOCATE, 2000, 0, 0);
    p->reclaimable_mu = 3.0;
    p = add(ds, "P6", -1, 0, 0, 1, LS_STATUS_EFFICIENT, LS_ACTION_RETAIN, 1000, 1500, 1000);
    p->tax_10k = 3.0;
    /* site 1: 6 mu in D1, members P1 (3 mu, QK-1) and P5 (3 mu, QK-2), main block QK-1;
     * site 2: 3 mu in D1 with no member in a block */
    ds->sites = calloc(2, sizeof(*ds->sites));
    ds->nsites = 2;
    size_t *members = calloc(2, sizeof(size_t));
    members[0] = 0; /* P1 */
    members[1] = 4; /* P5 */
    ds->sites[0] = (ls__site){.site_id = 1,
                              .area_mu = 6.0,
                              .block_id = "QK-1",
                              .district = "D1",
                              .nparcels = 2,
                              .parcels = members};
    ds->sites[1] = (ls__site){.site_id = 2, .area_mu = 3.0, .block_id = NULL, .district = "D1"};
    ds->parcels[0].site_id = ds->parcels[4].site_id = 1;
    *state = fx;
    return 0;
}

static void test_aggregate__block_counts_and_mu(void **state)
{
    fixture *fx = *state;
    assert_int_equal(ls__aggregate(fx->ctx, &fx->ds), LS_OK);
    const ls__totals *t = &fx->ds.block_totals[0];
    assert_int_equal(t->parcel_count, 4);            /* P1–P4, industrial or not */
    assert_int_equal(t->industrial_count, 3);        /* P1–P3 */
    tgeom_assert_near(t->industrial_mu, 18.0, 1e-9); /* 3 + 6 + 9 */
    assert_int_equal(t->status_count[LS_STATUS_IDLE], 1);
    tgeom_assert_near(t->status_mu[LS_STATUS_IDLE], 3.0, 1e-9);
    assert_int_equal(t->status_count[LS_STATUS_LOW_EFFICIENCY], 1);
    tgeom_assert_near(t->status_mu[LS_STATUS_LOW_EFFICIENCY], 6.0, 1e-9);
    assert_int_equal(t->status_count[LS_STATUS_EFFICIENT], 1);
    tgeom_assert_near(t->status_mu[LS_STATUS_EFFICIENT], 9.0, 1e-9);
    assert_int_equal(t->status_count[LS_STATUS_RELOCATABLE], 0);
    tgeom_assert_near(t->status_mu[LS_STATUS_RELOCATABLE], 0.0, 0.0);
    assert_int_equal(t->status_count[LS_STATUS_NON_INDUSTRIAL], 1);
    tgeom_assert_near(t->status_mu[LS_STATUS_NON_INDUSTRIAL], 1.5, 1e-9);
    assert_int_equal(t->action_count[LS_ACTION_RECLAIM], 1);
    tgeom_assert_near(t->action_mu[LS_ACTION_RECLAIM], 3.0, 1e-9);
    assert_int_equal(t->action_count[LS_ACTION_UPGRADE], 1);
    assert_int_equal(t->action_count[LS_ACTION_RETAIN], 1);
    assert_int_equal(t->action_count[LS_ACTION_NONE], 1);
    assert_int_equal(t->action_count[LS_ACTION_RELOCATE], 0);
}

static void test_aggregate__block_sums_and_ratios(void **state)
{
    fixture *fx = *state;
    assert_int_equal(ls__aggregate(fx->ctx, &fx->ds), LS_OK);
    const ls__totals *t = &fx->ds.block_totals[0];
    tgeom_assert_near(t->reclaimable_mu, 6.0, 1e-9); /* 3 + 3, each parcel once */
    tgeom_assert_near(t->far_uplift_m2, 2000.0, 1e-9);
    /* area-weighted FAR over industrial parcels: (0 + 2000 + 12000) / (2000 + 4000 + 6000) */
    tgeom_assert_near(t->far, 14000.0 / 12000.0, 1e-12);
    /* tax per mu over P2 and P3 (P1 has no tax, P4 is not industrial): 102 / 15 */
    tgeom_assert_near(t->tax_per_mu, 6.8, 1e-12);
    /* VA per mu over P2 only: 60 / 6 */
    tgeom_assert_near(t->value_added_per_mu, 10.0, 1e-12);
    /* (2000 + 4000 + 3000) m² × 15 / 10000 */
    tgeom_assert_near(t->inside_control_mu, 13.5, 1e-9);
    /* a block counts only its own member parcels of a site (domain.md §7): P1's 3 mu of the
     * 6 mu site 1, whose other member P5 lies in QK-2 */
    assert_int_equal(t->site_count, 1);
    tgeom_assert_near(t->site_mu, 3.0, 1e-12);
}

static void test_aggregate__no_data_gives_nan(void **state)
{
    fixture *fx = *state;
    assert_int_equal(ls__aggregate(fx->ctx, &fx->ds), LS_OK);
    const ls__totals *t = &fx->ds.block_totals[1]; /* P5 only: no tax, no VA, no floor area */
    assert_int_equal(t->parcel_count, 1);
    assert_int_equal(t->status_count[LS_STATUS_RELOCATABLE], 1);
    assert_int_equal(t->action_count[LS_ACTION_RELOCATE], 1);
    tgeom_assert_near(t->action_mu[LS_ACTION_RELOCATE], 3.0, 1e-9);
    tgeom_assert_near(t->reclaimable_mu, 3.0, 1e-9);
    assert_true(isnan(t->tax_per_mu));
    assert_true(isnan(t->value_added_per_mu));
    tgeom_assert_near(t->far, 0.0, 0.0); /* built nothing: 0, a measure */
    /* P5 is a member of site 1 (main block QK-1): QK-2 counts the site and P5's 3 mu */
    assert_int_equal(t->site_count, 1);
    tgeom_assert_near(t->site_mu, 3.0, 1e-12);
}

static void test_aggregate__district_totals(void **state)
{
    fixture *fx = *state;
    assert_int_equal(ls__aggregate(fx->ctx, &fx->ds), LS_OK);
    const ls__totals *t = &fx->ds.district_totals[0];
    assert_int_equal(t->parcel_count, 6);
    assert_int_equal(t->industrial_count, 5);
    tgeom_assert_near(t->industrial_mu, 22.5, 1e-9); /* 18 + 3 + 1.5 */
    tgeom_assert_near(t->reclaimable_mu, 9.0, 1e-9); /* 3 + 3 + 3 */
    /* (14000 + 0 + 1500) / (12000 + 2000 + 1000) */
    tgeom_assert_near(t->far, 15500.0 / 15000.0, 1e-12);
    /* (12 + 90 + 3) / (6 + 9 + 1.5) */
    tgeom_assert_near(t->tax_per_mu, 105.0 / 16.5, 1e-12);
    tgeom_assert_near(t->value_added_per_mu, 10.0, 1e-12);
    assert_int_equal(t->status_count[LS_STATUS_EFFICIENT], 2);
    tgeom_assert_near(t->status_mu[LS_STATUS_EFFICIENT], 10.5, 1e-9);
    /* (2000 + 4000 + 3000 + 0 + 1000) × 15 / 10000 */
    tgeom_assert_near(t->inside_control_mu, 15.0, 1e-9);
    assert_int_equal(t->site_count, 2);
    tgeom_assert_near(t->site_mu, 9.0, 1e-12);
}

static void test_aggregate__town_totals(void **state)
{
    fixture *fx = *state;
    assert_int_equal(ls__aggregate(fx->ctx, &fx->ds), LS_OK);
    const ls__totals *t = &fx->ds.town_totals[0];
    assert_int_equal(t->parcel_count, 1);
    tgeom_assert_near(t->far, 1.5, 1e-12);        /* 1500 / 1000 */
    tgeom_assert_near(t->tax_per_mu, 2.0, 1e-12); /* 3 / 1.5 */
    assert_true(isnan(t->value_added_per_mu));
}

static void test_aggregate__totals_add_and_finish_directly(void **state)
{
    (void)state;
    ls__totals t;
    memset(&t, 0, sizeof(t));
    ls__totals_finish(&t);
    /* nothing added: FAR 0, per-mu NULL */
    tgeom_assert_near(t.far, 0.0, 0.0);
    assert_true(isnan(t.tax_per_mu));
    assert_true(isnan(t.value_added_per_mu));

    ls__parcel p;
    memset(&p, 0, sizeof(p));
    p.industrial = 1;
    p.status = LS_STATUS_LOW_EFFICIENCY;
    p.action = LS_ACTION_UPGRADE;
    p.area_m2 = 6666.666666666667; /* 10 mu */
    p.area_mu = 10.0;
    p.floor_area_m2 = 3333.3333333333335;
    p.tax_10k = 25.0;
    p.value_added_10k = NAN;
    memset(&t, 0, sizeof(t));
    ls__totals_add(&t, &p);
    ls__totals_add(&t, &p);
    ls__totals_finish(&t);
    assert_int_equal(t.parcel_count, 2);
    assert_int_equal(t.status_count[LS_STATUS_LOW_EFFICIENCY], 2);
    tgeom_assert_near(t.status_mu[LS_STATUS_LOW_EFFICIENCY], 20.0, 1e-12);
    tgeom_assert_near(t.far, 0.5, 1e-12);
    tgeom_assert_near(t.tax_per_mu, 2.5, 1e-12); /* 50 / 20 */
    assert_true(isnan(t.value_added_per_mu));
}

static void test_aggregate__no_areas(void **state)
{
    (void)state;
    ls_context *ctx = NULL;
    assert_int_equal(ls_context_new(&ctx), LS_OK);
    ls__dataset ds;
    tgeom_ds_init(&ds);
    ls__parcel *p = add(&ds, "P1", -1, -1, -1, 1, LS_STATUS_IDLE, LS_ACTION_RECLAIM, 2000, 0, 0);
    p->reclaimable_mu = 3.0;
    /* no blocks, districts or towns: nothing to total, still a success */
    assert_int_equal(ls__aggregate(ctx, &ds), LS_OK);
    assert_non_null(ds.block_totals);
    assert_int_equal(ds.block_totals[0].parcel_count, 0);
    ls__dataset_free(&ds);
    ls_context_free(ctx);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_aggregate__block_counts_and_mu),
        T(test_aggregate__block_sums_and_ratios),
        T(test_aggregate__no_data_gives_nan),
        T(test_aggregate__district_totals),
        T(test_aggregate__town_totals),
        cmocka_unit_test(test_aggregate__totals_add_and_finish_directly),
        cmocka_unit_test(test_aggregate__no_areas),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
