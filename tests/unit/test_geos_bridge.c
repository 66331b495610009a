/*
 * test_geos_bridge.c — OGR ↔ GEOS conversion and polygon clean-up (src/lib/geos_bridge.c).
 *
 * Expected areas are worked out by hand from the coordinates: the bow-tie
 * (0 0, 10 10, 10 0, 0 10, 0 0) crosses itself at (5 5) and is two triangles of
 * 10 × 5 / 2 = 25 m² each, 50 m² in all (buffer(0) would keep only one: 25).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <gdal.h>

#include "geom_asserts.h"
#include "geos_bridge.h"

static int setup(void **state)
{
    GEOSContextHandle_t g = GEOS_init_r();
    if (!g)
        return -1;
    *state = g;
    return 0;
}

static int teardown(void **state)
{
    GEOS_finish_r(*state);
    return 0;
}

static OGRGeometryH ogr_from_wkt(const char *wkt)
{
    OGRGeometryH o = NULL;
    char *text = strdup(wkt);
    char *cursor = text;
    if (OGR_G_CreateFromWkt(&cursor, NULL, &o) != OGRERR_NONE)
        o = NULL;
    free(text);
    if (!o)
        fail_msg("bad WKT in the test: %s", wkt);
    return o;
}

/* Run the clean-up on a WKT, check the outcome, return the result (caller destroys). */
static GEOSGeometry *clean(GEOSContextHandle_t g, const char *wkt, ls__geom_outcome expected,
                           const char **reason)
{
    GEOSGeometry *geom = tgeom_from_wkt(g, wkt);
    ls__geom_outcome got = ls__geos_clean_polygon(g, &geom, reason);
    if (got != expected) {
        char *out = tgeom_wkt_of(g, geom);
        fail_msg("clean(%s): outcome %d, expected %d (reason '%s', result %s)", wkt, (int)got,
                 (int)expected, *reason, out);
    }
    return geom;
}

/* --- OGR ↔ GEOS --- */

static void test_geos_bridge__ogr_to_geos_round_trip(void **state)
{
    GEOSContextHandle_t g = *state;
    const char *wkt = "MULTIPOLYGON (((500000 3300000, 500100 3300000, 500100 3300050, "
                      "500000 3300050, 500000 3300000), (500010 3300010, 500020 3300010, "
                      "500020 3300020, 500010 3300020, 500010 3300010)), ((500200 3300000, "
                      "500210 3300000, 500210 3300010, 500200 3300000)))";
    OGRGeometryH o = ogr_from_wkt(wkt);
    GEOSGeometry *geom = ls__geos_from_ogr(g, o);
    assert_non_null(geom);
    assert_int_equal(GEOSGeomTypeId_r(g, geom), GEOS_MULTIPOLYGON);
    /* 100 × 50 − 10 × 10 hole + triangle 10 × 10 / 2 = 5000 − 100 + 50 */
    tgeom_assert_area_near(g, geom, 4950.0, 1e-6);
    tgeom_assert_same(g, geom, wkt, 1e-9);

    OGRGeometryH back = ls__geos_to_ogr(g, geom);
    assert_non_null(back);
    assert_int_equal(wkbFlatten(OGR_G_GetGeometryType(back)), wkbMultiPolygon);
    assert_true(OGR_G_Equals(back, o));
    assert_true(fabs(OGR_G_Area(back) - 4950.0) < 1e-6);
    OGR_G_DestroyGeometry(back);
    OGR_G_DestroyGeometry(o);
    GEOSGeom_destroy_r(g, geom);
}

static void test_geos_bridge__ogr_3d_flattened(void **state)
{
    GEOSContextHandle_t g = *state;
    OGRGeometryH o = ogr_from_wkt("POLYGON Z ((0 0 5, 10 0 5, 10 10 7, 0 10 7, 0 0 5))");
    GEOSGeometry *geom = ls__geos_from_ogr(g, o);
    assert_non_null(geom);
    assert_int_equal(GEOSHasZ_r(g, geom), 0);
    tgeom_assert_area_near(g, geom, 100.0, 1e-9);
    OGR_G_DestroyGeometry(o);
    GEOSGeom_destroy_r(g, geom);
}

static void test_geos_bridge__ogr_curve_linearised(void **state)
{
    GEOSContextHandle_t g = *state;
    /* a full circle of radius 10 as a CURVEPOLYGON: π r² = 314.159… */
    OGRGeometryH o = ogr_from_wkt("CURVEPOLYGON (CIRCULARSTRING (-10 0, 10 0, -10 0))");
    GEOSGeometry *geom = ls__geos_from_ogr(g, o);
    assert_non_null(geom);
    assert_int_equal(GEOSGeomTypeId_r(g, geom), GEOS_POLYGON);
    /* linearised with OGR's default step (4°): area within 0.2 % of π r² */
    tgeom_assert_area_near(g, geom, 314.159265, 0.7);
    OGR_G_DestroyGeometry(o);
    GEOSGeom_destroy_r(g, geom);
}

static void test_geos_bridge__ogr_null_gives_null(void **state)
{
    GEOSContextHandle_t g = *state;
    assert_null(ls__geos_from_ogr(g, NULL));
}

static void test_geos_bridge__to_ogr_multipolygon(void **state)
{
    GEOSContextHandle_t g = *state;
    GEOSGeometry *geom = tgeom_from_wkt(g, "POLYGON ((0 0, 4 0, 4 5, 0 5, 0 0))");
    OGRGeometryH o = ls__geos_to_ogr_multipolygon(g, geom);
    assert_non_null(o);
    assert_int_equal(wkbFlatten(OGR_G_GetGeometryType(o)), wkbMultiPolygon);
    assert_int_equal(OGR_G_GetGeometryCount(o), 1);
    assert_true(fabs(OGR_G_Area(o) - 20.0) < 1e-12);
    OGR_G_DestroyGeometry(o);
    GEOSGeom_destroy_r(g, geom);
}

/* --- clean-up --- */

static void test_geos_bridge__clean_valid_unchanged(void **state)
{
    GEOSContextHandle_t g = *state;
    const char *reason = NULL;
    const char *wkt = "POLYGON ((0 0, 30 0, 30 20, 0 20, 0 0))";
    GEOSGeometry *geom = clean(g, wkt, LS_GEOM_OK, &reason);
    assert_non_null(geom);
    assert_string_equal(reason, "");
    tgeom_assert_same(g, geom, wkt, 0.0);
    tgeom_assert_area_near(g, geom, 600.0, 1e-9);
    GEOSGeom_destroy_r(g, geom);
}

static void test_geos_bridge__clean_polygon_with_hole(void **state)
{
    GEOSContextHandle_t g = *state;
    const char *reason = NULL;
    GEOSGeometry *geom = clean(g,
                               "POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), "
                               "(2 2, 4 2, 4 4, 2 4, 2 2))",
                               LS_GEOM_OK, &reason);
    /* 10 × 10 − 2 × 2 */
    tgeom_assert_area_near(g, geom, 96.0, 1e-9);
    assert_int_equal(GEOSGetNumInteriorRings_r(g, geom), 1);
    GEOSGeom_destroy_r(g, geom);
}

static void test_geos_bridge__clean_bowtie_keeps_both_triangles(void **state)
{
    GEOSContextHandle_t g = *state;
    const char *reason = NULL;
    GEOSGeometry *geom =
        clean(g, "POLYGON ((0 0, 10 10, 10 0, 0 10, 0 0))", LS_GEOM_REPAIRED, &reason);
    assert_non_null(geom);
    tgeom_assert_contains(reason, "MakeValid");
    assert_int_equal(GEOSisValid_r(g, geom), 1);
    assert_int_equal(GEOSGeomTypeId_r(g, geom), GEOS_MULTIPOLYGON);
    assert_int_equal(GEOSGetNumGeometries_r(g, geom), 2);
    tgeom_assert_area_near(g, geom, 50.0, 1e-9); /* not 25 as with buffer(0) */
    tgeom_assert_same(g, geom, "MULTIPOLYGON (((0 0, 5 5, 0 10, 0 0)), ((5 5, 10 10, 10 0, 5 5)))",
                      1e-9);
    GEOSGeom_destroy_r(g, geom);
}

static void test_geos_bridge__clean_overlapping_multipolygon_repaired(void **state)
{
    GEOSContextHandle_t g = *state;
    const char *reason = NULL;
    /* two 10 × 10 squares overlapping in 5 × 10: invalid as a MultiPolygon; union 150 */
    GEOSGeometry *geom = clean(g,
                               "MULTIPOLYGON (((0 0, 10 0, 10 10, 0 10, 0 0)), "
                               "((5 0, 15 0, 15 10, 5 10, 5 0)))",
                               LS_GEOM_REPAIRED, &reason);
    assert_int_equal(GEOSisValid_r(g, geom), 1);
    tgeom_assert_area_near(g, geom, 150.0, 1e-9);
    GEOSGeom_destroy_r(g, geom);
}

static void test_geos_bridge__clean_collection_keeps_polygons(void **state)
{
    GEOSContextHandle_t g = *state;
    const char *reason = NULL;
    GEOSGeometry *geom = clean(g,
                               "GEOMETRYCOLLECTION (POLYGON ((0 0, 2 0, 2 2, 0 2, 0 0)), "
                               "LINESTRING (5 5, 6 6), POLYGON ((10 0, 13 0, 13 3, 10 3, 10 0)))",
                               LS_GEOM_REPAIRED, &reason);
    /* dropping the line changes the feature: reported like a repair */
    assert_non_null(strstr(reason, "non-polygon parts"));
    assert_int_equal(GEOSGeomTypeId_r(g, geom), GEOS_MULTIPOLYGON);
    /* 4 + 9; the line is dropped */
    tgeom_assert_area_near(g, geom, 13.0, 1e-9);
    GEOSGeom_destroy_r(g, geom);
}

static void test_geos_bridge__clean_empty(void **state)
{
    GEOSContextHandle_t g = *state;
    const char *reason = NULL;
    GEOSGeometry *geom = clean(g, "POLYGON EMPTY", LS_GEOM_EMPTY, &reason);
    assert_null(geom);
    assert_string_equal(reason, "empty geometry");
}

static void test_geos_bridge__clean_null_is_empty(void **state)
{
    GEOSContextHandle_t g = *state;
    const char *reason = NULL;
    GEOSGeometry *geom = NULL;
    assert_int_equal(ls__geos_clean_polygon(g, &geom, &reason), LS_GEOM_EMPTY);
    assert_null(geom);
    assert_string_equal(reason, "no geometry");
}

static void test_geos_bridge__clean_point_not_polygon(void **state)
{
    GEOSContextHandle_t g = *state;
    const char *reason = NULL;
    GEOSGeometry *geom = clean(g, "POINT (500000 3300000)", LS_GEOM_NOT_POLYGON, &reason);
    assert_null(geom);
    assert_string_equal(reason, "not a polygon");
    geom = clean(g, "LINESTRING (0 0, 1 1)", LS_GEOM_NOT_POLYGON, &reason);
    assert_null(geom);
}

static void test_geos_bridge__clean_collection_without_polygon(void **state)
{
    GEOSContextHandle_t g = *state;
    const char *reason = NULL;
    GEOSGeometry *geom = clean(g, "GEOMETRYCOLLECTION (POINT (1 1), LINESTRING (0 0, 1 1))",
                               LS_GEOM_NOT_POLYGON, &reason);
    assert_null(geom);
    assert_string_equal(reason, "no polygonal part");
}

static void test_geos_bridge__clean_collapsed_ring_empty(void **state)
{
    GEOSContextHandle_t g = *state;
    const char *reason = NULL;
    /* a ring with zero area (there and back along a line): nothing polygonal survives */
    GEOSGeometry *geom = clean(g, "POLYGON ((0 0, 10 0, 20 0, 0 0))", LS_GEOM_EMPTY, &reason);
    assert_null(geom);
    tgeom_assert_contains(reason, "collapsed");
}

static void test_geos_bridge__clean_nan_not_finite(void **state)
{
    GEOSContextHandle_t g = *state;
    GEOSCoordSequence *seq = GEOSCoordSeq_create_r(g, 5, 2);
    const double xy[5][2] = {{0, 0}, {10, 0}, {NAN, 10}, {0, 10}, {0, 0}};
    for (unsigned i = 0; i < 5; i++)
        GEOSCoordSeq_setXY_r(g, seq, i, xy[i][0], xy[i][1]);
    GEOSGeometry *ring = GEOSGeom_createLinearRing_r(g, seq);
    assert_non_null(ring);
    GEOSGeometry *geom = GEOSGeom_createPolygon_r(g, ring, NULL, 0);
    assert_non_null(geom);
    const char *reason = NULL;
    assert_int_equal(ls__geos_clean_polygon(g, &geom, &reason), LS_GEOM_NOT_FINITE);
    assert_null(geom);
    assert_string_equal(reason, "NaN or infinite coordinates");
}

static void test_geos_bridge__clean_infinite_not_finite(void **state)
{
    GEOSContextHandle_t g = *state;
    GEOSCoordSequence *seq = GEOSCoordSeq_create_r(g, 4, 2);
    const double xy[4][2] = {{0, 0}, {INFINITY, 0}, {0, 10}, {0, 0}};
    for (unsigned i = 0; i < 4; i++)
        GEOSCoordSeq_setXY_r(g, seq, i, xy[i][0], xy[i][1]);
    GEOSGeometry *geom = GEOSGeom_createPolygon_r(g, GEOSGeom_createLinearRing_r(g, seq), NULL, 0);
    const char *reason = NULL;
    assert_int_equal(ls__geos_clean_polygon(g, &geom, &reason), LS_GEOM_NOT_FINITE);
    assert_null(geom);
}

/* --- overlap area --- */

static void test_geos_bridge__overlap_area(void **state)
{
    GEOSContextHandle_t g = *state;
    GEOSGeometry *a = tgeom_from_wkt(g, "POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0))");
    GEOSGeometry *b = tgeom_from_wkt(g, "POLYGON ((5 5, 15 5, 15 15, 5 15, 5 5))");
    GEOSGeometry *c = tgeom_from_wkt(g, "POLYGON ((20 0, 30 0, 30 10, 20 10, 20 0))");
    GEOSGeometry *d = tgeom_from_wkt(g, "POLYGON ((10 0, 20 0, 20 10, 10 10, 10 0))");
    tgeom_assert_near(ls__geos_overlap_area(g, a, b), 25.0, 1e-9); /* 5 × 5 */
    tgeom_assert_near(ls__geos_overlap_area(g, b, a), 25.0, 1e-9);
    tgeom_assert_near(ls__geos_overlap_area(g, a, c), 0.0, 0.0); /* disjoint */
    tgeom_assert_near(ls__geos_overlap_area(g, a, d), 0.0, 0.0); /* shared edge only */
    tgeom_assert_near(ls__geos_overlap_area(g, a, a), 100.0, 1e-9);
    GEOSGeom_destroy_r(g, a);
    GEOSGeom_destroy_r(g, b);
    GEOSGeom_destroy_r(g, c);
    GEOSGeom_destroy_r(g, d);
}

/* ls__geos_new: a GEOS error (here a WKT parse error) becomes the context's message; with a
 * NULL context it is dropped. */
static void test_geos_bridge__errors_feed_the_context(void **state)
{
    (void)state;
    ls_context *ctx = NULL;
    assert_int_equal(ls_context_new(&ctx), LS_OK);
    GEOSContextHandle_t g = ls__geos_new(ctx);
    assert_non_null(g);
    GEOSWKTReader *r = GEOSWKTReader_create_r(g);
    assert_null(GEOSWKTReader_read_r(g, r, "POLYGON((0 0, 1"));
    if (strncmp(ls_context_error(ctx), "GEOS: ", 6) != 0)
        fail_msg("message '%s' does not start with 'GEOS: '", ls_context_error(ctx));
    assert_int_equal(ls_context_error_code(ctx), LS_EGEOM);
    GEOSWKTReader_destroy_r(g, r);
    GEOS_finish_r(g);

    GEOSContextHandle_t quiet = ls__geos_new(NULL);
    assert_non_null(quiet);
    r = GEOSWKTReader_create_r(quiet);
    assert_null(GEOSWKTReader_read_r(quiet, r, "POINT(1"));
    GEOSWKTReader_destroy_r(quiet, r);
    GEOS_finish_r(quiet);
    ls_context_free(ctx);
}

int main(void)
{
    GDALAllRegister();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_geos_bridge__ogr_to_geos_round_trip, setup, teardown),
        cmocka_unit_test(test_geos_bridge__errors_feed_the_context),
        cmocka_unit_test_setup_teardown(test_geos_bridge__ogr_3d_flattened, setup, teardown),
        cmocka_unit_test_setup_teardown(test_geos_bridge__ogr_curve_linearised, setup, teardown),
        cmocka_unit_test_setup_teardown(test_geos_bridge__ogr_null_gives_null, setup, teardown),
        cmocka_unit_test_setup_teardown(test_geos_bridge__to_ogr_multipolygon, setup, teardown),
        cmocka_unit_test_setup_teardown(test_geos_bridge__clean_valid_unchanged, setup, teardown),
        cmocka_unit_test_setup_teardown(test_geos_bridge__clean_polygon_with_hole, setup, teardown),
        cmocka_unit_test_setup_teardown(test_geos_bridge__clean_bowtie_keeps_both_triangles, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_geos_bridge__clean_overlapping_multipolygon_repaired,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_geos_bridge__clean_collection_keeps_polygons, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_geos_bridge__clean_empty, setup, teardown),
        cmocka_unit_test_setup_teardown(test_geos_bridge__clean_null_is_empty, setup, teardown),
        cmocka_unit_test_setup_teardown(test_geos_bridge__clean_point_not_polygon, setup, teardown),
        cmocka_unit_test_setup_teardown(test_geos_bridge__clean_collection_without_polygon, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_geos_bridge__clean_collapsed_ring_empty, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_geos_bridge__clean_nan_not_finite, setup, teardown),
        cmocka_unit_test_setup_teardown(test_geos_bridge__clean_infinite_not_finite, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_geos_bridge__overlap_area, setup, teardown),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    GDALDestroyDriverManager();
    return rc;
}
