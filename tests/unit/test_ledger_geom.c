/*
 * test_ledger_geom.c — unit tests of ledger_geom.c: the SpatiaLite BLOB written from GEOS is
 * byte-identical to what SpatiaLite itself makes of the same polygons
 * (CastToMulti(GeomFromWKB(wkb, srid)), how ledgers of schema 2 stored them), for a polygon,
 * a polygon with a hole, a multipolygon and a collection holding a polygon and a line; empty
 * and non-polygonal geometries give no BLOB; the BLOB goes back to the same geometry through
 * WKB; the hash tells equal BLOBs from different ones.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <setjmp.h>
#include <cmocka.h>

#include <geos_c.h>
#include <sqlite3.h>
#include <spatialite.h>

#include "ledger_geom.h"

static GEOSContextHandle_t G;

static GEOSGeometry *wkt(const char *text)
{
    GEOSWKTReader *r = GEOSWKTReader_create_r(G);
    GEOSGeometry *g = GEOSWKTReader_read_r(G, r, text);
    GEOSWKTReader_destroy_r(G, r);
    assert_non_null(g);
    return g;
}

/* SpatiaLite's BLOB of the geometry: CastToMulti(GeomFromWKB(wkb, srid)). */
static unsigned char *spatialite_blob(const GEOSGeometry *g, int srid, size_t *len)
{
    sqlite3 *db = NULL;
    void *cache = spatialite_alloc_connection();
    assert_int_equal(sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    spatialite_init_ex(db, cache, 0);
    GEOSWKBWriter *w = GEOSWKBWriter_create_r(G);
    GEOSWKBWriter_setOutputDimension_r(G, w, 2);
    size_t wlen = 0;
    unsigned char *wkb = GEOSWKBWriter_write_r(G, w, g, &wlen);
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT CastToMulti(GeomFromWKB(?, ?))", -1, &st, NULL),
                     SQLITE_OK);
    sqlite3_bind_blob(st, 1, wkb, (int)wlen, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 2, srid);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    *len = (size_t)sqlite3_column_bytes(st, 0);
    unsigned char *out = malloc(*len + 1);
    memcpy(out, sqlite3_column_blob(st, 0), *len);
    sqlite3_finalize(st);
    GEOSFree_r(G, wkb);
    GEOSWKBWriter_destroy_r(G, w);
    sqlite3_close(db);
    spatialite_cleanup_ex(cache);
    return out;
}

static void same_as_spatialite(const char *text, const char *polygons_only)
{
    GEOSGeometry *g = wkt(text);
    ls__lgeom b = {0};
    assert_int_equal(ls__lgeom_write(G, g, 4549, &b), 1);
    /* SpatiaLite is given the polygons only (a line in a collection is not stored) */
    GEOSGeometry *ref = wkt(polygons_only ? polygons_only : text);
    size_t len = 0;
    unsigned char *want = spatialite_blob(ref, 4549, &len);
    assert_int_equal(b.len, len);
    assert_memory_equal(b.data, want, len);
    /* and back: the same geometry */
    ls__lgeom w = {0};
    assert_int_equal(ls__lgeom_to_wkb(b.data, b.len, &w), 0);
    GEOSWKBReader *r = GEOSWKBReader_create_r(G);
    GEOSGeometry *back = GEOSWKBReader_read_r(G, r, w.data, w.len);
    assert_non_null(back);
    assert_int_equal(GEOSGeomTypeId_r(G, back), GEOS_MULTIPOLYGON);
    if (GEOSGeomTypeId_r(G, ref) == GEOS_POLYGON) {
        assert_int_equal(GEOSGetNumGeometries_r(G, back), 1);
        assert_int_equal(GEOSEqualsExact_r(G, GEOSGetGeometryN_r(G, back, 0), ref, 0.0), 1);
    } else {
        assert_int_equal(GEOSEqualsExact_r(G, back, ref, 0.0), 1);
    }
    GEOSGeom_destroy_r(G, back);
    GEOSWKBReader_destroy_r(G, r);
    ls__lgeom_free(&w);
    free(want);
    GEOSGeom_destroy_r(G, ref);
    GEOSGeom_destroy_r(G, g);
    ls__lgeom_free(&b);
}

static void test_polygon(void **state)
{
    (void)state;
    same_as_spatialite("POLYGON((500000 3300000, 500100 3300000, 500100 3300100, 500000 3300100,"
                       " 500000 3300000))",
                       NULL);
}

static void test_polygon_with_hole(void **state)
{
    (void)state;
    same_as_spatialite("POLYGON((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 2 4, 4 4, 4 2, 2 2))", NULL);
}

static void test_multipolygon(void **state)
{
    (void)state;
    same_as_spatialite("MULTIPOLYGON(((0 0, 1 0, 1 1, 0 0)), ((5 5, 9 5, 9 9.5, 5 5),"
                       " (6 5.5, 8 5.5, 8 6, 6 5.5)))",
                       NULL);
}

static void test_collection_keeps_its_polygons(void **state)
{
    (void)state;
    same_as_spatialite("GEOMETRYCOLLECTION(POLYGON((0 0, 1 0, 1 1, 0 0)), LINESTRING(0 0, 5 5))",
                       "MULTIPOLYGON(((0 0, 1 0, 1 1, 0 0)))");
}

static void test_box_of_the_polygons(void **state)
{
    (void)state;
    GEOSGeometry *g = wkt("MULTIPOLYGON(((0 0, 1 0, 1 1, 0 0)), ((5 -2, 9 5, 9 9.5, 5 -2)))");
    ls__lgeom b = {0};
    assert_int_equal(ls__lgeom_write(G, g, 0, &b), 1);
    assert_true(b.minx == 0.0 && b.miny == -2.0 && b.maxx == 9.0 && b.maxy == 9.5);
    GEOSGeom_destroy_r(G, g);
    ls__lgeom_free(&b);
}

static void test_nothing_polygonal_gives_no_blob(void **state)
{
    (void)state;
    const char *texts[] = {"POLYGON EMPTY", "LINESTRING(0 0, 1 1)", "POINT(1 2)",
                           "GEOMETRYCOLLECTION(POINT(1 2))"};
    ls__lgeom b = {0};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        GEOSGeometry *g = wkt(texts[i]);
        assert_int_equal(ls__lgeom_write(G, g, 4549, &b), 0);
        assert_int_equal(b.len, 0);
        GEOSGeom_destroy_r(G, g);
    }
    assert_int_equal(ls__lgeom_write(G, NULL, 4549, &b), 0);
    ls__lgeom_free(&b);
}

static void test_hash_and_bad_blobs(void **state)
{
    (void)state;
    GEOSGeometry *a = wkt("POLYGON((0 0, 10 0, 10 10, 0 10, 0 0))");
    GEOSGeometry *b = wkt("POLYGON((0 0, 10 0, 10 10, 0 10, 0 0))");
    GEOSGeometry *c = wkt("POLYGON((0 0, 10 0, 10 10.000001, 0 10, 0 0))");
    ls__lgeom x = {0}, y = {0}, w = {0};
    assert_int_equal(ls__lgeom_write(G, a, 4549, &x), 1);
    assert_int_equal(ls__lgeom_write(G, b, 4549, &y), 1);
    ls__lgeom_hash hx = ls__lgeom_hash_of(x.data, x.len), hy = ls__lgeom_hash_of(y.data, y.len);
    assert_int_equal(ls__lgeom_hash_cmp(&hx, &hy), 0);
    assert_int_equal(ls__lgeom_write(G, c, 4549, &y), 1);
    hy = ls__lgeom_hash_of(y.data, y.len);
    assert_int_not_equal(ls__lgeom_hash_cmp(&hx, &hy), 0);
    /* another SRID is another BLOB */
    assert_int_equal(ls__lgeom_write(G, a, 4326, &y), 1);
    hy = ls__lgeom_hash_of(y.data, y.len);
    assert_int_not_equal(ls__lgeom_hash_cmp(&hx, &hy), 0);
    /* truncated or foreign BLOBs are refused, not read past their end */
    assert_int_equal(ls__lgeom_to_wkb(x.data, x.len - 9, &w), -1);
    x.data[39] = 3; /* a POLYGON class, not MULTIPOLYGON */
    assert_int_equal(ls__lgeom_to_wkb(x.data, x.len, &w), -1);
    assert_int_equal(ls__lgeom_to_wkb((const unsigned char *)"GP", 2, &w), -1);
    GEOSGeom_destroy_r(G, a);
    GEOSGeom_destroy_r(G, b);
    GEOSGeom_destroy_r(G, c);
    ls__lgeom_free(&x);
    ls__lgeom_free(&y);
    ls__lgeom_free(&w);
}

static int setup(void **state)
{
    (void)state;
    spatialite_initialize();
    G = GEOS_init_r();
    return G ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    GEOS_finish_r(G);
    spatialite_shutdown();
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_polygon),
        cmocka_unit_test(test_polygon_with_hole),
        cmocka_unit_test(test_multipolygon),
        cmocka_unit_test(test_collection_keeps_its_polygons),
        cmocka_unit_test(test_box_of_the_polygons),
        cmocka_unit_test(test_nothing_polygonal_gives_no_blob),
        cmocka_unit_test(test_hash_and_bad_blobs),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
