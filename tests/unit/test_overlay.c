/*
 * test_overlay.c — the overlay stage (src/lib/overlay.c, domain.md §1): parcel area and mu,
 * parcel ∩ union of control lines (never counted twice), control tier, block / district /
 * town by largest overlap with ties to the smallest id / name, parcels touching no area,
 * building footprints and floor areas apportioned across parcels, overlapping buildings,
 * and identical results for any number of worker threads.
 *
 * All datasets are hand-made in C from axis-parallel rectangles, so every expected area is a
 * product of two side lengths.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "geom_asserts.h"
#include "overlay.h"

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

static char *rect(double x0, double y0, double x1, double y1)
{
    static char buf[8][256];
    static int next;
    char *b = buf[next++ % 8];
    snprintf(b, sizeof(buf[0]), "POLYGON ((%g %g, %g %g, %g %g, %g %g, %g %g))", x0, y0, x1, y0, x1,
             y1, x0, y1, x0, y0);
    return b;
}

static void run(fixture *fx, int jobs)
{
    int rc = ls__overlay_run(fx->ctx, &fx->ds, jobs);
    if (rc != LS_OK)
        fail_msg("ls__overlay_run: %d %s", rc, ls_context_error(fx->ctx));
}

/* --- ls__overlay_pick --- */

static void test_overlay__pick_largest(void **state)
{
    (void)state;
    const double ov[] = {5.0, 7.0, 6.0};
    const char *const keys[] = {"a", "c", "b"};
    assert_int_equal(ls__overlay_pick(ov, keys, 3, 1e-9), 1);
}

static void test_overlay__pick_ties_to_smallest_key(void **state)
{
    (void)state;
    const double ov[] = {5.0, 7.0, 7.0};
    const char *const keys[] = {"a", "c", "b"};
    assert_int_equal(ls__overlay_pick(ov, keys, 3, 1e-9), 2); /* b < c */
    /* equal within the tolerance counts as a tie */
    const double near[] = {10.0 + 1e-12, 10.0};
    const char *const k2[] = {"QK-2", "QK-1"};
    assert_int_equal(ls__overlay_pick(near, k2, 2, 1e-9), 1);
    /* beyond the tolerance the larger wins whatever its key */
    const double far[] = {10.1, 10.0};
    assert_int_equal(ls__overlay_pick(far, k2, 2, 1e-9), 0);
    /* order of the candidates does not matter */
    const double rev[] = {7.0, 7.0, 5.0};
    const char *const k3[] = {"b", "c", "a"};
    assert_int_equal(ls__overlay_pick(rev, k3, 3, 1e-9), 0);
}

static void test_overlay__pick_none(void **state)
{
    (void)state;
    const double ov[] = {0.0, -1.0, NAN};
    const char *const keys[] = {"a", "b", "c"};
    assert_int_equal(ls__overlay_pick(ov, keys, 3, 1e-9), -1);
    assert_int_equal(ls__overlay_pick(NULL, NULL, 0, 1e-9), -1);
}

/* --- areas and control lines --- */

static void test_overlay__area_and_mu(void **state)
{
    fixture *fx = *state;
    tgeom_add_parcel(&fx->ds, "P1", rect(0, 0, 100, 100));
    tgeom_add_parcel(&fx->ds, "P2", rect(200, 0, 240, 50));
    run(fx, 1);
    tgeom_assert_near(fx->ds.parcels[0].area_m2, 10000.0, 1e-9);
    tgeom_assert_near(fx->ds.parcels[0].area_mu, 15.0, 1e-12); /* 10000 × 15 / 10000 */
    tgeom_assert_near(fx->ds.parcels[1].area_m2, 2000.0, 1e-9);
    tgeom_assert_near(fx->ds.parcels[1].area_mu, 3.0, 1e-12);
    /* nothing to measure: 0, and no control → share 0, tier NULL, no area layers → no rows */
    tgeom_assert_near(fx->ds.parcels[0].inside_control_m2, 0.0, 0.0);
    tgeom_assert_near(fx->ds.parcels[0].control_share, 0.0, 0.0);
    tgeom_assert_near(fx->ds.parcels[0].transition_m2, 0.0, 0.0);
    assert_null(fx->ds.parcels[0].control_tier);
    tgeom_assert_near(fx->ds.parcels[0].footprint_m2, 0.0, 0.0);
    tgeom_assert_near(fx->ds.parcels[0].floor_area_m2, 0.0, 0.0);
    assert_int_equal(fx->ds.dq.n, 0);
}

static void test_overlay__overlapping_controls_union_not_sum(void **state)
{
    fixture *fx = *state;
    tgeom_add_parcel(&fx->ds, "P1", rect(0, 0, 100, 100));
    /* C1 covers x 0–60 (6000 m² of P1), C2 x 40–80 (4000): union x 0–80 = 8000, sum 10000 */
    tgeom_add_area(&fx->ds, &fx->ds.controls, &fx->ds.ncontrols, "1", NULL, NULL, "1",
                   rect(-10, -10, 60, 110));
    tgeom_add_area(&fx->ds, &fx->ds.controls, &fx->ds.ncontrols, "2", NULL, NULL, "2",
                   rect(40, -10, 80, 110));
    run(fx, 1);
    const ls__parcel *p = &fx->ds.parcels[0];
    tgeom_assert_near(p->inside_control_m2, 8000.0, 1e-6);
    tgeom_assert_near(p->control_share, 0.8, 1e-12);
    assert_non_null(p->control_tier);
    assert_string_equal(p->control_tier, "1"); /* C1 has the larger overlap */
}

static void test_overlay__parcel_inside_two_controls_capped(void **state)
{
    fixture *fx = *state;
    tgeom_add_parcel(&fx->ds, "P1", rect(0, 0, 100, 100));
    /* both controls contain the whole parcel: inside = the parcel, share 1 */
    tgeom_add_area(&fx->ds, &fx->ds.controls, &fx->ds.ncontrols, "1", NULL, NULL, "2",
                   rect(-50, -50, 150, 150));
    tgeom_add_area(&fx->ds, &fx->ds.controls, &fx->ds.ncontrols, "2", NULL, NULL, "1",
                   rect(-10, -10, 110, 110));
    run(fx, 1);
    tgeom_assert_near(fx->ds.parcels[0].inside_control_m2, 10000.0, 1e-6);
    tgeom_assert_near(fx->ds.parcels[0].control_share, 1.0, 1e-12);
}

static void test_overlay__tier_by_largest_overlap(void **state)
{
    fixture *fx = *state;
    tgeom_add_parcel(&fx->ds, "P1", rect(0, 0, 100, 100));
    /* tier 1 covers 1000 m², transition 5000 m² */
    tgeom_add_area(&fx->ds, &fx->ds.controls, &fx->ds.ncontrols, "1", NULL, NULL, "1",
                   rect(0, 0, 10, 100));
    tgeom_add_area(&fx->ds, &fx->ds.controls, &fx->ds.ncontrols, "2", NULL, NULL, "transition",
                   rect(50, 0, 100, 100));
    run(fx, 1);
    assert_string_equal(fx->ds.parcels[0].control_tier, "transition");
    /* a transition zone is not inside the lines (domain.md §1): inside = tier 1 only */
    tgeom_assert_near(fx->ds.parcels[0].inside_control_m2, 1000.0, 1e-6);
    tgeom_assert_near(fx->ds.parcels[0].control_share, 0.1, 1e-12);
    tgeom_assert_near(fx->ds.parcels[0].transition_m2, 5000.0, 1e-6);
    tgeom_assert_near(fx->ds.parcels[0].transition_share, 0.5, 1e-12);
}

/* A transition zone overlapping a tier-2 polygon: only its part outside tiers 1/2 counts.
 * P1 = 0–100 × 0–100; tier 2 x 0–40 (4000 m²); transition x 30–70 (4000 m², of which x 30–40
 * = 1000 m² lies in tier 2) and a second transition x 60–90 overlapping the first (x 60–70):
 * transition = area(x 40–90) = 5000 m², not 4000 − 1000 + 3000 − 1000 counted apart. */
static void test_overlay__transition_outside_core_no_double_count(void **state)
{
    fixture *fx = *state;
    tgeom_add_parcel(&fx->ds, "P1", rect(0, 0, 100, 100));
    tgeom_add_area(&fx->ds, &fx->ds.controls, &fx->ds.ncontrols, "1", NULL, NULL, "2",
                   rect(-10, -10, 40, 110));
    tgeom_add_area(&fx->ds, &fx->ds.controls, &fx->ds.ncontrols, "2", NULL, NULL, "transition",
                   rect(30, -10, 70, 110));
    tgeom_add_area(&fx->ds, &fx->ds.controls, &fx->ds.ncontrols, "3", NULL, NULL, "transition",
                   rect(60, -10, 90, 110));
    run(fx, 1);
    const ls__parcel *p = &fx->ds.parcels[0];
    tgeom_assert_near(p->inside_control_m2, 4000.0, 1e-6);
    tgeom_assert_near(p->control_share, 0.4, 1e-12);
    tgeom_assert_near(p->transition_m2, 5000.0, 1e-6);
    tgeom_assert_near(p->transition_share, 0.5, 1e-12);
}

/* --- blocks, districts, towns --- */

static void test_overlay__block_by_largest_overlap(void **state)
{
    fixture *fx = *state;
    tgeom_add_parcel(&fx->ds, "P1", rect(0, 0, 100, 100));
    /* QK-A (listed first, smaller id) gets 3000 m², QK-B 7000 m² */
    tgeom_add_area(&fx->ds, &fx->ds.blocks, &fx->ds.nblocks, "QK-A", "甲区块", NULL, NULL,
                   rect(-100, 0, 30, 100));
    tgeom_add_area(&fx->ds, &fx->ds.blocks, &fx->ds.nblocks, "QK-B", "乙区块", NULL, NULL,
                   rect(30, 0, 300, 100));
    run(fx, 1);
    const ls__parcel *p = &fx->ds.parcels[0];
    assert_string_equal(p->block_id, "QK-B");
    assert_string_equal(p->block_name, "乙区块");
    assert_int_equal(p->block_ix, 1);
    assert_int_equal(fx->ds.dq.n, 0);
}

static void test_overlay__block_tie_smallest_id(void **state)
{
    fixture *fx = *state;
    tgeom_add_parcel(&fx->ds, "P1", rect(0, 0, 100, 100));
    /* 5000 m² each; "QK-1" < "QK-2" although listed second */
    tgeom_add_area(&fx->ds, &fx->ds.blocks, &fx->ds.nblocks, "QK-2", "二", NULL, NULL,
                   rect(-100, 0, 50, 100));
    tgeom_add_area(&fx->ds, &fx->ds.blocks, &fx->ds.nblocks, "QK-1", "一", NULL, NULL,
                   rect(50, 0, 300, 100));
    run(fx, 1);
    assert_string_equal(fx->ds.parcels[0].block_id, "QK-1");
    assert_int_equal(fx->ds.parcels[0].block_ix, 1);
}

static void test_overlay__district_and_town_each_decided_alone(void **state)
{
    fixture *fx = *state;
    tgeom_add_parcel(&fx->ds, "P1", rect(0, 0, 100, 100));
    /* districts (dissolved): 海曙区 6000 m², 鄞州区 4000 m² */
    tgeom_add_area(&fx->ds, &fx->ds.districts, &fx->ds.ndistricts, "海曙区", "海曙区", NULL, NULL,
                   rect(-100, 0, 60, 100));
    tgeom_add_area(&fx->ds, &fx->ds.districts, &fx->ds.ndistricts, "鄞州区", "鄞州区", NULL, NULL,
                   rect(60, 0, 300, 100));
    /* towns: 海曙区/石碶 3500, 海曙区/古林 2500, 鄞州区/姜山 4000 → town 姜山 (largest alone),
     * although the district is 海曙区 */
    tgeom_add_area(&fx->ds, &fx->ds.towns, &fx->ds.ntowns, "石碶", "海曙区", "石碶", NULL,
                   rect(-100, 0, 35, 100));
    tgeom_add_area(&fx->ds, &fx->ds.towns, &fx->ds.ntowns, "古林", "海曙区", "古林", NULL,
                   rect(35, 0, 60, 100));
    tgeom_add_area(&fx->ds, &fx->ds.towns, &fx->ds.ntowns, "姜山", "鄞州区", "姜山", NULL,
                   rect(60, 0, 300, 100));
    run(fx, 1);
    const ls__parcel *p = &fx->ds.parcels[0];
    assert_string_equal(p->district, "海曙区");
    assert_int_equal(p->district_ix, 0);
    assert_string_equal(p->town, "姜山");
    assert_int_equal(p->town_ix, 2);
}

static void test_overlay__town_tie_smallest_name(void **state)
{
    fixture *fx = *state;
    tgeom_add_parcel(&fx->ds, "P1", rect(0, 0, 100, 100));
    tgeom_add_area(&fx->ds, &fx->ds.districts, &fx->ds.ndistricts, "D", "D", NULL, NULL,
                   rect(-100, -100, 300, 300));
    tgeom_add_area(&fx->ds, &fx->ds.towns, &fx->ds.ntowns, "t-b", "D", "t-b", NULL,
                   rect(-100, 0, 50, 100));
    tgeom_add_area(&fx->ds, &fx->ds.towns, &fx->ds.ntowns, "t-a", "D", "t-a", NULL,
                   rect(50, 0, 300, 100));
    run(fx, 1);
    assert_string_equal(fx->ds.parcels[0].district, "D");
    assert_string_equal(fx->ds.parcels[0].town, "t-a");
}

static void test_overlay__parcel_on_no_block_recorded(void **state)
{
    fixture *fx = *state;
    tgeom_add_parcel(&fx->ds, "P1", rect(0, 0, 100, 100));
    tgeom_add_parcel(&fx->ds, "P-OUT", rect(1000, 1000, 1010, 1010));
    /* a block touching P-OUT only along an edge: no area in common */
    tgeom_add_area(&fx->ds, &fx->ds.blocks, &fx->ds.nblocks, "QK-1", "一", NULL, NULL,
                   rect(-10, -10, 110, 110));
    tgeom_add_area(&fx->ds, &fx->ds.blocks, &fx->ds.nblocks, "QK-2", "二", NULL, NULL,
                   rect(1010, 1000, 1100, 1010));
    tgeom_add_area(&fx->ds, &fx->ds.districts, &fx->ds.ndistricts, "D", "D", NULL, NULL,
                   rect(-10, -10, 110, 110));
    run(fx, 2);
    const ls__parcel *out = &fx->ds.parcels[1];
    assert_null(out->block_id);
    assert_null(out->block_name);
    assert_int_equal(out->block_ix, -1);
    assert_null(out->district);
    assert_int_equal(out->district_ix, -1);
    assert_null(out->town); /* no towns layer: no town and no row for it */
    tgeom_assert_dq(&fx->ds, "parcels", "P-OUT", "parcel overlaps no block", 1);
    tgeom_assert_dq(&fx->ds, "parcels", "P-OUT", "parcel overlaps no district", 1);
    tgeom_assert_dq(&fx->ds, NULL, NULL, "town", 0);
    tgeom_assert_dq(&fx->ds, "parcels", "P1", NULL, 0);
    assert_string_equal(fx->ds.parcels[0].block_id, "QK-1");
}

/* --- buildings --- */

static void test_overlay__building_across_two_parcels_apportioned(void **state)
{
    fixture *fx = *state;
    tgeom_add_parcel(&fx->ds, "P1", rect(0, 0, 100, 100));
    tgeom_add_parcel(&fx->ds, "P2", rect(100, 0, 200, 100));
    /* 30 × 10 = 300 m², floor area 900: 100 m² on P1 (1/3), 200 m² on P2 (2/3) */
    tgeom_add_building(&fx->ds, rect(90, 0, 120, 10), NAN, NAN, 900.0);
    /* wholly on P1: 10 × 10 = 100 m², 2 floors → 200 */
    tgeom_add_building(&fx->ds, rect(10, 10, 20, 20), 2, NAN, NAN);
    run(fx, 1);
    const ls__parcel *p1 = &fx->ds.parcels[0], *p2 = &fx->ds.parcels[1];
    tgeom_assert_near(p1->footprint_m2, 200.0, 1e-6);  /* 100 + 100 */
    tgeom_assert_near(p1->floor_area_m2, 500.0, 1e-6); /* 300 + 200 */
    assert_int_equal(p1->building_count, 2);
    tgeom_assert_near(p2->footprint_m2, 200.0, 1e-6);
    tgeom_assert_near(p2->floor_area_m2, 600.0, 1e-6);
    assert_int_equal(p2->building_count, 1);
    /* the building's floor area is conserved across parcels */
    tgeom_assert_near(p1->floor_area_m2 + p2->floor_area_m2, 900.0 + 200.0, 1e-6);
    assert_int_equal(p1->overlapping_buildings, 0);
    assert_int_equal(fx->ds.dq.n, 0);
}

static void test_overlay__building_touching_parcel_edge_not_counted(void **state)
{
    fixture *fx = *state;
    tgeom_add_parcel(&fx->ds, "P1", rect(0, 0, 100, 100));
    tgeom_add_building(&fx->ds, rect(100, 0, 110, 10), 3, NAN, NAN); /* shares an edge only */
    run(fx, 1);
    tgeom_assert_near(fx->ds.parcels[0].footprint_m2, 0.0, 0.0);
    assert_int_equal(fx->ds.parcels[0].building_count, 0);
}

static void test_overlay__overlapping_buildings_flagged(void **state)
{
    fixture *fx = *state;
    tgeom_add_parcel(&fx->ds, "P1", rect(0, 0, 100, 100));
    tgeom_add_parcel(&fx->ds, "P2", rect(200, 0, 300, 100));
    /* on P1: 20 × 10 each, overlapping 10 × 10 → footprints summed as given: 400 */
    tgeom_add_building(&fx->ds, rect(10, 10, 30, 20), 1, NAN, NAN);
    tgeom_add_building(&fx->ds, rect(20, 10, 40, 20), 1, NAN, NAN);
    /* on P2: two buildings sharing a wall only (not an overlap) */
    tgeom_add_building(&fx->ds, rect(210, 10, 220, 20), 1, NAN, NAN);
    tgeom_add_building(&fx->ds, rect(220, 10, 230, 20), 1, NAN, NAN);
    run(fx, 1);
    tgeom_assert_near(fx->ds.parcels[0].footprint_m2, 400.0, 1e-6);
    assert_int_equal(fx->ds.parcels[0].overlapping_buildings, 1);
    assert_int_equal(fx->ds.parcels[1].overlapping_buildings, 0);
    tgeom_assert_near(fx->ds.parcels[1].footprint_m2, 200.0, 1e-6);
    tgeom_assert_dq(&fx->ds, "buildings", "P1", "overlap each other", 1);
    tgeom_assert_dq(&fx->ds, NULL, "P2", NULL, 0);
}

/* --- threads --- */

/* A 12 × 10 grid of 50 m parcels, controls, blocks, districts and buildings laid across
 * their edges, so most parcels have several candidates of each kind. */
static void build_grid(ls__dataset *ds)
{
    char id[32];
    for (int r = 0; r < 10; r++)
        for (int c = 0; c < 12; c++) {
            snprintf(id, sizeof(id), "ZD%03d", r * 12 + c);
            tgeom_add_parcel(ds, id, rect(c * 50, r * 50, c * 50 + 50, r * 50 + 50));
        }
    for (int k = 0; k < 7; k++) {
        snprintf(id, sizeof(id), "%d", k + 1);
        tgeom_add_area(ds, &ds->controls, &ds->ncontrols, id, NULL, NULL, k % 2 ? "2" : "1",
                       rect(k * 85 + 5, 30, k * 85 + 120, 470));
    }
    for (int k = 0; k < 4; k++) {
        snprintf(id, sizeof(id), "QK-%d", 4 - k);
        tgeom_add_area(ds, &ds->blocks, &ds->nblocks, id, "b", NULL, NULL,
                       rect(k * 150, 0, k * 150 + 150, 500));
    }
    tgeom_add_area(ds, &ds->districts, &ds->ndistricts, "A", "A", NULL, NULL, rect(0, 0, 325, 500));
    tgeom_add_area(ds, &ds->districts, &ds->ndistricts, "B", "B", NULL, NULL,
                   rect(325, 0, 600, 500));
    for (int b = 0; b < 40; b++) {
        double x = 20 + (b % 10) * 57.0, y = 15 + (b / 10) * 113.0;
        tgeom_add_building(ds, rect(x, y, x + 40, y + 25), 1 + b % 4, 4.0 + b % 20, NAN);
    }
}

static void test_overlay__jobs_do_not_change_results(void **state)
{
    fixture *fx = *state;
    ls__dataset two;
    tgeom_ds_init(&two);
    build_grid(&fx->ds);
    build_grid(&two);
    run(fx, 1);
    int rc = ls__overlay_run(fx->ctx, &two, 2);
    assert_int_equal(rc, LS_OK);
    assert_int_equal(fx->ds.nparcels, two.nparcels);
    for (size_t i = 0; i < two.nparcels; i++) {
        const ls__parcel *a = &fx->ds.parcels[i], *b = &two.parcels[i];
        /* bitwise identical numbers */
        assert_memory_equal(&a->area_m2, &b->area_m2, sizeof(double));
        assert_memory_equal(&a->inside_control_m2, &b->inside_control_m2, sizeof(double));
        assert_memory_equal(&a->footprint_m2, &b->footprint_m2, sizeof(double));
        assert_memory_equal(&a->floor_area_m2, &b->floor_area_m2, sizeof(double));
        assert_int_equal(a->block_ix, b->block_ix);
        assert_int_equal(a->district_ix, b->district_ix);
        assert_int_equal(a->building_count, b->building_count);
        assert_int_equal(a->overlapping_buildings, b->overlapping_buildings);
        assert_true((a->control_tier == NULL) == (b->control_tier == NULL));
        if (a->control_tier)
            assert_string_equal(a->control_tier, b->control_tier);
    }
    assert_int_equal(fx->ds.dq.n, two.dq.n);
    /* spot check by hand: ZD000 (x 0–50, y 0–50) meets control 1 (x 5–120, y 30–470) in
     * 45 × 20 = 900 m²; block QK-4 (x 0–150) holds it; district A */
    tgeom_assert_near(two.parcels[0].inside_control_m2, 900.0, 1e-6);
    assert_string_equal(two.parcels[0].block_id, "QK-4");
    assert_string_equal(two.parcels[0].district, "A");
    /* ZD006 (x 300–350): district A has 25 × 50, B 25 × 50 → tie → "A" */
    assert_string_equal(two.parcels[6].district, "A");
    ls__dataset_free(&two);
}

static void test_overlay__many_jobs_same_as_one(void **state)
{
    fixture *fx = *state;
    ls__dataset many;
    tgeom_ds_init(&many);
    build_grid(&fx->ds);
    build_grid(&many);
    run(fx, 1);
    assert_int_equal(ls__overlay_run(fx->ctx, &many, 0), LS_OK); /* 0 = every core */
    for (size_t i = 0; i < many.nparcels; i++) {
        assert_memory_equal(&fx->ds.parcels[i].floor_area_m2, &many.parcels[i].floor_area_m2,
                            sizeof(double));
        assert_memory_equal(&fx->ds.parcels[i].inside_control_m2,
                            &many.parcels[i].inside_control_m2, sizeof(double));
    }
    ls__dataset_free(&many);
}

static void test_overlay__interrupted(void **state)
{
    fixture *fx = *state;
    tgeom_add_parcel(&fx->ds, "P1", rect(0, 0, 100, 100));
    ls_context_interrupt(fx->ctx);
    assert_int_equal(ls__overlay_run(fx->ctx, &fx->ds, 1), LS_EINTERRUPTED);
    assert_int_equal(ls_context_error_code(fx->ctx), LS_EINTERRUPTED);
    assert_string_equal(ls_context_error(fx->ctx), "interrupted");
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_overlay__pick_largest),
        cmocka_unit_test(test_overlay__pick_ties_to_smallest_key),
        cmocka_unit_test(test_overlay__pick_none),
        T(test_overlay__area_and_mu),
        T(test_overlay__overlapping_controls_union_not_sum),
        T(test_overlay__parcel_inside_two_controls_capped),
        T(test_overlay__tier_by_largest_overlap),
        T(test_overlay__transition_outside_core_no_double_count),
        T(test_overlay__block_by_largest_overlap),
        T(test_overlay__block_tie_smallest_id),
        T(test_overlay__district_and_town_each_decided_alone),
        T(test_overlay__town_tie_smallest_name),
        T(test_overlay__parcel_on_no_block_recorded),
        T(test_overlay__building_across_two_parcels_apportioned),
        T(test_overlay__building_touching_parcel_edge_not_counted),
        T(test_overlay__overlapping_buildings_flagged),
        T(test_overlay__jobs_do_not_change_results),
        T(test_overlay__many_jobs_same_as_one),
        T(test_overlay__interrupted),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
