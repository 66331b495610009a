/*
 * test_coords.c — GCJ-02 / BD-09 ↔ WGS84 (src/lib/coords.c, research-domain.md §7.2).
 *
 * Expected values: the published test vector wgs2gcj(118.0, 32.0) (docs.rs coord-transform),
 * the geoChina worked example for Beijing railway station, and Baidu's standard GCJ-02 →
 * BD-09 forward formula written out below (independent of the library's inverse).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "coords.h"
#include "geom_asserts.h"

/* Baidu's published forward transform GCJ-02 → BD-09. */
static void gcj02_to_bd09(double lon, double lat, double *out_lon, double *out_lat)
{
    const double x_pi = 3.14159265358979324 * 3000.0 / 180.0;
    double z = sqrt(lon * lon + lat * lat) + 0.00002 * sin(lat * x_pi);
    double theta = atan2(lat, lon) + 0.000003 * cos(lon * x_pi);
    *out_lon = z * cos(theta) + 0.0065;
    *out_lat = z * sin(theta) + 0.006;
}

static void test_coords__wgs_to_gcj_test_vector(void **state)
{
    (void)state;
    double lon, lat;
    ls__wgs84_to_gcj02(118.0, 32.0, &lon, &lat);
    tgeom_assert_near(lon, 118.00543101383846, 1e-9);
    tgeom_assert_near(lat, 31.997964381055795, 1e-9);
}

static void test_coords__wgs_to_gcj_beijing_station(void **state)
{
    (void)state;
    /* geoChina: WGS84 (39.90105 N, 116.42079 E) → GCJ-02 (39.90245, 116.42703), 5 decimals */
    double lon, lat;
    ls__wgs84_to_gcj02(116.42079, 39.90105, &lon, &lat);
    tgeom_assert_near(lon, 116.42703, 1e-5);
    tgeom_assert_near(lat, 39.90245, 1e-5);
}

static void test_coords__gcj_to_wgs_inverts_forward(void **state)
{
    (void)state;
    const double pts[][2] = {{118.0, 32.0}, {116.42079, 39.90105}, {121.5, 29.9},
                             {106.2, 38.5}, {87.6, 43.8},          {113.3, 23.1}};
    for (size_t i = 0; i < sizeof(pts) / sizeof(pts[0]); i++) {
        double glon, glat, wlon, wlat;
        ls__wgs84_to_gcj02(pts[i][0], pts[i][1], &glon, &glat);
        ls__gcj02_to_wgs84(glon, glat, &wlon, &wlat);
        if (fabs(wlon - pts[i][0]) >= 1e-8 || fabs(wlat - pts[i][1]) >= 1e-8)
            fail_msg("round trip of (%.8f, %.8f) gave (%.12f, %.12f)", pts[i][0], pts[i][1], wlon,
                     wlat);
    }
}

static void test_coords__gcj_to_wgs_test_vector(void **state)
{
    (void)state;
    double lon, lat;
    ls__gcj02_to_wgs84(118.00543101383846, 31.997964381055795, &lon, &lat);
    tgeom_assert_near(lon, 118.0, 1e-8);
    tgeom_assert_near(lat, 32.0, 1e-8);
}

static void test_coords__offset_size_is_hundreds_of_metres(void **state)
{
    (void)state;
    /* §7.2: the offset is at most ~700 m inside China; at Beijing ≈ 155 m N, 533 m E */
    double lon, lat;
    ls__wgs84_to_gcj02(116.42079, 39.90105, &lon, &lat);
    double m_per_deg_lat = 111320.0;
    double m_per_deg_lon = 111320.0 * cos(39.90105 * 3.14159265358979324 / 180.0);
    tgeom_assert_near((lat - 39.90105) * m_per_deg_lat, 155.0, 5.0);
    tgeom_assert_near((lon - 116.42079) * m_per_deg_lon, 533.0, 5.0);
}

static void test_coords__outside_china_unchanged(void **state)
{
    (void)state;
    const double pts[][2] = {
        {2.35, 48.85}, {-74.0, 40.7}, {139.7, 35.7}, {151.2, -33.9}, {100.0, 60.0}};
    for (size_t i = 0; i < sizeof(pts) / sizeof(pts[0]); i++) {
        double lon, lat;
        ls__wgs84_to_gcj02(pts[i][0], pts[i][1], &lon, &lat);
        assert_true(lon == pts[i][0] && lat == pts[i][1]);
        ls__gcj02_to_wgs84(pts[i][0], pts[i][1], &lon, &lat);
        assert_true(lon == pts[i][0] && lat == pts[i][1]);
    }
}

static void test_coords__bd09_to_gcj_inverts_baidu_forward(void **state)
{
    (void)state;
    const double gcj[][2] = {{116.42703, 39.90245}, {121.5, 29.9}, {118.0, 32.0}};
    for (size_t i = 0; i < sizeof(gcj) / sizeof(gcj[0]); i++) {
        double blon, blat, lon, lat;
        gcj02_to_bd09(gcj[i][0], gcj[i][1], &blon, &blat);
        /* BD-09 is visibly offset from GCJ-02 (≈ 0.0065°, 0.006°) */
        assert_true(fabs(blon - gcj[i][0]) > 0.005 && fabs(blat - gcj[i][1]) > 0.004);
        ls__bd09_to_gcj02(blon, blat, &lon, &lat);
        /* the published inverse is approximate: < 1e-6° (≈ 0.1 m) */
        tgeom_assert_near(lon, gcj[i][0], 1e-6);
        tgeom_assert_near(lat, gcj[i][1], 1e-6);
    }
}

static void test_coords__bd09_to_wgs_chain(void **state)
{
    (void)state;
    double glon, glat, blon, blat, lon, lat;
    ls__wgs84_to_gcj02(118.0, 32.0, &glon, &glat);
    gcj02_to_bd09(glon, glat, &blon, &blat);
    ls__bd09_to_wgs84(blon, blat, &lon, &lat);
    tgeom_assert_near(lon, 118.0, 1e-6);
    tgeom_assert_near(lat, 32.0, 1e-6);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_coords__wgs_to_gcj_test_vector),
        cmocka_unit_test(test_coords__wgs_to_gcj_beijing_station),
        cmocka_unit_test(test_coords__gcj_to_wgs_inverts_forward),
        cmocka_unit_test(test_coords__gcj_to_wgs_test_vector),
        cmocka_unit_test(test_coords__offset_size_is_hundreds_of_metres),
        cmocka_unit_test(test_coords__outside_china_unchanged),
        cmocka_unit_test(test_coords__bd09_to_gcj_inverts_baidu_forward),
        cmocka_unit_test(test_coords__bd09_to_wgs_chain),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
