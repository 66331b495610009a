/*
 * test_measure.c — the measure stage (src/lib/measure.c, domain.md §1): building floor
 * areas (given as is; area × floors; a storey higher than 8 m counts twice, strictly;
 * neither floors nor floor area → unknown (NULL) and a data_quality row; per-parcel facts), the
 * enterprise ↔ parcel join (by the record's parcel_id, by the parcels' enterprise_id split by area,
 * by location), and the per-parcel measures (FAR, coverage, sums, per-mu figures, NAN when no
 * data).
 *
 * Parcels are built from WKT with their area set by hand (the overlay stage normally sets
 * it): a W × H m rectangle has W·H m² and W·H × 15 / 10000 mu.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "geom_asserts.h"
#include "measure.h"
#include "policy_fixtures.h"

typedef struct fixture {
    ls_context *ctx;
    ls_rules *rules;
    ls__dataset ds;
} fixture;

static int setup(void **state)
{
    fixture *fx = calloc(1, sizeof(*fx));
    if (!fx || ls_context_new(&fx->ctx) != LS_OK)
        return -1;
    fx->rules = ls_test_rules_new(); /* tall_storey_m = 8 */
    tgeom_ds_init(&fx->ds);
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    ls__dataset_free(&fx->ds);
    ls_test_rules_free(fx->rules);
    ls_context_free(fx->ctx);
    free(fx);
    return 0;
}

/* A parcel with its area set as the overlay would (area_m2 by hand). */
static size_t add_parcel(ls__dataset *ds, const char *id, const char *wkt, double area_m2)
{
    size_t i = tgeom_add_parcel(ds, id, wkt);
    ds->parcels[i].area_m2 = area_m2;
    ds->parcels[i].area_mu = area_m2 * 15.0 / 10000.0;
    return i;
}

/* --- building floor areas --- */

static void test_measure__given_floor_area_taken_as_is(void **state)
{
    fixture *fx = *state;
    /* 20 × 10 = 200 m², 3 floors, 30 m high — but the record says 1234 m²: use it */
    size_t b =
        tgeom_add_building(&fx->ds, "POLYGON ((0 0, 20 0, 20 10, 0 10, 0 0))", 3, 30, 1234.0);
    fx->ds.buildings[b].floor_area_m2 = -1; /* must be overwritten */
    assert_int_equal(ls__measure_buildings(fx->ctx, &fx->ds, fx->rules), LS_OK);
    tgeom_assert_near(fx->ds.buildings[b].floor_area_m2, 1234.0, 0.0);
    assert_int_equal(fx->ds.dq.n, 0);
}

static void test_measure__floors_times_area(void **state)
{
    fixture *fx = *state;
    size_t b = tgeom_add_building(&fx->ds, "POLYGON ((0 0, 20 0, 20 10, 0 10, 0 0))", 3, NAN, NAN);
    fx->ds.buildings[b].floor_area_m2 = -1;
    assert_int_equal(ls__measure_buildings(fx->ctx, &fx->ds, fx->rules), LS_OK);
    tgeom_assert_near(fx->ds.buildings[b].floor_area_m2, 600.0, 1e-9); /* 200 × 3 */
}

static void test_measure__tall_storey_doubles(void **state)
{
    fixture *fx = *state;
    /* 17 m / 2 floors = 8.5 m > 8 → 4 storeys: 200 × 4 */
    size_t b = tgeom_add_building(&fx->ds, "POLYGON ((0 0, 20 0, 20 10, 0 10, 0 0))", 2, 17, NAN);
    /* a one-storey 12 m shed (> 8): 50 × 2 */
    size_t s = tgeom_add_building(&fx->ds, "POLYGON ((30 0, 40 0, 40 5, 30 5, 30 0))", 1, 12, NAN);
    assert_int_equal(ls__measure_buildings(fx->ctx, &fx->ds, fx->rules), LS_OK);
    tgeom_assert_near(fx->ds.buildings[b].floor_area_m2, 800.0, 1e-9);
    tgeom_assert_near(fx->ds.buildings[s].floor_area_m2, 100.0, 1e-9);
}

static void test_measure__storey_exactly_8_not_doubled(void **state)
{
    fixture *fx = *state;
    /* 16 m / 2 floors = 8 m, not strictly greater: 200 × 2 */
    size_t b = tgeom_add_building(&fx->ds, "POLYGON ((0 0, 20 0, 20 10, 0 10, 0 0))", 2, 16, NAN);
    assert_int_equal(ls__measure_buildings(fx->ctx, &fx->ds, fx->rules), LS_OK);
    tgeom_assert_near(fx->ds.buildings[b].floor_area_m2, 400.0, 1e-9);
}

static void test_measure__tall_storey_rule_off(void **state)
{
    fixture *fx = *state;
    fx->rules->tall_storey_m = NAN; /* switched off */
    size_t b = tgeom_add_building(&fx->ds, "POLYGON ((0 0, 20 0, 20 10, 0 10, 0 0))", 2, 40, NAN);
    assert_int_equal(ls__measure_buildings(fx->ctx, &fx->ds, fx->rules), LS_OK);
    tgeom_assert_near(fx->ds.buildings[b].floor_area_m2, 400.0, 1e-9);
}

/* Neither floors nor floor area: the floor area is unknown (NAN, never one storey), with a
 * data_quality row (domain.md §1). */
static void test_measure__missing_floors_unknown_with_dq(void **state)
{
    fixture *fx = *state;
    size_t b =
        tgeom_add_building(&fx->ds, "POLYGON ((0 0, 20 0, 20 10, 0 10, 0 0))", NAN, NAN, NAN);
    assert_int_equal(ls__measure_buildings(fx->ctx, &fx->ds, fx->rules), LS_OK);
    assert_true(isnan(fx->ds.buildings[b].floor_area_m2));
    tgeom_assert_dq(&fx->ds, "buildings", "fid 1",
                    "floor area unknown (neither floors nor floor area given)", 1);
    assert_string_equal(fx->ds.dq.rows[0].action,
                        "parcel floor_area_m2, far and far_uplift_m2 left NULL");
}

/* --- per-parcel measures --- */

/* A parcel whose floor area is unknown (NAN from the overlay) has far NULL; its lower bound
 * 1200 m² on 2000 m² gives far_lower 0.6. */
static void test_measure__unknown_floor_area_far_null_lower_bound(void **state)
{
    fixture *fx = *state;
    size_t p = add_parcel(&fx->ds, "P1", "POLYGON ((0 0, 50 0, 50 40, 0 40, 0 0))", 2000.0);
    fx->ds.parcels[p].floor_area_m2 = NAN;
    fx->ds.parcels[p].floor_lower_m2 = 1200.0;
    assert_int_equal(ls__measure_parcels(fx->ctx, &fx->ds), LS_OK);
    assert_true(isnan(fx->ds.parcels[p].far));
    tgeom_assert_near(fx->ds.parcels[p].far_lower, 0.6, 1e-12);
}

/* E1 has a halted record on P1 (since 2020-01-01) and a producing record on P2 with arrears
 * 3 y: P1 sees halted / since 2020 / no arrears, P2 producing / arrears 3; the enterprise
 * itself is partial, halted since 2020, arrears 3 — the same in both row orders. */
static void per_parcel_case(fixture *fx, int reversed)
{
    add_parcel(&fx->ds, "P1", "POLYGON ((0 0, 50 0, 50 40, 0 40, 0 0))", 2000.0);
    add_parcel(&fx->ds, "P2", "POLYGON ((100 0, 150 0, 150 40, 100 40, 100 0))", 2000.0);
    for (int r = 0; r < 2; r++) {
        int which = reversed ? 1 - r : r;
        size_t e = tgeom_add_enterprise(&fx->ds, "E1");
        ls__enterprise *en = &fx->ds.enterprises[e];
        en->row = r + 1;
        en->parcel_id = strdup(which == 0 ? "P1" : "P2");
        en->status = strdup(which == 0 ? "halted" : "producing");
        if (which == 0)
            en->halted_since = ls_test_days_before(6 * 365);
        else
            en->land_tax_arrears_years = 3.0;
    }
    assert_int_equal(ls__measure_parcels(fx->ctx, &fx->ds), LS_OK);
    assert_int_equal(fx->ds.nenterprises, 1);
    const ls__enterprise *en = &fx->ds.enterprises[0];
    assert_string_equal(en->status, "partial");
    assert_int_equal(en->halted_since, ls_test_days_before(6 * 365));
    tgeom_assert_near(en->land_tax_arrears_years, 3.0, 0);
    const ls__parcel *p1 = &fx->ds.parcels[0], *p2 = &fx->ds.parcels[1];
    assert_int_equal(p1->nent, 1);
    assert_non_null(p1->facts);
    assert_string_equal(p1->facts[0].status, "halted");
    assert_int_equal(p1->facts[0].halted_since, ls_test_days_before(6 * 365));
    assert_true(isnan(p1->facts[0].land_tax_arrears_years));
    assert_string_equal(p2->facts[0].status, "producing");
    assert_int_equal(p2->facts[0].halted_since, LS_NO_DATE);
    tgeom_assert_near(p2->facts[0].land_tax_arrears_years, 3.0, 0);
}

static void test_measure__per_parcel_facts_any_row_order(void **state)
{
    fixture *fx = *state;
    per_parcel_case(fx, 0);
    ls__dataset_free(&fx->ds);
    tgeom_ds_init(&fx->ds);
    per_parcel_case(fx, 1);
}

static void test_measure__far_and_coverage(void **state)
{
    fixture *fx = *state;
    size_t p = add_parcel(&fx->ds, "P1", "POLYGON ((0 0, 50 0, 50 40, 0 40, 0 0))", 2000.0);
    fx->ds.parcels[p].footprint_m2 = 800.0;
    fx->ds.parcels[p].floor_area_m2 = 3000.0;
    size_t q = add_parcel(&fx->ds, "P2", "POLYGON ((100 0, 110 0, 110 10, 100 10, 100 0))", 100.0);
    assert_int_equal(ls__measure_parcels(fx->ctx, &fx->ds), LS_OK);
    tgeom_assert_near(fx->ds.parcels[p].far, 1.5, 1e-12);      /* 3000 / 2000 */
    tgeom_assert_near(fx->ds.parcels[p].coverage, 0.4, 1e-12); /* 800 / 2000 */
    /* nothing built: 0, not NULL */
    tgeom_assert_near(fx->ds.parcels[q].far, 0.0, 0.0);
    tgeom_assert_near(fx->ds.parcels[q].coverage, 0.0, 0.0);
    /* no enterprises at all: every sum and per-mu figure NULL */
    assert_true(isnan(fx->ds.parcels[p].tax_10k));
    assert_true(isnan(fx->ds.parcels[p].tax_per_mu));
    assert_true(isnan(fx->ds.parcels[p].value_added_per_mu));
    assert_true(isnan(fx->ds.parcels[p].energy_per_va));
}

static void test_measure__join_by_parcel_id(void **state)
{
    fixture *fx = *state;
    add_parcel(&fx->ds, "P1", "POLYGON ((0 0, 50 0, 50 40, 0 40, 0 0))", 2000.0);
    size_t p2 =
        add_parcel(&fx->ds, "P2", "POLYGON ((100 0, 150 0, 150 40, 100 40, 100 0))", 2000.0);
    size_t e = tgeom_add_enterprise(&fx->ds, "E1");
    ls__enterprise *en = &fx->ds.enterprises[e];
    en->parcel_id = strdup("P2");
    en->tax_10k = 12.0;
    en->value_added_10k = 60.0;
    en->energy_tce = 15.0;
    /* a point on P1 does not matter: the key wins */
    en->has_point = 1;
    en->x = 10;
    en->y = 10;
    assert_int_equal(ls__measure_parcels(fx->ctx, &fx->ds), LS_OK);
    en = &fx->ds.enterprises[e];
    assert_int_equal(en->nparcels, 1);
    assert_int_equal(en->parcels[0], p2);
    tgeom_assert_near(en->land_mu, 3.0, 1e-12); /* 2000 × 15 / 10000 */
    const ls__parcel *p = &fx->ds.parcels[p2];
    assert_int_equal(p->nent, 1);
    tgeom_assert_near(p->tax_10k, 12.0, 1e-12);
    tgeom_assert_near(p->tax_per_mu, 4.0, 1e-12);          /* 12 / 3 mu */
    tgeom_assert_near(p->value_added_per_mu, 20.0, 1e-12); /* 60 / 3 */
    tgeom_assert_near(p->energy_per_va, 0.25, 1e-12);      /* 15 / 60 */
    assert_int_equal(fx->ds.parcels[0].nent, 0);
    assert_true(isnan(fx->ds.parcels[0].tax_per_mu));
}

static void test_measure__parcel_id_not_found(void **state)
{
    fixture *fx = *state;
    add_parcel(&fx->ds, "P1", "POLYGON ((0 0, 50 0, 50 40, 0 40, 0 0))", 2000.0);
    size_t e = tgeom_add_enterprise(&fx->ds, "E1");
    fx->ds.enterprises[e].parcel_id = strdup("P9");
    fx->ds.enterprises[e].tax_10k = 5.0;
    assert_int_equal(ls__measure_parcels(fx->ctx, &fx->ds), LS_OK);
    assert_int_equal(fx->ds.enterprises[e].nparcels, 0);
    tgeom_assert_dq(&fx->ds, "enterprises", "E1", "parcel id P9 not found among parcels", 1);
    assert_string_equal(fx->ds.dq.rows[0].action, "enterprise on no parcel");
    assert_true(isnan(fx->ds.parcels[0].tax_10k));
}

static void test_measure__parcel_id_not_found_falls_back_to_location(void **state)
{
    fixture *fx = *state;
    size_t p1 = add_parcel(&fx->ds, "P1", "POLYGON ((0 0, 50 0, 50 40, 0 40, 0 0))", 2000.0);
    size_t e = tgeom_add_enterprise(&fx->ds, "E1");
    ls__enterprise *en = &fx->ds.enterprises[e];
    en->parcel_id = strdup("P9");
    en->has_point = 1;
    en->x = 25;
    en->y = 20;
    assert_int_equal(ls__measure_parcels(fx->ctx, &fx->ds), LS_OK);
    assert_int_equal(fx->ds.enterprises[e].nparcels, 1);
    assert_int_equal(fx->ds.enterprises[e].parcels[0], p1);
    tgeom_assert_dq(&fx->ds, "enterprises", "E1", "parcel id P9 not found", 1);
    assert_string_equal(fx->ds.dq.rows[0].action, "joined by location instead");
}

static void test_measure__join_by_parcel_enterprise_id_split_by_area(void **state)
{
    fixture *fx = *state;
    /* P1 1000 m² (1.5 mu), P2 3000 m² (4.5 mu), both carry the enterprise's credit code */
    size_t p1 = add_parcel(&fx->ds, "P1", "POLYGON ((0 0, 50 0, 50 20, 0 20, 0 0))", 1000.0);
    size_t p2 =
        add_parcel(&fx->ds, "P2", "POLYGON ((100 0, 160 0, 160 50, 100 50, 100 0))", 3000.0);
    size_t p3 = add_parcel(&fx->ds, "P3", "POLYGON ((200 0, 210 0, 210 10, 200 10, 200 0))", 100.0);
    fx->ds.parcels[p1].enterprise_id = strdup("91330200MA2XXXXX1");
    fx->ds.parcels[p2].enterprise_id = strdup("91330200MA2XXXXX1");
    fx->ds.parcels[p3].enterprise_id = strdup("91330200MA2YYYYY2");
    size_t e = tgeom_add_enterprise(&fx->ds, "91330200MA2XXXXX1");
    fx->ds.enterprises[e].tax_10k = 40.0;
    fx->ds.enterprises[e].value_added_10k = 100.0;
    assert_int_equal(ls__measure_parcels(fx->ctx, &fx->ds), LS_OK);
    const ls__enterprise *en = &fx->ds.enterprises[e];
    assert_int_equal(en->nparcels, 2);
    tgeom_assert_near(en->land_mu, 6.0, 1e-12); /* 4000 m² */
    /* split by area: 1/4 and 3/4 */
    tgeom_assert_near(fx->ds.parcels[p1].tax_10k, 10.0, 1e-12);
    tgeom_assert_near(fx->ds.parcels[p2].tax_10k, 30.0, 1e-12);
    tgeom_assert_near(fx->ds.parcels[p1].value_added_10k, 25.0, 1e-12);
    tgeom_assert_near(fx->ds.parcels[p2].value_added_10k, 75.0, 1e-12);
    /* the same per-mu figure on both: 40 / 6 */
    tgeom_assert_near(fx->ds.parcels[p1].tax_per_mu, 40.0 / 6.0, 1e-12);
    tgeom_assert_near(fx->ds.parcels[p2].tax_per_mu, 40.0 / 6.0, 1e-12);
    assert_int_equal(fx->ds.parcels[p3].nent, 0);
    assert_true(isnan(fx->ds.parcels[p3].tax_10k));
}

static void test_measure__join_by_location(void **state)
{
    fixture *fx = *state;
    size_t p1 = add_parcel(&fx->ds, "P1", "POLYGON ((0 0, 50 0, 50 40, 0 40, 0 0))", 2000.0);
    size_t p2 = add_parcel(&fx->ds, "P2", "POLYGON ((50 0, 100 0, 100 40, 50 40, 50 0))", 2000.0);
    size_t a = tgeom_add_enterprise(&fx->ds, "EA");
    size_t b = tgeom_add_enterprise(&fx->ds, "EB");
    size_t c = tgeom_add_enterprise(&fx->ds, "EC");
    fx->ds.enterprises[a].has_point = 1; /* inside P2 */
    fx->ds.enterprises[a].x = 75;
    fx->ds.enterprises[a].y = 20;
    fx->ds.enterprises[b].has_point = 1; /* on the shared edge: smallest id, P1 */
    fx->ds.enterprises[b].x = 50;
    fx->ds.enterprises[b].y = 20;
    fx->ds.enterprises[c].has_point = 1; /* on no parcel */
    fx->ds.enterprises[c].x = 500;
    fx->ds.enterprises[c].y = 500;
    assert_int_equal(ls__measure_parcels(fx->ctx, &fx->ds), LS_OK);
    assert_int_equal(fx->ds.enterprises[a].nparcels, 1);
    assert_int_equal(fx->ds.enterprises[a].parcels[0], p2);
    assert_int_equal(fx->ds.enterprises[b].nparcels, 1);
    assert_int_equal(fx->ds.enterprises[b].parcels[0], p1);
    assert_int_equal(fx->ds.enterprises[c].nparcels, 0);
    tgeom_assert_dq(&fx->ds, "enterprises", "EC", "point lies on no parcel", 1);
    assert_int_equal(fx->ds.parcels[p1].nent, 1);
    assert_int_equal(fx->ds.parcels[p2].nent, 1);
}

static void test_measure__no_key_no_location_recorded(void **state)
{
    fixture *fx = *state;
    add_parcel(&fx->ds, "P1", "POLYGON ((0 0, 50 0, 50 40, 0 40, 0 0))", 2000.0);
    size_t e = tgeom_add_enterprise(&fx->ds, "E1");
    assert_int_equal(ls__measure_parcels(fx->ctx, &fx->ds), LS_OK);
    assert_int_equal(fx->ds.enterprises[e].nparcels, 0);
    tgeom_assert_dq(&fx->ds, "enterprises", "E1", "no parcel id and no location", 1);
}

static void test_measure__sums_over_enterprises_nan_when_no_data(void **state)
{
    fixture *fx = *state;
    size_t p = add_parcel(&fx->ds, "P1", "POLYGON ((0 0, 50 0, 50 40, 0 40, 0 0))", 2000.0);
    /* owner with tax only, tenant with tax and VA, a third with no figures at all */
    const char *ids[] = {"OWNER", "TENANT", "BLANK"};
    for (size_t i = 0; i < 3; i++) {
        size_t e = tgeom_add_enterprise(&fx->ds, ids[i]);
        fx->ds.enterprises[e].parcel_id = strdup("P1");
    }
    fx->ds.enterprises[0].tax_10k = 9.0;
    fx->ds.enterprises[1].tax_10k = 3.0;
    fx->ds.enterprises[1].value_added_10k = 30.0;
    assert_int_equal(ls__measure_parcels(fx->ctx, &fx->ds), LS_OK);
    const ls__parcel *pp = &fx->ds.parcels[p];
    assert_int_equal(pp->nent, 3);
    tgeom_assert_near(pp->tax_10k, 12.0, 1e-12);
    tgeom_assert_near(pp->value_added_10k, 30.0, 1e-12);
    assert_true(isnan(pp->revenue_10k)); /* nobody reported it */
    assert_true(isnan(pp->energy_tce));
    assert_true(isnan(pp->energy_per_va));                  /* no energy */
    tgeom_assert_near(pp->tax_per_mu, 4.0, 1e-12);          /* 12 / 3 mu */
    tgeom_assert_near(pp->value_added_per_mu, 10.0, 1e-12); /* 30 / 3 mu */
}

static void test_measure__tax_per_mu_formula(void **state)
{
    fixture *fx = *state;
    /* 100 × 100 m = 10000 m² = 10000 × 15 / 10000 = 15 mu; tax 75 万元 → 5 万元/亩 */
    size_t p = add_parcel(&fx->ds, "P1", "POLYGON ((0 0, 100 0, 100 100, 0 100, 0 0))", 10000.0);
    size_t e = tgeom_add_enterprise(&fx->ds, "E1");
    fx->ds.enterprises[e].parcel_id = strdup("P1");
    fx->ds.enterprises[e].tax_10k = 75.0;
    assert_int_equal(ls__measure_parcels(fx->ctx, &fx->ds), LS_OK);
    tgeom_assert_near(fx->ds.parcels[p].tax_per_mu, 5.0, 1e-12);
    assert_true(isnan(fx->ds.parcels[p].value_added_per_mu));
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_measure__given_floor_area_taken_as_is),
        T(test_measure__floors_times_area),
        T(test_measure__tall_storey_doubles),
        T(test_measure__storey_exactly_8_not_doubled),
        T(test_measure__tall_storey_rule_off),
        T(test_measure__missing_floors_unknown_with_dq),
        T(test_measure__unknown_floor_area_far_null_lower_bound),
        T(test_measure__per_parcel_facts_any_row_order),
        T(test_measure__far_and_coverage),
        T(test_measure__join_by_parcel_id),
        T(test_measure__parcel_id_not_found),
        T(test_measure__parcel_id_not_found_falls_back_to_location),
        T(test_measure__join_by_parcel_enterprise_id_split_by_area),
        T(test_measure__join_by_location),
        T(test_measure__no_key_no_location_recorded),
        T(test_measure__sums_over_enterprises_nan_when_no_data),
        T(test_measure__tax_per_mu_formula),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
