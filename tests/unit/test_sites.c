/*
 * test_sites.c — consolidation sites (sites.c, domain.md §7) on small rectangles in metres.
 *
 * A 60 × 60 m parcel is 3600 m² = 3600 × 15 / 10000 = 5.4 mu; two of them make 10.8 mu ≥ 10
 * (site_min_mu), one alone is < 10. site_gap_m is 5 unless a test says otherwise.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "policy_fixtures.h"
#include "sites.h"

typedef struct fx {
    ls_context *ctx;
    ls_rules *rules;
    ls__dataset ds;
} fx;

static int fx_setup(void **state)
{
    fx *f = calloc(1, sizeof(*f));
    assert_non_null(f);
    assert_int_equal(ls_context_new(&f->ctx), LS_OK);
    f->rules = ls_test_rules_new();
    *state = f;
    return 0;
}

static int fx_teardown(void **state)
{
    fx *f = *state;
    ls__dataset_free(&f->ds);
    ls_test_rules_free(f->rules);
    ls_context_free(f->ctx);
    free(f);
    return 0;
}

/* Parcel i becomes the rectangle with action a; area_mu from its area. */
static void place(fx *f, size_t i, double x0, double y0, double x1, double y1, ls__action a,
                  const char *district)
{
    ls__parcel *p = &f->ds.parcels[i];
    p->geom = ls_test_rect(&f->ds, x0, y0, x1, y1);
    p->area_m2 = (x1 - x0) * (y1 - y0);
    p->area_mu = p->area_m2 * 15.0 / 10000.0;
    p->action = a;
    p->district = district;
}

static double geom_area(fx *f, const GEOSGeometry *g)
{
    double a = 0;
    assert_int_equal(GEOSArea_r(f->ds.geos, g, &a), 1);
    return a;
}

/* P1 and P2 across a 4 m road (x 60 → 64), P3 isolated (3.75 mu), P4 touching P1 but retained.
 * Site 1 = {P1, P2}, 5.4 + 5.4 = 10.8 mu; the polygon is the union of the two (a MultiPolygon
 * of 7200 m², the road not filled in); P3 alone is 50 × 50 = 2500 m² = 3.75 mu < 10: no site. */
static void test_sites__gap_4m_joins_isolated_small_dropped(void **state)
{
    fx *f = *state;
    ls_test_dataset_init(&f->ds, 4, 0);
    place(f, 0, 0, 0, 60, 60, LS_ACTION_RECLAIM, "海曙区");
    place(f, 1, 64, 0, 124, 60, LS_ACTION_RELOCATE, "海曙区");
    place(f, 2, 500, 500, 550, 550, LS_ACTION_RECLAIM, "海曙区");
    place(f, 3, 0, 60, 60, 120, LS_ACTION_RETAIN, "海曙区");
    f->ds.parcels[0].block_id = "Q1";
    f->ds.parcels[1].block_id = "Q1";
    assert_int_equal(ls__sites_build(f->ctx, &f->ds, f->rules), LS_OK);
    assert_int_equal(f->ds.nsites, 1);
    ls__site *s = &f->ds.sites[0];
    assert_int_equal(s->site_id, 1);
    assert_float_equal(s->area_mu, 10.8, 1e-9);
    assert_int_equal(s->nparcels, 2);
    assert_int_equal(s->parcels[0], 0);
    assert_int_equal(s->parcels[1], 1);
    assert_string_equal(s->district, "海曙区");
    assert_string_equal(s->block_id, "Q1");
    assert_float_equal(geom_area(f, s->geom), 7200.0, 1e-6);
    assert_int_equal(GEOSGeomTypeId_r(f->ds.geos, s->geom), GEOS_MULTIPOLYGON);
    assert_int_equal(f->ds.parcels[0].site_id, 1);
    assert_int_equal(f->ds.parcels[1].site_id, 1);
    assert_int_equal(f->ds.parcels[2].site_id, 0);
    assert_int_equal(f->ds.parcels[3].site_id, 0);
}

/* Gap exactly 5 m = site_gap_m: connected (≤). 6 m: two 5.4 mu parcels, no site. */
static void test_sites__gap_boundary(void **state)
{
    fx *f = *state;
    ls_test_dataset_init(&f->ds, 2, 0);
    place(f, 0, 0, 0, 60, 60, LS_ACTION_RECLAIM, NULL);
    place(f, 1, 65, 0, 125, 60, LS_ACTION_RECLAIM, NULL);
    assert_int_equal(ls__sites_build(f->ctx, &f->ds, f->rules), LS_OK);
    assert_int_equal(f->ds.nsites, 1);
    assert_null(f->ds.sites[0].district);
    assert_null(f->ds.sites[0].block_id);
    f->rules->site_gap_m = 4.99;
    assert_int_equal(ls__sites_build(f->ctx, &f->ds, f->rules), LS_OK);
    assert_int_equal(f->ds.nsites, 0);
    assert_int_equal(f->ds.parcels[0].site_id, 0);
}

/* Touching parcels in different districts do not join. */
static void test_sites__district_separates(void **state)
{
    fx *f = *state;
    ls_test_dataset_init(&f->ds, 2, 0);
    place(f, 0, 0, 0, 60, 60, LS_ACTION_RECLAIM, "A区");
    place(f, 1, 60, 0, 120, 60, LS_ACTION_RECLAIM, "B区");
    assert_int_equal(ls__sites_build(f->ctx, &f->ds, f->rules), LS_OK);
    assert_int_equal(f->ds.nsites, 0);
}

/* Sites are ordered by district ("A" before "B", no district last) and numbered 1, 2, 3;
 * each pair of 60 × 60 m touching parcels is one Polygon of 7200 m² = 10.8 mu > 10. A site
 * must be LARGER than site_min_mu (domain.md §7, seed 004 "10亩以下…不再供地"): with
 * site_min_mu = 10.8 (7200 × 15 / 10000 = 10.8 exactly) every pair is dropped, at 10.79 kept. */
static void test_sites__min_mu_and_order(void **state)
{
    fx *f = *state;
    ls_test_dataset_init(&f->ds, 6, 0);
    place(f, 0, 0, 0, 60, 60, LS_ACTION_RECLAIM, NULL);
    place(f, 1, 60, 0, 120, 60, LS_ACTION_RECLAIM, NULL);
    place(f, 2, 1000, 0, 1060, 60, LS_ACTION_RECLAIM, "B");
    place(f, 3, 1060, 0, 1120, 60, LS_ACTION_RECLAIM, "B");
    place(f, 4, 2000, 0, 2060, 60, LS_ACTION_RECLAIM, "A");
    place(f, 5, 2060, 0, 2120, 60, LS_ACTION_RECLAIM, "A");
    f->ds.parcels[4].block_id = "Q9";
    f->ds.parcels[5].block_id = "Q2"; /* 5.4 mu each: tie → smallest id Q2 */
    assert_int_equal(ls__sites_build(f->ctx, &f->ds, f->rules), LS_OK);
    assert_int_equal(f->ds.nsites, 3);
    assert_string_equal(f->ds.sites[0].district, "A");
    assert_float_equal(f->ds.sites[0].area_mu, 10.8, 1e-12);
    assert_string_equal(f->ds.sites[0].block_id, "Q2");
    assert_string_equal(f->ds.sites[1].district, "B");
    assert_null(f->ds.sites[2].district);
    assert_int_equal(f->ds.parcels[4].site_id, 1);
    assert_int_equal(f->ds.parcels[2].site_id, 2);
    assert_int_equal(f->ds.parcels[0].site_id, 3);
    assert_int_equal(GEOSGeomTypeId_r(f->ds.geos, f->ds.sites[2].geom), GEOS_POLYGON);
    assert_float_equal(geom_area(f, f->ds.sites[2].geom), 7200.0, 1e-6);
    /* exactly site_min_mu: too small */
    f->rules->site_min_mu = 10.8;
    assert_int_equal(ls__sites_build(f->ctx, &f->ds, f->rules), LS_OK);
    assert_int_equal(f->ds.nsites, 0);
    assert_int_equal(f->ds.parcels[4].site_id, 0);
    /* just below the union's size: kept */
    f->rules->site_min_mu = 10.79;
    assert_int_equal(ls__sites_build(f->ctx, &f->ds, f->rules), LS_OK);
    assert_int_equal(f->ds.nsites, 3);
}

/* Overlapping parcels: P1 = 0–80 × 0–60 (4800 m², 7.2 mu) and P2 = 40–120 × 0–60 (7.2 mu)
 * overlap on 40–80 (2400 m²). Σ members = 14.4 mu, but the site's area is its union polygon,
 * 120 × 60 = 7200 m² = 10.8 mu (domain.md §1, §7). With site_min_mu 11 the member sum (14.4)
 * would pass but the union (10.8) does not: no site. */
static void test_sites__area_from_union_of_overlapping_parcels(void **state)
{
    fx *f = *state;
    ls_test_dataset_init(&f->ds, 2, 0);
    place(f, 0, 0, 0, 80, 60, LS_ACTION_RECLAIM, "A");
    place(f, 1, 40, 0, 120, 60, LS_ACTION_RELOCATE, "A");
    assert_int_equal(ls__sites_build(f->ctx, &f->ds, f->rules), LS_OK);
    assert_int_equal(f->ds.nsites, 1);
    assert_float_equal(f->ds.sites[0].area_mu, 10.8, 1e-9);
    assert_float_equal(geom_area(f, f->ds.sites[0].geom), 7200.0, 1e-6);
    f->rules->site_min_mu = 11.0;
    assert_int_equal(ls__sites_build(f->ctx, &f->ds, f->rules), LS_OK);
    assert_int_equal(f->ds.nsites, 0);
}

/* A chain P1–P2–P3 (each link 4 m) is one component even though P1 and P3 are 128 m apart;
 * members are listed by parcel_id and site ids follow the smallest member id. */
static void test_sites__chain_and_member_order(void **state)
{
    fx *f = *state;
    ls_test_dataset_init(&f->ds, 3, 0);
    place(f, 0, 128, 0, 188, 60, LS_ACTION_RECLAIM, "D");
    place(f, 1, 64, 0, 124, 60, LS_ACTION_RECLAIM, "D");
    place(f, 2, 0, 0, 60, 60, LS_ACTION_RECLAIM, "D");
    ls_test_set(&f->ds.parcels[0].parcel_id, "Z3");
    ls_test_set(&f->ds.parcels[1].parcel_id, "Z2");
    ls_test_set(&f->ds.parcels[2].parcel_id, "Z1");
    assert_int_equal(ls__sites_build(f->ctx, &f->ds, f->rules), LS_OK);
    assert_int_equal(f->ds.nsites, 1);
    assert_int_equal(f->ds.sites[0].nparcels, 3);
    assert_int_equal(f->ds.sites[0].parcels[0], 2);         /* Z1 */
    assert_int_equal(f->ds.sites[0].parcels[1], 1);         /* Z2 */
    assert_int_equal(f->ds.sites[0].parcels[2], 0);         /* Z3 */
    assert_float_equal(f->ds.sites[0].area_mu, 16.2, 1e-9); /* 3 × 5.4 */
}

static void test_sites__no_candidates(void **state)
{
    fx *f = *state;
    ls_test_dataset_init(&f->ds, 1, 0);
    place(f, 0, 0, 0, 200, 200, LS_ACTION_UPGRADE, NULL);
    assert_int_equal(ls__sites_build(f->ctx, &f->ds, f->rules), LS_OK);
    assert_int_equal(f->ds.nsites, 0);
    assert_null(f->ds.sites);
}

#define T(name) cmocka_unit_test_setup_teardown(name, fx_setup, fx_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_sites__gap_4m_joins_isolated_small_dropped),
        T(test_sites__gap_boundary),
        T(test_sites__district_separates),
        T(test_sites__min_mu_and_order),
        T(test_sites__area_from_union_of_overlapping_parcels),
        T(test_sites__chain_and_member_order),
        T(test_sites__no_candidates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
