/*
 * test_parcel_overlaps.c — parcels overlapping each other (parcel_overlaps.c, domain.md §1):
 * one data_quality row per pair overlapping by more than overlap_tolerance_m2, none for
 * neighbours that only share an edge or overlap by a sliver within the tolerance.
 *
 * Expected overlaps are rectangle arithmetic, written next to each assert.
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
#include "parcel_overlaps.h"

typedef struct fixture {
    ls_context *ctx;
    ls__dataset ds;
} fixture;

static int setup(void **state)
{
    fixture *fx = calloc(1, sizeof(*fx));
    if (!fx || ls_context_new(&fx->ctx) != LS_OK)
        return -1;
    tgeom_ds_init(&fx->ds);
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    ls__dataset_free(&fx->ds);
    ls_context_free(fx->ctx);
    free(fx);
    return 0;
}

/* P1 0–100 × 0–100; P2 90–190 × 0–100 overlaps P1 on 90–100 × 0–100 = 1000 m²; P3 190–290
 * shares an edge with P2 (0 m²); P4 289.995–300 × 0–100 overlaps P3 by 0.005 × 100 = 0.5 m²
 * (within the 1 m² tolerance); P5 inside P1 (10–20 × 10–20) overlaps it by 100 m². */
static void test_parcel_overlaps__pairs_above_tolerance(void **state)
{
    fixture *fx = *state;
    tgeom_add_parcel(&fx->ds, "P1", "POLYGON ((0 0, 100 0, 100 100, 0 100, 0 0))");
    tgeom_add_parcel(&fx->ds, "P2", "POLYGON ((90 0, 190 0, 190 100, 90 100, 90 0))");
    tgeom_add_parcel(&fx->ds, "P3", "POLYGON ((190 0, 290 0, 290 100, 190 100, 190 0))");
    tgeom_add_parcel(&fx->ds, "P4",
                     "POLYGON ((289.995 0, 300 0, 300 100, 289.995 100, 289.995 0))");
    tgeom_add_parcel(&fx->ds, "P5", "POLYGON ((10 10, 20 10, 20 20, 10 20, 10 10))");
    assert_int_equal(ls__parcel_overlaps_report(fx->ctx, &fx->ds, 1.0), LS_OK);
    assert_int_equal(fx->ds.dq.n, 2);
    assert_string_equal(fx->ds.dq.rows[0].layer, "parcels");
    assert_string_equal(fx->ds.dq.rows[0].feature, "P1 / P2");
    assert_string_equal(fx->ds.dq.rows[0].problem,
                        "parcels P1 and P2 overlap by 1000.00 m² (more than the 1.00 m² "
                        "overlap_tolerance_m2)");
    assert_string_equal(fx->ds.dq.rows[1].feature, "P1 / P5");
    tgeom_assert_dq(&fx->ds, "parcels", "P1 / P5", "overlap by 100.00 m²", 1);
    /* with a tolerance of 0.25 m² the 0.5 m² sliver P3 / P4 is reported too */
    ls__dataset_free(&fx->ds);
    tgeom_ds_init(&fx->ds);
    tgeom_add_parcel(&fx->ds, "P3", "POLYGON ((190 0, 290 0, 290 100, 190 100, 190 0))");
    tgeom_add_parcel(&fx->ds, "P4",
                     "POLYGON ((289.995 0, 300 0, 300 100, 289.995 100, 289.995 0))");
    assert_int_equal(ls__parcel_overlaps_report(fx->ctx, &fx->ds, 0.25), LS_OK);
    assert_int_equal(fx->ds.dq.n, 1);
    tgeom_assert_dq(&fx->ds, "parcels", "P3 / P4", "overlap by 0.50 m²", 1);
}

/* A tolerance of NAN (null in the rules) switches the check off. */
static void test_parcel_overlaps__off(void **state)
{
    fixture *fx = *state;
    tgeom_add_parcel(&fx->ds, "P1", "POLYGON ((0 0, 100 0, 100 100, 0 100, 0 0))");
    tgeom_add_parcel(&fx->ds, "P2", "POLYGON ((50 0, 150 0, 150 100, 50 100, 50 0))");
    assert_int_equal(ls__parcel_overlaps_report(fx->ctx, &fx->ds, NAN), LS_OK);
    assert_int_equal(fx->ds.dq.n, 0);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_parcel_overlaps__pairs_above_tolerance),
        T(test_parcel_overlaps__off),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
